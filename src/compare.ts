// `--compare PREVIOUS.json` (SPEC §9, issue 5): marks each finding new or old against an earlier JSON
// report, by fingerprint (source, item key and rule: rewording does not make a finding new), and
// counts the previous findings that are gone. Pure: the runner reads the file.
import { z } from 'zod';
import { BacklintError } from './errors.js';
import { formatPath } from './json-path.js';
import { looksLikeBaseline, type Reach } from './baseline.js';
import { compareFindings } from './finding-order.js';
import { isKnown, type ComparisonSummary, type Finding, type FixedFinding } from './model.js';

const personSchema = z.object({ displayName: z.string(), email: z.string().optional(), id: z.string().optional() });

// What a fixed finding shows comes from the previous report; a field an older report lacks gets a neutral value.
const previousFindingSchema = z.object({
  fingerprint: z.string().min(1),
  source: z.string().catch(''),
  itemKey: z.string().catch(''),
  itemType: z.string().catch(''),
  kind: z.string().catch('other'),
  title: z.string().catch(''),
  url: z.string().nullable().catch(null),
  ruleId: z.string().catch(''),
  severity: z.enum(['error', 'warn']).catch('error'),
  message: z.string().catch(''),
  responsible: personSchema.nullable().catch(null),
  team: z.string().nullable().catch(null),
});

const previousReportSchema = z.object({
  schemaVersion: z.literal(1),
  tool: z.object({ name: z.literal('backlint') }).optional(),
  generatedAt: z.string().optional(),
  findings: z.array(previousFindingSchema),
});

export interface PreviousReport {
  generatedAt: string | null;
  fingerprints: Set<string>;
  /** The previous findings by fingerprint, to list the fixed ones. */
  findings: Map<string, FixedFinding>;
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
  const findings = new Map<string, FixedFinding>();
  for (const { responsible, ...finding } of parsed.data.findings) {
    if (findings.has(finding.fingerprint)) continue;
    const person = responsible === null ? null : { id: responsible.id ?? responsible.email ?? responsible.displayName, displayName: responsible.displayName, ...(responsible.email === undefined ? {} : { email: responsible.email }), active: true };
    findings.set(finding.fingerprint, { ...finding, responsible: person });
  }
  return { generatedAt: parsed.data.generatedAt ?? null, fingerprints: new Set(findings.keys()), findings };
}

/**
 * Marks `shown` findings new or old. `all` is every current finding (before a baseline or --quiet hid
 * some), so a finding merely hidden is not counted as fixed. Known (baselined) findings are marked but
 * left out of the "new" and "old" counts (SPEC §10).
 */
export function compareWithPrevious(
  shown: readonly Finding[],
  all: readonly Finding[],
  previous: PreviousReport,
  file: string,
  reach: Reach | null = null,
): { findings: Finding[]; summary: ComparisonSummary } {
  const findings = shown.map((finding): Finding => ({ ...finding, change: previous.fingerprints.has(finding.fingerprint) ? 'old' : 'new' }));
  const current = new Set(all.map((finding) => finding.fingerprint));
  // A previous finding this run did not look for (another source, an item outside --scope) is not fixed.
  const fixedFindings = [...previous.findings.values()].filter((finding) => !current.has(finding.fingerprint) && (reach === null || reach(finding))).sort(compareFindings);
  const counted = findings.filter((finding) => !isKnown(finding));
  const added = counted.filter((finding) => finding.change === 'new').length;
  return {
    findings,
    summary: { file, previousGeneratedAt: previous.generatedAt, new: added, old: counted.length - added, fixed: fixedFindings.length, fixedFindings },
  };
}

