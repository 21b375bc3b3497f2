// `backlint check` with scopes, spawned as a user runs it (SPEC §5, §8): the config's scope as a grace
// period, overrides, --scope NAME on top, and what the reports say about it. The run's clock is
// SOURCE_DATE_EPOCH (2026-11-24T06:00:00Z), so "two days before the run" is fixed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportConfig, jiraIssue, jiraUser, runCli, searchResponse, tempProject } from '../helpers/cli.js';

const ana = jiraUser('Ana Souza');
const withDates = (issue: ReturnType<typeof jiraIssue>, created: string) => ({ ...issue, fields: { ...issue.fields, created, updated: created } });
const backlog = searchResponse([
  withDates(jiraIssue('PAY-1', { po: ana, labels: ['ready'] }), '2026-11-10T09:00:00.000+0000'), // no AC, old, ready
  withDates(jiraIssue('PAY-2', { po: ana }), '2026-11-12T09:00:00.000+0000'), // no AC, old
  withDates(jiraIssue('PAY-3', { po: ana, labels: ['ready'] }), '2026-11-24T05:00:00.000+0000'), // no AC, an hour old
]);
const project = (extra: string) => tempProject({ 'backlint.config.yaml': exportConfig(extra), 'export.json': backlog });
const jsonReport = (cwd: string) => JSON.parse(readFileSync(path.join(cwd, 'report.json'), 'utf8'));

