/**
 * Faults in a world of several redlite processes (sim/world/processes/ProcessGroup.ts): a
 * crash kills one process, seeded by the event, and the others go on while it opens the file
 * again; a crash-mid-command kills the process of the next op before one of its statements,
 * and that op never returns (an unknown outcome in the history); a power cut kills them all
 * and rebuilds the files from the platter; the liveness restart restarts them all on the page
 * cache.
 *
 * There is no model to compare with after a restart: the history goes on across it, and the
 * `linearizable` checker judges it whole at the end, with a power cut under
 * `synchronous=normal` as a loss of the writes acknowledged since the last sync. After each
 * restart, redlite's storage audit runs (storage_consistent). Other fault kinds act on one
 * process's cache, statements or disk size, and stay out (sim/config/draw-config.ts refuses
 * them beside several processes).
 */
import { probe } from '../../faults/probe.ts';
import { CRASH_RECOVERY_CONSISTENT } from '../checkers/crash-recovery-consistent.ts';
import { FAULT_EVENTS } from '../config/fault-vocabulary.ts';
import type { WorldConfig } from '../config/WorldConfig.ts';
import type { FaultEvent } from '../events.ts';
import type { ProcessGroup } from '../world/processes/ProcessGroup.ts';
import type { Applied, AuditAfter, World } from '../world/World.ts';
import type { SimDiskStorage } from './SimDiskStorage.ts';

export class ProcessFaultError extends Error {
  constructor(event: FaultEvent) {
    super(
      `event ${event.index}: fault ${JSON.stringify(event.fault)} is not one a world of several processes takes`,
    );
    this.name = 'ProcessFaultError';
  }
}

const NONE: Applied = { reply: null, failure: null };

export class ProcessFaults {
  private readonly config: WorldConfig;
  private readonly storage: SimDiskStorage;
  private liveness = false;

  constructor(config: WorldConfig, storage: SimDiskStorage) {
    this.config = config;
    this.storage = storage;
  }

  handle(event: FaultEvent, world: World, group: ProcessGroup): Applied {
    switch (event.fault) {
      case FAULT_EVENTS.crash: {
        const process = Number(BigInt(event.seed) % BigInt(group.size));
        probe('fault.crash');
        world.logger.info({ event: event.index, process }, 'process crash');
        const refused = group.restart(process, this.storage.dbPath());
        return this.reopened(event, world, refused, `a crash of process ${process}`, 'lossless-restart');
      }
      case FAULT_EVENTS.crashMidCommand:
        if (!this.liveness) group.armCrash(Number(event.params?.statementsBefore ?? 0));
        return NONE;
      case FAULT_EVENTS.powerLoss: {
        const report = this.storage.disk.powerLoss(BigInt(event.seed), { misdirectedProbability: 0 });
        world.logger.info(
          {
            event: event.index,
            unsynced: report.sectorsUnsynced,
            kept: report.sectorsKept,
            torn: report.sectorsTorn,
          },
          'power loss',
        );
        const refused = group.powerCut(report.dbPath);
        const after = this.config.durability === 'normal' ? 'lossy-restart' : 'lossless-restart';
        return this.reopened(event, world, refused, 'a power loss', after);
      }
      case FAULT_EVENTS.livenessRestart: {
        this.liveness = true;
        group.armCrash(null);
        probe('recovery.liveness_restart');
        const refused = group.restartAll(this.storage.disk.crash().dbPath);
        return this.reopened(event, world, refused, 'the liveness restart', 'lossless-restart');
      }
      default:
        throw new ProcessFaultError(event);
    }
  }

  /** A store that will not open is a failure here: nothing in these worlds corrupts it. */
  private reopened(
    event: FaultEvent,
    world: World,
    refused: unknown,
    what: string,
    after: AuditAfter,
  ): Applied {
    if (refused !== null) {
      const message = refused instanceof Error ? refused.message : String(refused);
      return {
        reply: null,
        failure: {
          invariant: CRASH_RECOVERY_CONSISTENT,
          event_index: event.index,
          message: `after ${what}: the store cannot open: ${message}`,
        },
      };
    }
    return { reply: null, failure: world.auditStorage(event.index, `after ${what}`, 'full', after) };
  }
}
