/**
 * Writing the files a user asks for (a trace, a minimized trace, an emitted test, the seed
 * bank): missing parent folders are created, and any failure becomes one OutputWriteError
 * naming what was being written, where, and why (exit 3: the tool could not do its job).
 *
 * Parents are created one level at a time, never with `mkdirSync(…, { recursive: true })`:
 * on a path under /proc that call loops forever (each level answers ENOENT, so it retries the
 * parent), while a single-level mkdir fails at once. The walk up is bounded by the path's
 * depth. Leaves out streaming writes (sim/trace/trace-file.ts's TraceFileWriter uses
 * `outputWriteError` for its own).
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ToolError } from './error-kinds.ts';

export class OutputWriteError extends ToolError {
  readonly path: string;
  readonly code: string | null;
  constructor(what: string, path: string, reason: string, code: string | null) {
    super(`cannot write ${what} ${path}: ${reason}`);
    this.name = 'OutputWriteError';
    this.path = path;
    this.code = code;
  }
}

/** The OutputWriteError for a failed file-system call, with the errno code as the reason. */
export function outputWriteError(what: string, path: string, error: unknown): OutputWriteError {
  if (error instanceof OutputWriteError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? null;
  const reason = code === null ? (error as Error).message : errnoReason(code);
  return new OutputWriteError(what, path, reason, code);
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
};

function errnoReason(code: string): string {
  return `${REASONS[code] ?? 'error'} (${code})`;
}

/** Creates the missing folders above `path`, one level at a time; throws OutputWriteError. */
export function ensureParentFolder(path: string, what: string): void {
  const missing: string[] = [];
  let folder = dirname(resolve(path));
  // A path has at most as many levels as it has separators; the bound is that count.
  const levelsMax = folder.split('/').length;
  for (let level = 0; level < levelsMax; level++) {
    let isFolder: boolean;
    try {
      isFolder = statSync(folder).isDirectory();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw outputWriteError(what, path, error);
      missing.push(folder);
      const parent = dirname(folder);
      if (parent === folder) break;
      folder = parent;
      continue;
    }
    if (!isFolder)
      throw new OutputWriteError(what, path, `${folder} is a file, not a folder (ENOTDIR)`, 'ENOTDIR');
    break;
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw outputWriteError(what, path, error);
    }
  }
}

/** Writes `text` to `path`, creating missing parent folders; throws OutputWriteError. */
export function writeOutputFile(path: string, text: string, what: string): void {
  ensureParentFolder(path, what);
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw outputWriteError(what, path, error);
  }
}
