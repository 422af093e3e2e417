/**
 * Crashes at rare paths (FoundationDB's BUGGIFY, docs/architecture.md, principle 7): in a world
 * with process crashes on, a crash may also strike inside a command at one of redlite's probes
 * that fire inside its open transaction (MID_TRANSACTION_PROBES in redlite/probes.ts), the
 * moment redlite takes a rare path such as renumbering a list. A crash armed by a fault event
 * hits a statement of whichever command comes next, so it almost never meets a path that a
 * seed takes a handful of times; this meets each such path where it runs.
 *
 * Each probe inside an op decides on its own, with the seed's `rarePathCrashRate`, from a stream
 * named after the op's client and time and the probe's name and order within the op: nothing
 * but the op itself, so dropping other events while shrinking never changes the decision
 * (principle 2). The crash is a SimulatedCrash, which the fault driver turns into a process
 * crash with the op maybe applied, as for a crash between two statements. Probes outside ops
 * (timers, state dumps) and the liveness phase never crash.
 */
import { SimulatedCrash } from '../../faults/index.ts';
import { probe } from '../../faults/probe.ts';
import { MID_TRANSACTION_PROBES, type RedliteProbe } from '../../redlite/probes.ts';
import type { WorldConfig } from '../config/WorldConfig.ts';
import type { OpEvent } from '../events.ts';
import { parseSeed, Rng } from '../random/index.ts';

/** A crash the world raised at one of redlite's probes. */
export class RarePathCrash extends SimulatedCrash {
  readonly probe: RedliteProbe;
  constructor(name: RedliteProbe) {
    super(-1);
    this.name = 'RarePathCrash';
    this.message = `simulated process crash at redlite's ${name} path`;
    this.probe = name;
  }
}

export class RarePathCrashes {
  private readonly rate: number;
  private readonly root: Rng;
  private op: OpEvent | null = null;
  private probesInOp = 0;
  private stopped = false;

  constructor(config: WorldConfig) {
    // Absent from configs written before the knob existed: no such crashes.
    this.rate = config.rarePathCrashRate ?? 0;
    this.root = new Rng(parseSeed(config.seed)).fork('rare-path-crashes');
  }

  /** The op now running, or null between ops; probes decide only inside an op. */
  during(op: OpEvent | null): void {
    this.op = op;
    this.probesInOp = 0;
  }

  /** The fault phase is over: no more crashes. */
  stop(): void {
    this.stopped = true;
  }

  /** Called at each redlite probe: throws a RarePathCrash when this occurrence draws one. */
  atProbe(name: RedliteProbe): void {
    const op = this.op;
    if (op === null || this.stopped || this.rate <= 0 || !MID_TRANSACTION_PROBES.has(name)) return;
    const order = this.probesInOp++;
    if (!this.root.fork(`${op.client}:${op.atMs}:${name}:${order}`).chance(this.rate)) return;
    probe('sim.rare_path_crash');
    throw new RarePathCrash(name);
  }
}
