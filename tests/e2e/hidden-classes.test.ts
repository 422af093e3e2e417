import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/vopr-child.ts';

const PROBE = fileURLToPath(new URL('../support/hidden-class-probe.ts', import.meta.url));

describe('objects read throughout a world keep one hidden class', () => {
  it('world configs and blocked waits, built many times, share one hidden class each', () => {
    // V8's own view of the objects needs its natives syntax, so the probe runs in its own node.
    const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', PROBE], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    const found = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as {
      configs: number;
      waits: { count: number; classes: number };
    };
    expect(found.configs).toBe(1);
    expect(found.waits.count).toBe(30);
    expect(found.waits.classes).toBe(1);
  }, 60_000);
});
