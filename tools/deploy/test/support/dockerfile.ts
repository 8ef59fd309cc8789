/**
 * The Dockerfile and .dockerignore as BuildKit reads them, without a Docker engine (hadolint is
 * not packaged for Debian): instructions parsed, stages with what they inherit from the stages
 * they are built FROM, and Docker's .dockerignore matching. Shared by the Dockerfile test files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { repoRoot } from './platform.js';

export const dockerfileText = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
export const dockerignoreText = readFileSync(join(repoRoot, '.dockerignore'), 'utf8');

export interface Instruction {
  keyword: string;
  /** Everything after the keyword, continuation lines joined. */
  args: string;
  line: number;
}

export interface Stage {
  name: string | undefined;
  /** The FROM reference with build arguments substituted. */
  base: string;
  /** The stage this one is built FROM, when it names an earlier stage. */
  parent: Stage | undefined;
  instructions: Instruction[];
  args: Map<string, string>;
}

/** Dockerfile instructions: comment lines dropped (also inside continuations), `\` continuations joined. */
export function instructionsOf(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (/^\s*#/.test(line)) return;
    if (!pending && line.trim() === '') return;
    const continued = /\\\s*$/.test(line);
    const part = continued ? line.replace(/\\\s*$/, '') : line;
    pending = pending
      ? { text: `${pending.text} ${part.trim()}`, line: pending.line }
      : { text: part, line: index + 1 };
    if (continued) return;
    const match = /^\s*([A-Za-z]+)\s*(.*)$/.exec(pending.text)!;
    instructions.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim(), line: pending.line });
    pending = undefined;
  });
  if (pending) throw new Error('the Dockerfile ends inside a continuation');
  return instructions;
}

export function substitute(text: string, args: Map<string, string>): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_, braced, fallback, bare) => {
      const name = (braced ?? bare) as string;
      return args.get(name) || fallback || '';
    },
  );
}

/** `ARG NAME=value` (quotes removed) or `ARG NAME`. */
export function argOf(instruction: Instruction): [string, string | undefined] {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/.exec(instruction.args)!;
  return [match[1]!, match[2]?.replace(/^"(.*)"$/, '$1')];
}

export function stagesOf(instructions: Instruction[]): Stage[] {
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((word) => !word.startsWith('--'));
      const base = substitute(words[0]!, globalArgs);
      const name = words[1]?.toUpperCase() === 'AS' ? words[2]!.toLowerCase() : undefined;
      const parent = stages.find((stage) => stage.name === base.toLowerCase());
      stages.push({ name, base, parent, instructions: [], args: new Map(parent?.args) });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) {
      if (instruction.keyword !== 'ARG') throw new Error(`line ${instruction.line}: only ARG may come before FROM`);
      const [name, value] = argOf(instruction);
      globalArgs.set(name, value ?? '');
      continue;
    }
    if (instruction.keyword === 'ARG') {
      // `ARG NAME` inside a stage brings a global argument's default into it.
      const [name, value] = argOf(instruction);
      stage.args.set(name, value ?? globalArgs.get(name) ?? '');
    }
    stage.instructions.push(instruction);
  }
  return stages;
}

export const instructions = instructionsOf(dockerfileText);
export const stages = stagesOf(instructions);
export const stage = (name: string): Stage => {
  const found = stages.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no stage ${name}`);
  return found;
};

/** The stage's instructions after those of the stages it is built FROM: what its image carries. */
export function lineage(of: Stage): Instruction[] {
  return [...(of.parent ? lineage(of.parent) : []), ...of.instructions];
}

export function last(of: Stage, keyword: string): Instruction | undefined {
  return lineage(of)
    .filter((instruction) => instruction.keyword === keyword)
    .at(-1);
}

/** ENV in both forms: `ENV A=1 B="2"` and the legacy `ENV A 1`. */
export function envOf(of: Stage): Map<string, string> {
  const env = new Map<string, string>();
  for (const instruction of lineage(of).filter((candidate) => candidate.keyword === 'ENV')) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(instruction.args)) {
      const [name, ...value] = instruction.args.split(/\s+/);
      env.set(name!, value.join(' '));
      continue;
    }
    for (const match of instruction.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
      env.set(match[1]!, match[2]!.replace(/^"(.*)"$/, '$1'));
    }
  }
  return env;
}

/** The JSON array of an exec-form instruction, or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(args);
  expect(Array.isArray(parsed) && parsed.every((item) => typeof item === 'string'), args).toBe(true);
  return parsed as string[];
}

/** HEALTHCHECK [--option=value ...] CMD <command> | NONE */
export function healthcheckOf(instruction: Instruction): {
  options: Map<string, string>;
  command: string[] | undefined;
} {
  const options = new Map<string, string>();
  let rest = instruction.args;
  for (let match = /^--([a-z-]+)=(\S+)\s+/.exec(rest); match; match = /^--([a-z-]+)=(\S+)\s+/.exec(rest)) {
    options.set(match[1]!, match[2]!);
    rest = rest.slice(match[0].length);
  }
  if (rest === 'NONE') return { options, command: undefined };
  expect(rest.startsWith('CMD '), instruction.args).toBe(true);
  return { options, command: execForm(rest.slice(4).trim()) };
}

/** A .dockerignore matcher as Docker's: Go path patterns plus `**`, the last matching line wins, `!` re-includes. */
export function isIgnored(path: string): boolean {
  const patterns = dockerignoreText
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const negated = line.startsWith('!');
      const pattern = (negated ? line.slice(1) : line).replace(/^\/+/, '').replace(/\/+$/, '');
      const source = pattern
        .split(/(\*\*\/|\/\*\*|\*\*|\*|\?)/)
        .map((part) => {
          if (part === '**/') return '(?:.*/)?';
          if (part === '/**') return '(?:/.*)?';
          if (part === '**') return '.*';
          if (part === '*') return '[^/]*';
          if (part === '?') return '[^/]';
          return part.replace(/[.+^${}()|[\]\\]/g, '\\$&');
        })
        .join('');
      return { negated, regex: new RegExp(`^${source}$`) };
    });
  // A path is excluded when it or one of its parent directories matches.
  const prefixes = path.split('/').map((_, index, parts) => parts.slice(0, index + 1).join('/'));
  let ignored = false;
  for (const { negated, regex } of patterns) {
    if (prefixes.some((prefix) => regex.test(prefix))) ignored = !negated;
  }
  return ignored;
}

export function rootOf(of: Stage): Stage {
  return of.parent ? rootOf(of.parent) : of;
}
