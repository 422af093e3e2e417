/**
 * The clients' connections on both sides of a world: the target's (TargetSessions) and the
 * model's (ModelSessions), kept in step. It times waits out and serves blocked clients on both
 * sides and judges the wake-ups (blocked_wakes, blocked_served_fifo), and it cuts connections
 * on both sides together (a dropped connection, a crash, a restart).
 *
 * Leaves out running one client command and judging its reply: World.applyOp does that, with
 * the other reply checkers.
 */
import type { Clock } from '../../../redlite/clock.ts';
import type { Reply } from '../../../redlite/reply.ts';
import { encodeResp2 } from '../../../redlite/resp.ts';
import { BLOCKED_SERVED_FIFO, fifoVerdict } from '../../checkers/blocked-served-fifo.ts';
import { BLOCKED_WAKES, overdueVerdict, wakesVerdict } from '../../checkers/blocked-wakes.ts';
import { ModelSessions } from '../../model/session/ModelSessions.ts';
import type { AppliedStep, SessionStore } from '../../model/session/types.ts';
import { NO_WAKEUPS, type TargetSessions, type TargetWakeup } from './target-sessions.ts';

export interface SessionFinding {
  readonly invariant: string;
  readonly message: string;
}

export interface Woken {
  readonly woken: readonly TargetWakeup[];
  readonly finding: SessionFinding | null;
}

/** Nobody woke on either side: one shared answer, as this is most events' answer. */
const NOBODY_WOKE: Woken = Object.freeze({ woken: NO_WAKEUPS, finding: null });

export class SessionPair {
  readonly model: ModelSessions;
  private targetSessions: TargetSessions;

  constructor(store: () => SessionStore, clock: Clock, target: TargetSessions) {
    this.model = new ModelSessions(store, clock);
    this.targetSessions = target;
  }

  get target(): TargetSessions {
    return this.targetSessions;
  }

  /** A restarted process: every connection on both sides is gone; new ones open on demand. */
  restart(target: TargetSessions): void {
    this.model.closeAll();
    this.targetSessions = target;
  }

  /** The client's connection drops on both sides (the `connection-drop` fault). */
  drop(client: number, partialRequest?: readonly import('../../../redlite/reply.ts').Arg[]): void {
    this.targetSessions.drop(client, partialRequest);
    this.model.closeSession(client);
  }

  /**
   * Waits due at `nowMs` end on both sides with the nil array. They end together, so which of
   * them a side lists first means nothing (Redis itself ends equal deadlines in client id
   * order, not in the order the clients blocked): blocked_served_fifo judges the order of
   * clients served by a push, and here the two sides are judged as sets, by client.
   */
  expire(nowMs: number): Woken {
    const model = this.model.expireBlocked(nowMs);
    const target = this.targetSessions.expireBlocked(nowMs);
    // Nobody timed out on either side (the common case): nothing to judge, as in serve().
    if (model.length === 0 && target.length === 0) return NOBODY_WOKE;
    return {
      woken: target,
      finding: judge(byClient(target), byClient(model), `timed out at ${nowMs} ms`),
    };
  }

  /** After a command: blocked clients served on both sides; the pops go into `units`. */
  serve(units: AppliedStep[][]): Woken {
    const model = this.model.serveReady(units);
    const target = this.targetSessions.serveReady();
    if (model.length === 0 && target.length === 0) return NOBODY_WOKE;
    return { woken: target, finding: judge(target, model, 'by a push') };
  }

  /** The liveness check at the end of a run: no client waits past its deadline. */
  overdue(nowMs: number): SessionFinding | null {
    for (const client of this.model.blockedClients()) {
      const deadline = this.model.deadlineOf(client);
      if (
        deadline !== null &&
        deadline !== undefined &&
        deadline <= nowMs &&
        this.targetSessions.isBlocked(client)
      )
        return { invariant: BLOCKED_WAKES, message: overdueVerdict(client, deadline, nowMs) };
    }
    return null;
  }
}

function judge(
  target: readonly TargetWakeup[],
  model: readonly { client: number; reply: Reply }[],
  what: string,
) {
  const fifo = fifoVerdict(target, model);
  if (fifo !== null && target.length === model.length)
    return { invariant: BLOCKED_SERVED_FIFO, message: fifo };
  const wakes = wakesVerdict(target, model, what);
  if (wakes !== null) return { invariant: BLOCKED_WAKES, message: wakes };
  for (const woken of target) {
    const expected = model.find((m) => m.client === woken.client)!;
    if (!encodeResp2(woken.reply).equals(encodeResp2(expected.reply))) {
      return {
        invariant: BLOCKED_WAKES,
        message: `client ${woken.client} was woken (${what}) with a reply the model does not give`,
      };
    }
  }
  return null;
}

function byClient<T extends { readonly client: number }>(woken: readonly T[]): T[] {
  return [...woken].sort((a, b) => a.client - b.client);
}
