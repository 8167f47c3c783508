#!/usr/bin/python3
"""An OAuth 1.0a provider for the e2e tests, shaped like Twitter's, whose protocol code is oauthlib's, not ours.

Run with Debian's /usr/bin/python3 (python3-oauthlib). Clients come as JSON in $OAUTH1_TEST_CLIENTS:
{"<consumer key>": {"secret": "...", "confirm_callback": true}}. Listens on 127.0.0.1:<free port> and prints
{"port": N} as its first line. Every request is signed and checked by oauthlib's endpoints, nonces are single-use.
"""
import html
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

from oauthlib.oauth1 import AccessTokenEndpoint, AuthorizationEndpoint, RequestTokenEndpoint, ResourceEndpoint
from oauthlib.oauth1.rfc5849.errors import OAuth1Error
from oauth1_validator import Validator  # beside this script, which Python puts first on sys.path

PROFILE = {  # what GET account/verify_credentials.json returns for the one user; id exceeds 2^53, as Twitter's do
    'id': 1442633440221876225,
    'id_str': '1442633440221876225',
    'name': 'Ada Lovelace',
    'screen_name': 'ada',
    'email': 'ada@example.test',
    'profile_image_url_https': 'https://pbs.twimg.com/profile_images/1/ada_normal.png',
}


def authorize_page(token):
    t = html.escape(token, quote=True)
    return f'''<!doctype html><html><head><title>Authorize app</title></head><body>
<h1>Authorize oauth-login to use your account?</h1>
<form method="post" action="/oauth/authorize"><input type="hidden" name="oauth_token" value="{t}">
<button id="allow" type="submit">Allow</button></form>
<a id="deny" href="/oauth/deny?oauth_token={t}">Deny</a></body></html>'''


class Provider:
    def __init__(self, clients):
        self.validator = Validator(clients)
        self.request_token = RequestTokenEndpoint(self.validator)
        self.authorization = AuthorizationEndpoint(self.validator)
        self.access_token = AccessTokenEndpoint(self.validator)
        self.resource = ResourceEndpoint(self.validator)
        self.lock = threading.Lock()  # one request at a time: the validator's tables are plain dicts

    def handle(self, method, uri, body, headers):
        """Returns (status, headers, body)."""
        path, query = urlsplit(uri).path, dict(parse_qsl(urlsplit(uri).query))
        if method == 'POST' and path == '/oauth/request_token':
            h, b, s = self.request_token.create_request_token_response(uri, method, body, headers)
            return s, h, self.unconfirmed(b) if s == 200 else b
        if method == 'GET' and path == '/oauth/authorize':
            if query.get('oauth_token') not in self.validator.request_tokens:
                return 400, {}, 'Unknown or used request token.'
            return 200, {'Content-Type': 'text/html; charset=utf-8'}, authorize_page(query['oauth_token'])
        if method == 'POST' and path == '/oauth/authorize':
            try:
                h, b, s = self.authorization.create_authorization_response(uri, method, body, headers)
            except OAuth1Error as e:
                return e.status_code, {}, e.urlencoded
            return s, h, b
        if method == 'GET' and path == '/oauth/deny':
            # Twitter's cancel: back to the callback with denied=<request token>, and the token is spent.
            entry = self.validator.request_tokens.pop(query.get('oauth_token'), None)
            if not entry:
                return 400, {}, 'Unknown or used request token.'
            separator = '&' if '?' in entry['callback'] else '?'
            return 302, {'Location': f"{entry['callback']}{separator}{urlencode({'denied': query['oauth_token']})}"}, None
        if method == 'POST' and path == '/oauth/access_token':
            h, b, s = self.access_token.create_access_token_response(uri, method, body, headers)
            return s, h, b
        if method == 'GET' and path == '/1.1/account/verify_credentials.json':
            valid, _ = self.resource.validate_protected_resource_request(uri, method, body, headers)
            if not valid:
                return 401, {'Content-Type': 'application/json'}, json.dumps(
                    {'errors': [{'code': 32, 'message': 'Could not authenticate you.'}]})
            profile = dict(PROFILE) if query.get('include_email') == 'true' else {
                k: v for k, v in PROFILE.items() if k != 'email'}
            return 200, {'Content-Type': 'application/json'}, json.dumps(profile)
        if method == 'GET' and path == '/_test/callback':
            # For the tests only: the callback a request token was issued for (the CLI's listener).
            entry = self.validator.request_tokens.get(query.get('oauth_token'))
            return (200, {}, entry['callback']) if entry else (404, {}, '')
        return 404, {}, 'Not found.'

    def unconfirmed(self, body):
        """For clients configured with confirm_callback false: answer like a pre-1.0a provider."""
        fields = dict(parse_qsl(body))
        client = self.validator.request_tokens[fields['oauth_token']]['client']
        if self.validator.clients[client].get('confirm_callback', True):
            return body
        fields.pop('oauth_callback_confirmed', None)
        return urlencode(fields)


def serve(provider):
    class Handler(BaseHTTPRequestHandler):
        def respond(self, method):
            length = int(self.headers.get('Content-Length') or 0)
            body = self.rfile.read(length).decode('utf-8') if length else ''
            uri = f"http://{self.headers['Host']}{self.path}"
            with provider.lock:
                status, headers, text = provider.handle(method, uri, body, dict(self.headers))
            data = (text or '').encode('utf-8')
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header('Content-Length', str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            self.respond('GET')

        def do_POST(self):
            self.respond('POST')

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    print(json.dumps({'port': server.server_address[1]}), flush=True)
    server.serve_forever()


if __name__ == '__main__':
    serve(Provider(json.loads(os.environ['OAUTH1_TEST_CLIENTS'])))
