/**
 * What a run drives, as the one `--target` option names it: the one place its values are
 * parsed. Two values build a simulated world, in virtual time and on the simulator's clock:
 * `direct` (the default) runs each client's commands on redlite's Sessions; `server` starts
 * bin/redlite-server on a loopback port under `--clock manual` and sends them over TCP, one
 * connection per client (request bytes, the parser, the session, the reply encoder, the
 * server's host code). The live values (sim/live/live-target.ts) run the
 * seed's world against a real server in wall time instead; they never replay, so only a
 * command that runs one seed accepts them.
 *
 * Leaves out what each target does: the world (sim/world) and the live runner (sim/live).
 */
import {
  LIVE_TARGETS_EXPECTED,
  type LiveTarget,
  parseLiveTarget,
  STARTED_KINDS,
  targetText,
} from '../live/live-target.ts';
import { ConfigError } from './ConfigError.ts';

export const TARGET_KINDS = ['direct', 'server'] as const;

/** A simulated target: what a world's config records (`server`) or leaves out (`direct`). */
export type TargetKind = (typeof TARGET_KINDS)[number];

export const TARGET_DESCRIPTIONS: Readonly<Record<TargetKind, string>> = {
  direct: "redlite's sessions, called directly",
  server:
    "bin/redlite-server started on a loopback port, over RESP on TCP, in virtual time: it takes the simulator's clock, and only connection-drop and slow-disk faults",
};

const SIMULATED_EXPECTED = TARGET_KINDS.join(' or ');

export const TARGETS_EXPECTED = `${TARGET_KINDS.join(', ')}, ${LIVE_TARGETS_EXPECTED}`;

/**
 * `--target` in one spelling: a simulated kind as given, a live target as targetText writes it.
 * Throws ConfigError naming `option` and showing the value.
 */
export function parseTarget(input: unknown, option = '--target'): string {
  if (typeof input !== 'string') throw new ConfigError(option, input, TARGETS_EXPECTED);
  if ((TARGET_KINDS as readonly string[]).includes(input)) return input;
  if (!input.startsWith('resp://') && !(STARTED_KINDS as readonly string[]).includes(input))
    throw new ConfigError(option, input, TARGETS_EXPECTED);
  return targetText(parseLiveTarget(input, option));
}

/** The live target a parsed `--target` names, or null for a simulated one (or none). */
export function liveTargetOf(target: string | undefined): LiveTarget | null {
  if (target === undefined || (TARGET_KINDS as readonly string[]).includes(target)) return null;
  return parseLiveTarget(target, '--target');
}

/** The config override a parsed `--target` stands for: only `server` changes the world. */
export function simulatedTargetOf(target: string): TargetKind | undefined {
  return target === 'server' ? 'server' : undefined;
}

/**
 * Refuses a live `--target` where a command shares the world flags across many seeds (sweep,
 * cloud, the seed bank): a live run is one seed, in wall time.
 */
export function refuseLiveInWorld(target: string | undefined, option = '--target'): void {
  if (liveTargetOf(target) === null) return;
  throw new ConfigError(
    option,
    target,
    `${SIMULATED_EXPECTED}; a live target runs one seed: vopr --seed N --target ${target}`,
  );
}
