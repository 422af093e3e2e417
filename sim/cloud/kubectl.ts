/**
 * The one way `vopr cloud run` talks to a cluster: the `kubectl` on PATH, run as a child
 * process with its arguments, standard input and captured output. Nothing else of the cloud
 * code spawns processes, so a test can put a fake `kubectl` on PATH and read its calls.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ToolError } from '../error-kinds.ts';

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs kubectl with `args`, feeding `stdin` when given; never throws for a non-zero exit. */
export type Kubectl = (args: readonly string[], stdin?: string) => Promise<KubectlResult>;

export class KubectlMissingError extends Error {
  constructor() {
    super(
      'kubectl is not on PATH: `vopr cloud run` drives the cluster through it (`vopr cloud render` needs no cluster)',
    );
    this.name = 'KubectlMissingError';
  }
}

/** kubectl ran and failed: the tool could not do its job (exit 3), in kubectl's own words. */
export class KubectlError extends ToolError {
  readonly args: readonly string[];
  readonly code: number;
  constructor(args: readonly string[], result: KubectlResult) {
    const said = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-3).join(' | ');
    super(`kubectl ${args.join(' ')} exited ${result.code}${said === '' ? '' : `: ${said}`}`);
    this.name = 'KubectlError';
    this.args = args;
    this.code = result.code;
  }
}

/** The executable `kubectl` on `path` (a PATH value), or null. */
export function findKubectl(path: string | undefined): string | null {
  for (const folder of (path ?? '').split(delimiter)) {
    if (folder === '') continue;
    const candidate = join(folder, 'kubectl');
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here; try the next folder.
    }
  }
  return null;
}

export function kubectlAt(executable: string): Kubectl {
  return (args, stdin) =>
    new Promise((resolve, reject) => {
      const child = spawn(executable, [...args], {
        stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
      });
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
      if (child.stdin !== null) {
        // A kubectl that fails before reading its input closes the pipe; its exit code and
        // stderr say why, so the broken pipe itself is not news.
        child.stdin.on('error', () => {});
        child.stdin.end(stdin);
      }
    });
}
