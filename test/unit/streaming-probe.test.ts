// The probes of a resource need only its status and WWW-Authenticate (transport.ts `headersOnly`): a resource that
// answers 200 with a body that never ends (an MCP server's event stream) is left unread, not waited on until the
// request timeout.
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { fetchResourceMetadata, insufficientScope } from '../../src/providers/resource.js';
import { send, useFetch } from '../../src/transport.js';

/** A resource on 127.0.0.1 that answers every GET with an event stream it never ends; counts what it sent. */
async function streamingResource(t: import('node:test').TestContext) {
  const open = new Set<ServerResponse>();
  const state = { requests: 0, closed: 0 };
  const server = createServer((_req, res) => {
    state.requests += 1;
    open.add(res);
    res.on('close', () => {
      state.closed += 1;
      open.delete(res);
    });
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(': stream opened\n\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const res of open) res.destroy();
    server.close();
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/mcp`, state };
}

const signal = () => AbortSignal.timeout(60_000);

test('the step-up probe of a resource that streams on GET returns without reading the stream', {
  timeout: 20_000,
}, async (t) => {
  const resource = await streamingResource(t);
  assert.equal(await insufficientScope(resource.url, 'valid-token', signal()), undefined, 'the token is taken');
  assert.equal(resource.state.requests, 1);
  await waitFor(() => resource.state.closed === 1); // the stream was cancelled: the server saw the client go
});

test('login <URL> at a resource that streams to anyone: refused as not protected, the stream left unread', {
  timeout: 20_000,
}, async (t) => {
  const resource = await streamingResource(t);
  await assert.rejects(fetchResourceMetadata(resource.url, signal()), { code: 'not_protected' });
  await waitFor(() => resource.state.closed === 1);
});

test('a headers-only answer has the status and headers, and the body is never pulled', async (t) => {
  let pulls = 0;
  let cancelled = false;
  const restore = useFetch(async () => {
    const body = new ReadableStream(
      {
        pull(controller) {
          pulls += 1;
          controller.enqueue(new Uint8Array(1024));
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    return new Response(body, { status: 200, headers: { 'www-authenticate': 'Bearer realm="x"' } });
  });
  t.after(restore);
  const answer = await send('https://mcp.example/mcp', { what: 'the probe', signal: signal(), headersOnly: true });
  assert.deepEqual(
    [answer.status, answer.headers.get('www-authenticate'), answer.body],
    [200, 'Bearer realm="x"', null],
  );
  assert.deepEqual([pulls, cancelled], [0, true]);
});

/** Polls a condition the server side reaches on its own time (no timing threshold: the test's timeout bounds it). */
async function waitFor(done: () => boolean) {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 20));
}
