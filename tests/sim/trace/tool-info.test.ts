/**
 * Provenance has one source for trace headers and sweep reports: the commit is git's own HEAD
 * (also in a worktree, where `.git` is a file), and a folder outside any checkout still names
 * the tool from its package.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { toolInfo } from '../../../sim/trace/tool-info.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function gitHead(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' }).trim();
  } catch {
    return null;
  }
}

describe('toolInfo', () => {
  it("names this checkout's HEAD, marked -dirty only as a suffix", () => {
    const head = gitHead();
    const { tool, node } = toolInfo();
    expect(node).toBe(process.version);
    expect(tool.name).toBe('redlite-dst');
    if (head === null) {
      expect(tool.commit).toBe(process.env.GITHUB_SHA ?? null);
      return;
    }
    expect(tool.commit).toMatch(/^[0-9a-f]{40}(-dirty)?$/);
    expect(tool.commit?.slice(0, 40)).toBe(head);
  });

  it('reads name and version from the given root, with no commit outside a checkout', () => {
    const root = mkdtempSync(join(tmpdir(), 'tool-info-'));
    try {
      writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'copied-tool', version: '9.8.7' }));
      const { tool } = toolInfo(root);
      expect(tool).toEqual({ name: 'copied-tool', version: '9.8.7', commit: process.env.GITHUB_SHA ?? null });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
