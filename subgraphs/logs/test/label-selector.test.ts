import { describe, expect, it } from 'vitest';
import { LabelSelector } from '../src/names/label-selector.js';

/** The label selector parser: Kubernetes' syntax and rules, and matching as the API matches. */
describe('LabelSelector', () => {
  const labels = { app: 'api', tier: 'web', 'example.com/team': 'core' };

  it.each([
    ['', true],
    ['app=api', true],
    ['app==api', true],
    ['app!=api', false],
    ['app!=worker', true],
    ['missing!=x', true],
    ['app', true],
    ['!app', false],
    ['!missing', true],
    ['tier in (web, batch)', true],
    ['tier in (batch)', false],
    ['tier notin (batch)', true],
    ['missing notin (batch)', true],
    ['missing in (batch)', false],
    ['example.com/team=core', true],
    ['app=api, tier=batch', false],
    [' app = api , tier in (web) ', true],
    ['app=', false],
  ])('%j matches the labels: %s', (text, expected) => {
    expect(LabelSelector.parse(text).matches(labels)).toBe(expected);
  });

  it('writes the canonical form the API reads', () => {
    expect(LabelSelector.parse(' app == api ,tier notin ( a , b ),!canary, team').toString()).toBe(
      'app=api,tier notin (a,b),!canary,team',
    );
  });

  it.each([
    'app===api',
    'app in ()',
    'app in (a,(b))',
    'app in a',
    'a b',
    '=x',
    'app=a,,b=c',
    '-app=x',
    'app-=x',
    `${'k'.repeat(64)}`,
    `UPPER.example/${'k'.repeat(64)}`,
    'Bad_Prefix/key=x',
    `app=${'v'.repeat(64)}`,
    'app=-x',
    'app>1',
    'x'.repeat(1025),
  ])('refuses %j with BAD_USER_INPUT', (text) => {
    expect(() => LabelSelector.parse(text)).toThrow(
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'labelSelector' } }),
    );
  });
});
