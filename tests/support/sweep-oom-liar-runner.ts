/**
 * A test-only runner: the real simulator driving a redlite that lies under memory pressure. It
 * swallows the SQLITE_NOMEM its statement hook raises, so the write lands, and then answers the
 * out-of-memory error anyway. The checkers take an out-of-memory reply as "not applied", so only
 * a later read or the final state comparison can catch it: chaos must.
 */
import Database from 'better-sqlite3';
import { error as errorReply } from '../../redlite/reply.ts';
import { runSeed as realRunSeed } from '../../sim/run.ts';
import type { RunOptions, RunResult } from '../../sim/run-types.ts';
import { defaultTargetFactory } from '../../sim/world/defaults.ts';
import type { TargetFactory } from '../../sim/world/target.ts';

export const oomLiar: TargetFactory = (path, options) => {
  let swallowed = false;
  const hook = options.hooks?.beforeStatement;
  const inner = defaultTargetFactory(path, {
    ...options,
    hooks: {
      ...options.hooks,
      beforeStatement: (info) => {
        try {
          hook?.(info);
        } catch (caught) {
          if (!(caught instanceof Database.SqliteError) || caught.code !== 'SQLITE_NOMEM') throw caught;
          swallowed = true;
        }
      },
    },
  });
  return {
    exec(argv) {
      swallowed = false;
      const reply = inner.exec(argv);
      return swallowed && reply.type !== 'error' ? errorReply('ERR out of memory (the planted liar)') : reply;
    },
    expireCycle: (limit) => inner.expireCycle(limit),
    checkpoint: () => inner.checkpoint?.(),
    setMaxPageCount: (pages) => inner.setMaxPageCount?.(pages),
    pageCount: () => inner.pageCount?.() ?? 0,
    close: () => inner.close(),
  };
};

export function runSeed(options: RunOptions): RunResult {
  return realRunSeed({ ...options, targetFactory: oomLiar });
}
