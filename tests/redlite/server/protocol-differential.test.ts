/**
 * Raw bytes on raw sockets, to redis-server 7.0 and to bin/redlite-server: malformed and odd
 * requests (bad lengths, wrong markers, unbalanced quotes, overlong lines, pipelines ending in
 * an error, the unauthenticated limits, HTTP on the port, requests in pieces). Both servers
 * must send the same bytes, and must agree on whether they close the connection.
 */
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisConnection, startRedis } from '../../support/redis-server.ts';
import { type ServerHandle, startPrivateRedis, startRedliteServer } from './support/servers.ts';

/** How long a connection may stay silent before we stop listening (and call it open). */
const IDLE_MS = 300;
const PASSWORD = 'pw';

interface Exchange {
  readonly received: string;
  readonly closed: boolean;
}

/** Sends the pieces (with a pause between them), then collects bytes until close or silence. */
function exchange(port: number, pieces: readonly (string | Buffer)[]): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const chunks: Buffer[] = [];
    let closed = false;
    let idle: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(idle);
      socket.destroy();
      resolve({ received: Buffer.concat(chunks).toString('latin1'), closed });
    };
    const rearm = () => {
      clearTimeout(idle);
      idle = setTimeout(finish, IDLE_MS);
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      rearm();
    });
    socket.on('end', () => {
      closed = true;
      finish();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') {
        closed = true;
        finish();
      } else reject(error);
    });
    socket.connect(port, '127.0.0.1', async () => {
      for (const [index, piece] of pieces.entries()) {
        if (index > 0) await new Promise((r) => setTimeout(r, 30));
        if (!socket.destroyed) socket.write(typeof piece === 'string' ? Buffer.from(piece, 'latin1') : piece);
      }
      rearm();
    });
  });
}

/** Waits until the server reports `count` blocked clients (INFO's blocked_clients). */
async function untilBlocked(port: number, count: number): Promise<void> {
  const control = await RedisConnection.connect(port);
  try {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const info = await control.send(['INFO', 'clients']);
      if (info.type === 'bulk' && info.value?.toString().includes(`blocked_clients:${count}\r\n`)) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`no ${count} blocked clients on port ${port}`);
  } finally {
    control.close();
  }
}

let redisPort: number | null = null;
let stopRedis: () => void = () => {};
let redlite: ServerHandle | null = null;
let redisWithPassword: ServerHandle | null = null;
let redliteWithPassword: ServerHandle | null = null;

beforeAll(async () => {
  const handle = await startRedis();
  if (handle === null) return;
  redisPort = handle.port;
  stopRedis = () => handle.stop();
  redlite = await startRedliteServer();
  redisWithPassword = await startPrivateRedis(['--requirepass', PASSWORD]);
  redliteWithPassword = await startRedliteServer(['--requirepass', PASSWORD]);
}, 120_000);

afterAll(async () => {
  stopRedis();
  await Promise.all([redlite?.stop(), redisWithPassword?.stop(), redliteWithPassword?.stop()]);
});

