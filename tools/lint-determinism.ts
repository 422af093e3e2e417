/**
 * The determinism lint (docs/architecture.md, principle 1). Code in redlite/, sim/, faults/ and
 * scenarios/ must take time, randomness and durable bytes only from the world. This scans
 * those folders for ambient sources and fails, naming file and line, when it finds one.
 *
 * It is a text scan, not a type-aware analysis: it catches the direct spellings that matter
 * (the only ones a reviewer would miss) and allows a named exemption per file with a reason.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface Violation {
  file: string;
  line: number;
  rule: string;
  text: string;
}

export const GUARDED_FOLDERS = ['redlite', 'sim', 'faults', 'scenarios'] as const;

/** Files allowed to read the wall clock, each with the reason it may. */
export const EXEMPT_FILES: Record<string, string> = {
  'redlite/system-clock.ts': 'the default clock for hosts that run redlite for real',
  'redlite/server/wall-timers.ts':
    "bin/redlite-server's real timers (blocked clients' deadlines, active expiry); sessions and the hub never use them",
  'sim/wall-clock.ts': 'the CLI-facing stopwatch that reports elapsed real time only',
  'sim/live/wall-time.ts':
    'live runs against real servers happen in wall time by nature; never reaches a simulated world, a trace or a trace hash',
  'sim/world/server/socket-thread.ts':
    "the thread that owns a started redlite-server's sockets: its timers pace polls and bound waits for replies; what reaches a world is the replies, never a time",
  'sim/sweep/parent-watch.ts':
    "a sweep worker's thread that polls its parent's pid to die with it mid-seed; never reaches a world, a trace or a trace hash",
  'sim/sweep/wall-timers.ts':
    "the sweep's scheduling clock: seed-timeout alarms, progress ticks and report timestamps; never reaches a world, a trace or a trace hash",
};

const RULES: { rule: string; pattern: RegExp }[] = [
  { rule: 'Math.random', pattern: /\bMath\.random\b/ },
  { rule: 'Date.now', pattern: /\bDate\.now\b/ },
  { rule: 'new Date', pattern: /\bnew Date\b/ },
  { rule: 'performance.now', pattern: /\bperformance\.now\b/ },
  { rule: 'process.hrtime', pattern: /\bprocess\.hrtime\b/ },
  { rule: 'timers', pattern: /\b(setTimeout|setInterval|setImmediate)\s*\(/ },
  { rule: 'crypto randomness', pattern: /\b(randomBytes|randomUUID|randomInt|getRandomValues)\b/ },
  { rule: "SQLite 'now'", pattern: /'now'/i },
  { rule: 'SQLite random()', pattern: /\brandom(blob)?\s*\(/i },
  { rule: 'SQLite CURRENT_TIMESTAMP', pattern: /\bCURRENT_(TIMESTAMP|TIME|DATE)\b/i },
];

/** Scans source text, skipping line comments, and returns every violation. */
export function scanSource(file: string, text: string): Violation[] {
  const violations: Violation[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const trimmed = raw.trim();
    if (trimmed.startsWith('//') || trimmed.startsWith('*') || trimmed.startsWith('/*')) continue;
    for (const { rule, pattern } of RULES) {
      if (pattern.test(raw)) violations.push({ file, line: i + 1, rule, text: trimmed });
    }
  }
  return violations;
}

function* sourceFiles(root: string, folder: string): Generator<string> {
  const dir = join(root, folder);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries.sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) yield* sourceFiles(root, join(folder, entry));
    else if (/\.(ts|js|mjs|cjs)$/.test(entry)) yield join(folder, entry);
  }
}

export function lintTree(root: string): Violation[] {
  const violations: Violation[] = [];
  for (const folder of GUARDED_FOLDERS) {
    for (const file of sourceFiles(root, folder)) {
      const name = relative(root, join(root, file)).split('\\').join('/');
      if (name in EXEMPT_FILES) continue;
      violations.push(...scanSource(name, readFileSync(join(root, file), 'utf8')));
    }
  }
  return violations;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const violations = lintTree(process.cwd());
  for (const v of violations) console.error(`${v.file}:${v.line}: ambient ${v.rule}: ${v.text}`);
  if (violations.length > 0) {
    console.error(`determinism lint: ${violations.length} violation(s)`);
    process.exit(1);
  }
  console.log('determinism lint: clean');
}
