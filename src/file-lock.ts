// A lock on a file that several runs read, change and replace (the `--history` file, SPEC §10): the
// read-modify-write is one run's at a time, or parallel CI jobs lose each other's lines. The lock is a
// file beside the target, created with O_EXCL, that says who holds it (pid, host, time). A run waits for
// it a bounded time; a lock whose holder is gone (its pid is not running on this host, or it is older
// than STALE_MS) is broken. Not an npm library: proper-lockfile and lockfile, the known ones, have not
// been released since 2021 and 2018, and a mkdir lock records no holder to tell a crashed run by.
import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeDirs } from './make-dirs.js';

/** How long a run waits for another to finish with the file. */
export const WAIT_MS = 60_000;
/** A lock older than this is a crashed run's, whatever its pid: no run holds one for so long. */
export const STALE_MS = 10 * 60_000;

export interface FileLock {
  /** The lock file's path. */
  readonly file: string;
  release(): Promise<void>;
}

/** Why the lock could not be taken in time, with its holder as its file says. */
export class LockBusyError extends Error {
  override readonly name = 'LockBusyError';

  constructor(
    readonly lockFile: string,
    readonly holder: string,
  ) {
    super(`${lockFile} is held by ${holder}`);
  }
}

interface Holder {
  pid: number;
  host: string;
  at: number;
}

/** Takes the lock on `target` (the file `target.lock`); throws LockBusyError after `waitMs`. */
export async function lockFile(target: string, options: { waitMs?: number; staleMs?: number } = {}): Promise<FileLock> {
  const file = `${target}.lock`;
  const waitMs = options.waitMs ?? WAIT_MS;
  const staleMs = options.staleMs ?? STALE_MS;
  const started = Date.now();
  // The folders a new target needs are made for its lock, and removed again if they stay empty.
  let createdDir: string | undefined;
  for (;;) {
    const me: Holder = { pid: process.pid, host: hostname(), at: Date.now() };
    try {
      await nodeFs.writeFile(file, `${JSON.stringify(me)}\n`, { flag: 'wx' });
      const { ino } = await nodeFs.stat(file);
      return { file, release: () => release(file, ino, createdDir) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && createdDir === undefined) {
        createdDir = await makeDirs(path.dirname(file));
        if (createdDir !== undefined) continue;
      }
      if (code !== 'EEXIST') throw error;
    }
    const held = await inspect(file);
    if (held === null) continue; // released in between
    if (isStale(held.holder, held.mtimeMs, staleMs)) {
      await breakLock(file, held.ino);
      continue;
    }
    if (Date.now() - started >= waitMs) throw new LockBusyError(file, describeHolder(held.holder, held.mtimeMs));
    await sleep(20 + Math.floor(Math.random() * 40));
  }
}

async function inspect(file: string): Promise<{ holder: Holder | null; mtimeMs: number; ino: number } | null> {
  try {
    const info = await nodeFs.stat(file);
    const text = await nodeFs.readFile(file, 'utf8');
    return { holder: parseHolder(text), mtimeMs: info.mtimeMs, ino: info.ino };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function parseHolder(text: string): Holder | null {
  try {
    const value = JSON.parse(text) as Partial<Holder>;
    return typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.at === 'number' ? (value as Holder) : null;
  } catch {
    return null; // being written: judged by its age alone
  }
}

function isStale(holder: Holder | null, mtimeMs: number, staleMs: number): boolean {
  if (Date.now() - mtimeMs > staleMs) return true;
  if (holder === null || holder.host !== hostname() || holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Removes a stale lock, but only the one judged stale: it is first renamed aside (atomic), and if what
 * was moved is a newer lock taken meanwhile, that one is put back.
 */
async function breakLock(file: string, staleIno: number): Promise<void> {
  const aside = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.stale`);
  try {
    await nodeFs.rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await nodeFs.stat(aside);
  if (moved.ino !== staleIno) await nodeFs.link(aside, file).catch(() => undefined);
  await nodeFs.unlink(aside).catch(() => undefined);
}

async function release(file: string, ino: number, createdDir: string | undefined): Promise<void> {
  const info = await nodeFs.stat(file).catch(() => null);
  if (info?.ino === ino) await nodeFs.unlink(file).catch(() => undefined);
  if (createdDir === undefined) return;
  for (let at = path.dirname(file); at.startsWith(createdDir); at = path.dirname(at)) {
    if (!(await nodeFs.rmdir(at).then(() => true, () => false)) || at === createdDir) return;
  }
}

function describeHolder(holder: Holder | null, mtimeMs: number): string {
  const since = `${Math.round((Date.now() - mtimeMs) / 1000)} s`;
  return holder === null ? `a run that has held it for ${since}` : `process ${holder.pid} on ${holder.host}, for ${since}`;
}
