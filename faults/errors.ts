/**
 * Named errors of the faults subsystem, each carrying the context that explains it. A
 * SimDiskError is a broken assumption of the simulator (it should crash the run, docs/architecture.md
 * principle 9); a SimulatedCrash is the signal a statement hook throws to stop redlite dead,
 * as a process crash would.
 */

/** The simulated disk found itself in a state it cannot explain. */
export class SimDiskError extends Error {
  readonly context: Readonly<Record<string, unknown>>;
  constructor(message: string, context: Record<string, unknown> = {}) {
    super(`${message} ${JSON.stringify(context)}`);
    this.name = 'SimDiskError';
    this.context = context;
  }
}

/** An option of a fault helper was out of range; the message names the option and the value. */
export class FaultOptionError extends Error {
  readonly option: string;
  readonly value: unknown;
  constructor(option: string, value: unknown, expected: string) {
    super(`invalid fault option ${option}=${JSON.stringify(value)}: expected ${expected}`);
    this.name = 'FaultOptionError';
    this.option = option;
    this.value = value;
  }
}

/**
 * Thrown from a statement hook to crash the process between two statements of one command.
 * It is deliberately not an SQLite error, so redlite treats it as a crash and runs no more SQL.
 */
export class SimulatedCrash extends Error {
  readonly statementIndex: number;
  constructor(statementIndex: number) {
    super(`simulated process crash before statement ${statementIndex}`);
    this.name = 'SimulatedCrash';
    this.statementIndex = statementIndex;
  }
}

/** Checks that a probability option lies in [0, 1]. */
export function checkProbability(option: string, value: number): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new FaultOptionError(option, value, 'a number from 0 to 1');
  }
  return value;
}
