// `backlint init --teams` as a process against the loopback Jira (Cloud, Data Center) and Azure DevOps
// (issue 10): the written roster parses and has the teams, leads and admins only as comments; an
// existing roster is kept unless --force; a failed request exits 2 naming the source and the request,
// and writes nothing.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadRoster } from '../../src/roster/load.js';
import { runCliAsync, tempProject } from '../helpers/cli.js';
import { jiraSourceYaml } from '../helpers/jira-live.js';
import { adoConfigYaml } from '../helpers/ado-live.js';
import { generateAdoDataset } from '../servers/azure-devops/dataset.js';
import { startAdoServer, type AdoServer } from '../servers/azure-devops/server.js';
import { generateDataset, SITE_PROJECTS } from '../servers/jira/dataset.js';
import { startJiraServer, type JiraServer } from '../servers/jira/server.js';

const TOKEN = 'ATATT3xFfGF0-init-teams-secret-token';
const PAT = 'initteams4rwkqzjl2hx5vbk3ejtw6pspn3r4hmx2gq6o3xqyz7w2l';
const EMAIL = 'ana.souza@acme.example';
const env = { JIRA_API_TOKEN: TOKEN, JIRA_PAT: TOKEN, ADO_PAT: PAT };

const dataset = generateDataset(120);
dataset.shape = { atlassianTeams: true };
let cloud: JiraServer;
let datacenter: JiraServer;
let ado: AdoServer;

beforeAll(async () => {
  cloud = await startJiraServer({ deployment: 'cloud', dataset, email: EMAIL, token: TOKEN });
  datacenter = await startJiraServer({ deployment: 'datacenter', dataset, token: TOKEN });
  ado = await startAdoServer({ dataset: generateAdoDataset({ count: 30 }), tokens: { [PAT]: { workItems: true } } });
});
afterAll(async () => {
  await Promise.all([cloud.close(), datacenter.close(), ado.close()]);
});

const ROSTER = 'backlint.teams.yaml';
type Roster = { teams: { name: string; match: Record<string, unknown>; productOwner?: unknown; productManager?: unknown }[] };
const jiraConfig = (server: JiraServer, deployment: 'cloud' | 'datacenter', extra: string[] = []) => [...jiraSourceYaml(server.url, deployment, EMAIL), ...extra, ''].join('\n');
/** The roster as backlint itself loads a teamsFile: names, match lists and owners. */
const loaded = async (cwd: string) => (await loadRoster({ teamsFile: path.join(cwd, ROSTER) }, 'backlint.config.yaml'))!.teams.map(({ name, match, productOwners, productManagers }) => ({ name, match, productOwners, productManagers }));
/** Values the roster sets (comments are not values). */
const ownersOf = (roster: Roster) => roster.teams.flatMap((team) => [team.productOwner, team.productManager].flat().filter((value) => value !== undefined));

