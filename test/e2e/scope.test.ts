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

  it('refuses an unknown --scope with the known names, and a sprint condition it cannot yet answer, with exit 2', () => {
    const cwd = project('scopes:\n  planning: { labels: [ready] }\n');
    const unknown = runCli(['check', '--scope', 'plannnig'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--scope plannnig: no such scope. Known scopes: planning, next-sprint, current-sprint');
    const sprint = runCli(['check', '--scope', 'next-sprint'], { cwd });
    expect(sprint.code).toBe(2);
    expect(sprint.stderr).toMatch(/--scope next-sprint: sprint conditions .* do(es)? not read yet/);
    expect(sprint.stdout).toBe('');
  });
});
