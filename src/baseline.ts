// The baseline (SPEC §10): known debt, not hidden debt. The fingerprints of findings a team has accepted
// for now, each with an optional reason and expiry date: a run still lists them (marked known) but
// leaves them out of the exit code and the "new" counts, and counts the accepted ones fixed since.
// Pure: the runner reads and writes the file.
import { z } from 'zod';
import { BacklintError } from './errors.js';
import { formatPath } from './json-path.js';
import type { BaselineSummary, Finding } from './model.js';
import { compareFindings } from './finding-order.js';

const baselineEntrySchema = z.object({
  fingerprint: z.string().regex(/^[0-9a-f]{32}$/, 'expected a fingerprint of 32 lowercase hex characters'),
  source: z.string(),
  itemKey: z.string(),
  ruleId: z.string(),
  /** Why the team accepts this finding for now: kept by --update-baseline, shown in reports. */
  reason: z.string().optional(),
  /** The last day the entry excuses its finding (`YYYY-MM-DD`); after it, the finding counts again. */
  expires: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD').refine(isRealDate, 'expected a real calendar date YYYY-MM-DD').optional(),
});

const baselineSchema = z.object({
  schemaVersion: z.literal(1),
  tool: z.literal('backlint'),
  entries: z.array(baselineEntrySchema),
});

export type BaselineEntry = z.infer<typeof baselineEntrySchema>;
export type BaselineFile = z.infer<typeof baselineSchema>;

function isRealDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** The baseline for these findings: one entry a fingerprint, in report order so the file diffs cleanly. */
export function createBaseline(findings: readonly Finding[]): BaselineFile {
  return updateBaseline(findings, null, null).baseline;
}

export interface BaselineUpdate {
  baseline: BaselineFile;
  /** Entries within the run's reach whose findings are gone: fixed, so dropped. */
  dropped: number;
  /** Entries out of the run's reach (another source, an item outside --scope, --jql or --wiql), kept as they were. */
  keptOutOfReach: number;
}

/**
 * Whether a run looked where a finding was: its source was linted and, when the run was narrowed to some
 * of its items, its item was checked. A finding out of reach is neither fixed nor new to that run.
 */
export type Reach = (finding: { source: string; itemKey: string }) => boolean;

/**
 * The reach of a run over `sources`; `checked`: the items it checked, when it was narrowed to some of them
 * (--scope, --jql, --wiql); null when it checked every item of those sources it could fetch.
 */
export function reachOf(sources: ReadonlySet<string>, checked: readonly { source: string; itemKey: string }[] | null): Reach {
  if (checked === null) return (finding) => sources.has(finding.source);
  const keys = new Set(checked.map((item) => `${item.source}\u0000${item.itemKey}`));
  return (finding) => keys.has(`${finding.source}\u0000${finding.itemKey}`);
}

/**
 * `--update-baseline`: the current findings as entries, each keeping the reason and expiry date its
 * entry had; entries within `reach` no longer found are dropped (fixed), the others stay as they are
 * (`--source`, `--scope`: a run that did not look at an item does not fix its findings). null: the run
 * reached everything, and every entry no longer found is dropped.
 */
export function updateBaseline(findings: readonly Finding[], previous: BaselineFile | null, reach: Reach | null): BaselineUpdate {
  const before = new Map((previous?.entries ?? []).map((entry) => [entry.fingerprint, entry]));
  const byFingerprint = new Map<string, BaselineEntry>();
  for (const { fingerprint, source, itemKey, ruleId } of findings) {
    if (byFingerprint.has(fingerprint)) continue;
    const old = before.get(fingerprint);
    byFingerprint.set(fingerprint, {
      fingerprint,
      source,
      itemKey,
      ruleId,
      ...(old?.reason === undefined ? {} : { reason: old.reason }),
      ...(old?.expires === undefined ? {} : { expires: old.expires }),
    });
  }
  let dropped = 0;
  let keptOutOfReach = 0;
  for (const entry of before.values()) {
    if (byFingerprint.has(entry.fingerprint)) continue;
    if (reach !== null && !reach(entry)) {
      byFingerprint.set(entry.fingerprint, entry);
      keptOutOfReach += 1;
    } else dropped += 1;
  }
  return { baseline: { schemaVersion: 1, tool: 'backlint', entries: [...byFingerprint.values()].sort(compareFindings) }, dropped, keptOutOfReach };
}

