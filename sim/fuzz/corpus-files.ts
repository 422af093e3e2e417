/**
 * The corpus and the findings on disk. A corpus folder holds one file per kept input, named
 * by a hash of its bytes (so the same input is never kept twice), read back in name order so
 * a run starts from the same corpus every time. Findings are written as
 * `crash-<target>-<hash>` or `hang-<target>-<hash>`, raw bytes, which `vopr fuzz --replay`
 * reruns and whose names say which target they belong to.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { INPUT_BYTES_MAX } from './shared-state.ts';

export type FindingKind = 'crash' | 'hang';

/** Hex digits of a corpus or finding name: short, and still unique for any real corpus. */
const HASH_CHARS = 16;

export function contentName(input: Buffer): string {
  return createHash('sha256').update(input).digest('hex').slice(0, HASH_CHARS);
}

export function readCorpus(dir: string): Buffer[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => readFileSync(path).subarray(0, INPUT_BYTES_MAX));
}

/** Writes `input` into the corpus folder; false when it was there already. */
export function addToCorpus(dir: string, input: Buffer): boolean {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, contentName(input));
  if (existsSync(path)) return false;
  writeFileSync(path, input);
  return true;
}

export function writeFinding(dir: string, kind: FindingKind, target: string, input: Buffer): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${kind}-${target}-${contentName(input)}`);
  writeFileSync(path, input);
  return path;
}

/** The target a finding's file name names, among `targets`; null when it names none. */
export function targetOfFinding(path: string, targets: readonly string[]): string | null {
  const match = /^(crash|hang)-(.+)-[0-9a-f]+$/.exec(basename(path));
  if (match === null) return null;
  return targets.includes(match[2] as string) ? (match[2] as string) : null;
}