const CASES: [string, (string | Buffer)[]][] = [
  ['a non-number multibulk length', ['*abc\r\n']],
  ['a multibulk length past INT_MAX', ['*2147483648\r\n']],
  ['a negative multibulk length, then a command', ['*-5\r\n*0\r\nPING\r\n']],
  ['an integer where a bulk belongs', ['*1\r\n:5\r\nPING\r\n']],
  ['an empty line where a bulk belongs', ['*1\r\n\r\nPING\r\n']],
  ['a negative bulk length', ['*1\r\n$-1\r\n']],
  ['a non-number bulk length', ['*1\r\n$abc\r\n']],
  ['a bulk longer than proto-max-bulk-len', ['*1\r\n$536870913\r\n']],
  ['unbalanced quotes', ['GET "unclosed\r\nPING\r\n']],
  ['a quote glued to the next word', ["SET k 'a'b\r\n"]],
  ['an overlong inline request', ['x'.repeat(70_000)]],
  ['an overlong multibulk count line', [`*${'1'.repeat(70_000)}`]],
  ['an overlong bulk count line', [`*1\r\n$${'1'.repeat(70_000)}`]],
  ['a pipeline that ends in an error', ['PING\r\nECHO hi\r\n*1\r\n:x\r\nPING\r\n']],
  ['any byte after a count line CR', ['*1\rX$4\r\nPING\r\n']],
  ['unchecked bytes after a bulk', ['*1\r\n$4\r\nPINGxy*1\r\n$4\r\nPING\r\n']],
  ['blank lines and a bare LF', ['\r\n\r\n   \r\nPING\nPING\r\n']],
  ['inline escapes', ["ECHO \"a\\x41\\n\\t\" 'b\\'c'\r\n"]],
  ['an unknown command inline', ['FOO bar "baz qux"\r\n']],
  ['HTTP on the port', ['POST / HTTP/1.1\r\nHost: example\r\n\r\n']],
  ['Host: first', ['Host: example\r\n']],
  ['QUIT in a pipeline', ['PING\r\nQUIT\r\nPING\r\n']],
  [
    'a request in pieces',
    ['*3\r\n$3\r\nSET\r\n$1\r', '\nk\r\n$1\r\nv', '\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n'],
  ],
  ['a NUL that hides the end of a line', ['PI\0NG\r\nPING\r\n']],
  ['an incomplete request', ['*2\r\n$4\r\nECHO\r\n$5\r\nhel']],
  [
    'a pipeline with an error reply in the middle',
    ['SET a 1\r\nINCR a\r\nLPUSH a x\r\nINCR a\r\nSELECT 2\r\nSET a two\r\nGET a\r\nSELECT 0\r\nGET a\r\n'],
  ],
  [
    'binary bulks',
    [Buffer.from([...Buffer.from('*2\r\n$4\r\nECHO\r\n$4\r\n'), 0, 0xff, 0x0d, 0x0a, 0x0d, 0x0a])],
  ],
];

describe('protocol errors and oddities, byte for byte', () => {
  for (const [name, pieces] of CASES) {
    it(name, async () => {
      if (redisPort === null || redlite === null) return;
      const expected = await exchange(redisPort, pieces);
      const actual = await exchange(redlite.port, pieces);
      expect(actual).toEqual(expected);
    });
  }

  it('serves a waiting client between two pipelined commands, as Redis does', async () => {
    if (redisPort === null || redlite === null) return;
    const results: Exchange[][] = [];
    for (const port of [redisPort, redlite.port]) {
      const waiter = exchange(port, ['BLPOP pipelined 0\r\n']);
      await untilBlocked(port, 1);
      const pusher = await exchange(port, ['RPUSH pipelined x y\r\nLPOP pipelined\r\nLPOP pipelined\r\n']);
      results.push([await waiter, pusher]);
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[0]![0]!.received).toBe('*2\r\n$9\r\npipelined\r\n$1\r\nx\r\n');
  });

  it('runs a woken client’s pipelined commands after the waker’s whole read, as Redis does', async () => {
    if (redisPort === null || redlite === null) return;
    const results: Exchange[][] = [];
    for (const port of [redisPort, redlite.port]) {
      const waiter = exchange(port, ['BLPOP woken 0\r\nSET woken-mark 1\r\n']);
      await untilBlocked(port, 1);
      const waker = await exchange(port, ['RPUSH woken x\r\nGET woken-mark\r\nDEL woken-mark\r\n']);
      results.push([await waiter, waker]);
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[0]![1]!.received).toBe(':1\r\n$-1\r\n:0\r\n');
  });

  it('before AUTH, with the unauthenticated limits', async () => {
    if (redisWithPassword === null || redliteWithPassword === null) return;
    for (const pieces of [
      ['*10\r\n'],
      ['*11\r\n'],
      ['*1\r\n$16384\r\n'],
      ['*1\r\n$16385\r\n'],
      ['GET k\r\nAUTH pw\r\n*11\r\n'],
      ['HELLO 2 AUTH default pw\r\n*1\r\n$16385\r\n'],
      ['AUTH pw\r\nPING\r\nRESET\r\n*11\r\n'],
    ]) {
      // HELLO's client id differs by design.
      const withoutId = (e: Exchange) => ({
        ...e,
        received: e.received.replace(/(\$2\r\nid\r\n):\d+/, '$1:N'),
      });
      const expected = withoutId(await exchange(redisWithPassword.port, pieces));
      const actual = withoutId(await exchange(redliteWithPassword.port, pieces));
      expect([pieces[0], actual]).toEqual([pieces[0], expected]);
    }
  });
});
