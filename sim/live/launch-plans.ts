/**
 * How to start each server the tool runs itself, with the durability setting the seed chose:
 * redis-server with `appendonly yes` and an `appendfsync` policy, bin/redlite-server with a
 * `--synchronous` mode. Each plan keeps all its files in the run's own folder, so a restart
 * after SIGKILL recovers from them and the folder's removal leaves nothing behind.
 *
 * Leaves out running the process (ServerProcess.ts) and what each setting promises
 * (durability-promise.ts).
 */
import { fileURLToPath } from 'node:url';
import type { Durability } from '../run-types.ts';
import type { StartedKind } from './live-target.ts';

export type AppendFsync = 'always' | 'everysec' | 'no';

export const APPENDFSYNC_POLICIES: readonly AppendFsync[] = ['always', 'everysec', 'no'];

/** The durability setting of a started server. */
export type DurabilitySetting =
  | { readonly kind: 'redis'; readonly appendfsync: AppendFsync }
  | { readonly kind: 'redlite-server'; readonly synchronous: Durability };

export interface LaunchPlan {
  readonly kind: StartedKind;
  readonly command: string;
  readonly args: readonly string[];
  /** Extra environment for the child, on top of the tool's own. */
  readonly env: Readonly<Record<string, string>>;
}

/** bin/redlite-server, found beside this file rather than on PATH, so the build under test runs. */
const REDLITE_SERVER_PATH = fileURLToPath(new URL('../../bin/redlite-server', import.meta.url));

export function settingText(setting: DurabilitySetting): string {
  return setting.kind === 'redis'
    ? `appendonly yes, appendfsync ${setting.appendfsync}`
    : `synchronous ${setting.synchronous}`;
}

export function launchPlan(
  setting: DurabilitySetting,
  port: number,
  folder: string,
  env: Readonly<Record<string, string>> = {},
): LaunchPlan {
  if (setting.kind === 'redis') {
    return {
      kind: 'redis',
      command: 'redis-server',
      // No RDB snapshots: the AOF alone decides what survives, so the promise is the policy's.
      args: [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        folder,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        setting.appendfsync,
        '--protected-mode',
        'no',
      ],
      env,
    };
  }
  return {
    kind: 'redlite-server',
    command: REDLITE_SERVER_PATH,
    args: [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--db',
      `${folder}/redlite.db`,
      '--synchronous',
      setting.synchronous,
    ],
    env,
  };
}
