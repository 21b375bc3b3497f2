// The output stage (SPEC §8, §12): the report files and the baseline of one run are one transaction.
// planOutputs checks every target before anything is fetched; writeOutputs stages every file as a
// temp file beside its target (so the rename is atomic), keeps a hard link to each old file, then
// renames them all. A failure anywhere removes what was staged and puts back what was replaced: no
// old file is lost and no temp file is left.
//
// Targets: a path that exists must be a regular file. A symlink is written through, as ESLint's
// --output-file does: its final target is replaced (atomically, in that file's own folder) and the
// "Report written" line shows where it went; a link to anything but a regular file, or a dangling
// link, is refused. `-`, /dev/stdout, /dev/fd/1 and /proc/self/fd/1 mean stdout.
import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import * as nodeFs from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { displayPath } from './display-path.js';
import { makeDirs } from './make-dirs.js';
import { kindOf } from './read-file.js';
import { BacklintError } from './errors.js';
import { HeapKeeper } from './heap.js';
import type { Report } from './model.js';
import { FORMAT_NAMES, type FormatName, type ReporterOptions } from './reporters/types.js';
import { redactKnownSecrets } from './safe-output.js';

/** What a file gets: its text, or its pieces in order (a long report, never one string). */
export type FileText = string | Iterable<string>;

export interface FormatTarget {
  name: string;
  /** null: stdout. */
  path: string | null;
}

/** A regular file this run will replace (or create). */
export interface FileTarget {
  /** What it is, for messages: `the json report`, `the baseline`. */
  what: string;
  /** The path as given, and where a symlink really leads: `out/report.json -> /srv/reports/report.json`. */
  shown: string;
  /** The file to replace: a symlink's final target, absolute. */
  file: string;
}

export interface OutputPlan {
  reports: { name: FormatName; target: FileTarget | null }[];
  baseline: FileTarget | null;
  /** The `--history` file, rewritten with this run appended. */
  history: FileTarget | null;
}

export interface PlanInput {
  cwd: string;
  formats: readonly FormatTarget[];
  /** The baseline file, when --update-baseline writes it. */
  baseline: string | null;
  /** The `--history` file (read, then rewritten with this run). */
  history?: string | null;
  /** Files this run reads (config, exports, baseline, --compare): no output may replace one. */
  inputs: readonly { what: string; file: string }[];
}

