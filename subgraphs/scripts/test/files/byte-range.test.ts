import { describe, expect, it } from 'vitest';
import { parseRange } from '../../src/files/store/byte-range.js';

describe('Range headers of the local download route', () => {
  const partial = (start: number, end: number) => ({ kind: 'partial', range: { start, end } });
  const cases: Array<[string | undefined, number, unknown]> = [
    [undefined, 100, { kind: 'whole' }],
    ['bytes=0-9', 100, partial(0, 9)],
    ['bytes=10-', 100, partial(10, 99)],
    ['bytes=-10', 100, partial(90, 99)],
    ['bytes=-1000', 100, partial(0, 99)],
    ['bytes=90-1000', 100, partial(90, 99)],
    ['bytes=99-99', 100, partial(99, 99)],
    ['BYTES=0-0', 100, partial(0, 0)],
    ['bytes=100-', 100, { kind: 'unsatisfiable' }],
    ['bytes=100-200', 100, { kind: 'unsatisfiable' }],
    ['bytes=-0', 100, { kind: 'unsatisfiable' }],
    ['bytes=0-', 0, { kind: 'unsatisfiable' }],
    ['bytes=-5', 0, { kind: 'unsatisfiable' }],
    // Ignored, the whole file is sent: several ranges, a reversed one, another unit, garbage.
    ['bytes=0-1,5-6', 100, { kind: 'whole' }],
    ['bytes=9-0', 100, { kind: 'whole' }],
    ['items=0-9', 100, { kind: 'whole' }],
    ['bytes=-', 100, { kind: 'whole' }],
    ['bytes=a-b', 100, { kind: 'whole' }],
    ['bytes=99999999999999999999-', 100, { kind: 'whole' }],
  ];
  it.each(cases)('%s of %i bytes', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});
