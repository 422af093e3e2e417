/**
 * One soak sample: what the process and the store look like at one moment. RSS and the V8
 * heap come from process.memoryUsage; open file descriptors from /proc/self/fd (Linux; -1
 * elsewhere); temporary folders from the registry of folders this process made and has not
 * removed (faults/temp-registry.ts), so other processes' folders never count; the database
 * size is the file plus its WAL. These are measurements of the host, never inputs to the
 * workload, which stays a function of its seed.
 */
import { readdirSync, statSync } from 'node:fs';
import { liveTempFolders } from '../../faults/index.ts';

export interface SoakSample {
  readonly elapsed_ms: number;
  /** Ops completed since the start. */
  readonly ops: number;
  readonly rss_bytes: number;
  readonly heap_used_bytes: number;
  readonly heap_total_bytes: number;
  readonly open_fds: number;
  readonly temp_folders: number;
  readonly db_bytes: number;
}

function openFds(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return -1;
  }
}

function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export function takeSample(elapsedMs: number, ops: number, dbPath: string): SoakSample {
  const memory = process.memoryUsage();
  return {
    elapsed_ms: Math.round(elapsedMs),
    ops,
    rss_bytes: memory.rss,
    heap_used_bytes: memory.heapUsed,
    heap_total_bytes: memory.heapTotal,
    open_fds: openFds(),
    temp_folders: liveTempFolders().length,
    db_bytes: fileBytes(dbPath) + fileBytes(`${dbPath}-wal`),
  };
}
