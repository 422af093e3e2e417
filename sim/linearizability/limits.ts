/**
 * The checker's limits, one table with bounds, units and meaning (docs/architecture.md,
 * principle 5). The budget limits (`stepsMax`, `cacheBytesMax`, `wallMsMax`, `statesMax`) apply to
 * each partition on its own and turn an unfinished search into the verdict `unknown`; the other two bound how many
 * alternatives one operation may branch into, and cutting them short can only turn a failure
 * into `unknown`, never into a pass.
 */
export interface CheckLimits {
  /** Model steps (one operation applied to one model copy at one time) per partition. */
  readonly stepsMax: number;
  /**
   * Bytes of interned states and cache keys per partition: what bounds the search's memory,
   * since a state of a partition over many keys is large and no count alone bounds it.
   */
  readonly cacheBytesMax: number;
  /** Wall-clock milliseconds per partition; Infinity for no bound. Needs a clock (budget.ts). */
  readonly wallMsMax: number;
  /** Entries of Lowe's cache per partition. */
  readonly statesMax: number;
  /** Most times tried for an operation that writes a deadline relative to its own time. */
  readonly windowMsMax: number;
  /** Most possible pops tried for an SPOP whose reply was never seen. */
  readonly spopChoicesMax: number;
}

export type LimitName = keyof CheckLimits;

interface LimitRow {
  readonly name: LimitName;
  readonly min: number;
  readonly max: number;
  readonly fallback: number;
  readonly description: string;
}

export const LIMIT_ROWS: readonly LimitRow[] = [
  {
    name: 'stepsMax',
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    fallback: 20_000_000,
    description: 'model steps one partition may take',
  },
  {
    name: 'cacheBytesMax',
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    fallback: 512 * 1024 * 1024,
    description: 'bytes of states and cache keys one partition may remember',
  },
  {
    name: 'wallMsMax',
    min: 1,
    max: Number.POSITIVE_INFINITY,
    fallback: Number.POSITIVE_INFINITY,
    description: 'wall-clock milliseconds one partition may take',
  },
  {
    name: 'statesMax',
    min: 1,
    max: 100_000_000,
    fallback: 5_000_000,
    description: "entries of Lowe's cache one partition may fill",
  },
  {
    name: 'windowMsMax',
    min: 1,
    max: 1_000_000,
    fallback: 2_000,
    description: 'times tried for a relative-deadline write',
  },
  {
    name: 'spopChoicesMax',
    min: 1,
    max: 100_000,
    fallback: 256,
    description: 'pops tried for an SPOP with unknown outcome',
  },
];

export class CheckLimitError extends Error {
  readonly limit: LimitName;
  readonly value: unknown;
  constructor(limit: LimitName, value: unknown, row: LimitRow) {
    super(
      `invalid ${limit}: ${String(value)} (expected an integer in [${row.min}, ${row.max}]: ${row.description})`,
    );
    this.name = 'CheckLimitError';
    this.limit = limit;
    this.value = value;
  }
}

/** The limits with every missing one at its default, each checked against its bounds. */
export function checkLimits(overrides: Partial<CheckLimits> = {}): CheckLimits {
  const limits: Record<string, number> = {};
  for (const row of LIMIT_ROWS) {
    const value = overrides[row.name] ?? row.fallback;
    const integral = Number.isInteger(value) || value === Number.POSITIVE_INFINITY;
    if (typeof value !== 'number' || !integral || value < row.min || value > row.max)
      throw new CheckLimitError(row.name, value, row);
    limits[row.name] = value;
  }
  return limits as unknown as CheckLimits;
}
