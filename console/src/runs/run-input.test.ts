import { describe, expect, it } from 'vitest';
import { parseRunInput, tail } from './run-input';

describe('run input', () => {
  it('accepts a JSON object, and empty text as {}', () => {
    expect(parseRunInput('{"name": "x"}')).toEqual({ value: { name: 'x' } });
    expect(parseRunInput('  ')).toEqual({ value: {} });
  });

  it('refuses what is not JSON or not an object, saying why', () => {
    expect(parseRunInput('{name')).toMatchObject({ error: expect.stringMatching(/^Not JSON/) });
    expect(parseRunInput('[1]')).toEqual({ error: 'The input must be a JSON object, such as {"name": "x"}' });
    expect(parseRunInput('null')).toMatchObject({ error: expect.any(String) });
  });

  it('keeps the end of a long output', () => {
    expect(tail('abcdef', 3)).toBe('…def');
    expect(tail('abc', 3)).toBe('abc');
  });
});