/** The file system calls of this stage; tests inject failures (ENOSPC, EACCES) here. */
export interface OutputFs {
  lstat(file: string): Promise<Stats>;
  stat(file: string): Promise<Stats>;
  realpath(file: string): Promise<string>;
  readlink(file: string): Promise<string>;
  access(file: string, mode: number): Promise<void>;
  mkdir(dir: string, options: { recursive: true }): Promise<string | undefined>;
  rmdir(dir: string): Promise<void>;
  /** Creates `file` (it must not exist), writes `text` (or its pieces, in order) and flushes it to disk. */
  writeNewFile(file: string, text: FileText, mode: number): Promise<void>;
  chmod(file: string, mode: number): Promise<void>;
  chown(file: string, uid: number, gid: number): Promise<void>;
  link(existing: string, newPath: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
}

/** Every byte of `bytes`, however many writes the system takes. */
async function writeAll(handle: nodeFs.FileHandle, bytes: Uint8Array): Promise<void> {
  for (let done = 0; done < bytes.length; ) done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
}

/** Bytes per write of a report written in pieces. */
const WRITE_SIZE = 1 << 20;

export const nodeOutputFs: OutputFs = {
  lstat: (file) => nodeFs.lstat(file),
  stat: (file) => nodeFs.stat(file),
  realpath: (file) => nodeFs.realpath(file),
  readlink: (file) => nodeFs.readlink(file),
  access: (file, mode) => nodeFs.access(file, mode),
  // Not fs.mkdir's own recursive mode, which never returns for some paths (see make-dirs.ts).
  mkdir: (dir) => makeDirs(dir),
  rmdir: (dir) => nodeFs.rmdir(dir),
  async writeNewFile(file, text, mode) {
    const handle = await nodeFs.open(file, 'wx', mode);
    try {
      if (typeof text === 'string') await handle.writeFile(text, 'utf8');
      else {
        // Pieces encoded into one reused buffer and written a megabyte at a time: few system calls, and
        // neither the whole text nor a fresh megabyte string and buffer per write (fresh pages are slow).
        const heap = new HeapKeeper();
        const buffer = Buffer.allocUnsafe(WRITE_SIZE);
        let used = 0;
        for (const piece of text) {
          // A UTF-16 code unit takes at most 3 bytes in UTF-8 (a surrogate pair, 2 units, takes 4).
          const most = piece.length * 3;
          if (used > 0 && used + most > WRITE_SIZE) {
            await writeAll(handle, buffer.subarray(0, used));
            used = 0;
            heap.afterBatch();
          }
          if (most > WRITE_SIZE) await writeAll(handle, Buffer.from(piece, 'utf8'));
          else used += buffer.write(piece, used, 'utf8');
        }
        if (used > 0) await writeAll(handle, buffer.subarray(0, used));
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  chmod: (file, mode) => nodeFs.chmod(file, mode),
  chown: (file, uid, gid) => nodeFs.chown(file, uid, gid),
  link: (existing, newPath) => nodeFs.link(existing, newPath),
  copyFile: (from, to) => nodeFs.copyFile(from, to, constants.COPYFILE_EXCL),
  rename: (from, to) => nodeFs.rename(from, to),
  unlink: (file) => nodeFs.unlink(file),
};

const STDOUT_PATHS = new Set(['-', '/dev/stdout', '/dev/fd/1', '/proc/self/fd/1']);

/** `--format json:-`, `json:/dev/stdout` and the like write to stdout, as no path does; `./-` is a file named `-`. */
export const isStdoutPath = (file: string): boolean => STDOUT_PATHS.has(file) || (file.startsWith('/') && STDOUT_PATHS.has(path.posix.normalize(file)));

/** Checks every format and target before anything is fetched; throws a usage error naming the culprit. */
export async function planOutputs(input: PlanInput, fs: OutputFs = nodeOutputFs): Promise<OutputPlan> {
  const formats: FormatTarget[] = input.formats.length > 0 ? [...input.formats] : [{ name: 'stylish', path: null }];
  const reports: OutputPlan['reports'] = [];
  for (const format of formats) {
    const name = FORMAT_NAMES.find((known) => known === format.name);
    if (name === undefined) throw new BacklintError('usage', `--format ${format.name}: unknown format. Formats: ${FORMAT_NAMES.join(', ')}.`);
    const file = format.path === null || format.path === '' || isStdoutPath(format.path) ? null : format.path;
    reports.push({ name, target: file === null ? null : await resolveTarget(`the ${format.name} report`, file, input.cwd, fs) });
  }
  if (reports.filter((report) => report.target === null).length > 1) {
    throw new BacklintError('usage', 'Only one --format can write to stdout; give the others a path (--format json:report.json).');
  }
  const baseline = input.baseline === null ? null : await resolveTarget('the baseline', displayPath(input.baseline, input.cwd), input.cwd, fs);

  const history = input.history ? await resolveTarget('the history file', displayPath(input.history, input.cwd), input.cwd, fs) : null;

  const outputs = [...reports.flatMap((report) => (report.target ? [report.target] : [])), ...(baseline ? [baseline] : []), ...(history ? [history] : [])];
  const seen: { target: FileTarget; where: Place }[] = [];
  for (const target of outputs) {
    const where = await locate(target.file, fs);
    const clash = seen.find((other) => samePlace(other.where, where));
    if (clash) {
      throw new BacklintError('usage', `${capitalise(clash.target.what)} (${clash.target.shown}) and ${target.what} (${target.shown}) are the same file; give each its own path.`);
    }
    seen.push({ target, where });
  }
  await refuseOverwritingInputs(outputs, input.inputs, input.cwd, fs);
  return { reports, baseline, history };
}

/**
 * Throws a usage error when an output would replace a file the run reads (the config, a baseline, an
 * export), by any path to it: the same name, a link, another spelling of the folder.
 */
export async function refuseOverwritingInputs(outputs: readonly FileTarget[], inputs: PlanInput['inputs'], cwd: string, fs: OutputFs = nodeOutputFs): Promise<void> {
  const located = await Promise.all(outputs.map(async (target) => ({ target, where: await locate(target.file, fs) })));
  for (const read of inputs) {
    const where = await locate(path.resolve(cwd, read.file), fs);
    const clash = located.find((other) => samePlace(other.where, where));
    if (clash) {
      throw new BacklintError('usage', `${capitalise(clash.target.what)} (${clash.target.shown}) would overwrite ${read.what} ${displayPath(read.file, cwd)}; give it another path.`);
    }
  }
}

/** One output path: an existing regular file, a symlink to one, or a new file in a folder that is (or can be) there. */
async function resolveTarget(what: string, given: string, cwd: string, fs: OutputFs): Promise<FileTarget> {
  const absolute = path.resolve(cwd, given);
  const refuse = (why: string) => new BacklintError('usage', `Cannot write ${what} to ${given}: ${why}`);
  const entry = await statOrNull(() => fs.lstat(absolute), refuse);
  if (entry === null) {
    await checkFolderFor(absolute, cwd, fs, refuse);
    return { what, shown: given, file: absolute };
  }
  if (entry.isSymbolicLink()) {
    const final = await statOrNull(() => fs.stat(absolute), refuse);
    if (final === null) {
      const to = await fs.readlink(absolute).catch(() => '?');
      throw refuse(`it is a symbolic link to ${to}, which does not exist. backlint writes through a link only to an existing regular file.`);
    }
    const real = await fs.realpath(absolute);
    if (!final.isFile()) throw refuse(`it is a symbolic link to ${real}, which is ${kindOf(final)}, not a regular file.`);
    await checkWritable(path.dirname(real), fs, refuse);
    return { what, shown: `${given} -> ${real}`, file: real };
  }
  if (!entry.isFile()) throw refuse(`it is ${kindOf(entry)}, not a regular file. Give the path of a file.`);
  await checkWritable(path.dirname(absolute), fs, refuse);
  return { what, shown: given, file: absolute };
}

/** The nearest existing folder above a new file must be a folder we may write in (the rest is created). */
async function checkFolderFor(file: string, cwd: string, fs: OutputFs, refuse: (why: string) => BacklintError): Promise<void> {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const info = await fs.stat(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
      throw refuse(`cannot look at ${displayPath(dir, cwd)} (${reasonOf(error)}).`);
    });
    if (info === null && path.dirname(dir) !== dir) continue;
    if (info === null || !info.isDirectory()) throw refuse(`${displayPath(dir, cwd)} is ${info?.isFile() ? 'a file' : info ? kindOf(info) : 'missing'}, not a folder.`);
    await checkWritable(dir, fs, refuse);
    return;
  }
}

async function checkWritable(dir: string, fs: OutputFs, refuse: (why: string) => BacklintError): Promise<void> {
  await fs.access(dir, constants.W_OK).catch((error: NodeJS.ErrnoException) => {
    throw refuse(`cannot create files in the folder ${dir} (${reasonOf(error)}).`);
  });
}

async function statOrNull(stat: () => Promise<Stats>, refuse: (why: string) => BacklintError): Promise<Stats | null> {
  try {
    return await stat();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null; // ENOTDIR: checkFolderFor names the file in the way
    throw refuse(`${reasonOf(error)}.`);
  }
}

interface Place {
  real: string;
  stats: Stats | null;
}

/** Where a path really is: its real path (links and `..` resolved) and, when it exists, its inode. */
async function locate(file: string, fs: OutputFs): Promise<Place> {
  const rest: string[] = [];
  for (let at = path.resolve(file); ; at = path.dirname(at)) {
    try {
      const real = path.join(await fs.realpath(at), ...rest);
      return { real, stats: rest.length === 0 ? await fs.stat(real).catch(() => null) : null };
    } catch {
      if (path.dirname(at) === at) return { real: path.resolve(file), stats: null };
      rest.unshift(path.basename(at));
    }
  }
}

const samePlace = (a: Place, b: Place) =>
  a.real === b.real || (a.stats !== null && b.stats !== null && a.stats.dev === b.stats.dev && a.stats.ino === b.stats.ino);

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of its path is a file, not a folder',
  EROFS: 'the file system is read-only',
  EEXIST: 'something else already has that name',
  EIO: 'input/output error',
  EXDEV: 'it is on another file system',
};

export function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const words = code !== undefined && Object.hasOwn(REASONS, code) ? REASONS[code] : undefined;
  if (words) return `${words} (${code})`;
  return code ?? (error instanceof Error ? error.message : String(error));
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

interface Staged {
  target: FileTarget;
  temp: string;
  /** A hard link (or copy) of the old file, when there was one. */
  backup: string | null;
  /** The first folder this stage created for the file, to remove on failure. */
  createdDir: string | undefined;
  replaced: boolean;
}

const KEPT = 'No report or baseline was written; every old file is kept as it was.';

/** Writes every file or none: see the top of this file. */
export async function writeOutputs(files: readonly { target: FileTarget; text: FileText }[], fs: OutputFs = nodeOutputFs): Promise<void> {
  const staged: Staged[] = [];
  for (const { target, text } of files) {
    const entry: Staged = { target, temp: siblingName(target.file, 'tmp'), backup: null, createdDir: undefined, replaced: false };
    staged.push(entry);
    try {
      await stage(entry, typeof text === 'string' ? redactKnownSecrets(text) : redactedPieces(text), fs);
    } catch (error) {
      await discard(staged, fs);
      throw new BacklintError('io', `Cannot write ${target.what} ${target.shown}: ${reasonOf(error)}. ${KEPT}`);
    }
  }
  for (const entry of staged) {
    try {
      await fs.rename(entry.temp, entry.target.file);
      entry.replaced = true;
    } catch (error) {
      const unrestored = await rollBack(staged, fs);
      const lost = unrestored.map((failed) => ` Could not put back ${failed.target.shown}; its old content is in ${failed.backup}.`).join('');
      throw new BacklintError('io', `Cannot replace ${entry.target.what} ${entry.target.shown}: ${reasonOf(error)}. ${lost ? `Nothing else was changed.${lost}` : KEPT}`);
    }
  }
  for (const entry of staged) if (entry.backup) await fs.unlink(entry.backup).catch(() => undefined);
}

/** Each piece of a report written in pieces holds whole values, so no secret spans two (see jsonChunks). */
function* redactedPieces(pieces: Iterable<string>): Generator<string> {
  for (const piece of pieces) yield redactKnownSecrets(piece);
}

/** The temp file beside the target, with the old file's mode and owner, and a link to the old file. */
async function stage(entry: Staged, text: FileText, fs: OutputFs): Promise<void> {
  const dir = path.dirname(entry.target.file);
  entry.createdDir = await fs.mkdir(dir, { recursive: true });
  const old = await fs.lstat(entry.target.file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (old && !old.isFile()) throw Object.assign(new Error(`it is now ${kindOf(old)}`), { code: old.isDirectory() ? 'EISDIR' : undefined });
  await fs.writeNewFile(entry.temp, text, old ? old.mode & 0o7777 : 0o666);
  if (!old) return;
  await fs.chmod(entry.temp, old.mode & 0o7777);
  if (process.getuid?.() === 0) await fs.chown(entry.temp, old.uid, old.gid).catch(() => undefined);
  const backup = siblingName(entry.target.file, 'old');
  // A hard link keeps the old file without a moment in which the target is missing; a copy where links are not supported.
  await fs.link(entry.target.file, backup).catch(() => fs.copyFile(entry.target.file, backup));
  entry.backup = backup;
}

/** Staging failed: remove every temp file, backup and folder made so far. */
async function discard(staged: readonly Staged[], fs: OutputFs): Promise<void> {
  for (const entry of [...staged].reverse()) {
    await fs.unlink(entry.temp).catch(() => undefined);
    if (entry.backup) await fs.unlink(entry.backup).catch(() => undefined);
    await removeCreatedDirs(path.dirname(entry.target.file), entry.createdDir, fs);
  }
}

/** A rename failed: put each replaced file back from its backup (or remove it if it is new), then discard the rest. Returns what could not be restored. */
async function rollBack(staged: readonly Staged[], fs: OutputFs): Promise<Staged[]> {
  const unrestored: Staged[] = [];
  for (const entry of [...staged].reverse()) {
    if (entry.replaced) {
      try {
        if (entry.backup) await fs.rename(entry.backup, entry.target.file);
        else await fs.unlink(entry.target.file);
        entry.backup = null;
      } catch {
        unrestored.push(entry);
        continue;
      }
    }
    await fs.unlink(entry.temp).catch(() => undefined);
    if (entry.backup) await fs.unlink(entry.backup).catch(() => undefined);
    await removeCreatedDirs(path.dirname(entry.target.file), entry.createdDir, fs);
  }
  return unrestored;
}

/** Removes the folders mkdir created (deepest first, only while empty). */
async function removeCreatedDirs(dir: string, created: string | undefined, fs: OutputFs): Promise<void> {
  if (created === undefined) return;
  for (let at = dir; at.startsWith(created); at = path.dirname(at)) {
    if (!(await fs.rmdir(at).then(() => true, () => false))) return;
    if (at === created) return;
  }
}

function siblingName(file: string, kind: 'tmp' | 'old'): string {
  return path.join(path.dirname(file), `.${path.basename(file).slice(0, 100)}.${process.pid}-${randomBytes(4).toString('hex')}.backlint-${kind}`);
}

/**
 * The reporters, imported once. `check` starts this while its first requests are out, so that loading them
 * fills time spent waiting on the tracker rather than delaying the first request.
 */
export const loadReporters = (() => {
  let loading: Promise<typeof import('./reporters/index.js')> | null = null;
  return () => (loading ??= import('./reporters/index.js'));
})();

/**
 * The run's last step, shared by check and merge: every planned report rendered (colour and terminal width
 * only for stdout), the files written with `extra` (baseline, history) as one transaction; what goes to
 * stdout, and a line per report file written.
 */
export async function emitReports(
  plan: OutputPlan,
  report: Report,
  options: ReporterOptions,
  extra: readonly { target: FileTarget; text: string }[] = [],
): Promise<{ stdout: string; written: string[] }> {
  // The reporters are loaded only now (a run's start-up does not wait for them: see loadReporters).
  const { reportPieces, reporters } = await loadReporters();
  // A file whose format can be written in pieces is rendered as it is written, never whole in memory.
  const rendered = plan.reports.map(({ name, target }) => {
    const inPieces = target === null ? undefined : reportPieces.get(name);
    const render = reporters.get(name)!;
    return {
      name,
      target,
      text: inPieces ? inPieces(report) : render(report, { ...options, color: target === null && options.color, width: target === null ? options.width : undefined }),
    };
  });
  await writeOutputs([...rendered.flatMap(({ target, text }) => (target ? [{ target, text }] : [])), ...extra]);
  return {
    stdout: rendered.flatMap((entry) => (entry.target === null && typeof entry.text === 'string' ? [entry.text] : [])).join(''),
    written: rendered.flatMap(({ name, target }) => (target ? [`Report written: ${target.shown} (${name})`] : [])),
  };
}
