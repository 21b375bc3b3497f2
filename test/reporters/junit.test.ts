import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../src/reporters/junit.js';
import type { JunitWarnings } from '../../src/reporters/types.js';
import type { CheckedItem, Report } from '../../src/model.js';
import { demoReport } from '../helpers/demo.js';
import { makeFinding, makeReport } from '../helpers/report.js';
import { makeTeamFinding } from '../helpers/teams.js';

const render = (report: Report, junitWarnings?: JunitWarnings) => renderJunit(report, { color: false, junitWarnings });

const parser = new XMLParser({ ignoreAttributes: false, htmlEntities: true, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'failure', 'property'].includes(name) });

interface Case { name: string; classname: string; failure?: { '#text': string; message: string; type: string }[]; skipped?: { message: string }; 'system-out'?: string }
interface Suite { name: string; tests: string; failures: string; skipped: string; testcase: Case[]; properties?: { property?: { name: string; value: string }[] } }

function parse(xml: string): { testsuites: { tests: string; failures: string; skipped: string; testsuite?: Suite[] } } {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml);
}

const item = (itemKey: string, rules: string[], partial: Partial<CheckedItem> = {}): CheckedItem => ({
  source: 'pay', itemKey, itemType: 'Story', kind: 'story', title: `Title ${itemKey}`, url: null, team: 'PAY', rules, ...partial,
});

describe('junit reporter', () => {
  it('matches the golden file on the demo data', async () => {
    await expect(render(await demoReport())).toMatchFileSnapshot('./golden/demo.junit.xml');
  });

  it('has one suite per source and rule, one case per checked item, a failure per error finding', async () => {
    const report = await demoReport();
    const { testsuites } = parse(render(report));
    const suites = testsuites.testsuite!;
    const names = suites.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('payments: story-acceptance-criteria');
    expect(names).toContain('platform: epic-pm-owner');
    const failures = suites.flatMap((s) => s.testcase.flatMap((c) => c.failure ?? []));
    expect(failures.filter((f) => f.type === 'error')).toHaveLength(report.summary.errors);
    expect(failures.filter((f) => f.type === 'warning')).toHaveLength(report.summary.warnings);
    expect(Number(testsuites.tests)).toBe(suites.reduce((sum, s) => sum + s.testcase.length, 0));
    // What suppression labels kept out comes last: a skipped case per item and label, naming the label.
    expect(names.at(-1)).toBe('suppressed');
    const suppressed = suites.at(-1)!;
    expect(suppressed.testcase.map((c) => [c.name.split(' ')[0], c.skipped?.message])).toEqual(
      report.suppressions!.map((entry) => [entry.itemKey, `suppressed by the label ${entry.label}: ${entry.findings === null ? 'item not checked' : `${entry.findings} finding${entry.findings === 1 ? '' : 's'}`}`]),
    );
    expect(Number(suppressed.skipped)).toBe(report.suppressions!.length);
    // Every suite of a demo run says it is the demo.
    for (const suite of suites) expect(suite.properties?.property?.some((p) => p.name === 'demo' && /demo backlog bundled with backlint/.test(p.value))).toBe(true);
    const checked = suites.slice(0, -1);
    const cases = checked.reduce((sum, s) => sum + s.testcase.length, 0);
    // Plus one case per team and rule with findings about the team itself (the demo's Mobile roster).
    const teamCases = new Set(report.findings.filter((f) => f.kind === 'team').map((f) => `${f.itemKey} ${f.ruleId}`)).size;
    expect(teamCases).toBeGreaterThan(0);
    expect(cases).toBe(report.checkedItems!.reduce((sum, i) => sum + i.rules.length, 0) + teamCases);
    expect(names.at(-2)).toBe('teams');
    for (const suite of checked) expect(Number(suite.tests)).toBe(suite.testcase.length);
    const acSuite = suites.find((s) => s.name === 'payments: story-acceptance-criteria')!;
    expect(Number(acSuite.failures)).toBe(report.findings.filter((f) => f.source === 'payments' && f.ruleId === 'story-acceptance-criteria').length);
  });

  const warnReport = makeReport({
    findings: [makeFinding({ itemKey: 'PAY-1', ruleId: 'owner-role-mismatch', severity: 'warn', message: 'Ana is a PM only.' })],
    checkedItems: [item('PAY-1', ['owner-role-mismatch']), item('PAY-2', ['owner-role-mismatch'])],
  });

  it.each([
    ['failure', { failures: '1', skipped: '0' }],
    ['skipped', { failures: '0', skipped: '1' }],
    ['passed', { failures: '0', skipped: '0' }],
  ] as const)('shows a warning as %s', (mode, counts) => {
    const { testsuites } = parse(render(warnReport, mode));
    expect({ failures: testsuites.failures, skipped: testsuites.skipped }).toEqual(counts);
    const warned = testsuites.testsuite![0]!.testcase[0]!;
    if (mode === 'failure') expect(warned.failure![0]).toMatchObject({ type: 'warning', message: 'Ana is a PM only.' });
    if (mode === 'skipped') expect(warned.skipped!.message).toBe('warning: Ana is a PM only.');
    if (mode !== 'failure') expect(warned['system-out']).toContain('warning: Ana is a PM only.');
    expect(testsuites.testsuite![0]!.testcase[1]).toEqual({ name: 'PAY-2 Title PAY-2', classname: 'backlint.pay.owner-role-mismatch', time: '0' });
  });

  it('falls back to the items with findings when the report does not list checked items', () => {
    const { testsuites } = parse(render(makeReport({ findings: [makeFinding()] })));
    expect(testsuites.testsuite!.map((s) => s.name)).toEqual(['pay: story-acceptance-criteria']);
  });

  it('writes an empty but valid document when nothing was checked', () => {
    const { testsuites } = parse(render(makeReport({ checkedItems: [] })));
    expect(testsuites.tests).toBe('0');
  });

  const hostile = [
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "it's & <b>bold</b> ]]> <!-- -->",
    'bell\u0007 nul\u0000 esc\u001b vt\u000b ff\u000c fffe\ufffe lone\ud800 surrogate',
    'tab\there\nnew line\r\nwindows',
    'emoji 🎉 and 中文',
  ];

  it.each(hostile)('stays valid XML and round-trips the hostile title %j', (title) => {
    const report = makeReport({ findings: [makeFinding({ title, message: title })], checkedItems: [item('PAY-12', ['story-acceptance-criteria'], { title })] });
    const xml = render(report);
    const { testsuites } = parse(xml);
    const testcase = testsuites.testsuite![0]!.testcase[0]!;
    const expected = title.replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '');
    expect(testcase.name).toBe(`PAY-12 ${expected}`);
    expect(testcase.failure![0]!.message).toBe(expected);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe]/);
    expect(xml).not.toContain('<script');
  });
});

