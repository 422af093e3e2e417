/**
 * Code for the coverage tests to run: a function with nested branches, so that each deeper
 * level is a block V8 first reports as not run and later as run.
 */
export function branches(input: string): number {
  if (input.startsWith('a')) {
    if (input.startsWith('ab')) {
      if (input.startsWith('abc')) return 3;
      return 2;
    }
    return 1;
  }
  return 0;
}
