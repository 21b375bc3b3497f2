// `backlint export --out DIR` spawned as a user runs it, against the loopback Jira (Cloud, Data Center) and
// Azure DevOps (SPEC §10): the export's own config, run with no network and no token, gives the live run's
// findings and summary, --scope next-sprint included; a failed fetch writes nothing; no file holds a secret.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { runCliAsync, tempProject } from '../helpers/cli.js';
import { adoConfigYaml } from '../helpers/ado-live.js';
import { jiraSourceYaml } from '../helpers/jira-live.js';
import { generateAdoDataset } from '../servers/azure-devops/dataset.js';
import { startAdoServer, type AdoServer } from '../servers/azure-devops/server.js';
import { generateDataset, withEmptyNextSprint } from '../servers/jira/dataset.js';
import { startJiraServer, type JiraServer } from '../servers/jira/server.js';

const JIRA_TOKEN = 'ATATT3xFfGF0-export-e2e-token-value';
const ADO_TOKEN = 'q8mxw2q7vj5hpk6ezr4tb2yc9nd8fa1lgu0sio3kwq5ejrt7bn6z';
const EMAIL = 'ana.souza@acme.example';
const env = { JIRA_API_TOKEN: JIRA_TOKEN, JIRA_PAT: JIRA_TOKEN, ADO_PAT: ADO_TOKEN };

const jiraData = generateDataset(400);
const adoData = generateAdoDataset({ count: 400, seed: 5 });
let cloud: JiraServer;
let datacenter: JiraServer;
let ado: AdoServer;

beforeAll(async () => {
  [cloud, datacenter, ado] = await Promise.all([
    startJiraServer({ deployment: 'cloud', dataset: jiraData, email: EMAIL, token: JIRA_TOKEN }),
    startJiraServer({ deployment: 'datacenter', dataset: jiraData, token: JIRA_TOKEN, dcMaxResults: 100 }),
    startAdoServer({ dataset: adoData, tokens: { [ADO_TOKEN]: { workItems: true } } }),
  ]);
});
afterAll(async () => {
  await Promise.all([cloud.close(), datacenter.close(), ado.close()]);
});

const settings = ['roles:', '  productOwners: [ana.souza@acme.example, li.wei@acme.example]', '  productManagers: [priya.raman@acme.example]', ''];
const jiraConfig = (server: JiraServer, deployment: 'cloud' | 'datacenter') => [...jiraSourceYaml(server.url, deployment, EMAIL), '    types: { roadmap: [Initiative] }', ...settings].join('\n');
const adoConfig = () =>
  adoConfigYaml(ado.servicesUrl, '    team: Fabrikam Fiber Team\n    fields:\n      productOwner: Product Owner\n      productManager: Custom.ProductManager\n') + settings.join('\n');

interface Report {
  summary: Record<string, unknown>;
  scope?: unknown;
  findings: { ruleId: string; itemKey: string; source: string; message: string; severity: string; responsible: unknown }[];
}
const comparable = (report: Report) => ({
  summary: report.summary,
  scope: report.scope,
  findings: report.findings.map(({ ruleId, itemKey, source, message, severity, responsible }) => ({ ruleId, itemKey, source, message, severity, responsible })),
});

/** `check --format json` live, then `export --out saved`, then the same check on the export with no token at all. */
async function roundTrip(config: string, checkArgs: string[] = []) {
  const cwd = tempProject({ 'backlint.config.yaml': config });
  const live = await runCliAsync(['check', '--format', 'json', ...checkArgs], { cwd, env });
  expect(live.stderr).not.toContain('backlint:');
  const exported = await runCliAsync(['export', '--out', 'saved'], { cwd, env });
  expect(exported.stderr).not.toContain('backlint:');
  expect(exported.code).toBe(0);
  const offline = await runCliAsync(['check', '--config', 'saved/backlint.config.yaml', '--format', 'json', ...checkArgs], { cwd });
  expect(offline.stderr).not.toContain('backlint:');
  expect(offline.code).toBe(live.code);
  return { cwd, live: JSON.parse(live.stdout) as Report, offline: JSON.parse(offline.stdout) as Report, exported };
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));

