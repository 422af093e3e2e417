/**
 * Sessions for a target that has none (the model dressed as a target, test stand-ins): every
 * command goes straight to `exec`, nothing blocks and nothing is served. Worlds whose scenario
 * draws no session commands run the same on it as on real sessions.
 */
import type { WorldTarget } from '../target.ts';
import { NO_WAKEUPS, type TargetOutcome, type TargetSessions, type TargetWakeup } from './target-sessions.ts';

export class PlainSessions implements TargetSessions {
  private readonly target: WorldTarget;

  constructor(target: WorldTarget) {
    this.target = target;
  }

  exec(_client: number, argv: readonly import('../../../redlite/reply.ts').Arg[]): TargetOutcome {
    return { kind: 'reply', reply: this.target.exec([...argv]) };
  }

  serveReady(): readonly TargetWakeup[] {
    return NO_WAKEUPS;
  }

  expireBlocked(_nowMs: number): readonly TargetWakeup[] {
    return NO_WAKEUPS;
  }

  isBlocked(_client: number): boolean {
    return false;
  }

  drop(_client: number): void {}

  closeAll(): void {}
}
