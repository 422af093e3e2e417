/**
 * Which keys exist and when each expires, worked out from the expiration commands alone
 * (SET with or without EX/PX, EXPIRE, PERSIST) by Redis's rules: a key is gone once the clock
 * is past its deadline, EXPIRE with a non-positive time deletes the key, and a plain SET
 * clears the deadline. The expire_removes_key oracle reads it; it is a second account of
 * expiry, written apart from the model's.
 */

export class DeadlineShadow {
  /** Live keys, each with its deadline in virtual ms or null for none. */
  private readonly keys = new Map<string, number | null>();

  /** Forgets keys whose deadline has passed by `nowMs`: they are gone. */
  private settle(key: string, nowMs: number): void {
    const deadline = this.keys.get(key);
    if (deadline !== undefined && deadline !== null && deadline < nowMs) this.keys.delete(key);
  }

  /** The deadline of `key` at `nowMs` if it has passed: the key must look absent. */
  expiredAt(key: string, nowMs: number): number | null {
    const deadline = this.keys.get(key);
    return deadline !== undefined && deadline !== null && deadline < nowMs ? deadline : null;
  }

  /** Applies a successful command to the shadow. */
  apply(argv: readonly string[], nowMs: number): void {
    const [name, key = '', ...rest] = argv;
    this.settle(key, nowMs);
    switch (name) {
      case 'SET': {
        const [, unit, amount] = rest;
        const ms = unit === 'EX' ? Number(amount) * 1000 : unit === 'PX' ? Number(amount) : null;
        this.keys.set(key, ms === null ? null : nowMs + ms);
        return;
      }
      case 'EXPIRE': {
        if (!this.keys.has(key)) return;
        const seconds = Number(rest[0]);
        if (seconds <= 0) this.keys.delete(key);
        else this.keys.set(key, nowMs + seconds * 1000);
        return;
      }
      case 'PERSIST':
        if (this.keys.has(key)) this.keys.set(key, null);
        return;
      default:
        return;
    }
  }
}
