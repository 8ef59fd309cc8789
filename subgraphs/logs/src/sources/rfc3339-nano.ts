const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

/** The last whole second parsed: consecutive log lines nearly always share it. */
let lastSecond = { text: '', zone: '', ms: 0 };

/**
 * An RFC 3339 timestamp with up to nine fraction digits, split into a Date and the nanoseconds
 * below its millisecond. It runs once per line read, so the date-and-time part of the previous
 * call is reused when it repeats, and the instant is computed from the parts, not `new Date(text)`.
 */
export function parseRfc3339Nano(text: string): { time: Date; nanos: number } | null {
  const p = TIMESTAMP.exec(text);
  if (!p) return null;
  const second = text.slice(0, 19);
  const zone = p[8]!;
  if (second !== lastSecond.text || zone !== lastSecond.zone) {
    const [month, day, hour, minute, sec] = [p[2], p[3], p[4], p[5], p[6]].map(Number) as [
      number,
      number,
      number,
      number,
      number,
    ];
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || sec > 60) return null;
    const offset =
      zone.toUpperCase() === 'Z'
        ? 0
        : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
    lastSecond = {
      text: second,
      zone,
      ms: Date.UTC(Number(p[1]), month - 1, day, hour, minute, sec) - offset * 60_000,
    };
  }
  const fraction = p[7] ?? '';
  const nanos = fraction === '' ? 0 : Number(fraction) * 10 ** (9 - fraction.length);
  return { time: new Date(lastSecond.ms + Math.floor(nanos / 1_000_000)), nanos: nanos % 1_000_000 };
}
