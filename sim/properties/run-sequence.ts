/**
 * Runs one generated step sequence against redlite and the model, and returns the first
 * violation or null. Each command goes to both; the property's oracle judges redlite's reply
 * first (so a finding is named for the property's invariant), then the reply must equal the
 * model's (reply_matches_model). A thrown exception is target_never_throws. After every crash
 * step, and once at the end of a disk sequence, the recovered full state must equal the
 * model's (crash_recovery_consistent). The clock starts at a fixed epoch and moves only on
 * `advance` steps.
 */
import { SimDiskError } from '../../faults/index.ts';
import type { Reply } from '../../redlite/reply.ts';
import { CRASH_RECOVERY_CONSISTENT } from '../checkers/crash-recovery-consistent.ts';
import { sameReply } from '../checkers/same-reply.ts';
import { dumpState, type KeyState } from '../checkers/state-dump.ts';
import { TARGET_NEVER_THROWS, thrownMessage } from '../checkers/target-never-throws.ts';
import { formatArgv, formatReply } from '../format-reply.ts';
import { VirtualClock } from '../VirtualClock.ts';
import { modelPortFor } from '../world/model-adapter.ts';
import type { TargetFactory } from '../world/target.ts';
import type { Oracle } from './oracles/types.ts';
import { openSequenceStore, type StoreKind } from './sequence-store.ts';
import type { Step } from './steps.ts';

/** 2023-11-14T22:13:20Z: a fixed epoch, so every run of a sequence sees the same times. */
export const PROPERTY_EPOCH_MS = 1_700_000_000_000;

export const REPLY_MATCHES_MODEL = 'reply_matches_model';

export interface PropertyViolation {
  readonly invariant: string;
  /** The failing step's position; the sequence's length for the closing crash check. */
  readonly stepIndex: number;
  readonly message: string;
  readonly expected: string | null;
  readonly actual: string | null;
}

/** Thrown inside a fast-check predicate, so fast-check records, shrinks and returns it. */
export class PropertyViolationError extends Error {
  readonly violation: PropertyViolation;
  constructor(violation: PropertyViolation) {
    super(`${violation.invariant} at step ${violation.stepIndex}: ${violation.message}`);
    this.name = 'PropertyViolationError';
    this.violation = violation;
  }
}

export interface SequenceParts {
  readonly targetFactory: TargetFactory;
  readonly store: StoreKind;
  readonly oracle: Oracle | null;
  readonly invariant: string;
}

/** Keys shown when recovered states differ. */
const DIFFS_SHOWN_MAX = 3;

function showKey(state: KeyState | undefined): string {
  return state === undefined ? '(absent)' : `${state.type} pttl=${state.pttl} ${JSON.stringify(state.value)}`;
}

function stateDifference(actual: Map<string, KeyState>, expected: Map<string, KeyState>): string | null {
  const diffs: string[] = [];
  for (const key of [...new Set([...actual.keys(), ...expected.keys()])].sort()) {
    const a = actual.get(key);
    const e = expected.get(key);
    if (a?.type === e?.type && a?.pttl === e?.pttl && a?.value === e?.value) continue;
    diffs.push(`${key}: redlite ${showKey(a)}, model ${showKey(e)}`);
  }
  if (diffs.length === 0) return null;
  const more = diffs.length > DIFFS_SHOWN_MAX ? ` (and ${diffs.length - DIFFS_SHOWN_MAX} more)` : '';
  return `after the crash ${diffs.length} key(s) differ: ${diffs.slice(0, DIFFS_SHOWN_MAX).join('; ')}${more}`;
}

export function runSequence(steps: readonly Step[], parts: SequenceParts): PropertyViolation | null {
  const clock = new VirtualClock(PROPERTY_EPOCH_MS);
  const model = modelPortFor(clock);
  const normalize = (argv: Parameters<typeof model.normalizeReply>[0], reply: Reply) =>
    model.normalizeReply(argv, reply);
  const store = openSequenceStore(parts.store, parts.targetFactory, clock);
  const violation = (
    stepIndex: number,
    invariant: string,
    message: string,
    expected?: string,
    actual?: string,
  ) => ({
    invariant,
    stepIndex,
    message,
    expected: expected ?? null,
    actual: actual ?? null,
  });
  const crashCheck = (stepIndex: number): PropertyViolation | null => {
    let actual: Map<string, KeyState>;
    try {
      store.crash();
      actual = dumpState((argv) => store.target.exec(argv));
    } catch (error) {
      // The simulated disk failing is a simulator bug; redlite failing to reopen or to list
      // its keys after a crash is a finding.
      if (error instanceof SimDiskError) throw error;
      return violation(stepIndex, CRASH_RECOVERY_CONSISTENT, thrownMessage('reopening after a crash', error));
    }
    const difference = stateDifference(
      actual,
      dumpState((argv) => model.exec(argv)),
    );
    return difference === null ? null : violation(stepIndex, CRASH_RECOVERY_CONSISTENT, difference);
  };
  try {
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i] as Step;
      if (step.kind === 'advance') {
        clock.advanceTo(clock.now() + step.ms);
        continue;
      }
      if (step.kind === 'crash') {
        const found = crashCheck(i);
        if (found !== null) return found;
        continue;
      }
      const argv = [...step.argv];
      let actual: Reply;
      try {
        actual = store.target.exec(argv);
      } catch (error) {
        return violation(
          i,
          TARGET_NEVER_THROWS,
          thrownMessage(formatArgv(argv), error),
          '(a reply)',
          '(threw)',
        );
      }
      const expected = model.exec(argv);
      const broken = parts.oracle?.observe(argv, actual, clock.now()) ?? null;
      if (broken !== null)
        return violation(i, parts.invariant, broken, formatReply(expected), formatReply(actual));
      if (!sameReply(argv, actual, expected, normalize)) {
        const message = `${formatArgv(argv)} replied ${formatReply(actual)}, the model expected ${formatReply(expected)}`;
        return violation(i, REPLY_MATCHES_MODEL, message, formatReply(expected), formatReply(actual));
      }
    }
    return parts.store === 'disk' ? crashCheck(steps.length) : null;
  } finally {
    store.dispose();
  }
}
