// SPEC §10 in every format: known (baselined) findings listed, marked known, never counted; expired
// entries said so; suppressed items with their labels; with --compare, the fixed findings listed.
import { describe, expect, it } from 'vitest';
import type { Finding, FixedFinding, Report, Suppression } from '../../src/model.js';
import { renderCsv } from '../../src/reporters/csv.js';
import { renderHtml } from '../../src/reporters/html.js';
import { renderJson } from '../../src/reporters/json.js';
import { renderJunit } from '../../src/reporters/junit.js';
import { renderMarkdown } from '../../src/reporters/markdown.js';
import { renderSarif } from '../../src/reporters/sarif.js';
import { renderStylish } from '../../src/reporters/stylish.js';
import { person } from '../helpers/items.js';
import { makeFinding, makeReport } from '../helpers/report.js';

const open = makeFinding({ itemKey: 'PAY-1', title: 'Refund to the original card' });
const known = makeFinding({ itemKey: 'PAY-7', title: 'Legacy invoice export', baseline: { state: 'known', reason: 'legacy, retired in Q1', expires: '2027-03-31' } });
const knownPlain = makeFinding({ itemKey: 'PAY-8', ruleId: 'story-po-owner', title: 'Old payout report', severity: 'error', baseline: { state: 'known' } });
const expired = makeFinding({ itemKey: 'PAY-9', title: 'Card vault migration', baseline: { state: 'expired', expires: '2026-10-01' } });

const fixed: FixedFinding = {
  source: 'pay', itemKey: 'PAY-4', itemType: 'Story', kind: 'story', title: 'Split payments', url: 'https://acme.atlassian.net/browse/PAY-4',
  ruleId: 'story-acceptance-criteria', severity: 'error', message: 'Story has no acceptance criteria.', responsible: person('Ana Souza'), team: 'PAY', fingerprint: 'f'.repeat(32),
};
const suppressions: Suppression[] = [
  { source: 'pay', itemKey: 'PAY-30', itemType: 'Story', kind: 'story', title: 'VAT breakdown', url: 'https://acme.atlassian.net/browse/PAY-30', team: 'PAY', label: 'backlint-ignore', ruleId: null, findings: null, responsible: person('Sofia Marchetti') },
  { source: 'pay', itemKey: 'PAY-31', itemType: 'Story', kind: 'story', title: 'Credit notes', url: null, team: 'PAY', label: 'backlint-ignore:story-po-owner', ruleId: 'story-po-owner', findings: 1, responsible: null },
];

function report(partial: Partial<Report> = {}, findings: Finding[] = [open, known, knownPlain, expired]): Report {
  const counted = findings.filter((f) => f.baseline?.state !== 'known');
  return makeReport({
    findings,
    baseline: { file: 'backlint-baseline.json', known: findings.length - counted.length, fixed: 3, expired: 1 },
    summary: { errors: counted.filter((f) => f.severity === 'error').length, warnings: 0, suppressed: 2, byRule: { 'story-acceptance-criteria': counted.length } },
    suppressions,
    comparison: { file: 'prev.json', previousGeneratedAt: '2026-11-23T06:00:00.000Z', new: 1, old: 1, fixed: 1, fixedFindings: [fixed] },
    ...partial,
  });
}

