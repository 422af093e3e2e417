/**
 * The folder a fuzz target may write in (the trace reader writes each input to a file there),
 * made by the supervisor rather than the worker, so it is removed even when a hang makes the
 * supervisor terminate the worker; registered so that Ctrl-C removes it too.
 */
import { rmSync } from 'node:fs';
import { defaultBaseDir } from '../../faults/temp-base.ts';
import { makeOwnedFolder } from '../../faults/temp-owner.ts';
import { registerTempFolder, unregisterTempFolder } from '../../faults/temp-registry.ts';

export async function withScratchFolder<T>(label: string, body: (dir: string) => Promise<T>): Promise<T> {
  const dir = makeOwnedFolder(defaultBaseDir(), 'vopr-fuzz-', label);
  registerTempFolder(dir, false, () => {});
  try {
    return await body(dir);
  } finally {
    unregisterTempFolder(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}
