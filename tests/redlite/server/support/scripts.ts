/**
 * Scripted conversations over several connections, run the same way against any RESP server,
 * for differential tests: each step sends one command on a named connection and records its
 * reply as RESP2 bytes; a `block` step sends a command that waits, and the script goes on once
 * the server reports it blocked (INFO's blocked_clients), recording its reply when it arrives.
 * Two servers agree when their transcripts are equal.
 */
import { encodeResp2, type Reply } from '../../../../redlite/index.ts';
import type { RedisConnection } from '../../../support/redis-server.ts';

export type Step =
  | {
      readonly conn: string;
      readonly argv: readonly string[];
      readonly block: boolean;
      readonly anyInt: boolean;
    }
  | { readonly sleepMs: number };

/** A command on connection `conn`, awaited. */
export function cmd(conn: string, ...argv: string[]): Step {
  return { conn, argv, block: false, anyInt: false };
}

/** A command expected to wait; its reply is recorded whenever it comes (or "still blocked"). */
export function block(conn: string, ...argv: string[]): Step {
  return { conn, argv, block: true, anyInt: false };
}

/** A command whose integers differ between servers by design (client ids): compared as `:N`. */
export function anyInt(conn: string, ...argv: string[]): Step {
  return { conn, argv, block: false, anyInt: true };
}

export function sleep(ms: number): Step {
  return { sleepMs: ms };
}

/** The wait at the end for replies still owed, before calling a blocked step "still blocked". */
const SETTLE_MS = 150;
const BLOCK_POLL_MS_MAX = 5000;

function wire(reply: Reply, anyInteger: boolean): string {
  const text = encodeResp2(reply).toString('latin1');
  return anyInteger ? text.replace(/:\d+\r\n/g, ':N\r\n') : text;
}

async function blockedClients(control: RedisConnection): Promise<number> {
  const info = await control.send(['INFO', 'clients']);
  const text = info.type === 'bulk' && info.value !== null ? info.value.toString() : '';
  const match = /blocked_clients:(\d+)/.exec(text);
  return match === null ? 0 : Number(match[1]);
}

export interface ScriptTarget {
  connect(): Promise<RedisConnection>;
  /** Commands the unrecorded control connection runs first (AUTH on a server with a password). */
  readonly controlHello?: readonly string[][];
}

/** Runs the script on fresh connections, after emptying every database; returns the transcript. */
export async function runScript(target: ScriptTarget, steps: readonly Step[]): Promise<string[]> {
  const control = await target.connect();
  for (const argv of target.controlHello ?? []) await control.send(argv);
  for (let db = 15; db >= 0; db--) {
    await control.send(['SELECT', String(db)]);
    await control.send(['FLUSHDB']);
  }
  const connections = new Map<string, RedisConnection>();
  const transcript: string[] = [];
  const pending = new Map<number, Promise<void>>();
  const lateReplies = new Map<number, string>();
  try {
    for (const [index, step] of steps.entries()) {
      if ('sleepMs' in step) {
        await new Promise((resolve) => setTimeout(resolve, step.sleepMs));
        continue;
      }
      let connection = connections.get(step.conn);
      if (connection === undefined) {
        connection = await target.connect();
        connections.set(step.conn, connection);
      }
      const label = `${index} ${step.conn}> ${step.argv.join(' ')}`;
      if (!step.block) {
        transcript.push(`${label} => ${wire(await connection.send(step.argv), step.anyInt)}`);
        continue;
      }
      transcript.push(`${label} (blocking)`);
      pending.set(
        index,
        connection.send(step.argv).then((reply) => {
          lateReplies.set(index, wire(reply, false));
          pending.delete(index);
        }),
      );
      // Every reply still owed is a blocked client once this one has blocked (earlier ones may
      // time out meanwhile, so the count is taken afresh each time).
      for (let waitedMs = 0; pending.has(index); waitedMs += 5) {
        if ((await blockedClients(control)) >= pending.size) break;
        if (waitedMs > BLOCK_POLL_MS_MAX) throw new Error(`step ${label} never blocked`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    for (const [index, step] of steps.entries()) {
      if ('sleepMs' in step || !step.block) continue;
      transcript.push(`${index} replied => ${lateReplies.get(index) ?? '(still blocked)'}`);
    }
    return transcript;
  } finally {
    for (const connection of connections.values()) connection.close();
    control.close();
  }
}