describe('known debt in the human reports', () => {
  it('stylish lists the known findings in a section of their own, with their reason, and says an entry expired', () => {
    const out = renderStylish(report(), { color: false });
    const [openPart, knownPart] = out.split('Known debt (2 findings)');
    expect(openPart).toContain('PAY-1');
    expect(openPart).toContain('PAY-9');
    expect(openPart).toContain('(baseline entry expired 2026-10-01)');
    expect(openPart).not.toContain('PAY-7');
    expect(knownPart).toMatch(/PAY-7[\s\S]*known error\s+Story has no acceptance criteria\. \(known: legacy, retired in Q1, until 2027-03-31\)/);
    expect(knownPart).toContain('PAY-8');
    expect(out).toContain('2 known findings listed from baseline backlint-baseline.json, 1 expired (counted again), 3 fixed since');
    expect(out).toMatch(/✖ 2 problems \(2 errors, 0 warnings\)/);
  });

  it('markdown says "no new problems" and still lists the known debt for its owners', () => {
    const onlyKnown = report({ summary: { itemsChecked: 40, errors: 0, warnings: 0, suppressed: 0, byRule: {} }, baseline: { file: 'backlint-baseline.json', known: 2, fixed: 0 }, comparison: undefined }, [known, knownPlain]);
    const out = renderMarkdown(onlyKnown, { color: false });
    expect(out.split('\n')[0]).toBe('## ✅ backlint: no new problems in 40 items checked · 2 known findings (baseline)');
    expect(out).toContain('### Known debt (2)');
    expect(out).toMatch(/\| \[pay\/PAY-7\]\(https:\/\/acme\.atlassian\.net\/browse\/PAY-7\) \| Legacy invoice export \| 🔴 Story has no acceptance criteria\. \(known: legacy, retired in Q1, until 2027-03-31\) \|/);
    expect(out).toContain('pay/PAY-8');
    expect(out).not.toContain('### Findings by');
    // The rule table counts open findings and known ones apart.
    expect(out).toContain('| rule | severity | findings | known |');
    expect(out).toContain('| **total** | | **0** | **2** |');
  });

  it('markdown marks an expired entry and lists fixed findings and suppressed items', () => {
    const out = renderMarkdown(report(), { color: false });
    expect(out).toMatch(/PAY-9[^\n]*🔴 ⌛ Story has no acceptance criteria\. \(baseline entry expired 2026-10-01\)/);
    expect(out).toContain('⌛ baseline entry expired');
    expect(out).toContain('### Fixed since the previous report (1)');
    expect(out).toMatch(/\| \[pay\/PAY-4\]\([^)]+\) \| Split payments \| `story-acceptance-criteria` \| Ana Souza \|/);
    expect(out).toContain('### Suppressed by labels (2)');
    expect(out).toMatch(/\| pay\/PAY-31 \| Credit notes \| `backlint-ignore:story-po-owner` \| 1 finding \| _nobody_ \|/);
    expect(out).toMatch(/\| \[pay\/PAY-30\]\([^)]+\) \| VAT breakdown \| `backlint-ignore` \| item not checked \| Sofia Marchetti \|/);
  });

  it('markdown cuts the lists at the limit, saying how many more', () => {
    const many = Array.from({ length: 5 }, (_, i) => ({ ...suppressions[0]!, itemKey: `PAY-${40 + i}` }));
    const out = renderMarkdown(report({ suppressions: many }), { color: false, markdownLimit: 2 });
    expect(out).toContain('_…and 3 more suppressed items, not listed here: see the full report._');
  });

  it('csv has a baseline column with the reason and expiry date, and lists fixed findings and suppressed items', () => {
    const rows = renderCsv(report(), { color: false }).trimEnd().split('\r\n');
    expect(rows[0]!.endsWith(',change,baseline,baseline reason,baseline expires,suppressed by')).toBe(true);
    expect(rows.find((row) => row.includes('PAY-7'))!.endsWith(',known,"legacy, retired in Q1",2027-03-31,')).toBe(true);
    expect(rows.find((row) => row.includes('PAY-9'))!.endsWith(',expired,,2026-10-01,')).toBe(true);
    expect(rows.find((row) => row.includes('PAY-1,'))!.endsWith(',,,,')).toBe(true);
    // The fixed finding, as a row whose change is `fixed`; each suppressed item, with its label.
    expect(rows.find((row) => row.includes('PAY-4,'))).toMatch(/^pay,PAY-4,.*,story-acceptance-criteria,error,.*,fixed,,,,$/);
    expect(rows.find((row) => row.includes('PAY-30,'))).toMatch(/^pay,PAY-30,.*,,,suppressed: item not checked,.*,,,,,backlint-ignore$/);
    expect(rows.find((row) => row.includes('PAY-31,'))).toMatch(/^pay,PAY-31,.*,story-po-owner,,suppressed: 1 finding,.*,backlint-ignore:story-po-owner$/);
  });

  it('junit and sarif list fixed findings and suppressed items too', () => {
    const xml = renderJunit(report(), { color: false });
    expect(xml).toMatch(/<testsuite name="suppressed" package="backlint" tests="2" failures="0" errors="0" skipped="2"/);
    expect(xml).toContain('<skipped message="suppressed by the label backlint-ignore: item not checked"/>');
    expect(xml).toContain('<skipped message="suppressed by the label backlint-ignore:story-po-owner: 1 finding"/>');
    expect(xml).toMatch(/<testsuite name="fixed since the previous report" package="backlint" tests="1" failures="0"[^>]*>\s*<testcase name="PAY-4 Split payments" classname="backlint\.pay\.story-acceptance-criteria" time="0">\s*<system-out>fixed since the previous report/);
    const sarif = JSON.parse(renderSarif(report(), { color: false }));
    expect(sarif.runs[0].properties.suppressions.map((entry: { itemKey: string; label: string }) => [entry.itemKey, entry.label])).toEqual([['PAY-30', 'backlint-ignore'], ['PAY-31', 'backlint-ignore:story-po-owner']]);
    expect(sarif.runs[0].properties.comparison.fixedFindings.map((finding: { itemKey: string }) => finding.itemKey)).toEqual(['PAY-4']);
  });

  it('html marks known rows, offers a baseline filter, and lists fixed findings and suppressed items', () => {
    const out = renderHtml(report(), { color: false });
    expect(out).toMatch(/<span class="number" id="total-known">2<\/span><span class="label">known \(baseline\)<\/span>/);
    expect(out).toContain('<select id="filter-baseline">');
    expect(out).toContain('"baselined":true');
    expect(out).toContain('"known","known: legacy, retired in Q1, until 2027-03-31"');
    expect(out).toMatch(/<h2 id="fixed-heading">Fixed since the previous report \(1\)<\/h2>[\s\S]*payments?|pay\/PAY-4/);
    expect(out).toMatch(/<h2 id="suppressed-heading">Suppressed by labels \(2\)<\/h2>[\s\S]*<code>backlint-ignore:story-po-owner<\/code>/);
  });
});

