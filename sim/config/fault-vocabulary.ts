/**
 * The fault vocabulary: one table of the fault kinds the simulator injects. Everything else that
 * names faults is derived from it: the kinds `--faults` accepts and the seed draws rates for
 * (fault-rates.ts), the events traces carry, the probes that prove each kind fired, and the
 * rate `--faults` gives a kind the scenario leaves off. spec/dst-spec.yaml lists the same rows,
 * and tests/e2e/spec-catalogue.test.ts keeps the two, the fault source and the fault
 * controller in step.
 *
 * A kind is what a seed switches on and draws a rate for (docs/architecture.md, principle 7).
 * An event is what one firing of a kind puts in the trace; a kind emits one or more events,
 * and an event may be shared: misdirected-write is a kind of its own (its own rate, its own
 * `--faults` name, its own probe) that emits the power-loss event with a
 * `misdirectedProbability` parameter, because a misplaced sector can only happen during a
 * power loss's rebuild. Torn sectors, by contrast, are a seeded outcome of every power loss
 * and have a probe but no kind. Simulator events ride the trace's fault channel without being
 * faults: no seed switches them on and no rate fires them.
 *
 * Event names are stable: traces on disk and trace hashes depend on them. Row order is draw
 * order (every seed draws each kind's rate, and every fault wake-up each kind's chance, in this
 * order), so reordering rows changes every faulty seed's trace. A new kind is one row, at the
 * end, plus its probes in faults/probes.ts, its case in the fault source and its events' cases
 * in the fault controller; the tests name whatever is missing.
 *
 * What each fault does to the bytes is faults/'s business; when it fires is the fault source's
 * (sim/generator/FaultSource.ts); what the simulator does on each event is the controller's.
 */
import type { ProbeName } from '../../faults/probes.ts';

export interface FaultEventEntry {
  /** The event's `fault` field in traces. */
  readonly name: string;
  readonly description: string;
}

export interface FaultKindEntry {
  /** The kind's name, as `--faults`, the scenarios' fault profiles and the printed config spell it. */
  readonly kind: string;
  readonly description: string;
  /** The chance per client op `--faults` gives the kind when the scenario's profile leaves it off. */
  readonly overrideRate: number;
  /** The events one firing of the kind may emit, by identifier. */
  readonly events: Readonly<Record<string, FaultEventEntry>>;
  /** The probes that prove the kind fired (recovery probes belong to no kind). */
  readonly probes: readonly Extract<ProbeName, `fault.${string}`>[];
  /**
   * A kind added after worlds' traces were pinned: a seed draws for it, and its rate enters the
   * config, only when a scenario profile or `--faults` names it, so worlds without it keep
   * their configs, their fault draws and their trace hashes.
   */
  readonly drawnOnlyWhenNamed?: boolean;
}

/** Emitted by two kinds: a plain power cut, and one whose rebuild may misplace sectors. */
const POWER_LOSS_EVENT = {
  name: 'power-loss',
  description:
    'a power cut: the folder is rebuilt from the platter plus a seeded subset of unsynced sectors; params.misdirectedProbability > 0 lets them land misplaced',
} as const;

