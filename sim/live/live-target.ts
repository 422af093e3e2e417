/**
 * The live targets `--target` names: a RESP server already running at an address
 * (`resp://HOST:PORT`), or a server the tool starts itself on a free loopback port and stops
 * afterwards (`redis`, `redlite-server`). It covers the values and their parsing; starting
 * servers is ServerProcess.ts, running a seed against one is run-live.ts.
 *
 * Leaves out the simulated targets (the in-process world), which are not live.
 */
import { ConfigError } from '../config/ConfigError.ts';

/** A server the tool starts, and so may also kill and restart. */
export type StartedKind = 'redis' | 'redlite-server';

export type LiveTarget =
  | { readonly kind: 'address'; readonly host: string; readonly port: number }
  | { readonly kind: StartedKind };

export const STARTED_KINDS: readonly StartedKind[] = ['redis', 'redlite-server'];

export const LIVE_TARGETS_EXPECTED = 'resp://HOST:PORT, redis or redlite-server';

const PORT_MAX = 65535;

/** The target `text` names; throws ConfigError naming `option` and showing the text. */
export function parseLiveTarget(text: string, option: string): LiveTarget {
  if ((STARTED_KINDS as readonly string[]).includes(text)) return { kind: text as StartedKind };
  const match = /^resp:\/\/(\[[^\]]+\]|[^:/[\]]+):(\d+)\/?$/.exec(text);
  if (match === null) throw new ConfigError(option, text, LIVE_TARGETS_EXPECTED);
  const host = (match[1] as string).replace(/^\[|\]$/g, '');
  const port = Number(match[2]);
  if (!(port >= 1 && port <= PORT_MAX))
    throw new ConfigError(option, text, `${LIVE_TARGETS_EXPECTED}, with a port from 1 to ${PORT_MAX}`);
  return { kind: 'address', host, port };
}

/** The target as `--target` spells it. */
export function targetText(target: LiveTarget): string {
  if (target.kind !== 'address') return target.kind;
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `resp://${host}:${target.port}`;
}
