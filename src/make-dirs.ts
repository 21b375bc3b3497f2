// `mkdir -p` one level at a time. Node's own recursive mkdir never returns when a level cannot be made
// with ENOENT although its parent exists (a pseudo file system: `--format json:/proc/nope/r.json` spun at
// 100% CPU until killed); made level by level, that is the ENOENT it is.
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Makes `dir` and the folders above it that are missing; the first folder it made (as fs.mkdir's recursive does), else undefined. */
export async function makeDirs(dir: string): Promise<string | undefined> {
  const missing: string[] = [];
  for (let at = path.resolve(dir); ; ) {
    const found = await stat(at).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : Promise.reject(error)));
    if (found !== null) {
      if (!found.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: 'ENOTDIR', path: at });
      break;
    }
    missing.push(at);
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  let first: string | undefined;
  for (const level of missing.reverse()) {
    try {
      await mkdir(level);
      first ??= level;
    } catch (error) {
      // Made meanwhile by someone else: as good.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return first;
}
