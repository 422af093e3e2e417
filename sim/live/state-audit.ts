/**
 * The state audit of a live run: with every client paused, the tool reads each key the
 * history has touched, whole: its TYPE, then its value by type (GET, LRANGE 0 -1, SMEMBERS,
 * HGETALL, ZRANGE 0 -1 WITHSCORES). The reads are ordinary operations of the history, so the
 * linearizability checker judges them with everything else. After a restart they show what the
 * server recovered, at once and for every key, rather than only where a later client happens to
 * look; at the end they show the final state.
 *
 * Leaves out when audits happen (LiveCoordinator.ts).
 */
import type { Arg, Reply } from '../../redlite/reply.ts';
import { commandKeys } from '../linearizability/command-traits.ts';
import type { HistoryRecorder } from '../linearizability/index.ts';
import { LiveRunError } from './LiveRunError.ts';
import type { RespConnection } from './RespConnection.ts';
import { unixNowMs } from './wall-time.ts';

const READ_BY_TYPE: Readonly<Record<string, (key: string) => Arg[]>> = {
  string: (key) => ['GET', key],
  list: (key) => ['LRANGE', key, '0', '-1'],
  set: (key) => ['SMEMBERS', key],
  hash: (key) => ['HGETALL', key],
  zset: (key) => ['ZRANGE', key, '0', '-1', 'WITHSCORES'],
};

/** Every key the history's operations named so far, in first-seen order. */
export function touchedKeys(recorder: HistoryRecorder): string[] {
  const keys = new Set<string>();
  for (const op of recorder.history().ops)
    for (const argv of op.commands) for (const key of commandKeys(argv)) keys.add(key);
  return [...keys];
}

/**
 * Reads sent at once, up to this many: a pipeline costs the server one round trip (and
 * redlite-server one transaction) instead of one per read, which matters at a thousand keys.
 */
export const AUDIT_PIPELINE_MAX = 64;

/**
 * Sends `argvs` pipelined and records each as an operation. Pipelined reads overlap in time, so
 * each gets its own process number from `firstProcess` on: a process's operations never
 * overlap, as Jepsen's EDN (and any reader of a history) expects.
 */
async function recordedBatch(
  recorder: HistoryRecorder,
  connection: RespConnection,
  firstProcess: number,
  argvs: readonly Arg[][],
): Promise<Reply[]> {
  const handles = argvs.map((argv, i) => recorder.invoke(firstProcess + i, argv, unixNowMs()));
  const sends = argvs.map((argv) => connection.send(argv));
  const replies: Reply[] = [];
  for (const [i, send] of sends.entries()) {
    try {
      const reply = await send;
      recorder.complete(handles[i] as number, reply, unixNowMs());
      replies.push(reply);
    } catch (error) {
      for (const handle of handles.slice(i)) recorder.abandon(handle);
      await Promise.allSettled(sends);
      throw new LiveRunError(`state audit: ${(error as Error).message}`);
    }
  }
  return replies;
}

/** Reads every touched key, from process `firstProcess` on; returns how many keys it read. */
export async function auditState(
  recorder: HistoryRecorder,
  connection: RespConnection,
  firstProcess: number,
): Promise<number> {
  const keys = touchedKeys(recorder);
  for (let start = 0; start < keys.length; start += AUDIT_PIPELINE_MAX) {
    const chunk = keys.slice(start, start + AUDIT_PIPELINE_MAX);
    const types = await recordedBatch(
      recorder,
      connection,
      firstProcess,
      chunk.map((key) => ['TYPE', key]),
    );
    const reads: Arg[][] = [];
    for (const [i, type] of types.entries()) {
      const read = type.type === 'simple' ? READ_BY_TYPE[type.value] : undefined;
      if (read !== undefined) reads.push(read(chunk[i] as string));
    }
    await recordedBatch(recorder, connection, firstProcess, reads);
  }
  return keys.length;
}
