import { open } from 'node:fs/promises';

/** A file read at chosen offsets: how the files source tails a log without reading it whole. */
export interface RandomAccessFile {
  readonly size: number;
  /** Up to `length` bytes from `position`. */
  read(position: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

/** Opens log files; tests and the benchmark pass one that counts the bytes read. */
export type LogFileOpener = (path: string) => Promise<RandomAccessFile>;

export const openLogFile: LogFileOpener = async (path) => {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return {
      size,
      async read(position, length) {
        const buffer = Buffer.allocUnsafe(length);
        const { bytesRead } = await handle.read(buffer, 0, length, position);
        return buffer.subarray(0, bytesRead);
      },
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
};

/** An opener that adds up what it reads, for measuring how little of a big file a tail touches. */
export function countingOpener(inner: LogFileOpener = openLogFile): { open: LogFileOpener; bytesRead: () => number } {
  let total = 0;
  return {
    bytesRead: () => total,
    open: async (path) => {
      const file = await inner(path);
      return {
        size: file.size,
        async read(position, length) {
          const chunk = await file.read(position, length);
          total += chunk.length;
          return chunk;
        },
        close: () => file.close(),
      };
    },
  };
}