export const FAULT_KIND_TABLE = {
  crash: {
    kind: 'crash',
    description: 'process crashes, between two commands or between two statements of one',
    overrideRate: 0.01,
    events: {
      crash: { name: 'crash', description: 'a process crash between two commands; the page cache survives' },
      crashMidCommand: {
        name: 'crash-mid-command',
        description: 'arms a crash before a seeded statement of the next command (params.statementsBefore)',
      },
    },
    probes: ['fault.crash', 'fault.crash_mid_command'],
  },
  powerLoss: {
    kind: 'power-loss',
    description: 'power cuts: unsynced sectors lost, kept or torn, then SQLite recovers',
    overrideRate: 0.005,
    events: { powerLoss: POWER_LOSS_EVENT },
    probes: ['fault.power_loss', 'fault.torn_write'],
  },
  bitRot: {
    kind: 'bit-rot',
    description: 'bits flip in a platter sector of the database or the WAL',
    overrideRate: 0.005,
    events: {
      bitRot: {
        name: 'bit-rot',
        description: 'bits flip in one platter sector (params.evict: the page cache sees them too)',
      },
    },
    probes: ['fault.bit_rot'],
  },
  misdirectedWrite: {
    kind: 'misdirected-write',
    description: 'power cuts in which unsynced sectors may land at the wrong offset of their file',
    overrideRate: 0.005,
    events: { powerLoss: POWER_LOSS_EVENT },
    probes: ['fault.misdirected_write'],
  },
  diskFull: {
    kind: 'disk-full',
    description: "SQLite's max_page_count lowered so writes fail with SQLITE_FULL, then raised again",
    overrideRate: 0.005,
    events: {
      diskFull: { name: 'disk-full', description: "SQLite's max_page_count drops to about the pages in use" },
      diskSpaceRestored: {
        name: 'disk-space-restored',
        description: 'the page limit is lifted again, a seeded number of ops after disk-full',
      },
    },
    probes: ['fault.disk_full'],
  },
  ioError: {
    kind: 'io-error',
    description: 'an SQLITE_IOERR at a statement boundary of a command',
    overrideRate: 0.01,
    events: {
      ioError: {
        name: 'io-error',
        description:
          'arms an SQLITE_IOERR before a seeded statement of the next command (params.statementsBefore)',
      },
    },
    probes: ['fault.io_error'],
  },
  slowDisk: {
    kind: 'slow-disk',
    description: "extra virtual latency on a client's next op",
    overrideRate: 0.02,
    events: {
      slowDisk: {
        name: 'slow-disk',
        description:
          "a client's next op is delayed (params.client, params.latencyMs); the op's time is in the trace",
      },
    },
    probes: ['fault.slow_disk'],
  },
  memoryPressure: {
    kind: 'memory-pressure',
    description: 'SQLITE_NOMEM at statement boundaries for a seeded stretch of ops, then relieved',
    overrideRate: 0.005,
    events: {
      memoryPressure: {
        name: 'memory-pressure',
        description:
          'memory runs short: every params.failEvery-th statement fails with SQLITE_NOMEM until relieved',
      },
      memoryRelieved: {
        name: 'memory-relieved',
        description: 'the memory pressure ends, a seeded number of ops after memory-pressure',
      },
    },
    probes: ['fault.memory_pressure'],
  },
  connectionDrop: {
    kind: 'connection-drop',
    description:
      "a client's connection drops mid-MULTI, while blocked, mid-request or before it reads a reply; its session state is gone",
    overrideRate: 0.01,
    drawnOnlyWhenNamed: true,
    events: {
      connectionDrop: {
        name: 'connection-drop',
        description:
          'params.client loses its connection: now (idle), with half an EXEC sent (partial-exec), or right after its next command runs (before-reply)',
      },
    },
    probes: ['fault.connection_drop'],
  },
  // SQLite's own I/O calls, failed through the shim (faults/vfs). Each event arms one fault
  // for the next matching call of the database or the WAL (params.file), after params.skip
  // matching calls, inside the next commands; it fires at most once.
  readError: {
    kind: 'read-error',
    description: "EIO from one of SQLite's reads of the database or the WAL",
    overrideRate: 0.01,
    events: {
      readError: {
        name: 'read-eio',
        description: 'arms EIO on a coming read (params.file, params.skip): SQLITE_IOERR_READ',
      },
    },
    probes: ['fault.read_error'],
  },
  writeError: {
    kind: 'write-error',
    description: "EIO from one of SQLite's writes to the database or the WAL; nothing lands",
    overrideRate: 0.01,
    events: {
      writeError: {
        name: 'write-eio',
        description: 'arms EIO on a coming write (params.file, params.skip): SQLITE_IOERR_WRITE',
      },
    },
    probes: ['fault.write_error'],
  },
  shortWrite: {
    kind: 'short-write',
    description: 'a write of which only a seeded prefix lands, then EIO',
    overrideRate: 0.01,
    events: {
      shortWrite: {
        name: 'short-write',
        description: "arms a short write (params.file, params.skip); the event's seed picks the prefix",
      },
    },
    probes: ['fault.short_write'],
  },
  enospc: {
    kind: 'enospc',
    description: "ENOSPC inside one of SQLite's writes (SQLITE_FULL), beside the page-limit disk-full",
    overrideRate: 0.01,
    events: {
      enospc: {
        name: 'enospc',
        description: 'arms ENOSPC on a coming write (params.file, params.skip); nothing lands',
      },
    },
    probes: ['fault.enospc'],
  },
  fsyncFailure: {
    kind: 'fsync-failure',
    description: 'a failed fsync: nothing reaches the platter, and the dirty bytes leave the page cache',
    overrideRate: 0.01,
    events: {
      fsyncFailure: {
        name: 'fsync-failure',
        description: 'arms EIO on a coming sync (params.file, params.skip): SQLITE_IOERR_FSYNC',
      },
    },
    probes: ['fault.fsync_failure'],
  },
  tornRead: {
    kind: 'torn-read',
    description: 'a read that returns one sector torn (zeroed from a seeded point); the file is intact',
    overrideRate: 0.005,
    events: {
      tornRead: {
        name: 'torn-read',
        description: "arms a torn read (params.file, params.skip); the event's seed picks the bytes",
      },
    },
    probes: ['fault.torn_read'],
  },
  crashMidIo: {
    kind: 'crash-mid-io',
    description: "process crashes inside one of SQLite's writes or syncs, the files frozen at that moment",
    overrideRate: 0.01,
    events: {
      crashMidIo: {
        name: 'crash-mid-io',
        description:
          'arms a crash on a coming write or sync (params.call, params.file, params.skip; params.prefix: a seeded prefix of the write lands)',
      },
    },
    probes: ['fault.crash_mid_io'],
  },
} as const satisfies Readonly<Record<string, FaultKindEntry>>;

