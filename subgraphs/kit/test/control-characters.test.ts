import { describe, expect, it } from 'vitest';
import { hasControlCharacter } from '@etl/kit';

describe('control characters, one rule for every subgraph', () => {
  it.each([
    ['NUL', '\u0000'],
    ['a bell', '\u0007'],
    ['a tab', '\t'],
    ['a newline', '\n'],
    ['DEL', '\u007f'],
    ['a C1 control (NEL)', '\u0085'],
    ['the last C1 control', '\u009f'],
  ])('finds %s in a name', (_, character) => {
    expect(hasControlCharacter(`a${character}b`)).toBe(true);
  });

  it.each([
    ['plain text', 'analysis.py'],
    ['a no-break space', 'a\u00a0b'],
    ['accents and emoji', 'Géologie 🪨'],
  ])('finds none in %s', (_, text) => {
    expect(hasControlCharacter(text)).toBe(false);
  });

  it('lets free text hold tabs and line breaks, and nothing else of the kind', () => {
    expect(hasControlCharacter('line one\r\n\tline two', { allowLineBreaks: true })).toBe(false);
    expect(hasControlCharacter('line one\r\n\tline two')).toBe(true);
    expect(hasControlCharacter('a\u0000b', { allowLineBreaks: true })).toBe(true);
    expect(hasControlCharacter('a\u0085b', { allowLineBreaks: true })).toBe(true);
  });
});
