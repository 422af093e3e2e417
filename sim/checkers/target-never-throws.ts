/**
 * target_never_throws: the target answers every command, expiry cycle and checkpoint with a
 * reply or a clean error reply; it never throws. A thrown exception is a crash of the store
 * under test, so it is a finding, not a simulator failure. Simulated process deaths raised on
 * purpose by the faults subsystem are not judged here: the world hands those to the fault
 * plumbing first.
 */
export const TARGET_NEVER_THROWS = 'target_never_throws';

export function thrownMessage(what: string, error: unknown): string {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `target threw on ${what}: ${detail}`;
}
