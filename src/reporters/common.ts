// What several reporters share: who is responsible, grouping, safe links, item locations.
import { DOCS_DIR } from '../rule.js';
import { isKnown, type Finding, type FindingKind, type Person, type Report, type Suppression } from '../model.js';

/** How reports sort names of people and teams: case- and accent-blind, numbers by value. */
export const nameCollator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** A person as reports show them: the display name, failing that the email or id. */
export function personLabel(person: Person): string {
  return person.displayName.trim() || person.email?.trim() || person.id || 'unknown';
}

/** Only http(s) URLs become links: `javascript:`, `data:` and the rest stay text. */
export function safeHttpUrl(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export interface OwnerGroup {
  /** null: the findings nobody owns. */
  person: Person | null;
  findings: Finding[];
}

/** Findings in buckets by a key, buckets in first-seen order, report order kept inside each. */
function bucketBy<K>(findings: readonly Finding[], keyOf: (finding: Finding) => K): Map<K, Finding[]> {
  const buckets = new Map<K, Finding[]>();
  for (const finding of findings) {
    const key = keyOf(finding);
    const bucket = buckets.get(key);
    if (bucket) bucket.push(finding);
    else buckets.set(key, [finding]);
  }
  return buckets;
}

/** null (nobody, no team) after every name. */
const nullLast = <T>(a: T | null, b: T | null) => (a === null ? 1 : 0) - (b === null ? 1 : 0);
const codeUnitOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Findings by responsible person, people by name, "nobody" last; report order kept inside a group. */
export function groupByOwner(findings: readonly Finding[]): OwnerGroup[] {
  const groups = [...bucketBy(findings, (finding) => finding.responsible?.id ?? null).values()].map((group) => ({ person: group[0]!.responsible, findings: group }));
  return groups.sort((a, b) => {
    if (a.person === null || b.person === null) return nullLast(a.person, b.person);
    return nameCollator.compare(personLabel(a.person), personLabel(b.person)) || codeUnitOrder(a.person.id, b.person.id);
  });
}

/** Findings by rule, in the report's rule order (unknown rules after, by id). */
export function groupByRule(report: Report, findings: readonly Finding[] = report.findings): [string, Finding[]][] {
  const order = new Map(report.rules.map((rule, index) => [rule.id, index]));
  const position = (id: string) => order.get(id) ?? Number.MAX_SAFE_INTEGER;
  return [...bucketBy(findings, (finding) => finding.ruleId)].sort(([a], [b]) => position(a) - position(b) || codeUnitOrder(a, b));
}

/** Findings by item (source and key), in report order. */
export function groupByItem(findings: readonly Finding[]): Finding[][] {
  return [...bucketBy(findings, (finding) => `${finding.source}\u0000${finding.itemKey}`).values()];
}

export interface TeamGroup {
  /** null: the findings on items with no team. */
  team: string | null;
  findings: Finding[];
}

/** Findings by team (the roster team, else the item's team value), teams by name, "no team" last; report order kept inside. */
export function groupByTeam(findings: readonly Finding[]): TeamGroup[] {
  const groups = [...bucketBy(findings, (finding) => finding.team)].map(([team, group]) => ({ team, findings: group }));
  return groups.sort((a, b) => {
    if (a.team === null || b.team === null) return nullLast(a.team, b.team);
    return nameCollator.compare(a.team, b.team) || codeUnitOrder(a.team, b.team);
  });
}

/** How reports name a team that is missing: items with neither a roster team nor a team value. */
export const NO_TEAM = '(no team)';

/** Every rule id the report knows or has findings for, in rule order. */
export function ruleIds(report: Report): string[] {
  const ids = report.rules.map((rule) => rule.id);
  for (const finding of report.findings) if (!ids.includes(finding.ruleId)) ids.push(finding.ruleId);
  return ids;
}

/**
 * A relative pseudo-path for an item, `jira/payments/PAY/PAY-123` or `azure-devops/boards/Platform/501`
 * (a team: `backlint/teams/Payments`): code-scanning dashboards reject `https:` locations, and this still
 * names tracker, source, project and item.
 */
export function itemPath(report: Report, item: { source: string; itemKey: string; url: string | null; kind?: FindingKind; team?: string | null }): string {
  // A team finding is about no tracker item: `backlint/teams/Payments` (SPEC §4), its name one segment.
  if (item.kind === 'team') return ['backlint', 'teams', item.team ?? item.itemKey.replace(/^team\//, '')].map(pathSegment).join('/');
  const type = report.sources.find((source) => source.name === item.source)?.type ?? '';
  const tracker = type.startsWith('azure-devops') ? 'azure-devops' : type.startsWith('jira') ? 'jira' : item.source;
  const project = projectOf(tracker, item) ?? item.source;
  // The source name keeps two sites apart that share a project key (two Jira sites each with PAY).
  return [tracker, item.source, project, item.itemKey].map(pathSegment).join('/');
}

/**
 * One segment of that path, percent-encoded (`/`, `\`, `%` included) so it stays one segment. A segment
 * of dots only (a key `.`, a Jira project `..` from the key `..-..`) would still be a dot segment with
 * its dots written `%2E`: RFC 3986 normalisation and WHATWG URL parsers decode that back to `..` and
 * climb. So those dots are written `%252E`, which reads back as the text `%2E`, never as a dot.
 */
function pathSegment(segment: string): string {
  return /^\.*$/.test(segment) && segment !== '' ? segment.replace(/\./g, '%252E') : encodeURIComponent(segment);
}

function projectOf(tracker: string, item: { itemKey: string; url: string | null }): string | null {
  if (tracker === 'jira') {
    const dash = item.itemKey.lastIndexOf('-');
    return dash > 0 ? item.itemKey.slice(0, dash) : null;
  }
  if (tracker === 'azure-devops' && item.url) {
    try {
      const segments = new URL(item.url).pathname.split('/');
      const at = segments.indexOf('_workitems');
      return at > 0 ? decodeURIComponent(segments[at - 1]!) : null;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * A coverage share in whole percent, the same in every report: rounded, but 100 only when all are and 0
 * only when none are (2 of 3 is 67%, 199 of 200 is 99%, 1 of 300 is 1%); null when there is nothing to count.
 */
export function coveragePercent(count: number, of: number): number | null {
  if (of === 0) return null;
  return count >= of ? 100 : count <= 0 ? 0 : Math.min(99, Math.max(1, Math.round((count / of) * 100)));
}

/** A coverage share, `x/n (p%)`; a dash when there is nothing to count. */
export function share(count: number, of: number): string {
  const percent = coveragePercent(count, of);
  return percent === null ? '–' : `${count}/${of} (${percent}%)`;
}

export const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** Whether a rule's docsUrl is an absolute URI (a plugin's web page), not a page's path in the backlint package. */
export const isAbsoluteUri = (value: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(value);

/** A rule's docs for someone reading a report: a web address as it is, a built-in page by where it ships. */
export function docsReference(docsUrl: string): string {
  return docsUrl.startsWith(`${DOCS_DIR}/`) ? `${docsUrl} in the backlint package` : docsUrl;
}

/** The findings that count (SPEC §10): every finding but the known (baselined) ones. */
export const openFindings = (report: Report): Finding[] => report.findings.filter((finding) => !isKnown(finding));

/** Known debt: the findings the baseline excuses, listed apart from the open ones. */
export const knownFindings = (report: Report): Finding[] => report.findings.filter(isKnown);

/** What a baseline entry says about a finding: `known: reason, until 2027-03-31`, `baseline entry expired 2026-10-01`. */
export function baselineNote(finding: Finding): string | null {
  const entry = finding.baseline;
  if (entry === undefined) return null;
  if (entry.state === 'expired') return `baseline entry expired ${entry.expires ?? ''}${entry.reason ? ` (${entry.reason})` : ''}`.trim();
  const parts = [entry.reason, entry.expires ? `until ${entry.expires}` : undefined].filter((part) => part !== undefined && part !== '');
  return parts.length > 0 ? `known: ${parts.join(', ')}` : 'known';
}

/** What every report of a demo run says (SPEC §8), after its own lead-in ("Demo:", "note:"). */
export const DEMO_NOTE = 'this report lints the demo backlog bundled with backlint (no config was found), not yours.';

/** What a suppression label kept out: `3 findings`, or `item not checked` for a label on the whole item. */
export const suppressedWhat = (entry: Suppression): string => (entry.findings === null ? 'item not checked' : plural(entry.findings, 'finding'));
