/**
 * The shape of a model command and the reply helpers every family shares. A command receives
 * its whole argv (name first) as latin1 strings and returns a Reply, or throws ReplyError.
 */
import { bulk, integer, type Reply } from '../../../redlite/reply.ts';
import type { Keyspace } from '../Keyspace.ts';

export interface CommandSpec {
  /** Redis's arity: exact when positive, a minimum when negative (name included). */
  readonly arity: number;
  run(ks: Keyspace, argv: readonly string[]): Reply;
}

export type CommandTable = Readonly<Record<string, CommandSpec>>;

export const EMPTY_ARRAY: Reply = { type: 'array', value: [] };
export const ZERO: Reply = integer(0);
export const ONE: Reply = integer(1);

/** A bulk reply of a latin1 model string. */
export function text(value: string): Reply {
  return bulk(Buffer.from(value, 'latin1'));
}

export function texts(values: readonly string[]): Reply {
  return { type: 'array', value: values.map(text) };
}

/** argv[index], which arity checking guarantees exists. */
export function arg(argv: readonly string[], index: number): string {
  const value = argv[index];
  if (value === undefined) throw new Error(`model: argv[${index}] missing after arity check`);
  return value;
}