describe.each(['cloud', 'datacenter'] as const)('backlint export of a live Jira %s', (deployment) => {
  const server = () => (deployment === 'cloud' ? cloud : datacenter);

  it('saves pages and fields that, linted offline, give the live findings and summary, with no secret in any file', async () => {
    const { cwd, live, offline, exported } = await roundTrip(jiraConfig(server(), deployment));
    expect(live.findings.length).toBeGreaterThan(30);
    expect(comparable(offline)).toEqual(comparable(live));
    expect(exported.stdout).toMatch(/^Exported pay \(\d+ items\) to saved\. Lint it offline with:\n {2}backlint check --config saved[/\\]backlint\.config\.yaml\n$/);

    const saved = path.join(cwd, 'saved');
    const config = YAML.parse(readFileSync(path.join(saved, 'backlint.config.yaml'), 'utf8')) as { sources: Record<string, unknown>[]; roles: unknown };
    expect(config.sources).toEqual([
      {
        name: 'pay',
        type: 'jira-export',
        types: { roadmap: ['Initiative'] },
        path: 'pay/issues',
        fieldsFile: 'pay/fields.json',
        baseUrl: server().url,
        boardSprints: { '1': 'pay/boards/1' },
      },
    ]);
    expect(config.roles).toBeDefined();
    const files = filesUnder(saved);
    expect(files.filter((file) => file.includes(`${path.sep}issues${path.sep}`)).length).toBeGreaterThan(deployment === 'cloud' ? 2 : 3);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain(JIRA_TOKEN);
      expect(text).not.toContain(Buffer.from(`${EMAIL}:${JIRA_TOKEN}`).toString('base64'));
    }
    // Each page is the vendor's answer as it came: a bulk fetch answer on Cloud, a v2 search page on Data Center.
    const page = JSON.parse(readFileSync(files.find((file) => file.includes(`${path.sep}issues${path.sep}`))!, 'utf8')) as Record<string, unknown>;
    expect(Array.isArray(page.issues)).toBe(true);
    if (deployment === 'datacenter') expect(page).toMatchObject({ startAt: 0, total: expect.any(Number) });
  });

  it('keeps the boards\' future sprints, so --scope next-sprint lints the same items offline', async () => {
    const { live, offline } = await roundTrip(jiraConfig(server(), deployment), ['--scope', 'next-sprint']);
    expect((live.scope as { name: string }).name).toBe('next-sprint');
    expect(live.findings.length).toBeGreaterThan(0);
    expect(comparable(offline)).toEqual(comparable(live));
  });

  it('keeps a next sprint that no item is in yet, which only the board knows (offline, next-sprint is empty as live)', async () => {
    const empty = await startJiraServer({ deployment, dataset: withEmptyNextSprint(jiraData), email: EMAIL, token: JIRA_TOKEN, ...(deployment === 'datacenter' ? { dcMaxResults: 100 } : {}) });
    try {
      const { live, offline } = await roundTrip(jiraConfig(empty, deployment), ['--scope', 'next-sprint']);
      expect(live.summary.itemsChecked).toBe(0);
      expect((live.scope as { outOfScope: number }).outOfScope).toBeGreaterThan(100);
      expect(comparable(offline)).toEqual(comparable(live));
    } finally {
      await empty.close();
    }
  });
});

describe('backlint export of a live Azure DevOps', () => {
  it('saves work items batches, fields, states and iterations that, linted offline, give the live findings and summary', async () => {
    const { cwd, live, offline } = await roundTrip(adoConfig());
    expect(live.findings.length).toBeGreaterThan(30);
    expect(comparable(offline)).toEqual(comparable(live));
    const saved = path.join(cwd, 'saved');
    const config = YAML.parse(readFileSync(path.join(saved, 'backlint.config.yaml'), 'utf8')) as { sources: Record<string, unknown>[] };
    expect(config.sources[0]).toMatchObject({
      name: 'boards',
      type: 'azure-devops-export',
      path: 'boards/workitems',
      fieldsFile: 'boards/fields.json',
      orgUrl: ado.servicesUrl.replace(/\/+$/, ''),
      project: 'Fabrikam Fiber',
      team: 'Fabrikam Fiber Team',
      iterationsFile: 'boards/iterations.json',
      doneStates: expect.arrayContaining(['Closed', 'Removed']),
    });
    expect(config.sources[0]).not.toHaveProperty('auth');
    const batch = JSON.parse(readFileSync(path.join(saved, 'boards', 'workitems', 'page-0000001.json'), 'utf8')) as { count: number; value: unknown[] };
    expect(batch.count).toBe(batch.value.length);
    for (const file of filesUnder(saved)) expect(readFileSync(file, 'utf8')).not.toContain(ADO_TOKEN);
  });

  it('keeps the team\'s iterations, so --scope next-sprint lints the same items offline', async () => {
    const { live, offline } = await roundTrip(adoConfig(), ['--scope', 'next-sprint']);
    expect((live.scope as { name: string }).name).toBe('next-sprint');
    expect(live.findings.length).toBeGreaterThan(0);
    expect(comparable(offline)).toEqual(comparable(live));
  });
});

