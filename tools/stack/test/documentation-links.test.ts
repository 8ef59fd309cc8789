import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/paths.js';

const documents = ['README.md', ...readdirSync(join(repoRoot, 'docs')).map((name) => `docs/${name}`)].filter((path) =>
  path.endsWith('.md'),
);

/** Markdown outside fenced code blocks, where links and headings are. */
function prose(text: string): string {
  return text.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

function anchorsOf(path: string): string[] {
  return [...prose(readFileSync(path, 'utf8')).matchAll(/^#{1,6}\s+(.+)$/gm)].map((match) => anchor(match[1]!));
}

/** Every relative link target of a document: `[text](target)`, without web and mail links. */
function relativeLinks(document: string): string[] {
  const text = prose(readFileSync(join(repoRoot, document), 'utf8'));
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!).filter((target) => !/^[a-z]+:/i.test(target));
}

describe('the documentation', () => {
  it('finds README.md and every file in docs/', () => {
    expect(documents).toEqual(expect.arrayContaining(['README.md', 'docs/configuration.md', 'docs/api.md']));
    expect(documents.length).toBeGreaterThanOrEqual(10);
  });

  it.each(documents)('%s links only to files and headings in the repository', (document) => {
    const broken = relativeLinks(document).filter((target) => {
      const [path, fragment] = target.split('#') as [string, string | undefined];
      const file = path ? resolve(repoRoot, dirname(document), path) : join(repoRoot, document);
      if (relative(repoRoot, file).startsWith('..') || !existsSync(file)) return true;
      return fragment !== undefined && file.endsWith('.md') && !anchorsOf(file).includes(fragment);
    });
    expect(broken).toEqual([]);
  });

  it.each(documents)('%s refers to nothing outside the repository', (document) => {
    expect(readFileSync(join(repoRoot, document), 'utf8')).not.toMatch(/\.\.\/shared\/|ETL_CONTRACT_DIR/);
  });

  it('reads links and anchors as GitHub does', () => {
    expect(anchor('What a script cannot reach')).toBe('what-a-script-cannot-reach');
    expect(anchor('docker-compose (one machine, production-like)')).toBe('docker-compose-one-machine-production-like');
    expect(relativeLinks('README.md')).toContain('docs/configuration.md#local-stack');
  });
});
