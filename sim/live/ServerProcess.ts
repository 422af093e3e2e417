/**
 * ServerProcess: a live server the tool started, in a folder of its own on a free loopback
 * port. It starts the server and waits until it answers PING; kills it with SIGKILL (a process
 * crash: no shutdown, no final write) and restarts it on the same port and files, so it
 * recovers from what the kill left; and stops it with SIGTERM, then removes its folder.
 *
 * Leaves out which server and setting (launch-plans.ts) and when to crash (run-live.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { makeOwnedFolder } from '../../faults/temp-owner.ts';
import { ToolError } from '../error-kinds.ts';
import { freePort, LOOPBACK } from './free-port.ts';
import { type DurabilitySetting, type LaunchPlan, launchPlan } from './launch-plans.ts';
import { RespConnection } from './RespConnection.ts';
import { sleepMs, withinMs } from './wall-time.ts';

/** A started server that did not come up, or could not be started at all. */
export class ServerStartError extends ToolError {
  readonly server: string;
  constructor(server: string, reason: string) {
    super(`cannot start ${server}: ${reason}`);
    this.name = 'ServerStartError';
    this.server = server;
  }
}

/** How long a server may take to answer PING after a start or restart (AOF replay included). */
const READY_MS_MAX = 20_000;
const READY_POLL_MS = 25;
/** How long a stopping server may take to exit after SIGTERM before it gets SIGKILL. */
const STOP_MS_MAX = 5000;
/** Output kept from the child, for the error message when it does not come up. */
const OUTPUT_CHARS_MAX = 2000;

export class ServerProcess {
  readonly host = LOOPBACK;
  readonly port: number;
  readonly folder: string;
  private readonly plan: LaunchPlan;
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private output = '';
  private spawnError: string | null = null;
  /** Restarts after a kill so far. */
  restarts = 0;

  private constructor(plan: LaunchPlan, port: number, folder: string) {
    this.plan = plan;
    this.port = port;
    this.folder = folder;
  }

  static async start(setting: DurabilitySetting, env: Readonly<Record<string, string>> = {}) {
    const folder = makeOwnedFolder(tmpdir(), 'vopr-live-', setting.kind);
    const port = await freePort();
    const server = new ServerProcess(launchPlan(setting, port, folder, env), port, folder);
    try {
      await server.launch();
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  get name(): string {
    return this.plan.kind;
  }

  /** A process crash: SIGKILL, and wait until the process is gone. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
    this.child = null;
  }

  /** Starts the killed server again on the same port and files, and waits until it answers. */
  async restart(): Promise<void> {
    this.restarts++;
    await this.launch();
  }

  /** Stops the server (SIGTERM, then SIGKILL if it lingers) and removes its folder. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child !== null && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const exited = await withinMs(
        this.exited.then(() => true),
        STOP_MS_MAX,
        false,
      );
      if (!exited) child.kill('SIGKILL');
      await this.exited;
    }
    this.child = null;
    rmSync(this.folder, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    this.output = '';
    this.spawnError = null;
    const child = spawn(this.plan.command, [...this.plan.args], {
      env: { ...process.env, ...this.plan.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', (error) => {
        this.spawnError = error.message;
        resolve();
      });
    });
    for (const stream of [child.stdout, child.stderr])
      stream?.on('data', (chunk: Buffer) => {
        this.output = (this.output + chunk.toString('utf8')).slice(-OUTPUT_CHARS_MAX);
      });
    await this.waitReady(child);
  }

  private async waitReady(child: ChildProcess): Promise<void> {
    for (let waitedMs = 0; waitedMs < READY_MS_MAX; waitedMs += READY_POLL_MS) {
      if (this.spawnError !== null) throw new ServerStartError(this.plan.command, this.spawnError);
      if (child.exitCode !== null || child.signalCode !== null)
        throw new ServerStartError(this.plan.kind, `it exited at once: ${this.lastOutput()}`);
      if (await this.answersPing()) return;
      await sleepMs(READY_POLL_MS);
    }
    throw new ServerStartError(this.plan.kind, `no PONG within ${READY_MS_MAX} ms: ${this.lastOutput()}`);
  }

  /** PONG, as opposed to no listener yet or Redis's LOADING while it replays its AOF. */
  private async answersPing(): Promise<boolean> {
    let connection: RespConnection;
    try {
      connection = await RespConnection.connect(this.host, this.port);
    } catch {
      return false;
    }
    try {
      const reply = await connection.send(['PING']);
      return reply.type === 'simple' && reply.value === 'PONG';
    } catch {
      return false;
    } finally {
      connection.close();
    }
  }

  private lastOutput(): string {
    const text = this.output.trim().split('\n').slice(-3).join(' | ');
    return text === '' ? '(no output)' : text;
  }
}
