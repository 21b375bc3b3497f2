// Reading an input file named in the config or on the command line (export files, baseline, --compare):
// only a regular file, and only up to a cap, so `/dev/zero`, a FIFO or a runaway file is a clear error
// rather than a hang or an out-of-memory crash.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { formatBytes } from './bytes.js';

/**
 * 256 MiB: far above any real export page, and below V8's longest string (about 512 MiB), which
 * JSON.parse needs the whole text in; past it Node fails with a message that names no file.
 */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** Why a file could not be read, in words for a person; `code` is the errno code when there is one. */
export class InputFileError extends Error {
  override readonly name = 'InputFileError';

  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const CHUNK = 1024 * 1024;

export async function readRegularFile(file: string, limit: number = MAX_INPUT_BYTES): Promise<Buffer> {
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO nobody writes to would otherwise wait for ever.
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputFileError(code === 'EISDIR' ? 'it is a folder, not a regular file' : (code ?? (error as Error).message), code);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new InputFileError(`it is ${kindOf(info)}, not a regular file`);
    const tooLarge = () => new InputFileError(`it is larger than the ${formatBytes(limit)} backlint reads from one file`);
    if (info.size > limit) throw tooLarge();
    // Read to the end rather than trusting the size: a file may grow while it is read.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit) throw tooLarge();
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/** What a path is when it is not a regular file, for messages: `a folder`, `a named pipe (FIFO)`. */
export function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}
