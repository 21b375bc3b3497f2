import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TeamCoverage } from '../../src/model.js';
import { HTML_CLIENT_SCRIPT } from '../../src/reporters/html-client.js';
import { escapeHtml, jsonForScript, renderHtml } from '../../src/reporters/html.js';
import { demoReport } from '../helpers/demo.js';
import { person } from '../helpers/items.js';
import { makeFinding, makeReport } from '../helpers/report.js';

const render = (report = makeReport()) => renderHtml(report, { color: false });
const coverage = (partial: Partial<TeamCoverage> = {}): TeamCoverage => ({
  team: 'Payments', roster: true, sources: ['pay'], itemsChecked: 20, stories: 12, storiesWithAcceptanceCriteria: 9, storiesWithActiveProductOwner: 0,
  epics: 3, epicsWithActiveProductManager: 3, errors: 14, warnings: 2, ...partial,
});
const teamFinding = makeFinding({
  ruleId: 'team-owners', kind: 'team', itemKey: 'team/Payments', itemType: 'Team', title: 'Payments', url: null, team: 'Payments',
  message: 'Team Payments has 12 stories in scope and no active Product Owner.', responsible: person('Li Wei'),
});
const dataOf = (html: string) => JSON.parse(/<script type="application\/json" id="backlint-data">(.*?)<\/script>/s.exec(html)![1]!);

describe('html reporter (as text; the browser tests are in test/browser)', () => {
  it('matches the golden file on the demo data', async () => {
    await expect(render(await demoReport())).toMatchFileSnapshot('./golden/demo.html');
  });

  it('is self-contained: no external URL is loaded, and the CSP allows only its own script by hash', async () => {
    const html = render(await demoReport());
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\bsrc=/i);
    const hash = createHash('sha256').update(HTML_CLIENT_SCRIPT).digest('base64');
    expect(html).toContain(escapeHtml(`script-src 'sha256-${hash}'`));
    expect(html).toContain(escapeHtml("default-src 'none'"));
    expect(html.match(/<script\b/g)).toHaveLength(2);
  });

  const hostile = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '</script><script>alert(1)</script>', '<!-- x', '\u2028 & \u2029'];

  it.each(hostile)('escapes %j everywhere it appears', (title) => {
    const evil = { ...person('Eve'), displayName: title };
    const report = makeReport({ findings: [makeFinding({ title, message: title, team: title, responsible: evil })] });
    const html = render(report);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<!-- x');
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    const data = dataOf(html);
    expect(data.findings[0][4]).toBe(title);
    expect(data.people[0].name).toBe(title.trim());
  });

  it('keeps only http(s) URLs for links', () => {
    const urls = ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'https://acme.atlassian.net/browse/PAY-1', 'http://jira.local/browse/PAY-2', 'not a url'];
    const report = makeReport({ findings: urls.map((url, i) => makeFinding({ itemKey: `PAY-${i + 1}`, url })) });
    expect(dataOf(render(report)).findings.map((f: unknown[]) => f[5])).toEqual([null, null, 'https://acme.atlassian.net/browse/PAY-1', 'http://jira.local/browse/PAY-2', null]);
  });

  it('shows the change since the previous report in the headline', () => {
    const report = makeReport({
      findings: [makeFinding({ change: 'new' })],
      comparison: { file: 'prev.json', previousGeneratedAt: '2026-11-23T06:00:00.000Z', new: 1, old: 0, fixed: 3 },
    });
    const html = render(report);
    expect(html).toContain('<span class="number" id="total-new">1</span>');
    expect(html).toContain('<span class="number" id="total-fixed">3</span>');
    expect(html).toContain('Since the previous report of 2026-11-23 06:00:00 UTC: <strong>1 new</strong>, 0 still open, <strong>3 fixed</strong>.');
    expect(html).toContain('id="filter-change"');
  });

  it('renders an empty report: zero totals and charts that say there is nothing', () => {
    const html = render(makeReport());
    expect(html).toContain('<span class="number" id="total-findings">0</span>');
    expect(html.match(/No findings<\/text>/g)).toHaveLength(3);
    expect(dataOf(html).findings).toEqual([]);
  });

  it('shows coverage per team: x of n with a bar, "no stories" for none, (no team) for null', () => {
    const teams = [coverage(), coverage({ team: 'Identity', roster: false, sources: ['ado', 'pay'], stories: 0, storiesWithAcceptanceCriteria: 0, epics: 0, epicsWithActiveProductManager: 0 }), coverage({ team: null, roster: false })];
    const html = render(makeReport({ teams }));
    const section = /<section aria-labelledby="teams-heading" id="teams">.*?<\/section>/s.exec(html)![0];
    const rows = section.split('<tr').slice(2);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('>Payments</th>');
    expect(rows[0]).toContain('>roster</td>');
    expect(rows[0]).toMatch(/data-label="stories with acceptance criteria" data-covered="9" data-total="12"><span class="meter warn" aria-hidden="true"><span style="width:75%"><\/span><\/span><span class="share">9 of 12 \(75%\)<\/span>/);
    expect(rows[0]).toContain('<span style="width:0%"></span></span><span class="share">0 of 12 (0%)</span>');
    expect(rows[0]).toContain('3 of 3 (100%)');
    expect(rows[1]).toContain('>item value</td>');
    expect(rows[1]).toContain('>ado, pay</td>');
    expect(rows[1]!.match(/>no stories</g)).toHaveLength(2);
    expect(rows[1]).toContain('>no epics or roadmap items<');
    expect(rows[1]).not.toContain('class="meter');
    expect(rows[2]).toContain('(no team)');
  });

  it('has no Teams section when the report has no teams', () => {
    expect(render(makeReport())).not.toContain('id="teams"');
    expect(render(makeReport({ teams: [] }))).not.toContain('id="teams"');
  });

  it.each(hostile)('escapes the team name %j in the Teams section', (team) => {
    const html = render(makeReport({ teams: [coverage({ team, sources: [team] })] }));
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<!-- x');
    expect(html).toContain(escapeHtml(team));
  });

  it('counts team findings under their team in the chart and gives the script their kind and where owners came from', () => {
    const report = makeReport({ findings: [makeFinding({ team: 'Payments', ownerSource: 'roster' }), makeFinding({ itemKey: 'PAY-13', team: 'Payments', ownerSource: 'field' }), teamFinding] });
    const html = render(report);
    expect(html).toContain('<g class="bar" data-label="Payments" data-count="3">');
    const data = dataOf(html);
    expect(data.findings.map((f: unknown[]) => [f[3], f[5], f[12]])).toEqual([['story', 'https://acme.atlassian.net/browse/PAY-12', 'roster'], ['story', 'https://acme.atlassian.net/browse/PAY-13', 'field'], ['team', null, null]]);
  });

  it('escapes JSON for a script element and HTML text', () => {
    expect(jsonForScript({ a: '</script><!--&\u2028' })).toBe('{"a":"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028"}');
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });
});
