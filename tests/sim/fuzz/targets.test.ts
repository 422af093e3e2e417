/**
 * The real fuzz targets' own parts: how redlite-exec turns bytes into commands and what it
 * accepts as a reply, and that each target runs its own seeds without a finding (a target that
 * fails on its seeds would report a bug that is not there).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FUZZ_TARGETS } from '../../../sim/fuzz/targets/catalogue.ts';
import { COMMANDS_PER_INPUT_MAX, commandsOf, replyProblem } from '../../../sim/fuzz/targets/redlite-exec.ts';
import { createTarget as createRespTarget } from '../../../sim/fuzz/targets/resp.ts';
import type { CreateTarget } from '../../../sim/fuzz/targets/types.ts';
import { Rng } from '../../../sim/random/Rng.ts';

const scratch = mkdtempSync(join(tmpdir(), 'fuzz-targets-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('redlite-exec', () => {
  it('splits lines into commands and spaces into raw arguments, empty ones included', () => {
    const text = (commands: Buffer[][]) => commands.map((argv) => argv.map((arg) => arg.toString('latin1')));
    expect(text(commandsOf(Buffer.from('SET k v\nGET  k\n')))).toEqual([
      ['SET', 'k', 'v'],
      ['GET', '', 'k'],
      [''],
    ]);
    expect(text(commandsOf(Buffer.from([0x53, 0xff, 0x20, 0x00])))).toEqual([['S\xff', '\x00']]);
    expect(commandsOf(Buffer.from('PING\n'.repeat(100)))).toHaveLength(COMMANDS_PER_INPUT_MAX);
  });

  it('accepts only replies RESP2 can carry', () => {
    expect(
      replyProblem({
        type: 'array',
        value: [
          { type: 'integer', value: 2n ** 62n },
          { type: 'bulk', value: null },
        ],
      }),
    ).toBeNull();
    expect(replyProblem({ type: 'error', value: 'ERR bad\r\nline' })).toMatch(/CR or LF/);
    expect(replyProblem({ type: 'integer', value: 2n ** 63n })).toMatch(/outside 64 bits/);
    expect(replyProblem({ type: 'integer', value: 0.5 })).toMatch(/not a safe integer/);
    expect(replyProblem({ type: 'bulk', value: 'text' })).toMatch(/neither a Buffer nor null/);
    expect(replyProblem({ type: 'array', value: [undefined] })).toMatch(/array item: not a reply object/);
    expect(replyProblem(undefined)).toMatch(/not a reply object/);
  });
});

describe('every fuzz target', () => {
  for (const entry of FUZZ_TARGETS) {
    it(`${entry.name} runs its own seeds without a finding`, async () => {
      const { createTarget } = (await import(entry.module)) as { createTarget: CreateTarget };
      const target = createTarget(scratch);
      try {
        const seeds = target.seeds();
        expect(seeds.length).toBeGreaterThan(0);
        for (const seed of seeds) expect(() => target.run(seed)).not.toThrow();
        expect(() => target.run(Buffer.from('\x00\xff garbage'))).not.toThrow();
        expect(target.dictionary.length).toBeGreaterThan(0);
      } finally {
        target.dispose();
      }
    });
  }
});

describe('resp', () => {
  it('answers random bytes, valid requests and protocol errors in every piece size without a finding', () => {
    const target = createRespTarget();
    const rng = new Rng(11n);
    try {
      for (let i = 0; i < 300; i++) {
        const bytes = Buffer.alloc(rng.int(0, 120));
        for (let j = 0; j < bytes.length; j++) bytes[j] = rng.int(0, 255);
        target.run(bytes);
      }
      for (let mode = 0; mode < 256; mode += 17) {
        target.run(
          Buffer.concat([Buffer.from([mode]), Buffer.from('*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n*x\r\nPING\r\n')]),
        );
        target.run(
          Buffer.concat([Buffer.from([mode]), Buffer.from('SET k "v w"\r\nGET k\r\n*1\r\n$9999\r\n')]),
        );
      }
    } finally {
      target.dispose();
    }
  });
});
