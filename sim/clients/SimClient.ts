/**
 * SimClient: one simulated client. It owns its random stream, so its ops depend only on the
 * seed and its index, and it produces the next command and the think time before the one
 * after. It never sees replies: generation is separate from execution, which is what lets a
 * trace run again without a generator.
 */
import type { Arg } from '../../redlite/reply.ts';
import type { ClientProfile, WorldConfig } from '../config/WorldConfig.ts';
import type { OpContext } from '../ops/types.ts';
import type { Rng } from '../random/Rng.ts';
import { type DeepOps, deepen } from './deep-ops.ts';
import { type KeyChooser, keyChooser } from './key-chooser.ts';
import { keyName } from './key-names.ts';
import type { OpMix } from './OpMix.ts';
import { drawSessionScript } from './session-patterns.ts';
import { makeValue } from './value-maker.ts';

export class SimClient implements OpContext {
  readonly index: number;
  readonly rng: Rng;
  readonly edgeRate: number;
  readonly expiryRate: number;
  nowMs = 0;
  private readonly chooseKey: KeyChooser;
  private readonly valueBytesMax: number;
  private readonly profile: ClientProfile;
  private readonly timeJumpRate: number;
  private readonly timeJumpMsMax: number;
  private readonly mix: OpMix;
  private readonly sessions: WorldConfig['sessions'];
  /** The rest of a session pattern's commands, sent one per op. */
  private readonly script: Arg[][] = [];
  /**
   * Set by `nextArgv` when it sent a blocking pop: its timeout in ms (0: forever), which the
   * client waits out before its next op and the client source turns into a timeout event.
   */
  blockTimeoutMs: number | null = null;
  /** Deep collections (deep-ops.ts), or null in the seeds that leave them off. */
  private readonly deep: DeepOps | null;

  constructor(index: number, rng: Rng, config: WorldConfig, mix: OpMix) {
    const profile = config.clientProfiles[index];
    if (profile === undefined) throw new RangeError(`client ${index} has no profile in the config`);
    this.index = index;
    this.rng = rng;
    this.profile = profile;
    this.mix = mix;
    this.sessions = config.sessions;
    this.edgeRate = config.edgeRate;
    this.expiryRate = config.expiryRate;
    this.valueBytesMax = config.valueBytesMax;
    this.timeJumpRate = config.timeJumpRate;
    this.timeJumpMsMax = config.timeJumpMsMax;
    this.chooseKey = keyChooser(profile, config.keySpaceSize);
    const rate = config.deepCollectionRate ?? 0;
    this.deep = rate > 0 ? { rate, batchMax: config.deepBatchMax, keySpaceSize: config.keySpaceSize } : null;
  }

  key(): string {
    return keyName(this.chooseKey(this.rng));
  }

  value(): Buffer {
    return makeValue(this.rng, this.valueBytesMax);
  }

  /** The next command, as it runs at virtual time `atMs`. */
  nextArgv(atMs: number, faultPhase = true): Arg[] {
    this.nowMs = atMs;
    this.blockTimeoutMs = null;
    const scripted = this.script.shift();
    if (scripted !== undefined) return scripted;
    if (this.sessions !== undefined) {
      const script = drawSessionScript(this, this.sessions, this.mix, faultPhase);
      if (script !== null) {
        this.blockTimeoutMs = script.blockTimeoutMs;
        this.script.push(...script.commands.slice(1));
        return script.commands[0]!;
      }
    }
    const argv = this.mix.pick(this.rng).generate(this);
    return this.deep === null ? argv : deepen(argv, this.rng, this.deep);
  }

  /**
   * Milliseconds until this client's next op: at least 1 (a client that never let time pass
   * would starve every other client at that millisecond), sometimes plus a jump in time.
   */
  thinkMs(): number {
    const think = 1 + this.rng.int(0, this.profile.thinkMsMax);
    if (this.timeJumpMsMax > 0 && this.rng.chance(this.timeJumpRate))
      return think + this.rng.int(1, this.timeJumpMsMax);
    return think;
  }
}
