/**
 * The files of k8s/ as committed: the gateway's supergraph copy up to date, no private key or
 * Secret manifest, and the operator's secret files git-ignored. Nothing is rendered.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, posix, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { type K8sObject } from './support/k8s-objects.js';
import {
  k8sDir,
  OPERATOR_FILES,
  OVERLAYS,
  PRIVATE_KEY_MARKER,
  repoRoot,
  supergraphCopyPath,
  supergraphPath,
} from './support/platform.js';

describe('k8s/ in the repository', () => {
  it('keeps the gateway supergraph copy identical to schema/supergraph.graphql', () => {
    const same = readFileSync(supergraphCopyPath, 'utf8') === readFileSync(supergraphPath, 'utf8');
    expect(same, 'run: cp schema/supergraph.graphql k8s/base/gateway/supergraph.sdl').toBe(true);
  });

  it('commits no private key and no Secret manifest', () => {
    const problems: string[] = [];
    for (const path of committableFiles()) {
      const text = readFileSync(join(k8sDir, path), 'utf8');
      if (PRIVATE_KEY_MARKER.test(text)) problems.push(`${path}: holds a private key`);
      if (/\.ya?ml$/.test(path)) {
        for (const document of parseAllDocuments(text)) {
          if ((document.toJS() as K8sObject | null)?.kind === 'Secret') problems.push(`${path}: a Secret manifest`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("keeps the operator's secret files out of git, and their templates in", () => {
    for (const overlay of OVERLAYS) {
      const secrets = posix.join('k8s', 'overlays', overlay, 'secrets');
      for (const file of OPERATOR_FILES)
        expect(gitIgnores(`${secrets}/${file}`), `${secrets}/${file} is git-ignored`).toBe(true);
      expect(gitIgnores(`${secrets}/secrets.example.env`), `${secrets}/secrets.example.env is committed`).toBe(false);
    }
  });
});

// ------------------------------------------------------------------------------------------
// Helpers over the repository

/** Files under k8s/ that git would commit (tracked or new, not ignored), relative to k8s/. */
function committableFiles(): string[] {
  try {
    const listing = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', 'k8s'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    return listing
      .split('\0')
      .filter(Boolean)
      .map((path) => relative('k8s', path))
      .filter((path) => statSync(join(k8sDir, path), { throwIfNoEntry: false })?.isFile());
  } catch {
    // No git (an exported tree): every file but the operator's own secret files.
    return (readdirSync(k8sDir, { recursive: true }) as string[]).filter(
      (path) =>
        statSync(join(k8sDir, path)).isFile() &&
        !(basename(dirname(path)) === 'secrets' && OPERATOR_FILES.includes(basename(path))),
    );
  }
}

function gitIgnores(path: string): boolean {
  try {
    execFileSync('git', ['check-ignore', '--quiet', '--no-index', path], { cwd: repoRoot, stdio: 'pipe' });
    return true;
  } catch (error) {
    if ((error as { status?: number }).status === 1) return false;
    throw new Error(`git check-ignore failed for ${path}: ${(error as Error).message}`);
  }
}
