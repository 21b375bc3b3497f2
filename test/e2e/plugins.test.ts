import { describe, expect, it } from 'vitest';
import { adfWithCriteria, exportConfig, jiraIssue, jiraUser, runCli, searchResponse, tempProject } from '../helpers/cli.js';

const plugin = `export default {
  meta: {
    id: 'story-has-sprint-goal',
    description: 'Stories should mention the sprint goal so the Product Owner can order them.',
    appliesTo: ['story'],
    defaultSeverity: 'warn',
    messages: { missing: 'Story title "{title}" has no goal: the Product Owner needs one.' },
  },
  check: (item) => (item.title.includes('goal') ? [] : [{ messageId: 'missing', data: { title: item.title } }]),
};
`;

describe('custom rules through plugins', () => {
  const files = {
    'export.json': searchResponse([jiraIssue('PAY-1', { po: jiraUser('Ana Souza'), description: adfWithCriteria, summary: 'Pay faster' })]),
    'rules/goal.js': plugin,
  };

  it('loads a plugin relative to the config and runs its rule like a built-in one', () => {
    const cwd = tempProject({ 'backlint.config.yaml': exportConfig('plugins: [./rules/goal.js]\n'), ...files });
    const run = runCli(['check', '--format', 'json'], { cwd });
    const report = JSON.parse(run.stdout);
    expect(report.findings).toMatchObject([{ ruleId: 'story-has-sprint-goal', severity: 'warn', message: 'Story title "Pay faster" has no goal: the Product Owner needs one.' }]);
    expect(run.code).toBe(0);
  });

  it('lets the config set a plugin rule severity', () => {
    const cwd = tempProject({ 'backlint.config.yaml': exportConfig('plugins: [./rules/goal.js]\nrules:\n  story-has-sprint-goal: error\n'), ...files });
    expect(runCli(['check'], { cwd }).code).toBe(1);
  });

  it('exits 2 on a plugin that cannot load or is not a rule', () => {
    const missing = runCli(['check'], { cwd: tempProject({ 'backlint.config.yaml': exportConfig('plugins: [./rules/nope.js]\n'), ...files }) });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Cannot load plugin rules\/nope\.js/);
    const bad = runCli(['check'], { cwd: tempProject({ 'backlint.config.yaml': exportConfig('plugins: [./rules/bad.js]\n'), ...files, 'rules/bad.js': 'export default { meta: { id: "x" } };' }) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is not a valid rule: .*no check/);
  });
});
