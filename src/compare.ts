// `--compare PREVIOUS.json` (SPEC §9, issue 5): marks each finding new or old against an earlier JSON
// report, by fingerprint (source, item key and rule: rewording does not make a finding new), and
// counts the previous findings that are gone. Pure: the runner reads the file.
import { z } from 'zod';
import { BacklintError } from './errors.js';
import { formatPath } from './json-path.js';
import { looksLikeBaseline } from './baseline.js';
import type { ComparisonSummary, Finding } from './model.js';

const previousReportSchema = z.object({
  schemaVersion: z.literal(1),
  tool: z.object({ name: z.literal('backlint') }).optional(),
  generatedAt: z.string().optional(),
  findings: z.array(z.object({ fingerprint: z.string().min(1) })),
});

export interface PreviousReport {
  generatedAt: string | null;
  fingerprints: Set<string>;
}

/** Validates a parsed JSON report (schema v1); `file` is how the error names it. */
export function parsePreviousReport(json: unknown, file: string): PreviousReport {
  const parsed = previousReportSchema.safeParse(json);
  if (!parsed.success && looksLikeBaseline(json)) {
    throw new BacklintError('usage', `--compare ${file} is a baseline (written by --update-baseline), not a JSON report: give it to --baseline. --compare takes a report written with --format json:FILE.`);
  }
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
    throw new BacklintError('usage', `--compare ${file} is not a backlint JSON report (schema version 1):\n  ${issues.join('\n  ')}\nWrite one with --format json:${file}.`);
  }
  return { generatedAt: parsed.data.generatedAt ?? null, fingerprints: new Set(parsed.data.findings.map((f) => f.fingerprint)) };
}

/**
 * Marks `shown` findings new or old. `all` is every current finding (before a baseline or --quiet hid
 * some), so a finding merely hidden is not counted as fixed.
 */
export function compareWithPrevious(
  shown: readonly Finding[],
  all: readonly Finding[],
  previous: PreviousReport,
  file: string,
): { findings: Finding[]; summary: ComparisonSummary } {
  const findings = shown.map((finding): Finding => ({ ...finding, change: previous.fingerprints.has(finding.fingerprint) ? 'old' : 'new' }));
  const current = new Set(all.map((finding) => finding.fingerprint));
  const fixed = [...previous.fingerprints].filter((fingerprint) => !current.has(fingerprint)).length;
  const added = findings.filter((finding) => finding.change === 'new').length;
  return { findings, summary: { file, previousGeneratedAt: previous.generatedAt, new: added, old: findings.length - added, fixed } };
}