describe('known debt in the machine reports', () => {
  it('json lists every finding, known ones with a marker, plus the fixed findings and the suppressions', () => {
    const json = JSON.parse(renderJson(report(), { color: false }));
    expect(json.findings.map((f: { itemKey: string; baseline?: unknown }) => [f.itemKey, f.baseline ?? null])).toEqual([
      ['PAY-1', null],
      ['PAY-7', { state: 'known', reason: 'legacy, retired in Q1', expires: '2027-03-31' }],
      ['PAY-8', { state: 'known' }],
      ['PAY-9', { state: 'expired', expires: '2026-10-01' }],
    ]);
    expect(json.summary).toMatchObject({ errors: 2, warnings: 0 });
    expect(json.baseline).toEqual({ file: 'backlint-baseline.json', known: 2, fixed: 3, expired: 1 });
    expect(json.comparison.fixedFindings).toEqual([{ ...fixed, responsible: { displayName: 'Ana Souza', email: 'ana.souza@example.com', id: 'id-ana-souza' } }].map(({ fingerprint, team, ...rest }) => ({ ...rest, fingerprint, team })));
    expect(json.suppressions.map((s: { itemKey: string; label: string }) => `${s.itemKey} ${s.label}`)).toEqual(['PAY-30 backlint-ignore', 'PAY-31 backlint-ignore:story-po-owner']);
  });

  it('junit passes known findings and sarif leaves them out, as the exit code does', () => {
    const junit = renderJunit(report(), { color: false });
    expect(junit).toMatch(/<testsuites [^>]*failures="2"/);
    expect(junit).toMatch(/<testcase [^>]*PAY-7[^>]*\/>/);
    const sarif = JSON.parse(renderSarif(report(), { color: false }));
    expect(sarif.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0]!.physicalLocation.artifactLocation.uri.split('/').pop())).toEqual(['PAY-1', 'PAY-9']);
  });
});
