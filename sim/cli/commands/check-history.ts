/**
 * `vopr check-history FILE`: re-checks a recorded history (docs/history-format.md) offline with
 * the linearizability checker and prints its report; `--json` ends with one JSON object, and
 * `--export-edn OUT` also writes the history in Jepsen's EDN form for elle-cli or Knossos.
 *
 * Exit codes: 0 linearizable, 1 not linearizable, 2 bad input (a malformed history, a bad
 * limit, a history the chosen EDN model cannot express: one line naming the problem), 4
 * when the checker could not decide within its budget (EXIT_UNDECIDED: neither a pass nor a
 * failure, so neither 0 nor 1), and 130 or 143 when a signal stopped the check (it runs paced,
 * sim/pacing.ts, so the signal ends it at once, with no verdict).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import {
  type CheckLimits,
  type CheckReport,
  checkHistorySteps,
  checkLimits,
  EDN_MODELS,
  EdnExportError,
  type EdnModel,
  EdnModelError,
  exportEdn,
  type History,
  HistoryFormatError,
  HistoryVersionError,
  LIMIT_ROWS,
  parseHistory,
  reportJson,
  reportLines,
} from '../../linearizability/index.ts';
import { finishPaced, RunInterruptedError } from '../../pacing.ts';
import { startStopwatch, wallNowMs } from '../../wall-clock.ts';
import {
  cliContext,
  cliPacer,
  EXIT_FAILURE_FOUND,
  EXIT_PASS,
  reportInterrupted,
  UsageError,
} from '../context.ts';

/** The exit code for `unknown`: the budget ran out before a verdict. */
export const EXIT_UNDECIDED = 4;

/** Wall time one partition may take by default: a minute, then the verdict is `unknown`. */
export const CHECK_BUDGET_MS_DEFAULT = 60_000;

interface CheckHistoryFlags {
  file?: string | undefined;
  format?: string | undefined;
  'budget-ms'?: number | undefined;
  'steps-max'?: number | undefined;
  'states-max'?: number | undefined;
  'cache-mb'?: number | undefined;
  json?: boolean | undefined;
  'export-edn'?: string | undefined;
  'edn-model'?: string | undefined;
}

function readInput(path: string): History {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  try {
    return parseHistory(text);
  } catch (error) {
    if (error instanceof HistoryFormatError || error instanceof HistoryVersionError)
      throw new UsageError(`${path}: ${error.message}`);
    throw error;
  }
}

function writeEdn(history: History, out: string, model: EdnModel | 'auto'): string {
  try {
    const exported = exportEdn(history, model);
    writeFileSync(out, exported.text);
    return `EDN (${exported.model} model, ${exported.exported} operations, ${exported.dropped} left out) written to ${out}`;
  } catch (error) {
    if (error instanceof EdnExportError || error instanceof EdnModelError)
      throw new UsageError(error.message);
    throw error;
  }
}

async function handler(flags: ArgumentsCamelCase<CheckHistoryFlags>): Promise<void> {
  const context = cliContext();
  if (flags.file === undefined || flags.file === '')
    throw new UsageError('check-history needs a history FILE');
  if (flags.format !== undefined && flags.format !== 'jsonl')
    throw new UsageError(`unsupported --format ${flags.format} (histories are read as jsonl)`);
  const ednModel = flags['edn-model'] ?? 'auto';
  if (ednModel !== 'auto' && !EDN_MODELS.includes(ednModel as EdnModel))
    throw new UsageError(`unknown --edn-model ${ednModel} (expected auto, ${EDN_MODELS.join(', ')})`);
  const limits = limitsFrom(flags);
  const history = readInput(flags.file);
  const json = flags.json === true;
  const edn = flags['export-edn'];
  if (edn !== undefined) {
    const line = writeEdn(history, edn, ednModel as EdnModel | 'auto');
    if (!json) context.out(line);
  }
  const stopwatch = startStopwatch();
  let report: CheckReport;
  try {
    report = await finishPaced(checkHistorySteps(history, { limits, nowMs: wallNowMs }), cliPacer());
  } catch (caught) {
    if (!(caught instanceof RunInterruptedError)) throw caught;
    const exported = edn === undefined ? '' : `; the EDN export was written to ${edn}`;
    reportInterrupted(caught.reason, `the check stopped before it gave a verdict${exported}`);
    return;
  }
  const wallMs = Math.round(stopwatch.elapsedMs());
  if (json) context.out(JSON.stringify({ ...reportJson(report), wall_ms: wallMs }));
  else for (const line of [...reportLines(report), `checked in ${wallMs} ms of wall time`]) context.out(line);
  if (report.verdict === 'linearizable') context.exitCode = EXIT_PASS;
  else if (report.verdict === 'not-linearizable') context.exitCode = EXIT_FAILURE_FOUND;
  else context.exitCode = EXIT_UNDECIDED;
}