describe('backlint check with scopes', () => {
  it('leaves young items out with the config scope, and says how many in stylish and JSON', () => {
    const cwd = project('scope: { createdBefore: 2d }\n');
    const run = runCli(['check', '--format', 'stylish', '--format', 'json:report.json'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('PAY-1');
    expect(run.stdout).toContain('PAY-2');
    expect(run.stdout).not.toContain('PAY-3');
    expect(run.stdout).toContain("note: the config's scope left out 1 item");
    expect(run.stdout).toMatch(/in 2 items checked/);
    const report = jsonReport(cwd);
    expect(report.scope).toEqual({ name: null, outOfScope: 1 });
    expect(report.sources[0]).toMatchObject({ itemsFetched: 3, itemsChecked: 2, outOfScope: 1 });
    expect(report.summary.itemsChecked).toBe(2);
  });

  it('applies --scope NAME on top of the config scope, and names it in the reports', () => {
    const cwd = project('scope: { createdBefore: 2d }\nscopes:\n  planning: { labels: [ready] }\n');
    const run = runCli(['check', '--scope', 'planning', '--format', 'stylish', '--format', 'json:report.json'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('PAY-1');
    expect(run.stdout).not.toMatch(/PAY-[23]/);
    expect(run.stdout).toContain('note: scope planning left out 2 items');
    expect(jsonReport(cwd).scope).toEqual({ name: 'planning', outOfScope: 2 });
  });

  it('turns a rule to a warning for the items of an override, a later override winning', () => {
    const cwd = project(
      [
        'overrides:',
        '  - scope: { stateCategories: [todo] }',
        '    rules: { story-acceptance-criteria: warn }',
        '  - scope: { labels: [ready] }',
        '    rules: { story-acceptance-criteria: error }',
        '',
      ].join('\n'),
    );
    const run = runCli(['check', '--format', 'json:report.json'], { cwd });
    expect(run.code).toBe(1);
    const severities = jsonReport(cwd).findings.map((f: { itemKey: string; ruleId: string; severity: string }) => [f.itemKey, f.ruleId, f.severity]);
    expect(severities).toEqual([
      ['PAY-1', 'story-acceptance-criteria', 'error'],
      ['PAY-2', 'story-acceptance-criteria', 'warn'],
      ['PAY-3', 'story-acceptance-criteria', 'error'],
    ]);
  });

  it('exits 0 when an override makes the only errors warnings', () => {
    const cwd = project('overrides:\n  - scope: { kinds: [story] }\n    rules: { story-acceptance-criteria: warn }\n');
    const run = runCli(['check'], { cwd });
    expect(run.stdout).toMatch(/0 errors, 3 warnings/);
    expect(run.code).toBe(0);
  });

  it('refuses an unknown --scope with the known names, with exit 2', () => {
    const cwd = project('scopes:\n  planning: { labels: [ready] }\n');
    const unknown = runCli(['check', '--scope', 'plannnig'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--scope plannnig: no such scope. Known scopes: planning, next-sprint, current-sprint');
  });
});

describe('backlint check --scope next-sprint on a Jira export', () => {
  const SPRINT = 'customfield_10020';
  const cloudSprint = (id: number, state: string, boardId: number, startDate?: string) => ({ id, name: `Sprint ${id}`, state, boardId, ...(startDate ? { startDate } : {}) });
  // The old Data Center string form, with rapidViewId for the board and a name holding a comma.
  const oldSprint = (id: number, state: string, sequence: number) =>
    `com.atlassian.greenhopper.service.sprint.Sprint@5a3c${id}[id=${id},rapidViewId=7,state=${state},name=Mobile ${id}, the last,startDate=<null>,endDate=<null>,completeDate=<null>,sequence=${sequence}]`;
  const inSprints = (key: string, sprints: unknown) => {
    const issue = jiraIssue(key, { po: ana });
    return { ...issue, fields: { ...issue.fields, [SPRINT]: sprints } };
  };
  const sprintExport = {
    ...searchResponse([
      inSprints('PAY-1', [cloudSprint(1, 'closed', 3), cloudSprint(2, 'active', 3)]),
      inSprints('PAY-2', [cloudSprint(3, 'future', 3, '2026-12-01T09:00:00.000Z')]),
      inSprints('PAY-3', [cloudSprint(4, 'future', 3, '2026-12-15T09:00:00.000Z')]),
      inSprints('PAY-4', null),
      inSprints('PAY-5', [oldSprint(20, 'FUTURE', 21)]),
      inSprints('PAY-6', [oldSprint(21, 'FUTURE', 20)]),
    ]),
  };
  sprintExport.names = { ...sprintExport.names, [SPRINT]: 'Sprint' } as typeof sprintExport.names;
  const keysChecked = (cwd: string) => jsonReport(cwd).findings.map((f: { itemKey: string }) => f.itemKey);

  it.each([
    ['next-sprint', ['PAY-2', 'PAY-6'], 4],
    ['current-sprint', ['PAY-1'], 5],
  ])('--scope %s lints exactly the items of that sprint of each board', (scope, keys, left) => {
    const cwd = tempProject({ 'backlint.config.yaml': exportConfig(), 'export.json': sprintExport });
    const run = runCli(['check', '--scope', String(scope), '--format', 'json:report.json'], { cwd });
    expect(run.code).toBe(1);
    expect(keysChecked(cwd)).toEqual(keys);
    expect(jsonReport(cwd).scope).toEqual({ name: scope, outOfScope: left });
  });

  it('reads sprint: none and future from the config', () => {
    const cwd = tempProject({ 'backlint.config.yaml': exportConfig('scopes:\n  backlog: { sprint: none }\n  later: { sprint: future }\n'), 'export.json': sprintExport });
    runCli(['check', '--scope', 'backlog', '--format', 'json:report.json'], { cwd });
    expect(keysChecked(cwd)).toEqual(['PAY-4']);
    runCli(['check', '--scope', 'later', '--format', 'json:report.json'], { cwd });
    expect(keysChecked(cwd)).toEqual(['PAY-2', 'PAY-3', 'PAY-5', 'PAY-6']);
  });

  it('says the export lacks sprint data, with exit 2 and no report', () => {
    const cwd = project('');
    const run = runCli(['check', '--scope', 'next-sprint', '--format', 'json:report.json'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Source pay: sprint conditions .* need each item's sprints with their state and dates, and item PAY-\d has no Sprint field in the export/);
    expect(() => readFileSync(path.join(cwd, 'report.json'))).toThrow();
  });

  it('refuses sprint conditions on an Azure DevOps export without iterationsFile, before reading it', () => {
    const cwd = tempProject({ 'backlint.config.yaml': 'sources:\n  - name: mobile\n    type: azure-devops-export\n    path: missing.json\n', 'missing.json': { count: 0, value: [] } });
    const run = runCli(['check', '--scope', 'current-sprint'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--scope current-sprint: sprint conditions need each item\'s iteration with its dates, and an Azure DevOps export carries them only in iterationsFile: (a saved {project}/{team}/_apis/work/teamsettings/iterations response), which source mobile lacks');
  });
});