/** Events of the simulator itself that travel as fault events; no kind emits them. */
export const SIMULATOR_EVENT_TABLE = {
  livenessRestart: {
    name: 'liveness-restart',
    description: 'the end of the fault phase: faults stop, the process restarts, the liveness phase begins',
  },
} as const satisfies Readonly<Record<string, FaultEventEntry>>;

type KindTable = typeof FAULT_KIND_TABLE;
type KindId = keyof KindTable;
/** Every kind's events and the simulator's, merged into one record by identifier. */
type EventTable = UnionToIntersection<KindTable[KindId]['events']> & typeof SIMULATOR_EVENT_TABLE;
type UnionToIntersection<U> = (U extends unknown ? (arg: U) => void : never) extends (arg: infer I) => void
  ? I
  : never;

export type FaultKind = KindTable[KindId]['kind'];
export type FaultEventName = EventTable[keyof EventTable]['name'];

/** The table's rows, in draw order. */
export const FAULT_KIND_ROWS: readonly FaultKindEntry[] = Object.values(FAULT_KIND_TABLE);

/** Every fault kind, in draw order. */
export const FAULT_KINDS = FAULT_KIND_ROWS.map((row) => row.kind) as readonly FaultKind[];

/** Kind names by identifier, so that code spells `FAULT_KIND.slowDisk`, never the string. */
export const FAULT_KIND = Object.fromEntries(
  Object.entries(FAULT_KIND_TABLE).map(([id, row]) => [id, row.kind]),
) as { readonly [Id in KindId]: KindTable[Id]['kind'] };

/** Event names by identifier, the kinds' events and the simulator's. */
export const FAULT_EVENTS = Object.fromEntries(
  [
    ...FAULT_KIND_ROWS.flatMap((row) => Object.entries(row.events)),
    ...Object.entries(SIMULATOR_EVENT_TABLE),
  ].map(([id, event]) => [id, event.name]),
) as { readonly [Id in keyof EventTable]: EventTable[Id]['name'] };

export const FAULT_EVENT_NAMES = [...new Set(Object.values(FAULT_EVENTS))] as readonly FaultEventName[];

export const SIMULATOR_EVENT_NAMES = Object.values(SIMULATOR_EVENT_TABLE).map(
  (event) => event.name,
) as readonly FaultEventName[];

/** Every probe some kind names, in table order. */
export const FAULT_KIND_PROBES: readonly ProbeName[] = FAULT_KIND_ROWS.flatMap((row) => row.probes);

export function faultKindRow(kind: FaultKind): FaultKindEntry {
  return FAULT_KIND_ROWS.find((row) => row.kind === kind) as FaultKindEntry;
}
