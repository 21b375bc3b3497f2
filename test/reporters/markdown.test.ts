import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { cell, renderMarkdown } from '../../src/reporters/markdown.js';
import type { ReporterOptions } from '../../src/reporters/types.js';
import { demoReport } from '../helpers/demo.js';
import { person } from '../helpers/items.js';
import { makeFinding, makeReport } from '../helpers/report.js';
import { makeTeamCoverage, makeTeamFinding } from '../helpers/teams.js';

const render = (report = makeReport(), options: Partial<ReporterOptions> = {}) => renderMarkdown(report, { color: false, ...options });
// GitHub's Markdown is CommonMark + GFM tables: markdown-it with tables shows how a summary renders.
const md = new MarkdownIt({ html: true, linkify: false });
const ana = person('Ana Souza');
const bruno = person('Bruno Lima');

describe('markdown reporter', () => {
  it.each(['owner', 'item', 'rule', 'team'] as const)('matches the golden file on the demo data, grouped by %s', async (groupBy) => {
    await expect(render(await demoReport(), { groupBy })).toMatchFileSnapshot(`./golden/demo-${groupBy}.md`);
  });

  it('groups by responsible person by default, people by name, nobody last, each item linked', () => {
    const report = makeReport({
      findings: [
        makeFinding({ itemKey: 'PAY-1', responsible: null }),
        makeFinding({ itemKey: 'PAY-2', responsible: bruno }),
        makeFinding({ itemKey: 'PAY-3', responsible: ana }),
      ],
    });
    const text = render(report);
    const headings = text.split('\n').filter((line) => line.startsWith('#### '));
    expect(headings).toEqual(['#### Ana Souza · `ana.souza@example.com` (1)', '#### Bruno Lima · `bruno.lima@example.com` (1)', '#### Nobody responsible (1)']);
    expect(text).toContain('[pay/PAY-3](https://acme.atlassian.net/browse/PAY-3)');
  });

  it('has the totals and a per-rule table with every enabled rule', () => {
    const text = render(makeReport({ findings: [makeFinding(), makeFinding({ itemKey: 'PAY-2', severity: 'warn', ruleId: 'owner-role-mismatch' })] }));
    expect(text.split('\n')[0]).toBe('## ❌ backlint: 2 problems (1 error, 1 warning) in 40 items checked');
    expect(text).toContain('| [`story-acceptance-criteria`](https://example.com/rules/story-acceptance-criteria) | error | 1 |');
    expect(text).toContain('| [`story-po-owner`](https://example.com/rules/story-po-owner) | error | 0 |');
    expect(text).toContain('| **total** | | **2** |');
  });

  it('cuts the list past the limit with a clear "and N more"', () => {
    const findings = Array.from({ length: 30 }, (_, i) => makeFinding({ itemKey: `PAY-${i + 1}` }));
    const text = render(makeReport({ findings }), { markdownLimit: 10 });
    expect(text.match(/^\| \[pay\/PAY-/gm)).toHaveLength(10);
    expect(text).toContain('…and 20 more findings, not listed here (the limit is 10)');
    expect(render(makeReport({ findings }), { markdownLimit: 30 })).not.toContain('more finding');
  });

  it('stays under GitHub’s 1 MiB step-summary cap whatever the limit', () => {
    const long = 'x'.repeat(2000);
    const findings = Array.from({ length: 2000 }, (_, i) => makeFinding({ itemKey: `PAY-${i + 1}`, title: long, message: long }));
    const text = render(makeReport({ findings }), { markdownLimit: 100_000 });
    expect(Buffer.byteLength(text)).toBeLessThan(1024 * 1024);
    expect(text).toMatch(/…and \d+ more findings/);
  });

  it('shows the change since a previous report', () => {
    const report = makeReport({
      findings: [makeFinding({ change: 'new' }), makeFinding({ itemKey: 'PAY-2', change: 'old' })],
      comparison: { file: 'prev.json', previousGeneratedAt: '2026-11-23T06:00:00.000Z', new: 1, old: 1, fixed: 4 },
    });
    const text = render(report);
    expect(text).toContain('**Since the previous report (2026-11-23T06:00:00.000Z):** 1 new, 1 still open, 4 fixed.');
    expect(text).toContain('| rule | severity | findings | new |');
    expect(text).toContain('| **total** | | **2** | **1** |');
    expect(text).toContain('🔴 🆕 Story has no acceptance criteria.');
  });

  const hostile = [
    'a | b | c',
    'back`tick` and ``double``',
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    'two\nlines\r\nthree',
    '**bold** _it_ [link](javascript:alert(1)) ![img](http://x)',
    '@everyone ping',
    '\\| escaped pipe',
  ];

  it.each(hostile)('keeps a hostile title %j as literal text in one table cell', (title) => {
    const report = makeReport({ findings: [makeFinding({ title, url: 'javascript:alert(1)', responsible: { ...ana, displayName: title } })] });
    const text = render(report, { groupBy: 'item' });
    const html = md.render(text);
    // One data row, five cells, the title as text.
    const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]));
    const findingRows = rows.filter((cells) => cells.length === 5);
    expect(findingRows).toHaveLength(1);
    const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#64;/g, '@').replace(/&amp;/g, '&');
    const normalised = title.replace(/\s+/g, ' ').trim();
    expect(decode(findingRows[0]![1]!)).toBe(normalised);
    expect(decode(findingRows[0]![4]!)).toBe(normalised);
    expect(findingRows[0]!.join('')).not.toMatch(/<script|<img|<strong|<em>|<a /i);
    expect(html).not.toMatch(/<script|<img|href="javascript/i);
    // A javascript: URL is never a link.
    expect(findingRows[0]![0]).toBe('pay/PAY-12');
  });

  it('escapes cell text for Markdown and HTML', () => {
    expect(cell('a|b')).toBe('a\\|b');
    expect(cell('x\ny')).toBe('x y');
    expect(cell('<b>')).toBe('&lt;b&gt;');
  });

  it('says so when there are no problems', () => {
    expect(render()).toMatch(/^## ✅ backlint: no problems in 40 items checked\n/);
  });

  it('groups by team: teams by name, "(no team)" last, rows by item with rule and responsible, a team finding as "team <name>"', () => {
    const report = makeReport({
      findings: [
        makeFinding({ itemKey: 'PAY-2', team: 'Payments', responsible: bruno }),
        makeFinding({ itemKey: 'PAY-5', team: null, responsible: null }),
        makeFinding({ itemKey: 'PAY-7', team: 'Identity | Core', responsible: ana }),
        makeFinding({ itemKey: 'PAY-9', team: 'Payments', responsible: bruno }),
        makeTeamFinding(),
      ],
    });
    const text = render(report, { groupBy: 'team' });
    expect(text).toContain('### Findings by team');
    expect(text.split('\n').filter((line) => line.startsWith('#### '))).toEqual(['#### Identity \\| Core (1)', '#### Payments (3)', '#### (no team) (1)']);
    const payments = text.slice(text.indexOf('#### Payments'), text.indexOf('#### (no team)'));
    expect(payments).toContain('| item | title | problem | rule | responsible |');
    expect(payments.indexOf('pay/PAY-2')).toBeLessThan(payments.indexOf('pay/PAY-9'));
    expect(payments).toContain('| team Payments | Payments | 🔴 Team Payments has 12 stories in scope and no active Product Owner. | `team-owners` | Li Wei |');
    expect(text).not.toContain('team/Payments');
  });

  it('has a coverage table per team when the report has teams: counts with their share, a dash for nothing to count', () => {
    const report = makeReport({
      findings: [makeFinding()],
      teams: [
        makeTeamCoverage(),
        makeTeamCoverage({ team: 'Identity | Core', itemsChecked: 200, stories: 200, storiesWithAcceptanceCriteria: 199, storiesWithActiveProductOwner: 1, epics: 0, epicsWithActiveProductManager: 0, errors: 0, warnings: 0 }),
        makeTeamCoverage({ team: null, roster: false, itemsChecked: 2, stories: 2, storiesWithAcceptanceCriteria: 0, storiesWithActiveProductOwner: 0, epics: 0, epicsWithActiveProductManager: 0, errors: 2, warnings: 0 }),
      ],
    });
    const lines = render(report).split('\n');
    const at = lines.indexOf('### Coverage by team');
    expect(at).toBeGreaterThan(lines.findIndex((line) => line.startsWith('| **total** |')));
    expect(lines.slice(at, at + 8)).toEqual([
      '### Coverage by team',
      '',
      '| team | items checked | stories with acceptance criteria | stories with an active PO | epics and roadmap items with an active PM | errors | warnings |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      '| Payments | 20 | 12/16 (75%) | 16/16 (100%) | 3/4 (75%) | 5 | 1 |',
      '| Identity \\| Core | 200 | 199/200 (99%) | 1/200 (1%) | – | 0 | 0 |',
      '| (no team) | 2 | 0/2 (0%) | 0/2 (0%) | – | 2 | 0 |',
      '',
    ]);
    // Rendered as a table, the escaped `|` kept inside the team's cell.
    const html = md.render(render(report));
    expect(html).toContain('<td>Identity | Core</td>');
    expect(html).toContain('<td>(no team)</td>');
    expect(render(makeReport({ teams: [] }))).not.toContain('Coverage by team');
    expect(render(makeReport())).not.toContain('Coverage by team');
  });
});
