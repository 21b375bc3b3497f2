// Reading export files (SPEC §3.3): a path may be a file, a directory (every *.json in it, sorted) or a glob.
import { isUtf8 } from 'node:buffer';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { SourceConfig } from '../config/schema.js';
import { BacklintError } from '../errors.js';
import { formatPath } from '../json-path.js';
import { displayPath } from '../display-path.js';
import { InputFileError, readRegularFile } from '../read-file.js';

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export async function expandExportPaths(sourceName: string, paths: string | readonly string[]): Promise<string[]> {
  // Loaded here, not with the module: only export sources expand paths, and a live run need not parse it.
  const { glob, isDynamicPattern } = await import('tinyglobby');
  const files: string[] = [];
  for (const entry of typeof paths === 'string' ? [paths] : paths) {
    if (isDynamicPattern(entry)) {
      const matches = await glob(entry.split(path.sep).join('/'), { absolute: true, onlyFiles: true });
      if (matches.length === 0) throw new BacklintError('source', `Source ${sourceName}: no file matches ${entry}.`);
      for (const match of matches.sort(byName)) files.push(match);
      continue;
    }
    const info = await stat(entry).catch(() => null);
    if (!info) throw new BacklintError('source', `Source ${sourceName}: ${displayPath(entry)} does not exist.`);
    if (info.isDirectory()) {
      const matches = await glob('*.json', { cwd: entry, absolute: true, onlyFiles: true });
      if (matches.length === 0) throw new BacklintError('source', `Source ${sourceName}: the folder ${displayPath(entry)} holds no *.json file.`);
      for (const match of matches.sort(byName)) files.push(match);
    } else {
      files.push(entry);
    }
  }
  return [...new Set(files)];
}

/** Every file the export sources read (files, folders and globs expanded, fields files), to keep reports off them. */
export async function exportFilesOf(sources: readonly SourceConfig[]): Promise<string[]> {
  const files: string[] = [];
  for (const source of sources) {
    if (source.type !== 'jira-export' && source.type !== 'azure-devops-export') continue;
    // A path that does not expand is the fetch's error to report, with its own message.
    files.push(...(await expandExportPaths(source.name, source.path).catch(() => [])));
    if (source.fieldsFile !== undefined) files.push(source.fieldsFile);
    if (source.type === 'azure-devops-export' && source.iterationsFile !== undefined) files.push(source.iterationsFile);
    if (source.type === 'jira-export') {
      for (const pages of Object.values(source.boardSprints ?? {})) files.push(...(await expandExportPaths(source.name, pages).catch(() => [])));
    }
  }
  return files;
}

/** One export file: a regular file of at most MAX_INPUT_BYTES (`/dev/zero` or a FIFO is refused, not read for ever). */
export async function readJsonFile(sourceName: string, file: string): Promise<unknown> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file);
  } catch (error) {
    const why = error instanceof InputFileError ? error.message : (error as Error).message;
    throw new BacklintError('source', `Source ${sourceName}: cannot read ${displayPath(file)}: ${why}.`);
  }
  // Microsoft's saved responses often start with a byte order mark; Windows PowerShell's Out-File and
  // `>` write UTF-16 with one.
  const text = decodeText(bytes);
  if (text === null) {
    const invalid = firstInvalidUtf8(bytes);
    const convert = invalid.latin1 ? ', or convert it (iconv -f WINDOWS-1252 -t UTF-8)' : '';
    throw new BacklintError('source', `Source ${sourceName}: ${displayPath(file)} is not valid UTF-8: ${invalid.said}. JSON must be UTF-8 (RFC 8259): save the export as UTF-8${convert}.`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BacklintError('source', `Source ${sourceName}: ${displayPath(file)} is not valid JSON: ${(error as Error).message}.`);
  }
}

/** The text of an export file; null when it is neither UTF-16 with a byte order mark nor valid UTF-8. */
function decodeText(bytes: Buffer): string | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  // isUtf8 (simdutf) checks 150 MB in a few milliseconds; a fatal TextDecoder would decode it all a second time.
  if (!isUtf8(bytes)) return null;
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * Where the first invalid UTF-8 sequence starts, and whether the file looks like Latin-1 / Windows-1252
 * (a byte from 0x80 up standing alone between ASCII bytes). Only run on a file that failed isUtf8.
 */
function firstInvalidUtf8(bytes: Buffer): { said: string; latin1: boolean } {
  // Everything before the first invalid sequence decodes as it is, so the first U+FFFD that is not an
  // encoded U+FFFD (EF BF BD) sits at that sequence's byte offset.
  const text = bytes.toString('utf8');
  let offset = 0;
  let at = 0;
  for (let found = text.indexOf('\uFFFD'); found !== -1; found = text.indexOf('\uFFFD', found + 1)) {
    offset += Buffer.byteLength(text.slice(at, found), 'utf8');
    at = found;
    if (bytes[offset] !== 0xef || bytes[offset + 1] !== 0xbf || bytes[offset + 2] !== 0xbd) break;
  }
  const byte = bytes[offset] ?? 0;
  const hex = `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  const alone = byte >= 0x80 && (offset === 0 || bytes[offset - 1]! < 0x80) && (offset + 1 >= bytes.length || bytes[offset + 1]! < 0x80);
  const latin = alone ? new TextDecoder('windows-1252').decode(bytes.subarray(offset, offset + 1)) : '';
  return { said: `the byte ${hex} at byte offset ${offset} starts no valid sequence${alone ? ` (the file looks like Latin-1 / Windows-1252, where ${hex} is '${latin}')` : ''}`, latin1: alone };
}

/** Validates a payload, turning the first zod issues into an error that names the file and the JSON path. */
export function parsePayload<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: { source: string; file: string; path?: readonly (string | number)[]; expected: string },
): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 3).map((issue) => `${formatPath([...(where.path ?? []), ...issue.path])}: ${describeIssue(issue)}`);
  throw new BacklintError(
    'source',
    `Source ${where.source}: ${displayPath(where.file)} is not ${where.expected}:\n  ${issues.join('\n  ')}`,
  );
}

/** Names a place inside a loaded file for error messages: `Source x: file.json: issues[3].fields.customfield_1`. */
export const whereIn = (prefix: string, base: readonly (string | number)[]) => (path: (string | number)[]) =>
  `${prefix}: ${formatPath([...base, ...path])}`;

/** zod's wording, except that a missing key says so (an export saved with too narrow a `fields=` list). */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) return `missing (expected ${issue.expected}); was the export saved with a fields list that leaves it out?`;
  return issue.message;
}
