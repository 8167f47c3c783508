import type { CommandIo } from '../io.js';
import { loadConfig } from '../providers/config.js';
import { PRESETS } from '../providers/presets.js';
import type { ProviderSettings } from '../providers/types.js';
import { terminalJson } from '../json-out.js';

interface Row {
  name: string;
  protocol: string;
  title: string;
  source: 'preset' | 'config' | 'preset+config';
  issuer?: string;
}

/** `oauth-login providers`: presets and config-file entries, merged. */
export function runProviders(options: { json?: boolean; config?: string }, io: Pick<CommandIo, 'env' | 'out'>): void {
  const config = loadConfig(options.config, io.env);
  const rows = new Map<string, Row>();
  for (const [name, p] of Object.entries(PRESETS) as [string, ProviderSettings][]) {
    rows.set(name, { name, protocol: p.protocol, title: p.title ?? name, source: 'preset', issuer: p.issuer });
  }
  for (const [name, entry] of Object.entries(config.providers)) {
    const preset = rows.get(name);
    rows.set(name, {
      name,
      protocol: entry.protocol ?? preset?.protocol ?? 'oidc',
      title: entry.title ?? preset?.title ?? name,
      source: preset ? 'preset+config' : 'config',
      issuer: entry.issuer ?? preset?.issuer,
    });
  }
  const list = [...rows.values()];
  if (options.json) {
    io.out(terminalJson(list));
    return;
  }
  const width = Math.max(...list.map((r) => r.name.length));
  io.out(
    list
      .map(
        (r) =>
          `${r.name.padEnd(width)}  ${r.protocol.padEnd(6)}  ${r.title}${r.source === 'preset' ? '' : ` (${r.source})`}`,
      )
      .join('\n'),
  );
}
