/**
 * Reads the project's own source files, for tests that check a vocabulary against the code that
 * uses it (probe names, fault event names). It lists TypeScript files under the given folders,
 * in a stable order, with their text; it parses nothing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface SourceFile {
  /** The path from the repository root, with forward slashes. */
  readonly path: string;
  readonly text: string;
}

function* walk(folder: string): Generator<string> {
  for (const entry of readdirSync(folder).sort()) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (entry.endsWith('.ts')) yield path.split('\\').join('/');
  }
}

export function sourceFiles(folders: readonly string[]): SourceFile[] {
  return folders.flatMap((folder) =>
    [...walk(folder)].map((path) => ({ path, text: readFileSync(path, 'utf8') })),
  );
}

/** The 1-based line of a character offset, for messages that name file and line. */
export function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}
