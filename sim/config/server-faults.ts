/**
 * Which fault kinds a world can take with `--target server`, and the refusal of the others.
 * The server is a process of its own: faults that act inside the redlite process (the
 * simulated disk's shim under SQLite, statement faults, redlite's rare-path probes, memory
 * pressure) cannot reach it. What can: a client's connection cut (a closed socket) and a slow
 * disk (a delay the generator puts between a client's ops). The check is on the kinds the run
 * would inject, `--faults` when given, else the scenario's profile, so every seed of one
 * command line is refused or none is.
 *
 * Leaves out several processes, which draw-config.ts refuses beside `--target server` itself.
 */
import type { Scenario } from '../../scenarios/types.ts';
import { InputError } from '../error-kinds.ts';
import { FAULT_KIND, type FaultKind } from './fault-vocabulary.ts';

export const SERVER_FAULT_KINDS: readonly FaultKind[] = [FAULT_KIND.connectionDrop, FAULT_KIND.slowDisk];

/** `--target server` with fault kinds it cannot inject: an input error (exit 2), in one line. */
export class ServerFaultsError extends InputError {
  readonly kinds: readonly FaultKind[];
  constructor(kinds: readonly FaultKind[], source: string) {
    super(
      `--target server cannot inject ${kinds.join(', ')} (${source}): these faults act inside the redlite process, out of a server process's reach; use --faults ${SERVER_FAULT_KINDS.join(', ')} or none, or --target direct`,
    );
    this.name = 'ServerFaultsError';
    this.kinds = kinds;
  }
}

/** The kinds a run would inject: `--faults` when given, else those the scenario's profile names. */
function injectedKinds(scenario: Scenario, override: readonly FaultKind[] | undefined): FaultKind[] {
  return override !== undefined ? [...override] : (Object.keys(scenario.faults ?? {}) as FaultKind[]);
}

/** Throws ServerFaultsError when `--target server` meets a fault kind it cannot inject. */
export function refuseServerFaults(scenario: Scenario, override: readonly FaultKind[] | undefined): void {
  const refused = injectedKinds(scenario, override).filter((kind) => !SERVER_FAULT_KINDS.includes(kind));
  if (refused.length === 0) return;
  const source = override !== undefined ? 'asked by --faults' : `scenario ${scenario.name}'s faults`;
  throw new ServerFaultsError(refused, source);
}