describe('backlint export refuses and fails without writing', () => {
  it('exits 2 on a failed fetch, leaving neither DIR nor a half-written folder beside it, and an earlier export as it was', async () => {
    const server = await startJiraServer({ deployment: 'cloud', dataset: jiraData, email: EMAIL, token: JIRA_TOKEN });
    try {
      server.inject({ kind: 'status', status: 502 }, 1000, '/bulkfetch');
      const cwd = tempProject({ 'backlint.config.yaml': jiraConfig(server, 'cloud').replace('    projects:', '    maxTries: 2\n    projects:') });
      const run = await runCliAsync(['export', '--out', 'saved'], { cwd, env });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/Source pay: POST \/rest\/api\/3\/issue\/bulkfetch failed after 2 tries: 502 Bad Gateway/);
      expect(readdirSync(cwd)).toEqual(['backlint.config.yaml']);
      // With --force over an earlier export: that export stays as it was.
      const earlier = tempProject({ 'backlint.config.yaml': jiraConfig(server, 'cloud').replace('    projects:', '    maxTries: 2\n    projects:'), 'saved/backlint.config.yaml': 'earlier' });
      const forced = await runCliAsync(['export', '--out', 'saved', '--force'], { cwd: earlier, env });
      expect(forced.code).toBe(2);
      expect(readdirSync(earlier).sort()).toEqual(['backlint.config.yaml', 'saved']);
      expect(readFileSync(path.join(earlier, 'saved', 'backlint.config.yaml'), 'utf8')).toBe('earlier');
    } finally {
      await server.close();
    }
  });

  it('refuses a folder that holds files unless --force, and with --force replaces it whole', async () => {
    const cwd = tempProject({ 'backlint.config.yaml': jiraConfig(cloud, 'cloud'), 'saved/old.txt': 'keep me' });
    const refused = await runCliAsync(['export', '--out', 'saved'], { cwd, env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--out saved: the folder is not empty (1 entry); name a new or empty folder, or give --force to replace it.');
    expect(readdirSync(path.join(cwd, 'saved'))).toEqual(['old.txt']);
    const forced = await runCliAsync(['export', '--out', 'saved', '--force'], { cwd, env });
    expect(forced.code).toBe(0);
    expect(readdirSync(path.join(cwd, 'saved')).sort()).toEqual(['backlint.config.yaml', 'pay']);
    expect(readdirSync(cwd).sort()).toEqual(['backlint.config.yaml', 'saved']);
  });

  it('never replaces the folder holding its own config, even with --force', async () => {
    const cwd = tempProject({ 'backlint.config.yaml': jiraConfig(cloud, 'cloud') });
    const run = await runCliAsync(['export', '--out', '.', '--force'], { cwd, env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('which an export must not replace');
    expect(readdirSync(cwd)).toEqual(['backlint.config.yaml']);
  });

  it('saves what the site said of the roster people, so an unknown or deactivated roster person is reported offline as live', async () => {
    const roster = 'teams:\n  - name: Payments\n    match: { project: PAY }\n    productOwner: nobody.here@acme.example\n    productManager: priya.raman@acme.example\n';
    const { live, offline, cwd } = await roundTrip(`${jiraConfig(cloud, 'cloud')}${roster}`);
    const unknown = live.findings.filter((finding) => finding.ruleId === 'team-owners' && finding.message.includes('nobody.here@acme.example'));
    expect(unknown.length).toBeGreaterThan(0);
    expect(comparable(offline)).toEqual(comparable(live));
    const saved = JSON.parse(readFileSync(path.join(cwd, 'saved', 'pay', 'roster-people.json'), 'utf8')) as { rosterPeople: number; people: Record<string, { status: string }> };
    expect(saved.rosterPeople).toBe(1);
    expect(saved.people['nobody.here@acme.example']?.status).toBe('unknown');
  });

  it('copies the teams file beside the exported config; refuses a config with no live source, and --source naming an export source', async () => {
    const cwd = tempProject({
      'backlint.config.yaml': `${jiraConfig(cloud, 'cloud')}teamsFile: roster/teams.csv\n`,
      'roster/teams.csv': 'name,project,productOwner,productManager\nPayments,PAY,ana.souza@acme.example,priya.raman@acme.example\n',
    });
    const run = await runCliAsync(['export', '--out', 'saved'], { cwd, env });
    expect(run.stderr).not.toContain('backlint:');
    expect(readFileSync(path.join(cwd, 'saved', 'teams.csv'), 'utf8')).toContain('Payments,PAY');
    expect(YAML.parse(readFileSync(path.join(cwd, 'saved', 'backlint.config.yaml'), 'utf8')).teamsFile).toBe('teams.csv');
    const offline = await runCliAsync(['check', '--config', 'saved/backlint.config.yaml', '--format', 'json'], { cwd });
    expect(offline.stderr).not.toContain('backlint:');

    const nothingLive = await runCliAsync(['export', '--config', 'saved/backlint.config.yaml', '--out', 'again'], { cwd });
    expect(nothingLive.code).toBe(2);
    expect(nothingLive.stderr).toContain('The config has no live source (type jira or azure-devops) to export.');
    const twice = await runCliAsync(['export', '--config', 'saved/backlint.config.yaml', '--out', 'again2', '--source', 'pay'], { cwd });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('--source pay: already export files (type jira-export); export saves live sources (type jira or azure-devops).');
    expect(existsSync(path.join(cwd, 'again'))).toBe(false);
    expect(existsSync(path.join(cwd, 'again2'))).toBe(false);
  });
});
