// The digest of one run (SPEC §13): totals, what is new and fixed since --compare or the baseline,
// and each responsible person's (or team's) items. Pure: Report in, Digest out; slack.ts and teams.ts
// render it to each service's payloads.
import { isKnown, type Finding, type Report, type Severity } from '../model.js';
import { shorten } from '../shorten.js';

export interface DigestItem {
  source: string;
  /** The item key; empty for a finding about a roster team (its title names the team). */
  itemKey: string;
  title: string;
  /** http(s) only: anything else is shown without a link. */
  url: string | null;
  /** The item has a finding that is new (renderers mark it only when there is something to be new against). */
  isNew: boolean;
  severity: Severity;
  /** The rules it breaks, in report order, each once. */
  ruleIds: string[];
}

export interface DigestGroup {
  /** The person's display name, the team; null: nobody responsible / no team. */
  name: string | null;
  findings: number;
  newFindings: number;
  /** New items first, then errors before warnings, else in report order. */
  items: DigestItem[];
}

export interface Digest {
  audience: 'person' | 'team';
  /** errors and warnings are the findings not in the baseline (the report's summary); known are those in it: together, findings. */
  totals: { findings: number; errors: number; warnings: number; known: number; items: number; new: number; fixed: number | null };
  /** What "new" and "fixed" are measured against; null: nothing (every finding counts as new). */
  since: { kind: 'compare' | 'baseline'; file: string } | null;
  reportUrl: string | null;
  demo: boolean;
  groups: DigestGroup[];
}

/** A finding is new when --compare says so; a known (baselined) finding never is (SPEC §10: listed, not new). */
const isNew = (finding: Finding) => finding.change !== 'old' && !isKnown(finding);

export function buildDigest(report: Report, audience: 'person' | 'team', reportUrl: string | null): Digest {
  const byGroup = new Map<string, { name: string | null; findings: Finding[] }>();
  for (const finding of report.findings) {
    const name = audience === 'team' ? finding.team : (finding.responsible?.displayName ?? null);
    const key = audience === 'team' ? `t:${finding.team ?? ''}` : `p:${finding.responsible ? (finding.responsible.email ?? finding.responsible.id) : ''}`;
    let group = byGroup.get(key);
    if (!group) byGroup.set(key, (group = { name, findings: [] }));
    group.findings.push(finding);
  }
  const groups = [...byGroup.values()].map(({ name, findings }): DigestGroup => ({
    name,
    findings: findings.length,
    newFindings: findings.filter(isNew).length,
    items: itemsOf(findings),
  }));
  // Who has the most new work first; nobody-responsible last, since it asks for an owner rather than a fix.
  groups.sort((a, b) => Number(a.name === null) - Number(b.name === null) || b.newFindings - a.newFindings || b.findings - a.findings || (a.name ?? '').localeCompare(b.name ?? ''));
  const comparison = report.comparison;
  const baseline = report.baseline;
  return {
    audience,
    totals: {
      findings: report.findings.length,
      errors: report.summary.errors,
      warnings: report.summary.warnings,
      known: report.findings.filter(isKnown).length,
      items: new Set(report.findings.map((finding) => `${finding.source}\u0000${finding.itemKey}`)).size,
      new: report.findings.filter(isNew).length,
      fixed: comparison ? comparison.fixed : baseline ? baseline.fixed : null,
    },
    since: comparison ? { kind: 'compare', file: comparison.file } : baseline ? { kind: 'baseline', file: baseline.file } : null,
    reportUrl,
    demo: report.demo === true,
    groups,
  };
}

function itemsOf(findings: readonly Finding[]): DigestItem[] {
  const items = new Map<string, DigestItem & { order: number }>();
  for (const finding of findings) {
    const key = `${finding.source}\u0000${finding.itemKey}`;
    const item = items.get(key);
    if (item) {
      item.isNew ||= isNew(finding);
      if (finding.severity === 'error') item.severity = 'error';
      if (!item.ruleIds.includes(finding.ruleId)) item.ruleIds.push(finding.ruleId);
      continue;
    }
    items.set(key, {
      source: finding.source,
      itemKey: finding.kind === 'team' ? '' : finding.itemKey,
      title: finding.kind === 'team' ? `Team ${finding.title}` : finding.title,
      url: finding.url !== null && /^https?:\/\//i.test(finding.url) ? finding.url : null,
      isNew: isNew(finding),
      severity: finding.severity,
      ruleIds: [finding.ruleId],
      order: items.size,
    });
  }
  return [...items.values()]
    .sort((a, b) => Number(b.isNew) - Number(a.isNew) || Number(b.severity === 'error') - Number(a.severity === 'error') || a.order - b.order)
    .map(({ order: _order, ...item }) => item);
}

/** Whether a target with `when` gets this digest: with `new`, only when something is new; never when there is nothing to say. */
export function worthSending(digest: Digest, when: 'new' | 'always'): boolean {
  if (when === 'new') return digest.totals.new > 0;
  return digest.totals.findings > 0 || (digest.totals.fixed ?? 0) > 0;
}

/**
 * The link to the full report: the configured one, else the CI run's page (GitHub Actions, Azure
 * Pipelines, GitLab CI), else none.
 */
export function reportUrlFrom(configured: string | undefined, env: NodeJS.ProcessEnv): string | null {
  if (configured) return configured;
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = env;
  if (GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_RUN_ID) return `${GITHUB_SERVER_URL.replace(/\/+$/, '')}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`;
  const { SYSTEM_COLLECTIONURI, SYSTEM_TEAMPROJECT, BUILD_BUILDID } = env;
  if (SYSTEM_COLLECTIONURI && SYSTEM_TEAMPROJECT && BUILD_BUILDID) {
    const collection = SYSTEM_COLLECTIONURI.endsWith('/') ? SYSTEM_COLLECTIONURI : `${SYSTEM_COLLECTIONURI}/`;
    return `${collection}${encodeURIComponent(SYSTEM_TEAMPROJECT)}/_build/results?buildId=${encodeURIComponent(BUILD_BUILDID)}`;
  }
  if (env.CI_JOB_URL) return env.CI_JOB_URL;
  return null;
}

/** Shared wording of both services. */
export const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

export function headline(digest: Digest): string {
  const { totals } = digest;
  const news = digest.since === null ? '' : `, ${totals.new.toLocaleString('en-US')} new`;
  const fixed = totals.fixed === null ? '' : `, ${totals.fixed.toLocaleString('en-US')} fixed`;
  return `backlint: ${plural(totals.findings, 'finding')}${news}${fixed}${digest.demo ? ' (demo dataset)' : ''}`;
}

export function sinceText(digest: Digest): string | null {
  if (digest.since === null) return null;
  return digest.since.kind === 'compare' ? `since the previous report (${digest.since.file})` : `since the baseline (${digest.since.file})`;
}

/** A person's or team's name is untrusted and unbounded as a title is (a display name, an area path): cut the same way. */
export function groupHeading(group: DigestGroup, digest: Digest): string {
  const name = group.name === null ? (digest.audience === 'team' ? 'No team' : 'Nobody responsible') : shortTitle(group.name);
  const news = digest.since === null ? '' : `, ${group.newFindings.toLocaleString('en-US')} new`;
  return `${name}: ${plural(group.findings, 'finding')}${news}`;
}

/** A title on one line and at most `max` characters (titles are untrusted and unbounded). */
export function shortTitle(title: string, max = 100): string {
  const line = title.replace(/\s+/g, ' ').trim();
  return shorten(line, max);
}
