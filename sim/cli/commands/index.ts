/**
 * Every vopr command, one module each. Add a command by adding its file beside this one and
 * one line to this list.
 */
import type { CommandModule } from 'yargs';
import { bisectCommand } from './bisect.ts';
import { chaosCommand } from './chaos.ts';
import { checkHistoryCommand } from './check-history.ts';
import { cloudCommand } from './cloud.ts';
import { fullCommand } from './full.ts';
import { fuzzCommand } from './fuzz.ts';
import { mergeCommand } from './merge.ts';
import { oracleCommand } from './oracle.ts';
import { propertiesCommand } from './properties.ts';
import { replayCommand } from './replay.ts';
import { runCommand } from './run.ts';
import { seedsCommand } from './seeds.ts';
import { shrinkCommand } from './shrink.ts';
import { simulateCommand } from './simulate.ts';
import { smokeCommand } from './smoke.ts';
import { soakCommand } from './soak.ts';
import { stressCommand } from './stress.ts';
import { sweepCommand } from './sweep.ts';

// biome-ignore lint/suspicious/noExplicitAny: each command has its own flag type
export const COMMANDS: readonly CommandModule<object, any>[] = [
  runCommand,
  replayCommand,
  shrinkCommand,
  bisectCommand,
  seedsCommand,
  sweepCommand,
  mergeCommand,
  smokeCommand,
  propertiesCommand,
  fuzzCommand,
  soakCommand,
  cloudCommand,
  oracleCommand,
  simulateCommand,
  chaosCommand,
  stressCommand,
  fullCommand,
  checkHistoryCommand,
];
