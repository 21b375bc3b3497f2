import { describe, expect, it } from 'vitest';
import { displayWidth, renderStylish, toTerminalText, wrapText } from '../../src/reporters/stylish.js';
import type { GroupBy } from '../../src/reporters/types.js';
import { person } from '../helpers/items.js';
import { makeFinding, makeReport, makeSourceSummary } from '../helpers/report.js';
import { makeTeamCoverage, makeTeamFinding } from '../helpers/teams.js';

const ESCAPE = /[\u001b\u009b]/;
const ana = person('Ana Souza');
const bruno = person('Bruno Lima');

const findings = [
  makeFinding({ itemKey: 'PAY-2', title: 'Refunds', ruleId: 'story-acceptance-criteria', responsible: bruno }),
  makeFinding({ itemKey: 'PAY-2', title: 'Refunds', ruleId: 'story-po-owner', message: 'Story has no Product Owner.', responsible: null }),
  makeFinding({ itemKey: 'PAY-12', ruleId: 'owner-role-mismatch', severity: 'warn', message: 'Ana Souza is listed as a Product Manager only.', responsible: ana }),
];

const plain = (report = makeReport({ findings }), groupBy: GroupBy = 'item') => renderStylish(report, { color: false, groupBy });

describe('stylish reporter', () => {
  it('groups by item with aligned columns, the URL and a summary line', () => {
    expect(plain()).toBe(
      [
        '',
        'PAY-2  Story  Refunds  https://acme.atlassian.net/browse/PAY-2',
        '  error  Story has no acceptance criteria.  → Bruno Lima  story-acceptance-criteria',
        '  error  Story has no Product Owner.        → nobody      story-po-owner',
        '',
        'PAY-12  Story  Checkout with a saved card  https://acme.atlassian.net/browse/PAY-12',
        '  warning  Ana Souza is listed as a Product Manager only.  → Ana Souza  owner-role-mismatch',
        '',
        '✖ 3 problems (2 errors, 1 warning) in 40 items checked',
        '',
      ].join('\n'),
    );
  });

  it('groups by owner, sorted by name, with nobody last', () => {
    const report = makeReport({
      findings: [
        makeFinding({ itemKey: 'PAY-1', responsible: null }),
        ...findings,
        makeFinding({ itemKey: 'PAY-30', title: 'Wallet', responsible: ana }),
      ],
    });
    const out = plain(report, 'owner');
    const headers = out.split('\n').filter((line) => line !== '' && !line.startsWith(' ') && !line.startsWith('✖'));
    expect(headers).toEqual(['Ana Souza  ana.souza@example.com', 'Bruno Lima  bruno.lima@example.com', 'Nobody responsible']);
    // Each person's list keeps the report order and names the item and its title.
    const anaSection = out.slice(out.indexOf('Ana Souza'), out.indexOf('Bruno Lima'));
    expect(anaSection).toContain('  warning  PAY-12  Checkout with a saved card  Ana Souza is listed');
    expect(anaSection.indexOf('PAY-12')).toBeLessThan(anaSection.indexOf('PAY-30'));
    const nobody = out.slice(out.indexOf('Nobody responsible'));
    expect(nobody.indexOf('PAY-1 ')).toBeLessThan(nobody.indexOf('PAY-2 '));
    expect(out).toMatch(/✖ 5 problems \(4 errors, 1 warning\)/);
  });

  it('groups by rule in the order of the rules list, with the description', () => {
    const out = plain(makeReport({ findings }), 'rule');
    const headers = out.split('\n').filter((line) => line !== '' && !line.startsWith(' ') && !line.startsWith('✖'));
    expect(headers).toEqual([
      'story-acceptance-criteria  Stories need acceptance criteria.',
      'story-po-owner  Stories need a Product Owner.',
      'owner-role-mismatch  Owners hold the role their item needs.',
    ]);
    expect(out).toContain('  error  PAY-2  Refunds  Story has no Product Owner.  → nobody');
  });

  it('prefixes item keys with the source when several sources are reported', () => {
    const out = plain(makeReport({ findings: [makeFinding({ source: 'pay' }), makeFinding({ source: 'web', itemKey: '1234' })] }));
    expect(out).toContain('pay/PAY-12  Story');
    expect(out).toContain('web/1234  Story');
  });

  it('truncates long titles in owner and rule tables, never in the item header', () => {
    const title = 'A very long title that goes on and on about checkout with a saved card';
    const report = makeReport({ findings: [makeFinding({ title })] });
    expect(plain(report, 'item')).toContain(title);
    expect(plain(report, 'owner')).toContain('A very long title that goes on and on about check…');
  });

  it.each([
    [1, 1, 1, '✖ 1 problem (1 error, 0 warnings) in 1 item checked'],
    [3, 2, 40, '✖ 3 problems (2 errors, 1 warning) in 40 items checked'],
    [2, 0, 40, '✖ 2 problems (0 errors, 2 warnings) in 40 items checked'],
  ])('words the summary for %i problems, %i errors', (count, errors, itemsChecked, line) => {
    const list = Array.from({ length: count }, (_, i) => makeFinding({ itemKey: `PAY-${i + 1}`, severity: i < errors ? 'error' : 'warn' }));
    const out = plain(makeReport({ findings: list, summary: { itemsChecked } }));
    expect(out.trimEnd().split('\n').at(-1)).toBe(line);
  });

  it('marks new findings and adds the change since the previous report to the summary line', () => {
    const compared = makeReport({
      findings: [{ ...findings[0]!, change: 'new' }, { ...findings[1]!, change: 'old' }],
      comparison: { file: 'prev.json', previousGeneratedAt: null, new: 1, old: 1, fixed: 3 },
    });
    const out = plain(compared);
    expect(out).toContain('  error new  Story has no acceptance criteria.');
    expect(out).toContain('  error      Story has no Product Owner.');
    expect(out.trimEnd().split('\n').at(-1)).toBe('✖ 2 problems (2 errors, 0 warnings) in 40 items checked · 1 new, 3 fixed since the previous report');
    const clean = plain(makeReport({ comparison: { file: 'prev.json', previousGeneratedAt: null, new: 0, old: 0, fixed: 2 } }));
    expect(clean).toContain('✔ No problems in 40 items checked · 0 new, 2 fixed since the previous report');
  });

  it('adds the suppressed count', () => {
    expect(plain(makeReport({ findings, summary: { suppressed: 2 } }))).toContain('in 40 items checked, 2 suppressed\n');
    expect(plain(makeReport({ summary: { suppressed: 1 } }))).toBe('✔ No problems in 40 items checked, 1 suppressed\n');
  });

  it('says so when there are no problems, still showing the notes', () => {
    const report = makeReport({
      sources: [
        makeSourceSummary({
          notApplicable: ['story-po-owner'],
          notApplicableReasons: { 'story-po-owner': 'no Product Owner field mapped' },
        }),
      ],
    });
    expect(plain(report)).toBe(
      'note: pay: story-po-owner not applicable (no Product Owner field mapped)\n✔ No problems in 40 items checked\n',
    );
  });

  it('notes rules not applicable per source and the baseline after the findings', () => {
    const report = makeReport({
      findings,
      sources: [
        makeSourceSummary(),
        makeSourceSummary({
          name: 'web',
          notApplicable: ['epic-pm-owner', 'roadmap-pm-owner'],
          notApplicableReasons: { 'epic-pm-owner': 'no Product Manager field mapped', 'roadmap-pm-owner': 'no Product Manager field mapped' },
        }),
      ],
      baseline: { file: 'backlint-baseline.json', known: 7, fixed: 2 },
    });
    const tail = plain(report).trimEnd().split('\n').slice(-4);
    expect(tail).toEqual([
      'note: web: epic-pm-owner not applicable (no Product Manager field mapped)',
      'note: web: roadmap-pm-owner not applicable (no Product Manager field mapped)',
      '7 known findings listed from baseline backlint-baseline.json, 2 fixed since',
      '✖ 3 problems (2 errors, 1 warning) in 40 items checked',
    ]);
    expect(plain(makeReport({ baseline: { file: 'b.json', known: 1, fixed: 0, hidden: true } }))).toContain('1 known finding hidden by baseline b.json, 0 fixed since');
  });

  it.each<GroupBy>(['item', 'owner', 'rule'])('writes no escape codes without colour, and colours with it (group by %s)', (groupBy) => {
    const report = makeReport({ findings, baseline: { file: 'b.json', known: 1, fixed: 1 } });
    expect(renderStylish(report, { color: false, groupBy })).not.toMatch(ESCAPE);
    const coloured = renderStylish(report, { color: true, groupBy });
    expect(coloured).toMatch(ESCAPE);
    expect(coloured).toContain('\u001b[31merror');
    expect(coloured).toContain('\u001b[33mwarning');
  });

  it('colours the summary red with errors, yellow with only warnings, green when clean', () => {
    const last = (report = makeReport()) => renderStylish(report, { color: true, groupBy: 'item' }).trimEnd().split('\n').at(-1)!;
    expect(last(makeReport({ findings }))).toMatch(/^\u001b\[31m\u001b\[1m✖/);
    expect(last(makeReport({ findings: [makeFinding({ severity: 'warn' })] }))).toMatch(/^\u001b\[33m\u001b\[1m✖/);
    expect(last()).toMatch(/^\u001b\[32m✔/);
  });

  it.each<GroupBy>(['item', 'owner', 'rule'])('neutralises hostile item text (group by %s)', (groupBy) => {
    const hostile = makeFinding({
      title: 'Pay\u001b[2J\u001b[31mnow\nplease\r\u0007\u0000 \u009b1m\u001b]0;pwned\u0007done\u202e',
      itemType: 'Sto\u001bcry',
      url: 'https://x.test/\u001b[8m',
      message: 'No owner.\n\nReally',
      responsible: person('Eve\u001b[5m\nMallory'),
      source: 'pay\u0007',
    });
    const out = renderStylish(makeReport({ findings: [hostile], sources: [makeSourceSummary({ notApplicable: ['x'], notApplicableReasons: { x: 'bad\u001b[2J\nreason' } })] }), { color: false, groupBy });
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(out).toContain('Paynow please done');
    expect(out).toContain('Eve Mallory');
    expect(out).toContain('No owner. Really');
    expect(out).toContain('(bad reason)');
    // One line per finding: the hostile newlines did not add any.
    expect(out.split('\n').filter((line) => line.startsWith('  '))).toHaveLength(1);
  });
});

describe('toTerminalText', () => {
  it.each([
    ['\u001b[2J\u001b[HCleared', 'Cleared'],
    ['a\u001b]8;;https://evil.test\u001b\\link\u001b]8;;\u001b\\b', 'alinkb'],
    ['one\r\ntwo\tthree\u2028four', 'one two three four'],
    ['  spaced   out  ', 'spaced out'],
    ['bell\u0007 and \u007fdel', 'bell and del'],
    ['\u001b', ''],
    ['café 日本', 'café 日本'],
  ])('%j → %j', (input, expected) => {
    expect(toTerminalText(input)).toBe(expected);
  });
});

describe('stylish grouped by owner: the links', () => {
  it('gives every row its item URL, as grouping by item does, and nothing after a row without one', () => {
    const report = makeReport({ findings: [makeFinding({ url: 'https://acme.atlassian.net/browse/PAY-12' }), makeFinding({ itemKey: 'PAY-13', url: null })] });
    const lines = renderStylish(report, { color: true, groupBy: 'owner' }).split('\n');
    expect(lines.find((line) => line.includes('PAY-12'))).toContain('https://acme.atlassian.net/browse/PAY-12');
    expect(lines.find((line) => line.includes('PAY-13'))).toMatch(/story-acceptance-criteria(\u001b\[\d+m)*$/);
  });
});

describe('stylish grouped by team', () => {
  it('heads each team with its name, teams by name and "(no team)" last, and lists its items as grouping by item does', () => {
    const report = makeReport({
      findings: [
        makeFinding({ itemKey: 'PAY-2', title: 'Refunds', team: 'Payments', responsible: bruno }),
        makeFinding({ itemKey: 'PAY-5', title: 'Login', team: 'Identity', ruleId: 'story-po-owner', message: 'Story has no Product Owner.', responsible: null }),
        makeFinding({ itemKey: 'PAY-7', title: 'Loose end', team: null, severity: 'warn', message: 'Ana Souza is listed as a Product Manager only.', ruleId: 'owner-role-mismatch', responsible: ana }),
        makeFinding({ itemKey: 'PAY-9', title: 'Payouts', team: 'Payments', responsible: bruno }),
      ],
    });
    expect(plain(report, 'team')).toBe(
      [
        '',
        'Identity',
        '  PAY-5  Story  Login  https://acme.atlassian.net/browse/PAY-5',
        '    error  Story has no Product Owner.  → nobody  story-po-owner',
        '',
        'Payments',
        '  PAY-2  Story  Refunds  https://acme.atlassian.net/browse/PAY-2',
        '    error  Story has no acceptance criteria.  → Bruno Lima  story-acceptance-criteria',
        '',
        '  PAY-9  Story  Payouts  https://acme.atlassian.net/browse/PAY-9',
        '    error  Story has no acceptance criteria.  → Bruno Lima  story-acceptance-criteria',
        '',
        '(no team)',
        '  PAY-7  Story  Loose end  https://acme.atlassian.net/browse/PAY-7',
        '    warning  Ana Souza is listed as a Product Manager only.  → Ana Souza  owner-role-mismatch',
        '',
        '✖ 4 problems (3 errors, 1 warning) in 40 items checked',
        '',
      ].join('\n'),
    );
  });
});

describe('stylish: findings about a team', () => {
  const teamFindings = [
    makeTeamFinding(),
    makeTeamFinding({ ruleId: 'team-roster-people', messageId: 'inactive', message: 'Roster person Old Owner is deactivated.', severity: 'warn' }),
  ];

  it('shows the team as the item ("team Payments"), once for its several findings, with no URL', () => {
    const out = plain(makeReport({ findings: [makeFinding({ itemKey: 'PAY-2' }), ...teamFindings] }));
    expect(out).toContain(
      ['team Payments', '  error    Team Payments has 12 stories in scope and no active Product Owner.  → Li Wei  team-owners', '  warning  Roster person Old Owner is deactivated.                             → Li Wei  team-roster-people'].join('\n'),
    );
    expect(out).not.toContain('team/Payments');
    expect(out.split('\n').filter((line) => line.startsWith('team Payments'))).toEqual(['team Payments']);
  });

  it('names the team without a source prefix or a title in owner and rule tables, even with several sources', () => {
    const report = makeReport({ findings: [makeFinding({ source: 'web', itemKey: '1234', responsible: person('Li Wei') }), ...teamFindings] });
    const out = plain(report, 'owner');
    expect(out).toContain('  error    team Payments                              Team Payments has 12 stories');
    expect(out).toContain('  error    web/1234       Checkout with a saved card  Story has no acceptance criteria.');
    expect(plain(report, 'rule')).toMatch(/^ {2}error {2}team Payments {4}Team Payments has 12 stories in scope and no active Product Owner\. {2}→ Li Wei$/m);
  });
});

describe('stylish wrapped to the terminal width (issue 12)', () => {
  const long = 'Story has no Product Owner. The PO owns the team backlog: someone must clarify this story, answer the team’s questions and accept it against its acceptance criteria.';
  const report = makeReport({
    findings: [
      makeFinding({ itemKey: 'PAY-2', ruleId: 'story-po-owner', message: long, responsible: null }),
      makeFinding({ itemKey: 'PAY-2', message: 'Story has no acceptance criteria.', responsible: bruno }),
    ],
  });
  const columnOf = (line: string, text: string) => displayWidth(line.slice(0, line.indexOf(text)));

  it('wraps messages to the width, continuation lines under the message, the → owner column aligned', () => {
    const lines = renderStylish(report, { color: false, groupBy: 'item', width: 120 }).split('\n');
    const rows = lines.slice(2, lines.indexOf('', 2));
    expect(rows).toEqual([
      '  error  Story has no Product Owner. The PO owns the team backlog: someone must  → nobody      story-po-owner',
      '         clarify this story, answer the team’s questions and accept it against',
      '         its acceptance criteria.',
      '  error  Story has no acceptance criteria.                                       → Bruno Lima  story-acceptance-criteria',
    ]);
    expect(Math.max(...rows.map(displayWidth))).toBe(120);
    expect(rows.filter((line) => line.includes('→')).map((line) => columnOf(line, '→'))).toEqual([81, 81]);
  });

  it('keeps every line of an owner-grouped table within the width, measured in display columns (CJK, emoji)', () => {
    const wide = makeReport({
      findings: [
        makeFinding({ itemKey: 'PAY-3', message: `故事没有验收标准。产品负责人应在冲刺开始前定义验收标准，让团队知道什么是完成。🚀 ${long}`, responsible: ana }),
        makeFinding({ itemKey: 'PAY-4', message: long, responsible: ana }),
      ],
    });
    for (const width of [100, 160]) {
      const lines = renderStylish(wide, { color: false, groupBy: 'rule', width }).split('\n');
      const rows = lines.filter((line) => line.startsWith('  '));
      expect(rows.length).toBeGreaterThan(2);
      for (const line of rows) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
      expect(new Set(rows.filter((line) => line.includes('→')).map((line) => columnOf(line, '→'))).size).toBe(1);
    }
  });

  it('grouped by owner on a narrow terminal: the URL moves under the message, titles are cut before the message goes below 40 columns', () => {
    const byOwner = makeReport({
      findings: [
        makeFinding({ itemKey: 'PAY-27', title: 'Warn the merchant three days before a dispute deadline', message: long, responsible: ana }),
        makeFinding({ itemKey: 'PAY-28', title: 'Short', message: 'Story has no acceptance criteria.', responsible: ana, url: null }),
      ],
    });
    const lines = renderStylish(byOwner, { color: false, groupBy: 'owner', width: 110 }).split('\n');
    const rows = lines.slice(2, lines.indexOf('', 2));
    for (const line of rows) expect(displayWidth(line), line).toBeLessThanOrEqual(110);
    // 110 columns: the message keeps 40, the title gives up the rest (24 of its 50).
    expect(rows[0]).toBe('  error  PAY-27  Warn the merchant three…  Story has no Product Owner. The PO owns   story-acceptance-criteria');
    expect(rows.at(-2)).toBe(`${' '.repeat(43)}https://acme.atlassian.net/browse/PAY-27`);
    // A row without a URL gets no line for it.
    expect(rows.at(-1)).toBe('  error  PAY-28  Short                     Story has no acceptance criteria.         story-acceptance-criteria');
    // Wide enough, the URL stays the last column.
    expect(renderStylish(byOwner, { color: false, groupBy: 'owner', width: 400 })).toBe(renderStylish(byOwner, { color: false, groupBy: 'owner' }));
  });

  it('does not wrap without a width (a file, a pipe), nor a table that fits', () => {
    expect(renderStylish(report, { color: false, groupBy: 'item' })).toContain(`  error  ${long}  → nobody`);
    expect(renderStylish(makeReport({ findings }), { color: false, groupBy: 'item', width: 200 })).toBe(plain());
  });

  it('gives the message at least 20 columns on a very narrow terminal, and cuts a word longer than that', () => {
    const word = 'x'.repeat(45);
    const lines = renderStylish(makeReport({ findings: [makeFinding({ message: `Odd ${word} end` })] }), { color: true, groupBy: 'item', width: 30 }).split('\n');
    const rows = lines.slice(2, lines.indexOf('', 2)).map((line) => line.replace(/\u001b\[\d+m/g, ''));
    expect(rows).toEqual([
      '  error  Odd                   → Ana Souza  story-acceptance-criteria',
      `         ${'x'.repeat(20)}`,
      `         ${'x'.repeat(20)}`,
      `         ${'x'.repeat(5)} end`,
    ]);
  });
});

describe('wrapText', () => {
  it('breaks at spaces by display width, wide characters counting two', () => {
    expect(wrapText('aa bb cc', 5)).toEqual(['aa bb', 'cc']);
    expect(wrapText('日本語のテキスト', 6)).toEqual(['日本語', 'のテキ', 'スト']);
    expect(wrapText('e\u0301e\u0301e\u0301 ok', 4)).toEqual(['e\u0301e\u0301e\u0301', 'ok']);
  });
});

describe('stylish: coverage by team', () => {
  it('lists each team after the findings, before the notes and the summary line, when the report has teams', () => {
    const report = makeReport({
      findings: [makeFinding({ itemKey: 'PAY-2' })],
      teams: [makeTeamCoverage(), makeTeamCoverage({ team: null, roster: false, itemsChecked: 3, stories: 3, storiesWithAcceptanceCriteria: 1, storiesWithActiveProductOwner: 0, epics: 0, epicsWithActiveProductManager: 0, errors: 0, warnings: 0 })],
    });
    const lines = plain(report).split('\n');
    const at = lines.indexOf('Coverage by team');
    expect(lines.slice(at, at + 5)).toEqual([
      'Coverage by team',
      '  team       items  acceptance criteria  active PO     active PM  errors  warnings',
      '  Payments   20     12/16 (75%)          16/16 (100%)  3/4 (75%)  5       1',
      '  (no team)  3      1/3 (33%)            0/3 (0%)      –          0       0',
      '',
    ]);
    expect(at).toBeGreaterThan(lines.findIndex((line) => line.startsWith('  error')));
    expect(lines.at(-2)).toMatch(/^✖ 1 problem/);
    expect(plain(makeReport({ findings }))).not.toContain('Coverage by team');
    expect(plain(makeReport({ findings, teams: [] }))).not.toContain('Coverage by team');
  });
});