describe('junit reporter: a rule that checked nothing', () => {
  it('is a skipped suite with the reason, never passing cases', () => {
    const source = { ...makeReport().sources[0]!, notApplicable: ['owner-role-mismatch'], notApplicableReasons: { 'owner-role-mismatch': 'no roles are configured' } };
    const report = makeReport({ sources: [source], checkedItems: [item('PAY-1', ['story-acceptance-criteria', 'story-po-owner'])] });
    const xml = parse(render(report));
    const suite = xml.testsuites.testsuite!.find((s) => s.name === 'pay: owner-role-mismatch')!;
    expect(suite).toMatchObject({ tests: '1', failures: '0', skipped: '1' });
    expect(suite.testcase).toHaveLength(1);
    expect(suite.testcase[0]!.skipped).toEqual({ message: 'not applicable: no roles are configured' });
    expect(xml.testsuites.skipped).toBe('1');
  });
});

describe('junit: findings about teams', () => {
  const teamRules = [
    { id: 'team-owners', description: 'Teams with stories need an active PO.', severity: 'error' as const, docsUrl: 'https://example.com/rules/team-owners' },
    { id: 'team-roster-people', description: 'Roster people exist and are active.', severity: 'warn' as const, docsUrl: 'https://example.com/rules/team-roster-people' },
  ];
  const report = (checkedItems?: CheckedItem[]) => {
    const base = makeReport({
      findings: [
        makeFinding({ itemKey: 'PAY-2' }),
        makeTeamFinding({ team: 'Payments' }),
        makeTeamFinding({ team: 'Payments', message: 'Team Payments has 2 epics in scope and no active Product Manager.', messageId: 'noProductManager' }),
        makeTeamFinding({ team: 'Payments', ruleId: 'team-roster-people', severity: 'warn', message: 'Roster person Old Owner is deactivated.' }),
        makeTeamFinding({ team: 'Identity', source: 'ops' }),
      ],
      ...(checkedItems ? { checkedItems } : {}),
    });
    return { ...base, rules: [...base.rules, ...teamRules] };
  };

  it('puts them in one teams suite, a case per team and rule, teams by name, none among the items', () => {
    const xml = parse(render(report()));
    const suites = xml.testsuites.testsuite!;
    expect(suites.map((s) => s.name)).toEqual(['pay: story-acceptance-criteria', 'teams']);
    const teams = suites.at(-1)!;
    expect(teams.testcase.map((c) => [c.name, c.classname])).toEqual([
      ['team Identity', 'backlint.teams.team-owners'],
      ['team Payments', 'backlint.teams.team-owners'],
      ['team Payments', 'backlint.teams.team-roster-people'],
    ]);
    expect(teams).toMatchObject({ tests: '3', failures: '3', skipped: '0' });
    // Two problems of one rule on one team: one case, a failure each.
    expect(teams.testcase[1]!.failure!.map((f) => f.message)).toEqual([
      'Team Payments has 12 stories in scope and no active Product Owner.',
      'Team Payments has 2 epics in scope and no active Product Manager.',
    ]);
    expect(teams.testcase[1]!.failure![0]!['#text']).toContain('team: Payments\nresponsible: Li Wei');
    expect(xml.testsuites).toMatchObject({ tests: '4', failures: '4' });
    expect(render(report())).not.toContain('team/Payments');
  });

  it('lists a team the report checked without findings as a passing case, with its findings from the report too', () => {
    const checked: CheckedItem[] = [
      item('PAY-2', ['story-acceptance-criteria']),
      item('team/Security', ['team-owners'], { kind: 'team', itemType: 'Team', title: 'Security', team: 'Security' }),
    ];
    const teams = parse(render(report(checked), 'skipped')).testsuites.testsuite!.at(-1)!;
    expect(teams.testcase.map((c) => c.name)).toEqual(['team Identity', 'team Payments', 'team Payments', 'team Security']);
    expect(teams.testcase.at(-1)!.failure).toBeUndefined();
    expect(teams.testcase[2]!.skipped!.message).toBe('warning: Roster person Old Owner is deactivated.');
    expect(teams).toMatchObject({ tests: '4', failures: '2', skipped: '1' });
  });
});
