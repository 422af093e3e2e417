/**
 * LiveClient: one client of a live run, on one real connection. Its commands and think times
 * come from the seed's simulated client (sim/clients/SimClient.ts), in the same order as in the
 * simulated world; it sends each in wall time, waits for the reply and records both ends in the
 * history. An op cut off by a dropped connection or a reply that never comes is abandoned: its
 * outcome is unknown. The client then reconnects once the server is up again.
 *
 * Leaves out when the run ends and when the server is killed (LiveCoordinator.ts).
 */
import type { Reply } from '../../redlite/reply.ts';
import type { SimClient } from '../clients/SimClient.ts';
import type { LiveCoordinator } from './LiveCoordinator.ts';
import { LiveRunError } from './LiveRunError.ts';
import { RECONNECT_PAUSE_MS, RECONNECTS_MAX, REPLY_MS_MAX, THINK_MS_MAX } from './live-limits.ts';
import { RespConnection } from './RespConnection.ts';
import { sleepMs, unixNowMs, withinMs } from './wall-time.ts';

const NO_REPLY: unique symbol = Symbol('no reply');

export class LiveClient {
  readonly index: number;
  private readonly sim: SimClient;
  private readonly coordinator: LiveCoordinator;
  private connection: RespConnection | null = null;

  constructor(index: number, sim: SimClient, coordinator: LiveCoordinator) {
    this.index = index;
    this.sim = sim;
    this.coordinator = coordinator;
  }

  async run(): Promise<void> {
    try {
      await this.think();
      while (this.coordinator.claimOp()) {
        const connection = await this.connected();
        await this.issue(connection);
        await this.think();
      }
    } finally {
      this.connection?.close();
    }
  }

  private async issue(connection: RespConnection): Promise<void> {
    const recorder = this.coordinator.recorder;
    const argv = this.sim.nextArgv(Math.floor(unixNowMs()));
    const handle = recorder.invoke(this.index, argv, unixNowMs());
    const sent = connection.send(argv).catch((): typeof NO_REPLY => NO_REPLY);
    const reply: Reply | typeof NO_REPLY = await withinMs(sent, REPLY_MS_MAX, NO_REPLY);
    if (reply !== NO_REPLY) {
      recorder.complete(handle, reply, unixNowMs());
      return;
    }
    recorder.abandon(handle);
    connection.close();
    this.connection = null;
  }

  private async think(): Promise<void> {
    const thinkMs = Math.min(this.sim.thinkMs(), THINK_MS_MAX);
    if (thinkMs > 0) await sleepMs(thinkMs);
  }

  /** The open connection, or a new one once the server is up. */
  private async connected(): Promise<RespConnection> {
    if (this.connection !== null && !this.connection.isDropped) return this.connection;
    for (let attempt = 0; attempt < RECONNECTS_MAX; attempt++) {
      await this.coordinator.serverUp();
      try {
        this.connection = await RespConnection.connect(this.coordinator.host, this.coordinator.port);
        return this.connection;
      } catch {
        await sleepMs(RECONNECT_PAUSE_MS);
      }
    }
    throw new LiveRunError(
      `client ${this.index} could not reconnect to ${this.coordinator.host}:${this.coordinator.port} in ${RECONNECTS_MAX} attempts`,
    );
  }
}
