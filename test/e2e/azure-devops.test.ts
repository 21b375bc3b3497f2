// `backlint check` and `backlint doctor` spawned as processes against the loopback Azure DevOps. The
// spawn is asynchronous: the server answers from this process.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync, tempProject } from '../helpers/cli.js';
import { adoConfigYaml } from '../helpers/ado-live.js';
import { adoIterations, generateAdoDataset, writeAdoExport } from '../servers/azure-devops/dataset.js';
import { startAdoServer, type AdoServer } from '../servers/azure-devops/server.js';

const TOKEN = 'x3mxw2q7vj5hpk6ezr4tb2yc9nd8fa1lgu0sio3kwq5ejrt7bn6a';
const dataset = generateAdoDataset({ count: 600, seed: 11 });

const run = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => runCliAsync(args, { cwd, env: { ADO_PAT: TOKEN, ...env } });

const liveConfig = (orgUrl: string, extra = '') =>
  adoConfigYaml(
    orgUrl,
    `    fields:
      productOwner: Product Owner
      productManager: Custom.ProductManager
${extra}`,
  );

let server: AdoServer;
beforeAll(async () => {
  server = await startAdoServer({ dataset, tokens: { [TOKEN]: { workItems: true }, readonlyprofiletoken000: { workItems: false } } });
});
afterAll(async () => {
  await server.close();
});

type Finding = { ruleId: string; itemKey: string; message: string; url: string; responsible: unknown; severity: string };
const findingsOf = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { findings: Finding[] }).findings;

describe('backlint check against a live Azure DevOps', () => {
  it('gives the same findings as the same data linted as an azure-devops-export file', async () => {
    // The same selection both ways: every item of the project (done ones are in the export too).
    const cwd = tempProject({
      'backlint.config.yaml': liveConfig(server.servicesUrl, '    wiql: SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project\n'),
      'export/backlint.config.yaml': `sources:
  - name: boards
    type: azure-devops-export
    path: items.json
    orgUrl: ${server.servicesUrl}
    project: Fabrikam Fiber
    doneStates: [Closed, Removed]
    fields:
      productOwner: Custom.ProductOwner
      productManager: Custom.ProductManager
`,
    });
    writeAdoExport(dataset, path.join(cwd, 'export', 'items.json'), server.servicesUrl);

    const live = await run(['check', '--format', 'json:live.json', '--no-progress'], cwd);
    expect(live.stderr).toMatch(/Report written: live.json/);
    expect(live.code).toBe(1);
    const exported = await run(['check', '--config', 'export/backlint.config.yaml', '--format', 'json:export.json'], cwd);
    expect(exported.code).toBe(1);

    const a = findingsOf(path.join(cwd, 'live.json'));
    const b = findingsOf(path.join(cwd, 'export.json'));
    expect(a.length).toBeGreaterThan(50);
    expect(new Set(a.map((f) => f.ruleId))).toEqual(new Set(['story-acceptance-criteria', 'story-po-owner', 'epic-pm-owner', 'roadmap-pm-owner', 'owner-inactive', 'story-has-parent']));
    expect(a).toEqual(b);
  }, 60_000);

  it('--wiql narrows the run; a failed fetch exits 2, writes no report and never prints the token', async () => {
    const cwd = tempProject({ 'backlint.config.yaml': liveConfig(server.serverUrl) });
    const epics = await run(['check', '--format', 'json:out.json', '--wiql', "SELECT [System.Id] FROM WorkItems WHERE [System.WorkItemType] = 'Epic'"], cwd);
    const findings = findingsOf(path.join(cwd, 'out.json'));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.ruleId === 'epic-pm-owner' || f.ruleId === 'owner-inactive')).toBe(true);
    expect(epics.code).toBe(1);

    const badCwd = tempProject({ 'backlint.config.yaml': liveConfig(server.serverUrl) });
    const bad = await run(['check', '--format', 'json:out.json'], badCwd, { ADO_PAT: 'wrongwrongwrongwrongwrongwrongwrongwrongwrongwrongwr' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Source boards: .*refused the personal access token.*Work Items \(Read\)/);
    expect(bad.stderr + bad.stdout).not.toContain('wrongwrongwrong');
    expect(existsSync(path.join(badCwd, 'out.json'))).toBe(false);
  }, 60_000);
});

