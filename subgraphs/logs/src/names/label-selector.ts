import { UserInputError } from '@etl/kit';
import { isSubdomainName } from './kubernetes-names.js';

/**
 * Kubernetes label selectors, equality- and set-based (`app=api`, `tier!=db`, `env in (a,b)`,
 * `env notin (c)`, `canary`, `!canary`), checked with Kubernetes' key and value rules. The files
 * source matches pod labels with it; the kubernetes source sends its canonical text to the API.
 */
export type LabelRequirement =
  | { key: string; operator: 'exists' | 'doesNotExist' }
  | { key: string; operator: 'equals' | 'notEquals'; value: string }
  | { key: string; operator: 'in' | 'notIn'; values: string[] };

const MAX_SELECTOR_LENGTH = 1024;
const MAX_REQUIREMENTS = 32;
const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const NAME_MAX = 63;

const TOKEN = String.raw`[^\s=!(),]+`;
const DOES_NOT_EXIST = new RegExp(String.raw`^!\s*(${TOKEN})$`);
const SET = new RegExp(String.raw`^(${TOKEN})\s+(in|notin)\s*\(([^()]*)\)$`);
const EQUALITY = new RegExp(String.raw`^(${TOKEN})\s*(==|!=|=)\s*([^\s=!(),]*)$`);
const EXISTS = new RegExp(String.raw`^(${TOKEN})$`);

export class LabelSelector {
  private constructor(readonly requirements: readonly LabelRequirement[]) {}

  /** Parses caller input; anything Kubernetes would refuse is BAD_USER_INPUT naming `field`. */
  static parse(text: string, field = 'labelSelector'): LabelSelector {
    const fail = (reason: string): never => {
      throw new UserInputError(`${field} is not a valid label selector: ${reason}`, field);
    };
    if (text.length > MAX_SELECTOR_LENGTH) fail(`longer than ${MAX_SELECTOR_LENGTH} characters`);
    if (text.trim() === '') return new LabelSelector([]);
    const parts = splitTopLevel(text) ?? fail('unbalanced parentheses');
    if (parts.length > MAX_REQUIREMENTS) fail(`more than ${MAX_REQUIREMENTS} requirements`);
    return new LabelSelector(parts.map((part) => parseRequirement(part.trim(), fail)));
  }

  /** Whether a pod's labels satisfy every requirement (an empty selector matches everything). */
  matches(labels: Readonly<Record<string, string>>): boolean {
    return this.requirements.every((r) => {
      const has = Object.hasOwn(labels, r.key);
      const value = labels[r.key];
      switch (r.operator) {
        case 'exists':
          return has;
        case 'doesNotExist':
          return !has;
        case 'equals':
          return has && value === r.value;
        case 'notEquals':
          return !has || value !== r.value;
        case 'in':
          return has && r.values.includes(value!);
        case 'notIn':
          return !has || !r.values.includes(value!);
      }
    });
  }

  /** The canonical text, as the Kubernetes API reads it. */
  toString(): string {
    return this.requirements
      .map((r) => {
        switch (r.operator) {
          case 'exists':
            return r.key;
          case 'doesNotExist':
            return `!${r.key}`;
          case 'equals':
            return `${r.key}=${r.value}`;
          case 'notEquals':
            return `${r.key}!=${r.value}`;
          case 'in':
            return `${r.key} in (${r.values.join(',')})`;
          case 'notIn':
            return `${r.key} notin (${r.values.join(',')})`;
        }
      })
      .join(',');
  }
}

/** Splits at commas outside parentheses; null when parentheses do not pair up. */
function splitTopLevel(text: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    if (depth < 0 || depth > 1) return null;
    if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) return null;
  parts.push(text.slice(start));
  return parts;
}

function parseRequirement(part: string, fail: (reason: string) => never): LabelRequirement {
  if (part === '') fail('an empty requirement (a stray comma?)');
  let match = DOES_NOT_EXIST.exec(part);
  if (match) return { key: checkKey(match[1]!, fail), operator: 'doesNotExist' };
  match = SET.exec(part);
  if (match) {
    const values = match[3]!.split(',').map((v) => v.trim());
    if (values.length === 1 && values[0] === '') fail(`${JSON.stringify(part)}: the set of values is empty`);
    return {
      key: checkKey(match[1]!, fail),
      operator: match[2] === 'in' ? 'in' : 'notIn',
      values: values.map((v) => checkValue(v, fail)),
    };
  }
  match = EQUALITY.exec(part);
  if (match) {
    const operator = match[2] === '!=' ? 'notEquals' : 'equals';
    return { key: checkKey(match[1]!, fail), operator, value: checkValue(match[3]!, fail) };
  }
  match = EXISTS.exec(part);
  if (match) return { key: checkKey(match[1]!, fail), operator: 'exists' };
  return fail(`${JSON.stringify(part.slice(0, 80))} is not of the form key, !key, key=value, key!=value, key in (…)`);
}

/** A label key: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
function checkKey(key: string, fail: (reason: string) => never): string {
  const slash = key.indexOf('/');
  const prefix = slash === -1 ? null : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (prefix !== null && !isSubdomainName(prefix)) fail(`label key ${JSON.stringify(key)} has an invalid prefix`);
  if (name.length > NAME_MAX || !NAME.test(name)) fail(`${JSON.stringify(key.slice(0, 80))} is not a valid label key`);
  return key;
}

/** A label value: empty, or at most 63 alphanumerics, '-', '_' and '.', alphanumeric at both ends. */
function checkValue(value: string, fail: (reason: string) => never): string {
  if (value !== '' && (value.length > NAME_MAX || !NAME.test(value))) {
    fail(`${JSON.stringify(value.slice(0, 80))} is not a valid label value`);
  }
  return value;
}
