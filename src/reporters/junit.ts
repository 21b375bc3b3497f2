// JUnit XML for CI test dashboards (Azure Pipelines' Publish Test Results, Jenkins, GitLab): one test
// suite per source and rule, one test case per item the rule checked, a failure per error finding.
// Warnings show as configured: failures (as ESLint's junit formatter), skipped, or passes with the
// message in system-out. Valid XML 1.0 whatever the item text holds. What suppression labels kept out is
// a suite of skipped cases, and with --compare the fixed findings a suite of passed ones (SPEC §10).
import type { CheckedItem, Finding, FixedFinding, Report, Suppression } from '../model.js';
import { DEMO_NOTE, docsReference, nameCollator, openFindings, personLabel, ruleIds, suppressedWhat } from './common.js';
import type { JunitWarnings, Reporter } from './types.js';

interface Suite {
  /** The source, or `teams` for the suite of team findings (SPEC §4), which span sources. */
  source: string;
  /** The rule; empty for the teams suite, whose cases each name theirs. */
  ruleId: string;
  cases: { item: CheckedItem; ruleId: string; findings: Finding[] }[];
  /** The rule checked nothing on this source (no owner field mapped, no roles): one skipped case says why. */
  notApplicable?: string;
}

export const renderJunit: Reporter = (report, options) => {
  const warnings = options.junitWarnings ?? 'failure';
  const suites = buildSuites(report);
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  const body: string[] = [];
  for (const suite of suites) {
    if (suite.notApplicable !== undefined) {
      tests += 1;
      skipped += 1;
      for (const line of notApplicableSuite(report, suite, suite.notApplicable)) body.push(line);
      continue;
    }
    const counts = { failures: 0, skipped: 0 };
    const cases = suite.cases.map(({ item, ruleId, findings }) => {
      const outcome = caseOutcome(findings, warnings);
      if (outcome === 'failure') counts.failures += 1;
      if (outcome === 'skipped') counts.skipped += 1;
      return testCase(report, suite, item, ruleId, findings, warnings);
    });
    tests += suite.cases.length;
    failures += counts.failures;
    skipped += counts.skipped;
    // Line by line: a spread of one suite's cases would overflow the call stack (150,000 items).
    for (const line of [...suiteHead(report, suite, { tests: suite.cases.length, ...counts }), ...cases, `  </testsuite>`]) body.push(line);
  }
  const suppressions = report.suppressions ?? [];
  if (suppressions.length > 0) {
    tests += suppressions.length;
    skipped += suppressions.length;
    for (const line of suppressedSuite(report, suppressions)) body.push(line);
  }
  const fixed = report.comparison?.fixedFindings ?? [];
  if (fixed.length > 0) {
    tests += fixed.length;
    for (const line of fixedSuite(report, fixed)) body.push(line);
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="backlint" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="0">`,
    ...body,
    '</testsuites>',
    '',
  ].join('\n');
};

/**
 * Suites in source order, then rule order; items in report order; then one `teams` suite for findings
 * about roster teams, a case per team and rule. Without checkedItems (a report built by hand), the items
 * with findings.
 */
function buildSuites(report: Report): Suite[] {
  const all = report.checkedItems ?? itemsFromFindings(report.findings);
  const items = all.filter((item) => item.kind !== 'team');
  const findingsOf = new Map<string, Finding[]>();
  // Known (baselined) findings pass, as they do for the exit code (SPEC §10): a dashboard fails on new ones.
  for (const finding of openFindings(report)) {
    const key = caseKey(finding.source, finding.itemKey, finding.ruleId);
    const list = findingsOf.get(key);
    if (list) list.push(finding);
    else findingsOf.set(key, [finding]);
  }
  const sources = [...new Set([...report.sources.map((s) => s.name), ...items.map((item) => item.source)])];
  const suites: Suite[] = [];
  for (const source of sources) {
    const summary = report.sources.find((s) => s.name === source);
    for (const ruleId of ruleIds(report)) {
      if (summary?.notApplicable.includes(ruleId)) {
        suites.push({ source, ruleId, cases: [], notApplicable: summary.notApplicableReasons?.[ruleId] ?? 'not applicable to this source' });
        continue;
      }
      const cases = items
        .filter((item) => item.source === source && item.rules.includes(ruleId))
        .map((item) => ({ item, ruleId, findings: findingsOf.get(caseKey(source, item.itemKey, ruleId)) ?? [] }));
      if (cases.length > 0) suites.push({ source, ruleId, cases });
    }
  }
  const teams = teamsSuite(report, all);
  return teams ? [...suites, teams] : suites;
}

/** One case per team and rule, teams by name, rules in rule order; a team's findings may come from any source. */
function teamsSuite(report: Report, all: readonly CheckedItem[]): Suite | null {
  const teams = new Map<string, CheckedItem>();
  const findingsOf = new Map<string, Finding[]>();
  const addTeam = (about: CheckedItem | Finding, rules: readonly string[]) => {
    const team = teams.get(about.itemKey) ?? { source: about.source, itemKey: about.itemKey, itemType: about.itemType, kind: about.kind, title: about.title, url: about.url, team: about.team, rules: [] };
    for (const rule of rules) if (!team.rules.includes(rule)) team.rules.push(rule);
    teams.set(about.itemKey, team);
  };
  for (const item of all) if (item.kind === 'team') addTeam(item, item.rules);
  for (const finding of openFindings(report)) {
    if (finding.kind !== 'team') continue;
    addTeam(finding, [finding.ruleId]);
    const key = `${finding.itemKey}\u0000${finding.ruleId}`;
    findingsOf.set(key, [...(findingsOf.get(key) ?? []), finding]);
  }
  if (teams.size === 0) return null;
  const order = ruleIds(report);
  const byRule = (a: string, b: string) => order.indexOf(a) - order.indexOf(b);
  const cases = [...teams.values()]
    .sort((a, b) => nameCollator.compare(a.title, b.title) || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0))
    .flatMap((team) => [...team.rules].sort(byRule).map((ruleId) => ({ item: team, ruleId, findings: findingsOf.get(`${team.itemKey}\u0000${ruleId}`) ?? [] })));
  return { source: 'teams', ruleId: '', cases };
}

function itemsFromFindings(findings: readonly Finding[]): CheckedItem[] {
  const items = new Map<string, CheckedItem>();
  for (const f of findings) {
    const key = `${f.source}\u0000${f.itemKey}`;
    const item = items.get(key) ?? { source: f.source, itemKey: f.itemKey, itemType: f.itemType, kind: f.kind, title: f.title, url: f.url, team: f.team, rules: [] };
    if (!item.rules.includes(f.ruleId)) item.rules.push(f.ruleId);
    items.set(key, item);
  }
  return [...items.values()];
}

const caseKey = (source: string, itemKey: string, ruleId: string) => `${source}\u0000${itemKey}\u0000${ruleId}`;

function caseOutcome(findings: readonly Finding[], warnings: JunitWarnings): 'failure' | 'skipped' | 'passed' {
  if (findings.some((f) => f.severity === 'error')) return 'failure';
  if (findings.length === 0) return 'passed';
  return warnings;
}

function testCase(report: Report, suite: Suite, item: CheckedItem, ruleId: string, findings: Finding[], warnings: JunitWarnings): string {
  const name = item.kind === 'team' ? `team ${item.title}` : `${item.itemKey} ${item.title}`;
  const open = `    <testcase name="${attr(name)}" classname="${attr(`backlint.${suite.source}.${ruleId}`)}" time="0">`;
  if (findings.length === 0) return open.replace(/>$/, '/>');
  const lines = [open];
  const isFailure = (f: Finding) => f.severity === 'error' || warnings === 'failure';
  const shownAsFailure = findings.filter(isFailure);
  for (const f of shownAsFailure) {
    lines.push(`      <failure message="${attr(f.message)}" type="${f.severity === 'error' ? 'error' : 'warning'}">${text(details(report, f))}</failure>`);
  }
  const rest = findings.filter((f) => !isFailure(f));
  if (rest.length > 0 && shownAsFailure.length === 0 && warnings === 'skipped') {
    lines.push(`      <skipped message="${attr(`warning: ${rest.map((f) => f.message).join(' ')}`)}"/>`);
  }
  if (rest.length > 0) lines.push(`      <system-out>${text(rest.map((f) => details(report, f)).join('\n\n'))}</system-out>`);
  lines.push('    </testcase>');
  return lines.join('\n');
}

function details(report: Report, f: Finding): string {
  return [
    `${f.severity === 'error' ? 'error' : 'warning'}: ${f.message}`,
    f.kind === 'team' ? `team: ${f.title}` : `item: ${f.source} ${f.itemKey} (${f.itemType}) ${f.title}`,
    ...(f.url ? [`url: ${f.url}`] : []),
    `responsible: ${f.responsible ? `${personLabel(f.responsible)}${f.responsible.email ? ` <${f.responsible.email}>` : ''}` : 'nobody'}`,
    `rule: ${f.ruleId}${ruleDocsUrl(report, f.ruleId) ? ` (${docsReference(ruleDocsUrl(report, f.ruleId))})` : ''}`,
    ...(f.change ? [`change: ${f.change === 'new' ? 'new since the previous report' : 'also in the previous report'}`] : []),
  ].join('\n');
}

/** What suppression labels kept out: a skipped case per item and label, saying which label and what it kept out. */
function suppressedSuite(report: Report, entries: readonly Suppression[]): string[] {
  return [
    ...suiteOpen(report, 'suppressed', 'backlint', { tests: entries.length, failures: 0, skipped: entries.length }, []),
    ...entries.flatMap((entry) => [
      `    <testcase name="${attr(`${entry.itemKey} ${entry.title}`)}" classname="${attr(`backlint.${entry.source}.${entry.ruleId ?? 'all-rules'}`)}" time="0">`,
      `      <skipped message="${attr(`suppressed by the label ${entry.label}: ${suppressedWhat(entry)}`)}"/>`,
      `    </testcase>`,
    ]),
    `  </testsuite>`,
  ];
}

/** With --compare: a passed case per finding of the previous report that is fixed now. */
function fixedSuite(report: Report, fixed: readonly FixedFinding[]): string[] {
  return [
    ...suiteOpen(report, 'fixed since the previous report', 'backlint', { tests: fixed.length, failures: 0, skipped: 0 }, []),
    ...fixed.flatMap((f) => [
      `    <testcase name="${attr(f.kind === 'team' ? `team ${f.title}` : `${f.itemKey} ${f.title}`)}" classname="${attr(`backlint.${f.source}.${f.ruleId}`)}" time="0">`,
      `      <system-out>${text(`fixed since the previous report (${report.comparison!.file}): ${f.severity === 'error' ? 'error' : 'warning'}: ${f.message}\nresponsible then: ${f.responsible ? personLabel(f.responsible) : 'nobody'}`)}</system-out>`,
      `    </testcase>`,
    ]),
    `  </testsuite>`,
  ];
}

/** A rule that checked nothing is a skipped suite with the reason, never a row of passing cases. */
function notApplicableSuite(report: Report, suite: Suite, reason: string): string[] {
  const why = `not applicable: ${reason}`;
  return [
    ...suiteHead(report, suite, { tests: 1, failures: 0, skipped: 1 }),
    `    <testcase name="${attr(`${suite.ruleId} on ${suite.source}`)}" classname="${attr(`backlint.${suite.source}.${suite.ruleId}`)}" time="0">`,
    `      <skipped message="${attr(why)}"/>`,
    `    </testcase>`,
    `  </testsuite>`,
  ];
}

type Counts = { tests: number; failures: number; skipped: number };

/** A suite's opening tag and its properties (source, rule, docs). */
function suiteHead(report: Report, suite: Suite, counts: Counts): string[] {
  if (suite.ruleId === '') {
    // The teams suite: its cases name their rules, so the docs of each are listed.
    const rules = [...new Set(suite.cases.map((c) => c.ruleId))];
    return suiteOpen(report, 'teams', 'backlint.teams', counts, rules.flatMap((ruleId) => [`      <property name="rule" value="${attr(ruleId)}"/>`, ...ruleDocs(report, ruleId)]));
  }
  return suiteOpen(report, `${suite.source}: ${suite.ruleId}`, `backlint.${suite.source}`, counts, [
    `      <property name="source" value="${attr(suite.source)}"/>`,
    `      <property name="rule" value="${attr(suite.ruleId)}"/>`,
    ...ruleDocs(report, suite.ruleId),
  ]);
}

/** Every suite's opening tag, then its own properties and the run's (scope, demo), if there are any. */
function suiteOpen(report: Report, name: string, pkg: string, counts: Counts, own: readonly string[]): string[] {
  const properties = [...own, ...scopeProperties(report), ...demoProperties(report)];
  return [
    `  <testsuite name="${attr(name)}" package="${attr(pkg)}" tests="${counts.tests}" failures="${counts.failures}" errors="0" skipped="${counts.skipped}" time="0" timestamp="${attr(report.generatedAt.replace(/\.\d+Z$/, ''))}">`,
    ...(properties.length > 0 ? [`    <properties>`, ...properties, `    </properties>`] : []),
  ];
}

/** Which scope ran and how many items it left out (SPEC §5), on every suite, as the other reports say it. */
function scopeProperties(report: Report): string[] {
  if (!report.scope) return [];
  return [
    `      <property name="scope" value="${attr(report.scope.name ?? 'config')}"/>`,
    `      <property name="out of scope" value="${report.scope.outOfScope}"/>`,
  ];
}

/** A demo run says so on every suite (SPEC §8). */
function demoProperties(report: Report): string[] {
  return report.demo ? [`      <property name="demo" value="${attr(DEMO_NOTE)}"/>`] : [];
}

const ruleDocsUrl = (report: Report, ruleId: string): string => report.rules.find((r) => r.id === ruleId)?.docsUrl ?? '';

function ruleDocs(report: Report, ruleId: string): string[] {
  const rule = report.rules.find((r) => r.id === ruleId);
  return rule ? [`      <property name="docs" value="${attr(rule.docsUrl)}"/>`] : [];
}

// Characters XML 1.0 does not allow at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF): dropped.
const NOT_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Element text: the five XML specials escaped, characters XML cannot hold dropped. */
export function text(value: string): string {
  return value.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value: also quotes, and line breaks and tabs as references so parsers keep them. */
export function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}
