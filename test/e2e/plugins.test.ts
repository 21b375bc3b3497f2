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

describe('plugins: the first hour', () => {
  const files = { 'export.json': searchResponse([jiraIssue('PAY-1', { po: jiraUser('Ana Souza'), description: adfWithCriteria, summary: 'Pay faster' })]), 'rules/goal.js': plugin };

  it('options for a rule without a schema are an error, not silently ignored', () => {
    const cwd = tempProject({ ...files, 'backlint.config.yaml': exportConfig('plugins: [./rules/goal.js]\nrules:\n  story-has-sprint-goal: [warn, { strict: true }]\n') });
    const run = runCli(['check'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/rules\["story-has-sprint-goal"\]\[1\]: rule story-has-sprint-goal takes no options \(it has no meta\.schema\); give only its severity\./);
  });

  it('backlint rules --config lists the plugin rules after the built-in ones', () => {
    const cwd = tempProject({ ...files, 'backlint.config.yaml': exportConfig('plugins: [./rules/goal.js]\n') });
    const run = runCli(['rules', '--config', 'backlint.config.yaml'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/story-acceptance-criteria[\s\S]*story-has-sprint-goal\s+warn\s+Stories should mention the sprint goal/);
    expect(runCli(['rules'], { cwd }).stdout).not.toMatch(/story-has-sprint-goal/);
  });

  it('a .ts plugin is told to compile to JavaScript', () => {
    const cwd = tempProject({ ...files, 'backlint.config.yaml': exportConfig('plugins: [./rules/goal.ts]\n'), 'rules/goal.ts': 'export default {} as unknown;\n' });
    const run = runCli(['check'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Cannot load plugin rules\/goal\.ts: .*\. A TypeScript plugin must be compiled to JavaScript first \(tsc\)/);
  });

  it('--debug prints the stack of a plugin that fails to load, and only then', () => {
    const cwd = tempProject({ ...files, 'backlint.config.yaml': exportConfig('plugins: [./rules/broken.js]\n'), 'rules/broken.js': 'throw new Error("the plugin broke");\n' });
    const plain = runCli(['check'], { cwd });
    expect(plain.stderr).toBe('backlint: Cannot load plugin rules/broken.js: the plugin broke\n');
    const debug = runCli(['check', '--debug'], { cwd });
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/caused by: Error: the plugin broke\n\s+at .*broken\.js:1/);
  });
});