describe('backlint check --scope on a live Azure DevOps: the team\'s iterations and their dates', () => {
  const inIteration = (number: number) =>
    dataset.items.filter(
      (item) =>
        item.fields['System.IterationPath'] === `Fabrikam Fiber\\Sprint ${number}` &&
        !['Closed', 'Removed'].includes(item.fields['System.State'] as string) &&
        ['User Story', 'Epic', 'Feature'].includes(item.fields['System.WorkItemType'] as string) &&
        !String(item.fields['System.Tags'] ?? '').includes('backlint-ignore'),
    );

  it.each([
    ['next-sprint', 6],
    ['current-sprint', 5],
  ])('--scope %s lints exactly the open items of Sprint %i (by date, on the run\'s clock)', async (scope, number) => {
    const cwd = tempProject({ 'backlint.config.yaml': liveConfig(server.servicesUrl, '    team: Fabrikam Fiber Team\n') });
    const result = await run(['check', '--scope', String(scope), '--format', 'json:report.json'], cwd);
    expect(result.stderr).not.toContain('backlint:');
    const report = JSON.parse(readFileSync(path.join(cwd, 'report.json'), 'utf8')) as { summary: { itemsChecked: number }; scope: { name: string; outOfScope: number }; findings: Finding[] };
    const expected = inIteration(Number(number));
    expect(expected.length).toBeGreaterThan(5);
    expect(report.summary.itemsChecked).toBe(expected.length);
    expect(report.scope.name).toBe(scope);
    expect(report.scope.outOfScope).toBeGreaterThan(100);
    const ids = new Set(expected.map((item) => String(item.id)));
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((finding) => ids.has(finding.itemKey))).toBe(true);
  });

  it('reads the iterations of an export from iterationsFile, its next sprint the same as the live source\'s', async () => {
    const cwd = tempProject({
      'backlint.config.yaml': [
        'sources:',
        '  - name: boards',
        '    type: azure-devops-export',
        '    path: items.json',
        '    iterationsFile: iterations.json',
        '    team: Fabrikam Fiber Team',
        '    fields: { productOwner: Custom.ProductOwner, productManager: Custom.ProductManager }',
        '',
      ].join('\n'),
      'iterations.json': { count: 12, value: adoIterations(dataset.project, 'https://dev.azure.com/fabrikam', dataset.projectId, '564e8204-a90b-4432-883b-d4363c6125ca') },
    });
    writeAdoExport(dataset, path.join(cwd, 'items.json'));
    const saved = await run(['check', '--scope', 'next-sprint', '--format', 'json:report.json'], cwd);
    expect(saved.stderr).not.toContain('backlint:');
    const report = JSON.parse(readFileSync(path.join(cwd, 'report.json'), 'utf8')) as { summary: { itemsChecked: number }; findings: Finding[] };
    const expected = inIteration(6);
    expect(report.summary.itemsChecked).toBe(expected.length);
    const ids = new Set(expected.map((item) => String(item.id)));
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((finding) => ids.has(finding.itemKey))).toBe(true);
  });

  it('says to set team when a sprint condition has no team to read iterations of, with exit 2', async () => {
    const cwd = tempProject({ 'backlint.config.yaml': liveConfig(server.servicesUrl) });
    const result = await run(['check', '--scope', 'next-sprint', '--format', 'json:report.json'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('sprint conditions need the team whose iterations (sprints and their dates) to read: set team:');
    expect(existsSync(path.join(cwd, 'report.json'))).toBe(false);
  });
});

