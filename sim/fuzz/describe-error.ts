/** An escaped exception as the fuzzer reports it: one line, and its stack for the details. */
export function describeError(error: unknown): { error: string; stack: string } {
  if (error instanceof Error) return { error: `${error.name}: ${error.message}`, stack: error.stack ?? '' };
  return { error: `thrown ${typeof error}: ${String(error)}`, stack: '' };
}