/** Validates a parsed baseline file; `file` is how the error names it. */
export function parseBaseline(json: unknown, file: string): BaselineFile {
  const parsed = baselineSchema.safeParse(json);
  if (parsed.success) {
    // Only the fields we know: a file written by a newer backlint may carry more.
    const { schemaVersion, tool, entries } = parsed.data;
    return {
      schemaVersion,
      tool,
      entries: entries.map(({ fingerprint, source, itemKey, ruleId, reason, expires }) => ({
        fingerprint,
        source,
        itemKey,
        ruleId,
        ...(reason === undefined ? {} : { reason }),
        ...(expires === undefined ? {} : { expires }),
      })),
    };
  }
  if (looksLikeReport(json)) {
    throw new BacklintError('usage', `Baseline ${file} is a JSON report (written by --format json), not a baseline: give it to --compare, or write a baseline with --update-baseline.`);
  }
  const issues = parsed.error.issues.slice(0, 3).map((issue) => `${formatPath(issue.path)}: ${describeIssue(issue)}`);
  const more = parsed.error.issues.length > 3 ? `\n  … and ${parsed.error.issues.length - 3} more` : '';
  throw new BacklintError(
    'usage',
    `Baseline ${file} is not a backlint baseline:\n  ${issues.join('\n  ')}${more}\nRecreate it with --update-baseline.`,
  );
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return `required (expected ${issue.expected}); it is missing`;
  return issue.message;
}

/**
 * Marks the findings the baseline knows: `known` (excused) or, past the entry's `expires` date,
 * `expired` (counted again). `today` is the run's date, `YYYY-MM-DD`. Counts the entries no longer
 * found within `reach` (another source's entries, or an item's outside --scope, are not fixed by a run
 * that did not look at them); null: every entry no longer found is fixed.
 */
export function applyBaseline(
  findings: readonly Finding[],
  baseline: BaselineFile,
  file: string,
  today: string,
  reach: Reach | null = null,
): { findings: Finding[]; summary: BaselineSummary } {
  const entries = new Map(baseline.entries.map((entry) => [entry.fingerprint, entry]));
  const current = new Set(findings.map((finding) => finding.fingerprint));
  let known = 0;
  let expired = 0;
  const marked = findings.map((finding): Finding => {
    const entry = entries.get(finding.fingerprint);
    if (entry === undefined) return finding;
    const state = entry.expires !== undefined && entry.expires < today ? 'expired' : 'known';
    if (state === 'known') known += 1;
    else expired += 1;
    return {
      ...finding,
      baseline: { state, ...(entry.reason === undefined ? {} : { reason: entry.reason }), ...(entry.expires === undefined ? {} : { expires: entry.expires }) },
    };
  });
  const fixed = [...entries.values()].filter((entry) => !current.has(entry.fingerprint) && (reach === null || reach(entry))).length;
  return { findings: marked, summary: { file, known, fixed, ...(expired > 0 ? { expired } : {}) } };
}

/** `{ entries: [...] }` with no findings: what --update-baseline writes. */
export const looksLikeBaseline = (json: unknown): boolean =>
  json !== null && typeof json === 'object' && Array.isArray((json as { entries?: unknown }).entries) && !('findings' in json);

/** `{ findings: [...] }`: what --format json writes. */
export const looksLikeReport = (json: unknown): boolean => json !== null && typeof json === 'object' && Array.isArray((json as { findings?: unknown }).findings);