describe('backlint doctor for Azure DevOps', () => {
  it('checks connection, PAT, scope, project, WIQL and fields', async () => {
    const cwd = tempProject({ 'backlint.config.yaml': liveConfig(server.servicesUrl, "    wiql: SELECT [System.Id] FROM WorkItems WHERE [System.State] = 'Active'\n") });
    const ok = await run(['doctor'], cwd);
    expect(ok.stdout).toMatch(/✓ connection/);
    expect(ok.stdout).toMatch(/✓ personal access token: valid, signed in as Ana Souza/);
    expect(ok.stdout).toMatch(/✓ scope Work Items \(Read\)/);
    expect(ok.stdout).toMatch(/✓ project: Fabrikam Fiber/);
    expect(ok.stdout).toMatch(/✓ WIQL: parses and selects items/);
    expect(ok.stdout).toMatch(/✓ productOwner field: Custom.ProductOwner/);
    expect(ok.code).toBe(0);
  });

  it('says which check fails: scope, project, WIQL, fields (with identity fields to pick from)', async () => {
    const scope = await run(['doctor'], tempProject({ 'backlint.config.yaml': liveConfig(server.servicesUrl) }), { ADO_PAT: 'readonlyprofiletoken000' });
    expect(scope.stdout).toMatch(/✓ personal access token/);
    expect(scope.stdout).toMatch(/✗ scope Work Items \(Read\)/);
    expect(scope.code).toBe(2);

    const project = await run(['doctor'], tempProject({ 'backlint.config.yaml': liveConfig(server.servicesUrl).replace('project: Fabrikam Fiber', 'project: Fabrikan') }));
    expect(project.stdout).toMatch(/✗ project: no project 'Fabrikan'/);

    const wiql = await run(['doctor'], tempProject({ 'backlint.config.yaml': liveConfig(server.servicesUrl, '    wiql: SELECT [System.Id] FROM WorkItems WHERE [System.State] IN (\n') }));
    expect(wiql.stdout).toMatch(/✗ WIQL: .*TF51006/);

    const fields = await run(['doctor'], tempProject({ 'backlint.config.yaml': liveConfig(server.servicesUrl).replace('productOwner: Product Owner', 'productOwner: Product Ownr') }));
    expect(fields.stdout).toMatch(/✗ fields: .*no field is named 'Product Ownr'/);
    expect(fields.code).toBe(2);

    const reference = await run(['doctor'], tempProject({ 'backlint.config.yaml': liveConfig(server.servicesUrl).replace('productManager: Custom.ProductManager', 'productManager: Custom.ProductManagr') }));
    expect(reference.stdout).toMatch(/✗ fields: .*fields.productManager: the organization has no field 'Custom.ProductManagr'/);
    expect(reference.stdout).toMatch(/did you mean: Custom.ProductManager/);

    const bad = await run(['doctor'], tempProject({ 'backlint.config.yaml': liveConfig(server.servicesUrl) }), { ADO_PAT: 'wrongwrongwrongwrongwrongwrongwrongwrongwrongwrongwr' });
    expect(bad.stdout).toMatch(/✗ personal access token: .*PAT/);
    expect(bad.stdout).not.toContain('wrongwrongwrong');
    expect(bad.code).toBe(2);
  }, 60_000);
  it('with sprint conditions in the config, checks the team and reads its iterations', async () => {
    const sprintScope = 'scopes:\n  planning: { sprint: next }\n';
    const withTeam = await run(['doctor'], tempProject({ 'backlint.config.yaml': liveConfig(server.servicesUrl, '    team: Fabrikam Fiber Team\n') + sprintScope }));
    expect(withTeam.stdout).toMatch(/✓ team iterations: team Fabrikam Fiber Team: 12 iterations; current /);
    expect(withTeam.code).toBe(0);
    const withoutTeam = await run(['doctor'], tempProject({ 'backlint.config.yaml': liveConfig(server.servicesUrl) + sprintScope }));
    expect(withoutTeam.stdout).toMatch(/✗ team iterations: sprint conditions .* set team: in the source's config/);
    expect(withoutTeam.code).toBe(2);
    const noSprints = await run(['doctor'], tempProject({ 'backlint.config.yaml': liveConfig(server.servicesUrl) }));
    expect(noSprints.stdout).not.toContain('team iterations');
  }, 60_000);
});
