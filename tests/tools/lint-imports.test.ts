/**
 * The import-direction lint: it passes on this repository, and it fails, naming file, line
 * and the forbidden edge, on each kind of back-edge planted in synthetic source or in a small
 * tree on disk, where running the tool itself exits 1 as `npm run lint` would.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkImports, formatViolation, lintImports } from '../../tools/lint-imports.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LINT = join(ROOT, 'tools', 'lint-imports.ts');

/** [importing file, its source, the imported file, words of the rule it breaks] */
const BACK_EDGES: [string, string, string, string][] = [
  [
    'redlite/Redlite.ts',
    "import { World } from '../sim/world/World.ts';",
    'sim/world/World.ts',
    'redlite imports nothing',
  ],
  [
    'redlite/commands/sets.ts',
    "import { probe } from '../../faults/probe.ts';",
    'faults/probe.ts',
    'redlite imports nothing',
  ],
  [
    'faults/SimDisk.ts',
    "import { runSeed } from '../sim/run.ts';",
    'sim/run.ts',
    'never import the simulator',
  ],
  [
    'scenarios/catalogue.ts',
    "import type { KnobName } from '../sim/config/knobs.ts';",
    'sim/config/knobs.ts',
    'never import the simulator',
  ],
  [
    'sim/model/Model.ts',
    "import { Redlite } from '../../redlite/Redlite.ts';",
    'redlite/Redlite.ts',
    'reply vocabulary',
  ],
  [
    'sim/model/compare.ts',
    "import { sameReply } from '../checkers/same-reply.ts';",
    'sim/checkers/same-reply.ts',
    'reply vocabulary',
  ],
  [
    'sim/trace-tools/report-lines.ts',
    "import { eventLine } from '../cli/print-result.ts';",
    'sim/cli/print-result.ts',
    'never import the CLI',
  ],
  [
    'sim/sweep/Sweep.ts',
    "const cli = await import('../cli/main.ts');",
    'sim/cli/main.ts',
    'never import the CLI',
  ],
  [
    'sim/report/html.ts',
    "import { formatDurationMs } from '../sweep/duration.ts';",
    'sim/sweep/duration.ts',
    'never import the sweep',
  ],
  [
    'sim/execute-events.ts',
    "import { FaultController } from './fault-driver/FaultController.ts';",
    'sim/fault-driver/FaultController.ts',
    'know no fault driver',
  ],
  [
    'sim/world/World.ts',
    "export { simDiskBackend } from '../fault-driver/sim-disk-backend.ts';",
    'sim/fault-driver/sim-disk-backend.ts',
    'know no fault driver',
  ],
  [
    'sim/run.ts',
    "import { incrOffByOneRedlite } from './planted-bugs/broken-redlite.ts';",
    'sim/planted-bugs/broken-redlite.ts',
    'planted bugs',
  ],
  [
    'sim/run.ts',
    "import { stub } from '../tests/support/sweep-stand-in.ts';",
    'tests/support/sweep-stand-in.ts',
    'never import tests/',
  ],
  [
    'faults/index.ts',
    "import '../bench/faults.bench.ts';",
    'bench/faults.bench.ts',
    'never import tests/, bench/ or bin/',
  ],
  [
    'bench/shrink.bench.ts',
    "import { x } from '../tests/support/cli-capture.ts';",
    'tests/support/cli-capture.ts',
    'bench/ does not import tests/',
  ],
];

describe('the import lint', () => {
  it('passes on this repository', () => {
    expect(lintImports(ROOT).map(formatViolation)).toEqual([]);
  });

  it.each(BACK_EDGES)('fails on %s importing %s', (file, source, target, rule) => {
    const text = `/** A file. */\n\n${source}\n`;
    const violations = checkImports(file, text);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ file, line: 3, target });
    expect(violations[0]?.rule).toContain(rule);
    expect(formatViolation(violations[0]!)).toBe(`${file}:3: ${file} -> ${target}: ${violations[0]?.rule}`);
  });

  it('allows the edges that point the right way', () => {
    const allowed: [string, string][] = [
      ['sim/model/Model.ts', "import type { Clock } from '../../redlite/clock.ts';"],
      ['sim/model/compare.ts', "import { encodeResp2 } from '../../redlite/resp.ts';"],
      ['sim/model/Model.ts', "import { COMMANDS } from './command-table.ts';"],
      ['sim/cli/commands/sweep.ts', "import { runSweep } from '../../sweep/run-sweep.ts';"],
      ['sim/sweep/sweep-report.ts', "import { perWallSecond } from '../report/rates.ts';"],
      ['sim/run.ts', "import { simDiskBackend } from './fault-driver/sim-disk-backend.ts';"],
      ['sim/fault-driver/FaultController.ts', "import type { World } from '../world/World.ts';"],
      [
        'bench/shrink.bench.ts',
        "import { zaddLosesScoreRedlite } from '../sim/planted-bugs/broken-redlite.ts';",
      ],
      ['bin/vopr.ts', "import { runCli } from '../sim/cli/main.ts';"],
      ['tests/anything.test.ts', "import { x } from '../bench/shrink.bench.ts';"],
      ['redlite/Redlite.ts', "import Database from 'better-sqlite3';\nimport { join } from 'node:path';"],
    ];
    for (const [file, source] of allowed)
      expect(checkImports(file, source), `${file}: ${source}`).toEqual([]);
  });

  it('reads imports, not comments or strings, and names the line of a multi-line import', () => {
    const text = [
      "// import { World } from '../sim/world/World.ts';",
      'const text = "import { World } from \'../sim/world/World.ts\'";',
      'import {',
      '  a,',
      '  b,',
      "} from '../sim/run.ts';",
    ].join('\n');
    expect(checkImports('redlite/x.ts', text).map((v) => [v.line, v.target])).toEqual([[6, 'sim/run.ts']]);
  });

  it('fails on a back-edge planted in a tree on disk, and the tool exits 1 naming it', () => {
    const root = mkdtempSync(join(tmpdir(), 'lint-imports-'));
    try {
      const plant = (path: string, text: string): void => {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
      };
      plant('redlite/reply.ts', 'export type Reply = string;\n');
      plant(
        'sim/world/World.ts',
        "import type { Reply } from '../../redlite/reply.ts';\nexport type W = Reply;\n",
      );
      plant(
        'redlite/Redlite.ts',
        "/** redlite. */\nimport type { W } from '../sim/world/World.ts';\nexport type R = W;\n",
      );
      expect(lintImports(root).map(formatViolation)).toEqual([
        'redlite/Redlite.ts:2: redlite/Redlite.ts -> sim/world/World.ts: redlite imports nothing of ours',
      ]);
      const tsx = createRequire(import.meta.url).resolve('tsx/esm');
      const run = spawnSync(process.execPath, ['--import', tsx, LINT], { cwd: root, encoding: 'utf8' });
      expect(run.status, run.stdout + run.stderr).toBe(1);
      expect(run.stderr).toContain('redlite/Redlite.ts:2: redlite/Redlite.ts -> sim/world/World.ts');
      expect(run.stderr).toContain('import lint: 1 forbidden import(s)');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
