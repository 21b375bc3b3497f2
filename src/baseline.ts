// The baseline (SPEC §10): the fingerprints of findings a team has accepted for now, so a run reports
// only new ones and counts the accepted ones fixed since. Pure: the runner reads and writes the file.
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
});

const baselineSchema = z.object({
  schemaVersion: z.literal(1),
  tool: z.literal('backlint'),
  entries: z.array(baselineEntrySchema),
});

export type BaselineEntry = z.infer<typeof baselineEntrySchema>;
export type BaselineFile = z.infer<typeof baselineSchema>;

/** The baseline for these findings: one entry a fingerprint, in report order so the file diffs cleanly. */
export function createBaseline(findings: readonly Finding[]): BaselineFile {
  const byFingerprint = new Map<string, BaselineEntry>();
  for (const { fingerprint, source, itemKey, ruleId } of findings) {
    if (!byFingerprint.has(fingerprint)) byFingerprint.set(fingerprint, { fingerprint, source, itemKey, ruleId });
  }
  return { schemaVersion: 1, tool: 'backlint', entries: [...byFingerprint.values()].sort(compareFindings) };
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
      entries: entries.map(({ fingerprint, source, itemKey, ruleId }) => ({ fingerprint, source, itemKey, ruleId })),
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

/** Hides the findings the baseline knows; counts them, and the baseline entries no longer found. */
export function applyBaseline(
  findings: readonly Finding[],
  baseline: BaselineFile,
  file: string,
): { findings: Finding[]; summary: BaselineSummary } {
  const accepted = new Set(baseline.entries.map((entry) => entry.fingerprint));
  const current = new Set(findings.map((finding) => finding.fingerprint));
  const shown = findings.filter((finding) => !accepted.has(finding.fingerprint));
  const fixed = [...accepted].filter((fingerprint) => !current.has(fingerprint)).length;
  return { findings: shown, summary: { file, known: findings.length - shown.length, fixed } };
}

/** `{ entries: [...] }` with no findings: what --update-baseline writes. */
export const looksLikeBaseline = (json: unknown): boolean =>
  json !== null && typeof json === 'object' && Array.isArray((json as { entries?: unknown }).entries) && !('findings' in json);

/** `{ findings: [...] }`: what --format json writes. */
export const looksLikeReport = (json: unknown): boolean => json !== null && typeof json === 'object' && Array.isArray((json as { findings?: unknown }).findings);
