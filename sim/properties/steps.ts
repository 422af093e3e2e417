/**
 * A property's input: a sequence of steps that fast-check generates and shrinks. A step is a
 * command (an argv of text, so counterexamples print and shrink readably), a move of the
 * virtual clock (the expiry properties), or a process crash (crash_recovery_consistent).
 * This file holds the vocabulary and its printed form; the generators are generators.ts and
 * running a sequence is run-sequence.ts.
 */
import { formatArgv } from '../format-reply.ts';

export type Step =
  | { readonly kind: 'cmd'; readonly argv: readonly string[] }
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'crash' };

export function cmd(...argv: string[]): Step {
  return { kind: 'cmd', argv };
}

export function advance(ms: number): Step {
  return { kind: 'advance', ms };
}

export const CRASH: Step = { kind: 'crash' };

export function formatStep(step: Step): string {
  switch (step.kind) {
    case 'cmd':
      return formatArgv(step.argv);
    case 'advance':
      return `(clock +${step.ms} ms)`;
    case 'crash':
      return '(crash: copy the files without closing, reopen)';
  }
}
