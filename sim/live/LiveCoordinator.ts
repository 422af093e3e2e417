/**
 * LiveCoordinator: what the clients of one live run share. It hands out the run's op budget,
 * fires the seed's kills when the op count reaches them (SIGKILL, restart, then a state audit
 * while clients wait), tells clients when the server is up, and keeps the history recorder and
 * the record of kills for the durability judgement.
 *
 * Kills run one at a time, and clients that lost their connection wait for the server to be up
 * (restarted and audited) before they reconnect. Leaves out the clients' loop (LiveClient.ts)
 * and the judging (run-live.ts).
 */
import { HistoryRecorder } from '../linearizability/index.ts';
import type { KillRecord } from './durability-promise.ts';
import { RespConnection } from './RespConnection.ts';
import type { ServerProcess } from './ServerProcess.ts';
import { auditState } from './state-audit.ts';
import { unixNowMs } from './wall-time.ts';

export interface CoordinatorOptions {
  readonly host: string;
  readonly port: number;
  /** The server to kill; null for a target at an address. */
  readonly server: ServerProcess | null;
  readonly opsMax: number;
  readonly killAtOps: readonly number[];
  /** The first process number of the state audit (one past the clients; state-audit.ts). */
  readonly auditProcess: number;
  /** Why the host wants the run to stop (a signal's name), or null to go on. */
  readonly stopReason?: () => string | null;
}

export class LiveCoordinator {
  readonly host: string;
  readonly port: number;
  readonly recorder = new HistoryRecorder('wall');
  readonly kills: KillRecord[] = [];
  private readonly options: CoordinatorOptions;
  private issued = 0;
  private nextKill = 0;
  private stopped = false;
  /** The host's reason, when it stopped the run before its op budget was spent. */
  private interruptedBy: string | null = null;
  private up: Promise<void> = Promise.resolve();
  /** The first error of a kill or audit, rethrown by `finish`. */
  private killError: Error | null = null;

  constructor(options: CoordinatorOptions) {
    this.options = options;
    this.host = options.host;
    this.port = options.port;
  }

  get opsIssued(): number {
    return this.issued;
  }

  get stoppedBy(): string | null {
    return this.interruptedBy;
  }

  /** Claims one op of the budget; false when the run is over. May start a kill. */
  claimOp(): boolean {
    if (this.stopped || this.killError !== null || this.issued >= this.options.opsMax) return false;
    const reason = this.options.stopReason?.() ?? null;
    if (reason !== null) {
      this.interruptedBy = reason;
      this.stopped = true;
      return false;
    }
    this.issued++;
    if (this.options.killAtOps[this.nextKill] === this.issued) {
      this.nextKill++;
      const previous = this.up;
      this.up = previous.then(() => this.killAndRestart());
      this.up.catch((error: Error) => {
        this.killError ??= error;
      });
    }
    return true;
  }

  /** Resolves once the server is up: at once, unless a kill is under way. */
  serverUp(): Promise<void> {
    return this.up.catch(() => undefined);
  }

  /** Stops handing out ops (the run's wall-time bound). */
  stop(): void {
    this.stopped = true;
  }

  /** Waits for any kill under way, rethrows its error, and audits the final state. */
  async finish(): Promise<void> {
    await this.serverUp();
    if (this.killError !== null) throw this.killError;
    await this.audit();
  }

  private async killAndRestart(): Promise<void> {
    const server = this.options.server;
    if (server === null) return;
    const killMs = unixNowMs();
    await server.kill();
    await server.restart();
    this.kills.push({ killMs, upMs: unixNowMs() });
    await this.audit();
  }

  private async audit(): Promise<void> {
    const connection = await RespConnection.connect(this.host, this.port);
    try {
      await auditState(this.recorder, connection, this.options.auditProcess);
    } finally {
      connection.close();
    }
  }
}
