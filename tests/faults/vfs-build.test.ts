/**
 * Building and reading the I/O shim: the build script ends in exit status 1 and one readable
 * line when there is no compiler or the compile fails, and leaves an up-to-date library alone;
 * the log decoder refuses a log that dropped events or does not parse. The failing builds
 * never reach the library, so they are safe beside other test processes that load it.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeIoLog } from '../../faults/vfs/decode-io-log.ts';
import { IoLogFormatError, IoLogOverflowError, SHIM_LIBRARY_PATH } from '../../faults/vfs/index.ts';
import { ensureShimLibrary } from '../../faults/vfs/shim-library.ts';
import { LOG_HEADER_BYTES, LOG_MAGIC, SHIM_PROTOCOL_VERSION } from '../../faults/vfs/wire-format.ts';

const buildScript = join(import.meta.dirname, '..', '..', 'tools', 'build-shim.mjs');

function build(args: string[], compiler: string) {
  return spawnSync(process.execPath, [buildScript, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CC: compiler },
  });
}

function header(dropped: number, count: number): Buffer {
  const bytes = Buffer.alloc(LOG_HEADER_BYTES);
  bytes.writeUInt32LE(LOG_MAGIC, 0);
  bytes.writeUInt32LE(SHIM_PROTOCOL_VERSION, 4);
  bytes.writeUInt32LE(dropped, 8);
  bytes.writeUInt32LE(count, 12);
  return bytes;
}

describe('I/O shim build', () => {
  it('says in one line that there is no compiler', () => {
    const result = build(['--force'], '/nonexistent/cc');
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: cannot build the SQLite I\/O shim: no C compiler/);
    expect(lines[0]).toContain('npm run build:shim');
  });

  it('says in one line that the compile failed', () => {
    // `false` runs (so the compiler exists) and fails every compile without a word.
    const result = build(['--force'], 'false');
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'error: cannot build the SQLite I/O shim: `false` failed (exit 1) compiling faults/vfs/*.c; its messages are above.',
    ]);
  });

  it('leaves an up-to-date library alone', () => {
    const path = ensureShimLibrary();
    expect(path).toBe(SHIM_LIBRARY_PATH);
    const builtMs = statSync(path).mtimeMs;
    const result = build([], '/nonexistent/cc');
    expect(result.status).toBe(0);
    expect(statSync(path).mtimeMs).toBe(builtMs);
  });
});

describe('I/O log decoding', () => {
  it('refuses a log that dropped events', () => {
    expect(() => decodeIoLog(header(3, 0), new Map())).toThrow(IoLogOverflowError);
  });

  it('refuses a log without its header, or cut short', () => {
    expect(() => decodeIoLog(Buffer.alloc(4), new Map())).toThrow(IoLogFormatError);
    expect(() => decodeIoLog(header(0, 1), new Map())).toThrow(IoLogFormatError);
  });

  it('decodes an empty log', () => {
    expect(decodeIoLog(header(0, 0), new Map())).toEqual([]);
  });
});