type LimitFlag = 'budget-ms' | 'steps-max' | 'states-max' | 'cache-mb';

/** The flags that set the checker's budget limits (sim/linearizability/limits.ts), each in its unit. */
const LIMIT_FLAGS: readonly {
  flag: LimitFlag;
  limit: keyof CheckLimits;
  unitBytes?: number;
  describe: string;
}[] = [
  {
    flag: 'budget-ms',
    limit: 'wallMsMax',
    describe: `wall ms each key partition may take before the verdict is unknown (default ${CHECK_BUDGET_MS_DEFAULT})`,
  },
  { flag: 'steps-max', limit: 'stepsMax', describe: 'model steps each key partition may take' },
  { flag: 'states-max', limit: 'statesMax', describe: "entries of Lowe's cache each key partition may fill" },
  {
    flag: 'cache-mb',
    limit: 'cacheBytesMax',
    unitBytes: 1024 * 1024,
    describe: 'MiB of states and cache keys each key partition may remember',
  },
];

function limitsFrom(flags: CheckHistoryFlags): CheckLimits {
  const overrides: Partial<Record<keyof CheckLimits, number>> = { wallMsMax: CHECK_BUDGET_MS_DEFAULT };
  for (const { flag, limit, unitBytes = 1 } of LIMIT_FLAGS) {
    const value = flags[flag];
    if (value === undefined) continue;
    // The table's bounds, in the flag's unit: a bad value is named as the user typed it.
    const most = Math.floor((LIMIT_ROWS.find((row) => row.name === limit)?.max ?? 0) / unitBytes);
    if (!Number.isInteger(value) || value < 1 || value > most) {
      const expected = Number.isFinite(most) ? `an integer in [1, ${most}]` : 'a positive integer';
      throw new UsageError(`invalid --${flag}: ${String(value)} (expected ${expected})`);
    }
    overrides[limit] = value * unitBytes;
  }
  return checkLimits(overrides);
}

export const checkHistoryCommand: CommandModule<object, CheckHistoryFlags> = {
  command: 'check-history <file>',
  describe: 'check a recorded history for linearizability (exit 0 yes, 1 no, 2 bad input, 4 undecided)',
  builder: (yargs: Argv) =>
    yargs
      .positional('file', { type: 'string', describe: 'a history file (JSON Lines)' })
      .option('format', { type: 'string', describe: 'the history format: jsonl (the only one)' })
      .options(
        Object.fromEntries(LIMIT_FLAGS.map(({ flag, describe }) => [flag, { type: 'number', describe }])),
      )
      .option('json', { type: 'boolean', describe: 'end with the report as one JSON object' })
      .option('export-edn', { type: 'string', describe: "also write the history in Jepsen's EDN form here" })
      .option('edn-model', {
        type: 'string',
        describe: `the Jepsen model of the EDN export: auto (the first that fits), ${EDN_MODELS.join(', ')}`,
      }) as Argv<CheckHistoryFlags>,
  handler,
};
