import { describe, expect, it } from 'vitest';
import { exportConfig, jiraIssue, runCli, searchResponse, tempProject } from '../helpers/cli.js';

describe('backlint doctor on export sources', () => {
  it('exits 0 when every source reads and maps its owner fields', () => {
    const cwd = tempProject({ 'backlint.config.yaml': exportConfig(), 'export.json': searchResponse([jiraIssue('PAY-1')]) });
    const run = runCli(['doctor'], { cwd });
    expect(run.stdout).toMatch(/pay \(jira-export\)\n\s+✓ export files: 1 item read/);
    expect(run.code).toBe(0);
  });

  it('exits 2 and says why when an owner field is not mapped', () => {
    const names = { summary: 'Summary', customfield_10051: 'Product Manager' }; // no Product Owner field on this site
    const cwd = tempProject({ 'backlint.config.yaml': exportConfig(), 'export.json': { ...searchResponse([jiraIssue('PAY-1')]), names } });
    const run = runCli(['doctor'], { cwd });
    expect(run.stdout).toMatch(/✗ productOwner field: not mapped/);
    expect(run.code).toBe(2);
  });

  it('exits 0 when the missing owner field is needed only by rules that are off', () => {
    const names = { summary: 'Summary', customfield_10051: 'Product Manager' }; // no Product Owner field on this site
    const files = { 'export.json': { ...searchResponse([jiraIssue('PAY-1')]), names } };
    const off = runCli(['doctor'], { cwd: tempProject({ ...files, 'backlint.config.yaml': exportConfig('rules:\n  story-po-owner: off\n') }) });
    expect(off.stdout).toMatch(/✓ productOwner field: not mapped, and not needed: no rule that is on depends on it/);
    expect(off.stdout).toMatch(/✓ productManager field: mapped/);
    expect(off.code).toBe(0);
    // owner-inactive reads either owner field: it keeps the PO field needed only when no PM field is mapped either.
    const noPm = { 'export.json': { ...searchResponse([jiraIssue('PAY-1')]), names: { summary: 'Summary' } } };
    const neither = runCli(['doctor'], { cwd: tempProject({ ...noPm, 'backlint.config.yaml': exportConfig('rules:\n  story-po-owner: off\n') }) });
    expect(neither.stdout).toMatch(/✗ productOwner field: not mapped/);
    expect(neither.code).toBe(2);
  });

  it('counts a rule that only an override turns on as on', () => {
    const names = { summary: 'Summary', customfield_10051: 'Product Manager' }; // no Product Owner field on this site
    const files = { 'export.json': { ...searchResponse([jiraIssue('PAY-1')]), names } };
    const config = exportConfig('rules:\n  story-po-owner: off\noverrides:\n  - scope: { sprint: none }\n    rules: { story-po-owner: warn }\n');
    const run = runCli(['doctor'], { cwd: tempProject({ ...files, 'backlint.config.yaml': config }) });
    expect(run.stdout).toMatch(/✗ productOwner field: not mapped/);
    expect(run.code).toBe(2);
  });

  it('suggests a team roster for a site with no owner fields, and passes with one', () => {
    const files = { 'export.json': { ...searchResponse([jiraIssue('PAY-1')]), names: { summary: 'Summary' } } };
    const without = runCli(['doctor'], { cwd: tempProject({ ...files, 'backlint.config.yaml': exportConfig() }) });
    expect(without.stdout).toMatch(/✗ productOwner field: not mapped.*list the teams and their owners under teams: in the config \(backlint init --teams writes a starter roster\)/);
    expect(without.code).toBe(2);
    const roster = 'teams:\n  - name: Payments\n    match: { project: PAY }\n    productOwner: ana@acme.example\n    productManager: li@acme.example\n';
    const withRoster = runCli(['doctor'], { cwd: tempProject({ ...files, 'backlint.config.yaml': exportConfig(roster) }) });
    expect(withRoster.stdout).toMatch(/✓ productOwner field: not mapped: owners come from the team roster \(1 team in backlint\.config\.yaml\)/);
    expect(withRoster.stdout).toMatch(/✓ roster: 1 of 1 team can match this source; 2 people not looked up: an export cannot ask the tracker/);
    expect(withRoster.code).toBe(0);
  });

  it('exits 2 when an export cannot be read', () => {
    const run = runCli(['doctor'], { cwd: tempProject({ 'backlint.config.yaml': exportConfig() }) });
    expect(run.stdout).toMatch(/✗ export files: Source pay: export\.json does not exist/);
    expect(run.code).toBe(2);
  });

  it('exits 2 with no config to check', () => {
    const run = runCli(['doctor'], { cwd: tempProject({}) });
    expect(run.stderr).toMatch(/No backlint\.config\.yaml here/);
    expect(run.code).toBe(2);
  });
});
