/**
 * The I/O faults the simulator can arm in the shim, checked up front (the message names the
 * option and the bad value) and turned into the shim's arguments. A fault fires once, on the
 * first call after `skip` matching ones: a call of its kind, on a file of one of its kinds,
 * under its folder. Every choice a fault makes comes from the seed it carries (docs/
 * architecture.md, principle 2), with splitmix64 as in faults/FaultRng.ts, so the same seed on
 * the same call gives the same bytes.
 *
 * Left out: when to arm which fault (the fault driver's business) and how the simulated disk
 * reacts to one (a failed fsync drops the file's unsynced bytes, a crash copies the folder).
 */
import { FaultOptionError } from '../errors.ts';
import { IO_CALLS, IO_FILE_KINDS, type IoCall, type IoFileKind } from './io-events.ts';
import { ACTION_CODE, CALL_CODE, FAULT_OPTION, FILE_KIND_CODE } from './wire-format.ts';

/** How many matching calls a fault may let through before it fires. */
export const FAULT_SKIP_MAX = 1_000_000_000;
/** How many faults may wait at once (the shim's table, FAULTS_ARMED_MAX in shim.h). */
export const FAULTS_ARMED_MAX = 16;

interface FaultTarget {
  /** The folder whose files the fault may hit; a crash freezes every open file under it. */
  readonly folder: string;
  /** The files it may hit; default every kind. */
  readonly fileKinds?: readonly IoFileKind[];
  /** Matching calls to let through first; default 0, the next one. */
  readonly skip?: number;
}

/** The call fails with EIO: SQLITE_IOERR_READ, _WRITE, _TRUNCATE or _FSYNC. Nothing happens. */
export interface EioFault extends FaultTarget {
  readonly action: 'eio';
  readonly call: IoCall;
}

/** A seeded prefix of the write (0 to length - 1 bytes) lands, then the write fails. */
export interface ShortWriteFault extends FaultTarget {
  readonly action: 'short-write';
  readonly seed: bigint;
  /** EIO gives SQLITE_IOERR_WRITE (default); ENOSPC gives SQLITE_FULL, as in SQLite's unixWrite. */
  readonly errno?: 'EIO' | 'ENOSPC';
}

/** The write fails with ENOSPC (SQLITE_FULL) and nothing lands. */
export interface EnospcFault extends FaultTarget {
  readonly action: 'enospc';
}

/**
 * The read succeeds but one sector of what it returns is torn: in a seeded sector of the
 * read, the bytes from a seeded point to the sector's end are zeroed or inverted. The file
 * itself is untouched.
 */
export interface TornReadFault extends FaultTarget {
  readonly action: 'torn-read';
  readonly seed: bigint;
  /** Default 'zero'. */
  readonly damage?: 'zero' | 'flip';
}

/**
 * The process dies inside the call: the call does not happen (for a write, with `prefixSeed`,
 * a seeded prefix of it lands first), and every file open under the folder is frozen, so the
 * abandoned connection can never touch them again. New opens work as usual.
 */
export interface CrashFault extends FaultTarget {
  readonly action: 'crash';
  readonly call: IoCall;
  readonly prefixSeed?: bigint;
}

export type IoFault = EioFault | ShortWriteFault | EnospcFault | TornReadFault | CrashFault;

/** The shim's arguments for one fault, in the order dst_io_arm takes them (after the folder). */
export interface ArmArguments {
  readonly kindMask: number;
  readonly call: number;
  readonly skip: number;
  readonly action: number;
  /** The seed as SQLite's signed 64-bit integer; the shim reads the same 64 bits unsigned. */
  readonly seed: bigint;
  readonly options: number;
}

const SEED_MAX = (1n << 64n) - 1n;

function checkSeed(option: string, seed: unknown): bigint {
  if (typeof seed !== 'bigint' || seed < 0n || seed > SEED_MAX) {
    throw new FaultOptionError(option, typeof seed === 'bigint' ? seed.toString() : seed, 'a 64-bit bigint');
  }
  return seed;
}

function kindMask(kinds: readonly IoFileKind[] | undefined): number {
  if (kinds === undefined) return IO_FILE_KINDS.reduce((mask, kind) => mask | (1 << FILE_KIND_CODE[kind]), 0);
  if (kinds.length === 0 || kinds.some((kind) => !IO_FILE_KINDS.includes(kind))) {
    throw new FaultOptionError('fileKinds', kinds, `a non-empty list of ${IO_FILE_KINDS.join(', ')}`);
  }
  return kinds.reduce((mask, kind) => mask | (1 << FILE_KIND_CODE[kind]), 0);
}

function callOf(fault: IoFault): IoCall {
  switch (fault.action) {
    case 'short-write':
    case 'enospc':
      return 'write';
    case 'torn-read':
      return 'read';
    default:
      if (!IO_CALLS.includes(fault.call)) {
        throw new FaultOptionError('call', fault.call, `one of ${IO_CALLS.join(', ')}`);
      }
      return fault.call;
  }
}

function seedAndOptions(fault: IoFault, call: IoCall): { seed: bigint; options: number } {
  switch (fault.action) {
    case 'short-write':
      if (fault.errno !== undefined && fault.errno !== 'EIO' && fault.errno !== 'ENOSPC') {
        throw new FaultOptionError('errno', fault.errno, "'EIO' or 'ENOSPC'");
      }
      return {
        seed: checkSeed('seed', fault.seed),
        options: fault.errno === 'ENOSPC' ? FAULT_OPTION.shortWriteEnospc : 0,
      };
    case 'torn-read':
      if (fault.damage !== undefined && fault.damage !== 'zero' && fault.damage !== 'flip') {
        throw new FaultOptionError('damage', fault.damage, "'zero' or 'flip'");
      }
      return {
        seed: checkSeed('seed', fault.seed),
        options: fault.damage === 'flip' ? FAULT_OPTION.tornFlip : 0,
      };
    case 'crash':
      if (fault.prefixSeed === undefined) return { seed: 0n, options: 0 };
      if (call !== 'write')
        throw new FaultOptionError('prefixSeed', fault.prefixSeed.toString(), 'only on a write');
      return { seed: checkSeed('prefixSeed', fault.prefixSeed), options: FAULT_OPTION.crashWritePrefix };
    default:
      return { seed: 0n, options: 0 };
  }
}

/** Checks a fault and returns the shim's arguments for it. */
export function armArguments(fault: IoFault): ArmArguments {
  if (!(fault.action in ACTION_CODE)) {
    throw new FaultOptionError('action', fault.action, Object.keys(ACTION_CODE).join(', '));
  }
  const skip = fault.skip ?? 0;
  if (!Number.isSafeInteger(skip) || skip < 0 || skip > FAULT_SKIP_MAX) {
    throw new FaultOptionError('skip', skip, `an integer from 0 to ${FAULT_SKIP_MAX}`);
  }
  const call = callOf(fault);
  const { seed, options } = seedAndOptions(fault, call);
  return {
    kindMask: kindMask(fault.fileKinds),
    call: CALL_CODE[call],
    skip,
    action: ACTION_CODE[fault.action],
    seed: BigInt.asIntN(64, seed),
    options,
  };
}
