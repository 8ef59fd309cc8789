import { open, rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Streams `source` into `destination`, which must not exist yet (a run's folder is fresh, so an
 * existing file there is a bug, never something to overwrite). A copy that fails half-way is
 * removed, so a run never sees a truncated input.
 */
export async function streamToNewFile(source: Readable, destination: string): Promise<void> {
  let target;
  try {
    target = await open(destination, 'wx');
  } catch (error) {
    source.destroy();
    throw error;
  }
  try {
    await pipeline(source, target.createWriteStream());
  } catch (error) {
    await target.close().catch(() => {});
    await rm(destination, { force: true });
    throw error;
  }
}
