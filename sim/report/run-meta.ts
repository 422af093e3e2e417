/**
 * The host a report was made on: its name, platform, architecture, cores and Node version.
 * Read once per sweep, outside any world. The tool's own provenance (name, version, git
 * commit) is sim/trace/tool-info.ts, the one definition trace headers share.
 */
import { cpus, hostname } from 'node:os';
import type { SweepReport } from './types.ts';

export function hostInfo(): SweepReport['host'] {
  return {
    hostname: hostname(),
    platform: process.platform,
    arch: process.arch,
    cpus: cpus().length,
    node: process.version,
  };
}
