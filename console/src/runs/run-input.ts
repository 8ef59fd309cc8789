/** The run input as typed: a JSON object, or why it is not one. */
export function parseRunInput(text: string): { value: Record<string, unknown> } | { error: string } {
  if (text.trim() === '') return { value: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { error: `Not JSON: ${(error as Error).message}` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return { error: 'The input must be a JSON object, such as {"name": "x"}' };
  return { value: parsed as Record<string, unknown> };
}

export const FINISHED_STATUSES = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'KILLED', 'CANCELLED'];
export const isFinished = (status: string) => FINISHED_STATUSES.includes(status);

export const STATUS_COLORS: Record<string, string> = {
  QUEUED: 'gray',
  RUNNING: 'blue',
  SUCCEEDED: 'green',
  FAILED: 'red',
  TIMED_OUT: 'orange',
  KILLED: 'red',
  CANCELLED: 'gray',
};

/** The end of a long output, as a running run's tail shows it. */
export function tail(text: string, maxChars = 8_000): string {
  return text.length <= maxChars ? text : `…${text.slice(text.length - maxChars)}`;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
