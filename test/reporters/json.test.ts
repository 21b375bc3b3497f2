import { describe, expect, it } from 'vitest';
import { jsonChunks, renderJson } from '../../src/reporters/json.js';
import { escapeJsonForLogs } from '../../src/terminal-text.js';
import { makeFinding, makeReport } from '../helpers/report.js';
import { makeTeamCoverage, makeTeamFinding } from '../helpers/teams.js';

const render = (report = makeReport()) => renderJson(report, { color: false, groupBy: 'item' });

describe('json reporter', () => {
  const report = makeReport({
    findings: [
      makeFinding({ itemKey: 'PAY-2' }),
      makeFinding({ itemKey: 'PAY-12', severity: 'warn', responsible: { id: 'u-1', displayName: 'No Mail', active: true } }),
      makeFinding({ itemKey: 'PAY-30', responsible: null, title: 'Evil \u001b[2J\n"title"' }),
    ],
    baseline: { file: 'backlint-baseline.json', known: 4, fixed: 1 },
  });

  it('writes the schema v1 keys in order, pretty-printed with a trailing newline', () => {
    const text = render(report);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.startsWith('{\n  "schemaVersion": 1,\n  "tool": {\n    "name": "backlint",')).toBe(true);
    const json = JSON.parse(text);
    expect(Object.keys(json)).toEqual(['schemaVersion', 'tool', 'generatedAt', 'sources', 'summary', 'findings', 'rules', 'baseline']);
    expect(Object.keys(json.sources[0])).toEqual(['name', 'type', 'itemsChecked', 'itemsFetched', 'notApplicable', 'notApplicableReasons']);
    expect(Object.keys(json.summary)).toEqual(['itemsChecked', 'errors', 'warnings', 'suppressed', 'byRule']);
    expect(Object.keys(json.rules[0])).toEqual(['id', 'description', 'severity', 'docsUrl']);
    expect(json.baseline).toEqual({ file: 'backlint-baseline.json', known: 4, fixed: 1 });
  });

  it('comes in pieces of whole JSON values, whole entries of the long lists, that make up JSON.stringify\'s text', () => {
    const full = makeReport({
      ...report,
      checkedItems: [
        { source: 'pay', itemKey: 'PAY-2', itemType: 'Story', kind: 'story', title: '##vso[task.setvariable]x', url: null, team: null, rules: ['story-po-owner'] },
        { source: 'pay', itemKey: 'PAY-3', itemType: 'Story', kind: 'story', title: 'ok', url: null, team: 'PAY', rules: [] },
      ],
      suppressions: [],
    });
    const pieces = [...jsonChunks(full)];
    const text = pieces.join('');
    expect(text).toBe(`${escapeJsonForLogs(JSON.stringify(JSON.parse(text), null, 2))}\n`);
    expect(text).toBe(render(full));
    expect(text).not.toContain('##vso[');
    // The list entries come in pieces of whole entries (escaping and secret redaction work piece by piece).
    const entries = pieces.filter((piece) => piece.startsWith('    '));
    expect(entries.map((piece) => (JSON.parse(`[${piece.replace(/,\n$/, '')}]`) as unknown[]).length)).toEqual([3, 2]);
  });

  it('writes each finding with the spec keys first, then the extra ones', () => {
    const [first] = JSON.parse(render(report)).findings;
    expect(Object.keys(first)).toEqual([
      'ruleId', 'severity', 'source', 'itemKey', 'itemType', 'kind', 'title', 'url', 'message', 'responsible', 'fingerprint',
      'messageId', 'team',
    ]);
    expect(first.responsible).toEqual({ displayName: 'Ana Souza', email: 'ana.souza@example.com', id: 'id-ana-souza' });
    expect(Object.keys(first.responsible)).toEqual(['displayName', 'email', 'id']);
  });

  it('omits an absent email, writes null for nobody, and leaves out the baseline when there is none', () => {
    const json = JSON.parse(render(report));
    expect(json.findings[1].responsible).toEqual({ displayName: 'No Mail', id: 'u-1' });
    expect(json.findings[2].responsible).toBeNull();
    expect('baseline' in JSON.parse(render(makeReport()))).toBe(false);
  });

  it('round-trips the report, item text included, without re-sorting', () => {
    const json = JSON.parse(render(report));
    expect(json.findings.map((f: { itemKey: string }) => f.itemKey)).toEqual(['PAY-2', 'PAY-12', 'PAY-30']);
    expect(json.findings[2].title).toBe('Evil \u001b[2J\n"title"');
    expect(json.summary).toEqual(report.summary);
    expect(json.generatedAt).toBe(report.generatedAt);
    const { active: _active, ...responsible } = report.findings[0]!.responsible!;
    expect(json.findings[0]).toEqual({ ...report.findings[0], responsible });
    expect(render(report)).not.toContain('\u001b');
  });

  it('adds teams[] (coverage per team, null for no team) and ownerSource on findings that have one, still schema version 1', () => {
    const teams = [makeTeamCoverage(), makeTeamCoverage({ team: null, roster: false, sources: ['pay', 'ops'], stories: 3, storiesWithAcceptanceCriteria: 0 })];
    const withTeams = makeReport({
      findings: [makeFinding({ itemKey: 'PAY-2', ownerSource: 'roster', team: 'Payments' }), makeFinding({ itemKey: 'PAY-3' }), makeTeamFinding()],
      teams,
    });
    const json = JSON.parse(render(withTeams));
    expect(json.schemaVersion).toBe(1);
    expect(Object.keys(json)).toEqual(['schemaVersion', 'tool', 'generatedAt', 'sources', 'summary', 'findings', 'rules', 'teams']);
    expect(json.teams).toEqual(teams);
    expect(Object.keys(json.teams[0])).toEqual([
      'team', 'roster', 'sources', 'itemsChecked', 'stories', 'storiesWithAcceptanceCriteria', 'storiesWithActiveProductOwner',
      'epics', 'epicsWithActiveProductManager', 'errors', 'warnings',
    ]);
    expect(json.findings[0].ownerSource).toBe('roster');
    expect(json.findings[0].team).toBe('Payments');
    expect('ownerSource' in json.findings[1]).toBe(false);
    expect(json.findings[2]).toMatchObject({ kind: 'team', itemKey: 'team/Payments', itemType: 'Team', url: null, team: 'Payments' });
    expect('teams' in JSON.parse(render(makeReport()))).toBe(false);
  });
});
