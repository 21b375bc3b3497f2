// `--history FILE` (SPEC §10): one JSON line per run with the counts a trend needs (per source, team
// and rule, and the coverage figures of §4), the last HISTORY_LIMIT runs kept. Read by readHistory;
// written by the output stage with the reports, as one transaction; the rest is pure.
import { z } from 'zod';
import { BacklintError } from './errors.js';
import { formatPath } from './json-path.js';
import { looksLikeBaseline, looksLikeReport } from './baseline.js';
import type { Finding, HistoryEntry, SourceSummary, TeamCoverage } from './model.js';
import { InputFileError, readRegularFile } from './read-file.js';
import { LockBusyError, lockFile, type FileLock } from './file-lock.js';

/** Runs kept in the file: over a year of nightly runs on weekdays. */
export const HISTORY_LIMIT = 400;

const count = z.number().int().nonnegative();

/** A team's coverage figures and finding counts (SPEC §4), as the history and the JSON report's `teams[]` hold them. */
export const teamFiguresSchema = z.object({
  team: z.string().nullable(),
  itemsChecked: count,
  stories: count,
  storiesWithAcceptanceCriteria: count,
  storiesWithActiveProductOwner: count,
  epics: count,
  epicsWithActiveProductManager: count,
  errors: count,
  warnings: count,
});

const historyEntrySchema = z.object({
  schemaVersion: z.literal(1),
  generatedAt: z.string(),
  summary: z.object({ itemsChecked: count, errors: count, warnings: count, known: count, suppressed: count }),
  sources: z.array(z.object({ name: z.string(), itemsChecked: count, errors: count, warnings: count })),
  byRule: z.record(z.string(), count),
  teams: z.array(teamFiguresSchema),
});

/** This run as a history line: every finding counts, known (baselined) ones included, since the trend is of the backlog. */
export function historyEntryOf(run: {
  generatedAt: string;
  findings: readonly Finding[];
  itemsChecked: number;
  known: number;
  suppressed: number;
  sources: readonly SourceSummary[];
  teams: readonly TeamCoverage[];
}): HistoryEntry {
  const errorsOf = (findings: readonly Finding[]) => findings.filter((finding) => finding.severity === 'error').length;
  const byRule: Record<string, number> = {};
  for (const { ruleId } of [...run.findings].sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0))) byRule[ruleId] = (byRule[ruleId] ?? 0) + 1;
  const errors = errorsOf(run.findings);
  return {
    schemaVersion: 1,
    generatedAt: run.generatedAt,
    summary: { itemsChecked: run.itemsChecked, errors, warnings: run.findings.length - errors, known: run.known, suppressed: run.suppressed },
    sources: run.sources.map((source) => {
      const own = run.findings.filter((finding) => finding.source === source.name);
      return { name: source.name, itemsChecked: source.itemsChecked, errors: errorsOf(own), warnings: own.length - errorsOf(own) };
    }),
    byRule,
    teams: run.teams.map(({ roster: _roster, sources: _sources, ...team }) => team),
  };
}

/** The runs recorded in a history file's text; `file` is how errors name it. Blank lines are skipped. */
export function parseHistory(text: string, file: string): HistoryEntry[] {
  const lines = text.split('\n');
  const entries: HistoryEntry[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new BacklintError('usage', `--history ${file}: ${whatItIs(text) ?? `line ${index + 1} is not JSON`}. The history file is JSON Lines written by --history: give a new file name, or delete it to start the history again.`);
    }
    const parsed = historyEntrySchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new BacklintError('usage', `--history ${file}: ${whatItIs(text) ?? `line ${index + 1} is not a backlint history entry (${formatPath(issue.path)}: ${issue.message})`}. The history file is JSON Lines written by --history: give a new file name, or delete it to start the history again.`);
    }
    entries.push(parsed.data);
  }
  return entries;
}

/** A JSON report or a baseline given in place of a history file, said plainly; null for anything else. */
function whatItIs(text: string): string | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (looksLikeReport(json)) return 'it is a JSON report (written by --format json), not a history file';
  if (looksLikeBaseline(json)) return 'it is a baseline (written by --update-baseline), not a history file';
  return null;
}

/** The recorded runs and this one, the last HISTORY_LIMIT of them, and the file's new text. */
export function appendHistory(entries: readonly HistoryEntry[], entry: HistoryEntry): { entries: HistoryEntry[]; text: string } {
  const kept = [...entries, entry].slice(-HISTORY_LIMIT);
  return { entries: kept, text: kept.map((line) => `${JSON.stringify(line)}\n`).join('') };
}

/** The runs a history file holds; none when it does not exist yet. `shown` is how errors name it. */
export async function readHistory(file: string, shown: string): Promise<HistoryEntry[]> {
  let text: string;
  try {
    text = (await readRegularFile(file)).toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    const why = error instanceof InputFileError ? error.message : ((error as NodeJS.ErrnoException).code ?? (error as Error).message);
    throw new BacklintError('usage', `--history ${shown}: cannot read it (${why}).`);
  }
  return parseHistory(text, shown);
}

/** The history file's runs with this one appended (the last HISTORY_LIMIT): what the reports draw, and the file's new text. */
export async function historyWithRun(file: string, shown: string, run: Parameters<typeof historyEntryOf>[0]): Promise<{ entries: HistoryEntry[]; text: string }> {
  return appendHistory(await readHistory(file, shown), historyEntryOf(run));
}

/**
 * The history file's lock (see file-lock.ts), taken before it is read and released once the output stage
 * has replaced it: parallel runs on one history each add their line instead of the last one winning.
 */
export async function lockHistory(file: string, shown: string, options?: Parameters<typeof lockFile>[1]): Promise<FileLock> {
  try {
    return await lockFile(file, options);
  } catch (error) {
    if (error instanceof LockBusyError) {
      throw new BacklintError('io', `--history ${shown}: another backlint run is writing it (the lock ${error.lockFile} is held by ${error.holder}). Nothing was written. If no backlint run is writing the history, delete the lock file.`);
    }
    throw new BacklintError('io', `--history ${shown}: cannot lock it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Nothing was written.`);
  }
}

/**
 * Runs `body` with the history file's runs and this one appended (null without a history file), holding
 * the history's lock from reading it until `body` is done: `body` writes the new text through the output
 * stage, so parallel runs on one history each add their line (check and merge).
 */
export async function underHistory<T>(
  file: string | null,
  shown: string,
  run: Parameters<typeof historyEntryOf>[0],
  body: (history: { entries: HistoryEntry[]; text: string } | null) => Promise<T>,
): Promise<T> {
  if (file === null) return body(null);
  const lock = await lockHistory(file, shown);
  try {
    return await body(await historyWithRun(file, shown, run));
  } finally {
    await lock.release();
  }
}
