/**
 * `vopr shrink --emit-test <file>`: writes a vitest file that replays a minimized trace and
 * asserts that its failure is GONE. It fails today, and passes once the bug is fixed, after
 * which it guards the fix. The file is written to be read: one step per line, argv inline,
 * faults and timers as named steps, the world config as data at the end.
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
  /**
   * A target other than the real redlite, for tests of the emitter itself: the module path
   * (as written in the import), the export to import and the expression that makes the factory.
   */
  target?: { module: string; name: string; expression: string };
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
  const title = `seed ${input.seed} (${input.scenario}): ${invariant} no longer fails`;
  const lines = [
    '/**',
    ` * Regression test emitted by \`vopr shrink --emit-test\` from seed ${input.seed}, scenario ${input.scenario}.`,
    ' *',
    ` * When emitted, these ${input.events.length} steps failed ${invariant} at event ${eventIndex}:`,
    ` * ${commentSafe(message)}`,
    ' * The test asserts that the failure is gone: it fails until the bug is fixed, then guards the fix.',
    ...(input.replayCommand ? [` * Replay by hand: ${commentSafe(input.replayCommand)}`] : []),
    ' */',
    "import { expect, it } from 'vitest';",
    `import { runSteps } from '${root}/sim/trace-tools/run-steps.ts';`,
    `import { ${builders.join(', ')} } from '${root}/sim/trace-tools/steps.ts';`,
    ...(input.target ? [`import { ${input.target.name} } from '${input.target.module}';`] : []),
    '',
    '// Each step: op(ms after start, client, argv), timer(ms, name, seed) or fault(ms, kind, seed, params).',
    'const steps = [',
    ...input.events.map((event) => `  ${stepLine(event, epochMs)}`),
    '];',
    '',
    `const config = ${literal(input.config)};`,
    '',
    `it(${stringLiteral(title)}, () => {`,
    input.target
      ? `  const result = runSteps(config, steps, { targetFactory: ${input.target.expression} });`
      : '  const result = runSteps(config, steps);',
    '  expect(result.failure, result.failure?.message).toBeNull();',
    '});',
    '',
  ];
  return lines.join('\n');
}