describe('backlint init --teams', () => {
  it('writes a starter roster from Jira Cloud: projects, components, Team field values; leads only as comments', async () => {
    const cwd = tempProject({ 'backlint.config.yaml': jiraConfig(cloud, 'cloud') });
    const run = await runCliAsync(['init', '--teams'], { cwd, env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Wrote backlint\.teams\.yaml: 6 teams from pay\..*teamsFile: backlint\.teams\.yaml/);
    const text = readFileSync(path.join(cwd, ROSTER), 'utf8');
    const roster = YAML.parse(text) as Roster;
    // The narrower entries first: an item belongs to the first that matches it.
    expect(roster.teams.map((team) => [team.name, team.match])).toEqual([
      ['Payments Checkout', { project: 'PAY', component: 'Checkout' }],
      ['Web shop Storefront', { project: 'WEB', component: 'Storefront' }],
      ['Storefront Squad', { team: 'Storefront Squad' }],
      ['Checkout Crew', { team: 'Checkout Crew' }],
      ['Payments', { project: 'PAY' }],
      ['Web shop', { project: 'WEB' }],
    ]);
    // Role actors are entries (Cloud: account ids); leads are suggestions in comments, never values.
    expect(roster.teams.find((team) => team.name === 'Payments')).toMatchObject({ productOwner: expect.stringMatching(/^712020:/), productManager: expect.stringMatching(/^712020:/) });
    expect(text).toMatch(/# productOwner: ana\.souza@acme\.example +# Ana Souza, project lead — confirm/);
    expect(text).toMatch(/# productOwner: jonas\.berg@acme\.example +# Jonas Berg, project lead \(deactivated\) — confirm/);
    expect(text).toMatch(/# productOwner: li\.wei@acme\.example +# Li Wei, component lead — confirm/);
    expect(ownersOf(roster).join(' ')).not.toMatch(/ana\.souza|jonas\.berg|li\.wei|priya\.raman/);
    expect(text).not.toContain(TOKEN);
    expect((await loaded(cwd)).map((team) => [team.name, team.productOwners.length, team.productManagers.length])).toEqual([
      ['Payments Checkout', 0, 0],
      ['Web shop Storefront', 0, 0],
      ['Storefront Squad', 0, 0],
      ['Checkout Crew', 0, 0],
      ['Payments', 1, 1],
      ['Web shop', 1, 0],
    ]);
  });

  it('writes usernames for role actors on Jira Data Center', async () => {
    const cwd = tempProject({ 'backlint.config.yaml': jiraConfig(datacenter, 'datacenter') });
    const run = await runCliAsync(['init', '--teams'], { cwd, env });
    expect(run.code).toBe(0);
    const roster = YAML.parse(readFileSync(path.join(cwd, ROSTER), 'utf8')) as Roster;
    expect(roster.teams.find((team) => team.name === 'Payments')).toEqual({ name: 'Payments', match: { project: 'PAY' }, productOwner: 'tomas.ortega', productManager: 'mei.tanaka' });
    expect(roster.teams.find((team) => team.name === 'Web shop')).toEqual({ name: 'Web shop', match: { project: 'WEB' }, productOwner: 'grace.okafor' });
    expect(roster.teams.filter((team) => 'team' in team.match).map((team) => team.name).sort()).toEqual(['Checkout Crew', 'Storefront Squad']);
    expect((await loaded(cwd)).find((team) => team.name === 'Payments')).toEqual({ name: 'Payments', match: { project: ['PAY'] }, productOwners: ['tomas.ortega'], productManagers: ['mei.tanaka'] });
  });

  it.each([403, 401] as const)('on Data Center that shows role actors to project admins only (%s), writes leads and components and says per project why its roles are missing', async (status) => {
    const refusing = await startJiraServer({ deployment: 'datacenter', dataset, token: TOKEN, roleDetailsRefused: status });
    try {
      const cwd = tempProject({ 'backlint.config.yaml': jiraConfig(refusing, 'datacenter') });
      const run = await runCliAsync(['init', '--teams'], { cwd, env });
      expect(run.code).toBe(0);
      const reason = status === 403 ? '403 Forbidden' : '401 Unauthorized';
      for (const key of ['PAY', 'WEB']) {
        expect(run.stderr).toMatch(new RegExp(`backlint: source pay: Jira project ${key}: its project roles could not be read \\(GET /rest/api/2/project/${key}/role/\\d+: ${reason}: You cannot edit the configuration of this project\\.\\); reading role actors needs project admin rights`));
      }
      expect(run.stderr).not.toMatch(/Browse|scoped|personal access token|PAT/);
      const text = readFileSync(path.join(cwd, ROSTER), 'utf8');
      expect(text).toMatch(/# Jira project PAY: its project roles could not be read/);
      expect(text).toMatch(/# productOwner: ana\.souza\S* +# Ana Souza, project lead — confirm/);
      expect(text).toMatch(/# productOwner: li\.wei\S* +# Li Wei, component lead — confirm/);
      expect((YAML.parse(text) as Roster).teams.map((team) => team.name)).toEqual(['Payments Checkout', 'Web shop Storefront', 'Storefront Squad', 'Checkout Crew', 'Payments', 'Web shop']);
      expect(text).not.toContain(TOKEN);
    } finally {
      await refusing.close();
    }
  });

  it('writes Azure DevOps teams with their area paths, admins only as comments', async () => {
    const cwd = tempProject({ 'backlint.config.yaml': adoConfigYaml(ado.servicesUrl) });
    const run = await runCliAsync(['init', '--teams'], { cwd, env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const text = readFileSync(path.join(cwd, ROSTER), 'utf8');
    expect(YAML.parse(text)).toEqual({
      teams: [
        { name: 'Fabrikam Fiber Team', match: { areaPath: 'Fabrikam Fiber' } },
        { name: 'Payments', match: { areaPath: 'Fabrikam Fiber\\Payments' } },
        { name: 'Checkout Crew', match: { areaPath: ['Fabrikam Fiber\\Checkout', 'Fabrikam Fiber\\Reporting'] } },
      ],
    });
    expect(text).toMatch(/# productOwner: norman\.paulk@fabrikam\.example +# Norman Paulk, team admin \(inactive\) — confirm/);
    expect(text).not.toContain(PAT);
    expect((await loaded(cwd)).map((team) => team.match)).toEqual([{ areaPath: ['Fabrikam Fiber'] }, { areaPath: ['Fabrikam Fiber\\Payments'] }, { areaPath: ['Fabrikam Fiber\\Checkout', 'Fabrikam Fiber\\Reporting'] }]);
  });

  it('writes the tracker\'s names through the output guard: no CI log command, no secret', async () => {
    const project = SITE_PROJECTS[0]!;
    const original = project.name;
    project.name = `Pay ##vso[task.setvariable variable=X]y ${TOKEN}`;
    try {
      const cwd = tempProject({ 'backlint.config.yaml': jiraConfig(cloud, 'cloud') });
      const run = await runCliAsync(['init', '--teams'], { cwd, env });
      expect(run.code).toBe(0);
      const text = readFileSync(path.join(cwd, ROSTER), 'utf8');
      expect(text).not.toContain('##vso[');
      expect(text).not.toContain(TOKEN);
      expect((YAML.parse(text) as Roster).teams.map((team) => team.name)).toContainEqual(expect.stringMatching(/^Pay .*vso\[task\.setvariable variable=X\]y \*\*\*$/));
    } finally {
      project.name = original;
    }
  });

  it('keeps an existing roster unless --force', async () => {
    const cwd = tempProject({ 'backlint.config.yaml': jiraConfig(cloud, 'cloud'), [ROSTER]: 'teams: []  # mine\n' });
    const kept = await runCliAsync(['init', '--teams'], { cwd, env });
    expect(kept.code).toBe(2);
    expect(kept.stderr).toMatch(/backlint: backlint\.teams\.yaml already exists; use --force to overwrite it\./);
    expect(readFileSync(path.join(cwd, ROSTER), 'utf8')).toBe('teams: []  # mine\n');
    const forced = await runCliAsync(['init', '--teams', '--force'], { cwd, env });
    expect(forced.code).toBe(0);
    expect((YAML.parse(readFileSync(path.join(cwd, ROSTER), 'utf8')) as Roster).teams).toHaveLength(6);
  });

  it('exits 2 naming the source and the request when one fails, and writes no file', async () => {
    const cwd = tempProject({ 'backlint.config.yaml': jiraConfig(cloud, 'cloud', ['    maxTries: 1']) });
    cloud.inject({ kind: 'status', status: 500 }, 1, '/project/search');
    const run = await runCliAsync(['init', '--teams'], { cwd, env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^backlint: Source pay: GET \/rest\/api\/3\/project\/search failed: 500 Internal Server Error/);
    expect(existsSync(path.join(cwd, ROSTER))).toBe(false);
  });

  it('writes nothing when one of several sources fails', async () => {
    const config = `${adoConfigYaml(ado.servicesUrl, '    maxTries: 1\n')}${jiraSourceYaml(cloud.url, 'cloud', EMAIL).slice(1).join('\n')}\n`;
    const cwd = tempProject({ 'backlint.config.yaml': config });
    ado.options.faults = [{ kind: 'status', status: 500, match: /teamfieldvalues/, times: 1 }];
    const run = await runCliAsync(['init', '--teams'], { cwd, env });
    ado.options.faults = [];
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Source boards: GET Fabrikam Fiber\/.+\/_apis\/work\/teamsettings\/teamfieldvalues failed: 500/);
    expect(existsSync(path.join(cwd, ROSTER))).toBe(false);
  });

  it('exits 2 with no config, or with no live source', async () => {
    const none = await runCliAsync(['init', '--teams'], { cwd: tempProject({}), env });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/No backlint\.config\.yaml here to read sources from/);
    const exportOnly = tempProject({ 'backlint.config.yaml': 'sources:\n  - name: pay\n    type: jira-export\n    path: export.json\n' });
    const run = await runCliAsync(['init', '--teams'], { cwd: exportOnly, env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/backlint\.config\.yaml has no live source \(type jira or azure-devops\)/);
    expect(existsSync(path.join(exportOnly, ROSTER))).toBe(false);
  });

  it('reads the config named by --config and writes the roster beside it', async () => {
    const cwd = tempProject({ 'conf/backlint.config.yaml': jiraConfig(cloud, 'cloud') });
    const run = await runCliAsync(['init', '--teams', '--config', 'conf/backlint.config.yaml'], { cwd, env });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Wrote conf\/backlint\.teams\.yaml/);
    expect(existsSync(path.join(cwd, 'conf', ROSTER))).toBe(true);
  });
});
