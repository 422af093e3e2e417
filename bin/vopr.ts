/**
 * vopr's process entry: wires the CLI to stdout, stderr and a terminal status line, supplies
 * entropy for runs without --seed, and sets the exit code. Everything else lives in sim/cli.
 */
import { randomBytes } from 'node:crypto';
import { hideBin } from 'yargs/helpers';
import { runCli } from '../sim/cli/main.ts';

const isTty = process.stderr.isTTY === true;

const exitCode = await runCli(hideBin(process.argv), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  status: (line) => process.stderr.write(`\r\x1b[K${line}`),
  isTty,
  drawSeed: () => randomBytes(8).readBigUInt64BE(),
  exitCode: 0,
});
process.exitCode = exitCode;
