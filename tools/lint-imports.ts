/**
 * The import-direction lint (docs/architecture.md, "Layers"). Imports point one way:
 * bin -> sim -> faults, scenarios -> redlite, and redlite imports nothing of ours. This reads
 * every import of redlite/, sim/, faults/, scenarios/, bin/ and bench/ and fails, naming file,
 * line and the forbidden edge, when one points against the grain.
 *
 * It resolves relative specifiers only (packages and `node:` modules are outside the rule) and
 * counts type-only imports too: a type import still ties one layer's code to another's. The
 * import list comes from TypeScript's own pre-processor, so comments and strings are not
 * mistaken for imports. tests/ may import anything and is not read.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import ts from 'typescript';

export interface ImportViolation {
  file: string;
  line: number;
  /** The imported file, from the repository root. */
  target: string;
  rule: string;
}

export const SCANNED_FOLDERS = ['redlite', 'sim', 'faults', 'scenarios', 'bin', 'bench'] as const;

/** The reply vocabulary: all of redlite the model may see. */
const MODEL_MAY_IMPORT: readonly string[] = ['redlite/reply.ts', 'redlite/resp.ts', 'redlite/clock.ts'];

interface Rule {
  rule: string;
  /** Whether the rule governs imports made by this file. */
  from: (file: string) => boolean;
  /** Whether an import of `target` by `file` breaks the rule. */
  forbids: (target: string, file: string) => boolean;
}

const under =
  (...folders: string[]) =>
  (path: string): boolean =>
    folders.some((folder) => path === folder || path.startsWith(`${folder}/`));

const OURS = under('redlite', 'sim', 'faults', 'scenarios', 'bin', 'bench', 'tests', 'tools', 'spec');

const RULES: readonly Rule[] = [
  {
    rule: 'redlite imports nothing of ours',
    from: under('redlite'),
    forbids: (target) => OURS(target) && !under('redlite')(target),
  },
  {
    rule: 'faults/ and scenarios/ never import the simulator',
    from: under('faults', 'scenarios'),
    forbids: under('sim'),
  },
  {
    rule: 'the model shares only the reply vocabulary (redlite/reply.ts, resp.ts, clock.ts)',
    from: under('sim/model'),
    forbids: (target) => OURS(target) && !under('sim/model')(target) && !MODEL_MAY_IMPORT.includes(target),
  },
  {
    rule: 'sim/sweep, sim/trace-tools and sim/report never import the CLI (sim/cli)',
    from: under('sim/sweep', 'sim/trace-tools', 'sim/report'),
    forbids: under('sim/cli'),
  },
  {
    rule: 'reports never import the sweep that builds them',
    from: under('sim/report'),
    forbids: under('sim/sweep'),
  },
  {
    rule: 'the world and the executor know no fault driver (it plugs in through sim/world/fault-backend.ts)',
    from: under('sim/world', 'sim/execute-events.ts'),
    forbids: under('sim/fault-driver'),
  },
  {
    rule: 'planted bugs reach only tests and benchmarks, never a real run',
    from: (file) =>
      under('redlite', 'sim', 'faults', 'scenarios', 'bin')(file) && !under('sim/planted-bugs')(file),
    forbids: under('sim/planted-bugs'),
  },
  {
    rule: 'redlite, sim, faults and scenarios never import tests/, bench/ or bin/',
    from: under('redlite', 'sim', 'faults', 'scenarios'),
    forbids: under('tests', 'bench', 'bin'),
  },
  {
    rule: 'bench/ does not import tests/',
    from: under('bench'),
    forbids: under('tests'),
  },
];

/** The repository path a relative specifier names, or null for a package or `node:` module. */
export function resolveSpecifier(file: string, specifier: string): string | null {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return null;
  return posix.normalize(posix.join(posix.dirname(file), specifier));
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Every forbidden import in one file's source; `file` is its path from the repository root. */
export function checkImports(file: string, text: string): ImportViolation[] {
  const rules = RULES.filter((rule) => rule.from(file));
  if (rules.length === 0) return [];
  const violations: ImportViolation[] = [];
  for (const imported of ts.preProcessFile(text, true, true).importedFiles) {
    const target = resolveSpecifier(file, imported.fileName);
    if (target === null) continue;
    const line = lineAt(text, imported.pos);
    for (const rule of rules) {
      if (rule.forbids(target, file)) violations.push({ file, line, target, rule: rule.rule });
    }
  }
  return violations;
}

function* sourceFiles(root: string, folder: string): Generator<string> {
  let entries: string[];
  try {
    entries = readdirSync(join(root, folder));
  } catch {
    return;
  }
  for (const entry of entries.sort()) {
    const path = `${folder}/${entry}`;
    if (statSync(join(root, path)).isDirectory()) yield* sourceFiles(root, path);
    else if (/\.(ts|mts|js|mjs|cjs)$/.test(entry)) yield path;
  }
}

export function lintImports(root: string): ImportViolation[] {
  const violations: ImportViolation[] = [];
  for (const folder of SCANNED_FOLDERS) {
    for (const file of sourceFiles(root, folder)) {
      violations.push(...checkImports(file, readFileSync(join(root, file), 'utf8')));
    }
  }
  return violations;
}

export function formatViolation(v: ImportViolation): string {
  return `${v.file}:${v.line}: ${v.file} -> ${v.target}: ${v.rule}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const violations = lintImports(process.cwd());
  for (const v of violations) console.error(formatViolation(v));
  if (violations.length > 0) {
    console.error(`import lint: ${violations.length} forbidden import(s)`);
    process.exit(1);
  }
  console.log('import lint: clean');
}
