/**
 * A target at an address is someone's server: the run needs its database 0 empty at the start
 * (the checker assumes a store that starts empty) and leaves it empty at the end, so the next
 * seed can run. A server that holds keys is refused, never flushed first.
 *
 * Leaves out servers the tool starts, which start empty in a folder of their own.
 */
import { InputError } from '../error-kinds.ts';
import { RespConnection } from './RespConnection.ts';

export class TargetNotEmptyError extends InputError {
  readonly address: string;
  readonly keys: number;
  constructor(address: string, keys: number) {
    super(
      `the server at ${address} holds ${keys} keys in database 0; a live run needs it empty (flush it first)`,
    );
    this.name = 'TargetNotEmptyError';
    this.address = address;
    this.keys = keys;
  }
}

async function withConnection<T>(host: string, port: number, use: (c: RespConnection) => Promise<T>) {
  const connection = await RespConnection.connect(host, port);
  try {
    return await use(connection);
  } finally {
    connection.close();
  }
}

export async function emptyAtStart(host: string, port: number): Promise<void> {
  const reply = await withConnection(host, port, (connection) => connection.send(['DBSIZE']));
  if (reply.type !== 'integer') throw new TargetNotEmptyError(`${host}:${port}`, Number.NaN);
  if (Number(reply.value) !== 0) throw new TargetNotEmptyError(`${host}:${port}`, Number(reply.value));
}

export async function flushAtEnd(host: string, port: number): Promise<void> {
  await withConnection(host, port, (connection) => connection.send(['FLUSHDB']));
}
