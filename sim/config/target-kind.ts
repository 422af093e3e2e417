/**
 * What a world drives, as `--target` names it: the one place its values are parsed, so later
 * targets (a live server at an address, redis-server, a spawned redlite-server) are one row
 * each. `direct` (the default) runs each client's commands on redlite's Sessions; `server`
 * runs them through redlite's RESP connection code over an in-memory byte stream (request
 * bytes, the parser, the session, the reply encoder), still in virtual time and on the
 * simulator's clock.
 */
import { ConfigError } from './ConfigError.ts';

export const TARGET_KINDS = ['direct', 'server'] as const;

export type TargetKind = (typeof TARGET_KINDS)[number];

export const TARGET_DESCRIPTIONS: Readonly<Record<TargetKind, string>> = {
  direct: "redlite's sessions, called directly",
  server: "redlite's RESP server code, over an in-memory byte stream, in virtual time",
};

export function parseTargetKind(input: unknown, option = '--target'): TargetKind {
  const expected = TARGET_KINDS.join(' or ');
  if (typeof input !== 'string' || !(TARGET_KINDS as readonly string[]).includes(input)) {
    throw new ConfigError(option, input, expected);
  }
  return input as TargetKind;
}
