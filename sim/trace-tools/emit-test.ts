/**
 * `vopr shrink --emit-test <file>`: writes a vitest file that replays a minimized trace. It
 * asserts one of two things, and says which in its header:
 * - for a bug (the default), that the failure is GONE: it fails today, and passes once the bug
 *   is fixed, after which it guards the fix. Keep it out of the suite until the fix lands;
 * - for a demonstrated finding (`--expect <invariant>`, such as synchronous=normal losing
 *   acknowledged writes on power loss), that the finding STILL reproduces with exactly that
 *   invariant: it passes today and can be committed, and the day redlite gains a defence it
 *   fails, which is the signal to turn it into a guard (and to update the seed bank's
 *   `expect=` entry).
 * The file is written to be read: one step per line, argv inline, faults and timers as named
 * steps, the world config as data at the end.
 *
 * This file builds the text only; the CLI writes it.
 */
import type { Arg } from '../../redlite/reply.ts';
import type { SimEvent } from '../events.ts';
import { literal, stringLiteral } from './ts-literal.ts';

export interface EmitTestInput {
  /** The world config from the trace header, embedded verbatim. */
  config: Readonly<Record<string, unknown>>;
  seed: string;
  scenario: string;
  events: readonly SimEvent[];
  /** The failure the minimized trace shows now, quoted in the header and the test's name. */
  failure: { invariant: string; event_index: number; message: string };
  /** The path from the emitted file's folder to the repository root, such as `../..`. */
  rootFromTest: string;
  /** How the user can replay the minimized trace by hand, if it was written. */
  replayCommand?: string;
  /** A demonstrated finding: the test asserts the run still fails with this invariant. */
  expectInvariant?: string;
  /**
   * A target other than the real redlite, for tests of the emitter itself: the module path
   * (as written in the import), the export to import and the expression that makes the factory.
   */
  target?: { module: string; name: string; expression: string; part?: 'targetFactory' | 'sessionsFactory' };
}

/** A printable string stays a string literal; anything else is spelled in base64. */
export function argLiteral(arg: Arg): string {
  if (typeof arg === 'string') return stringLiteral(arg);
  const text = arg.toString('utf8');
  if (Buffer.from(text, 'utf8').equals(arg) && /^[\x20-\x7e]*$/.test(text)) return stringLiteral(text);
  return `bytes(${stringLiteral(arg.toString('base64'))})`;
}

/** One step per line, its time as milliseconds after the world's start. */
function stepLine(event: SimEvent, epochMs: number): string {
  const at = event.atMs - epochMs;
  switch (event.kind) {
    case 'op':
      return `op(${at}, ${event.client}, [${event.argv.map(argLiteral).join(', ')}]),`;
    case 'timer':
      return `timer(${at}, ${stringLiteral(event.timer)}, ${stringLiteral(event.seed)}),`;
    case 'fault': {
      const params = event.params === undefined ? '' : `, ${literal(event.params, 2)}`;
      return `fault(${at}, ${stringLiteral(event.fault)}, ${stringLiteral(event.seed)}${params}),`;
    }
  }
}

const SESSION_COMMANDS = new Set([
  'MULTI',
  'EXEC',
  'DISCARD',
  'WATCH',
  'UNWATCH',
  'SELECT',
  'BLPOP',
  'BRPOP',
  'BLMOVE',
  'BRPOPLPUSH',
]);

function usesSessions(events: readonly SimEvent[]): boolean {
  return events.some(
    (event) => event.kind === 'op' && SESSION_COMMANDS.has(String(event.argv[0]).toUpperCase()),
  );
}

/** Block-comment text cannot contain the comment's own terminator. */
function commentSafe(text: string): string {
  return text.replaceAll('*/', '*\\/').replace(/[\r\n]+/g, ' ');
}

export function emitTest(input: EmitTestInput): string {
  const root = input.rootFromTest.replace(/\/$/, '') || '.';
  const usesBytes = input.events.some(
    (event) => event.kind === 'op' && event.argv.some((arg) => argLiteral(arg).startsWith('bytes(')),
  );
  const builders = [...(usesBytes ? ['bytes'] : []), 'fault', 'op', 'timer'].filter(
    (name) => name === 'bytes' || input.events.some((event) => event.kind === name),
  );
  const { invariant, event_index: eventIndex, message } = input.failure;
  const epochMs = Number(input.config.epochMs ?? 0);
  const expected = input.expectInvariant;
  const title =
    expected === undefined
      ? `seed ${input.seed} (${input.scenario}): ${invariant} no longer fails`
      : `seed ${input.seed} (${input.scenario}): the ${expected} finding still reproduces`;
  const assertion =
    expected === undefined
      ? '  expect(result.failure, result.failure?.message).toBeNull();'
      : `  expect(result.failure?.invariant, result.failure?.message ?? 'it passed').toBe(${stringLiteral(expected)});`;
  const stance =
    expected === undefined
      ? [
          ' * The test asserts that the failure is gone: it fails until the bug is fixed, then guards the fix.',
        ]
      : [
          ` * This is a demonstrated finding, not a bug being fixed: the test asserts that it still fails`,
          ` * with ${expected}. If redlite gains a defence, this test fails: then make it assert that the`,
          ' * failure is gone, and update the expect= entry in tests/seed-bank.txt.',
        ];
  const lines = [
    '/**',
    ` * Regression test emitted by \`vopr shrink --emit-test\` from seed ${input.seed}, scenario ${input.scenario}.`,
    ' *',
    ` * When emitted, these ${input.events.length} steps failed ${invariant} at event ${eventIndex}:`,
    ` * ${commentSafe(message)}`,
    ...stance,
    ...(input.replayCommand ? [` * Replay by hand: ${commentSafe(input.replayCommand)}`] : []),
    ' */',
    "import { expect, it } from 'vitest';",
    `import { runSteps } from '${root}/sim/trace-tools/run-steps.ts';`,
    `import { ${builders.join(', ')} } from '${root}/sim/trace-tools/steps.ts';`,
    ...(input.target ? [`import { ${input.target.name} } from '${input.target.module}';`] : []),
    '',
    '// Each step: op(ms after start, client, argv), timer(ms, name, seed) or fault(ms, kind, seed, params).',
    ...(usesSessions(input.events)
      ? [
          "// A client is one connection: its ops share a session (SELECT, MULTI, WATCH, a blocking pop's wait).",
        ]
      : []),
    'const steps = [',
    ...input.events.map((event) => `  ${stepLine(event, epochMs)}`),
    '];',
    '',
    `const config = ${literal(input.config)};`,
    '',
    `it(${stringLiteral(title)}, () => {`,
    input.target
      ? `  const result = runSteps(config, steps, { ${input.target.part ?? 'targetFactory'}: ${input.target.expression} });`
      : '  const result = runSteps(config, steps);',
    assertion,
    '});',
    '',
  ];
  return lines.join('\n');
}
