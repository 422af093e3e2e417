/**
 * A test-only runner: the real simulator driving a deliberately broken redlite (INCR answers
 * one too high on keys ending in an even digit), so a sweep finds real, shrinkable failures.
 * `incrOffByOne` is exported so a test can shrink with the same broken target.
 */
import type { Arg, Reply } from '../../redlite/reply.ts';
import { runSeed as realRunSeed } from '../../sim/run.ts';
import type { RunOptions, RunResult } from '../../sim/run-types.ts';
import { defaultTargetFactory } from '../../sim/world/defaults.ts';
import type { TargetFactory } from '../../sim/world/target.ts';

export const incrOffByOne: TargetFactory = (path, options) => {
  const inner = defaultTargetFactory(path, options);
  return {
    exec(argv: Arg[]): Reply {
      const reply = inner.exec(argv);
      const key = String(argv[1] ?? '');
      if (String(argv[0]).toUpperCase() === 'INCR' && reply.type === 'integer' && /[02468]$/.test(key)) {
        return { type: 'integer', value: BigInt(reply.value) + 1n };
      }
      return reply;
    },
    expireCycle: (limit) => inner.expireCycle(limit),
    checkpoint: () => inner.checkpoint?.(),
    close: () => inner.close(),
  };
};

export function runSeed(options: RunOptions): RunResult {
  return realRunSeed({ ...options, targetFactory: incrOffByOne });
}
