/**
 * The state audit of a live run: with every client paused, one extra process reads each key the
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

async function recorded(
  recorder: HistoryRecorder,
  connection: RespConnection,
  process: number,
  argv: Arg[],
): Promise<Reply> {
  const handle = recorder.invoke(process, argv, unixNowMs());
  let reply: Reply;
  try {
    reply = await connection.send(argv);
  } catch (error) {
    recorder.abandon(handle);
    throw new LiveRunError(`state audit: ${(error as Error).message}`);
  }
  recorder.complete(handle, reply, unixNowMs());
  return reply;
}

/** Reads every touched key as `process`; returns how many keys it read. */
export async function auditState(
  recorder: HistoryRecorder,
  connection: RespConnection,
  process: number,
): Promise<number> {
  const keys = touchedKeys(recorder);
  for (const key of keys) {
    const type = await recorded(recorder, connection, process, ['TYPE', key]);
    const read = type.type === 'simple' ? READ_BY_TYPE[type.value] : undefined;
    if (read !== undefined) await recorded(recorder, connection, process, read(key));
  }
  return keys.length;
}
