import { describe, expect, it } from 'vitest';
import { assertContainerName, assertNamespaceName, assertPodName } from '../src/names/kubernetes-names.js';
import { parseGrep } from '../src/logs/log-filter.js';

/** Names are checked before any API call or path join; grep patterns before any line is read. */
describe('Kubernetes names', () => {
  it.each(['etl', 'a', 'kube-system', 'x1', 'a'.repeat(63)])('%j is a namespace and container name', (name) => {
    expect(assertNamespaceName(name)).toBe(name);
    expect(assertContainerName(name)).toBe(name);
  });

  it.each(['', '-a', 'a-', 'A', 'a.b', 'a_b', '..', 'a/b', 'a'.repeat(64), 'é'])('%j is not', (name) => {
    expect(() => assertNamespaceName(name)).toThrow(
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'namespace' } }),
    );
    expect(() => assertContainerName(name)).toThrow(
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'container' } }),
    );
  });

  it.each(['api-0', 'api.v1-7d9f', `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`])(
    '%j is a pod name',
    (name) => {
      expect(assertPodName(name)).toBe(name);
    },
  );

  it.each(['', '.', '..', 'a..b', '.a', 'a.', 'a/b', 'A', 'a'.repeat(254)])('%j is not a pod name', (name) => {
    expect(() => assertPodName(name)).toThrow(
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'pod' } }),
    );
  });
});

describe('grep', () => {
  it('is a case-sensitive substring unless written /like this/', () => {
    const plain = parseGrep('Error')!;
    expect([plain.test('an Error here'), plain.test('an error here')]).toEqual([true, false]);
    const literal = parseGrep('a.b')!;
    expect([literal.test('a.b'), literal.test('axb')]).toEqual([true, false]);
    const regex = parseGrep('/^err(or)?:/i')!;
    expect([regex.test('ERROR: x'), regex.test('err: y'), regex.test('an error:')]).toEqual([true, true, false]);
    expect(parseGrep('')).toBeNull();
    expect(parseGrep(null)).toBeNull();
  });

  // A backtracking engine would not finish this within the test's timeout.
  it('matches a catastrophic pattern in linear time', { timeout: 10_000 }, () => {
    const filter = parseGrep('/(a+)+$/')!;
    const line = `${'a'.repeat(200_000)}!`;
    expect(filter.test(line)).toBe(false);
    expect(filter.test('aaaa')).toBe(true);
  });
});
