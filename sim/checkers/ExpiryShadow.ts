/**
 * ExpiryShadow: the deadline of every key as the model last set it, refreshed after each write
 * from the model's PTTL. The expiry checkers read it to know whether a key had expired before a
 * command ran, and whether a TTL grew without a write. It holds at most one entry per key of
 * the key space.
 */
import type { Arg, Reply } from '../../redlite/reply.ts';
import { isKeyName } from '../clients/key-names.ts';

/** Commands that can give a key a deadline (or carry one over to another key). */
const TTL_SETTERS: ReadonlySet<string> = new Set([
  'SET',
  'SETEX',
  'PSETEX',
  'EXPIRE',
  'PEXPIRE',
  'EXPIREAT',
  'PEXPIREAT',
  'RENAME',
  'RENAMENX',
]);

export class ExpiryShadow {
  private readonly deadlines = new Map<string, number>();

  /** Records a key's state after a write: `pttlMs` as the model's PTTL reply gives it. */
  update(key: string, nowMs: number, pttl: Reply): void {
    if (pttl.type === 'integer' && Number(pttl.value) >= 0)
      this.deadlines.set(key, nowMs + Number(pttl.value));
    else this.deadlines.delete(key);
  }

  /**
   * After a write, records the model's deadline for each key the command named, where it can
   * have changed: commands that can set a TTL, and keys that had one (any write may clear it).
   * Asking the model only then keeps the shadow's cost off most writes.
   */
  afterWrite(command: string, argv: readonly Arg[], nowMs: number, pttlOf: (key: string) => Reply): void {
    const setsTtl = TTL_SETTERS.has(command);
    for (let i = 1; i < argv.length; i++) {
      const arg = argv[i] as Arg;
      if (!isKeyName(arg) || !(setsTtl || this.deadlines.has(arg))) continue;
      this.update(arg, nowMs, pttlOf(arg));
    }
  }

  /** The key's deadline in absolute virtual ms, or undefined when it has none. */
  deadlineMs(key: string): number | undefined {
    return this.deadlines.get(key);
  }

  /** True when the key had a deadline that has passed: it must look absent. */
  expired(key: string, nowMs: number): boolean {
    const deadline = this.deadlines.get(key);
    return deadline !== undefined && deadline < nowMs;
  }
}
