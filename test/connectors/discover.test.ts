// Discovery against the loopback trackers (issue 10, SPEC §4): what each tracker says about its teams,
// before it is written as a roster. Leads and admins are suggestions; only role actors are owners.
import { describe, expect, it } from 'vitest';
import { createAdoClient } from '../../src/connectors/azure-devops/fetch.js';
import { discoverAzureDevOpsTeams } from '../../src/connectors/azure-devops/discover.js';
import { discoverJiraTeams, isAtlassianTeamField, rosterRoleOf } from '../../src/connectors/jira/discover.js';
import { generateAdoDataset } from '../servers/azure-devops/dataset.js';
import { generateDataset, user } from '../servers/jira/dataset.js';
import { adoLoopback } from '../helpers/ado-live.js';
import { jiraLoopback } from '../helpers/jira-live.js';

const { serve, sourceFor } = jiraLoopback({ email: 'ana.souza@acme.example', token: 'ATATT3x-discover-token' });
const ado = adoLoopback('discover4rwkqzjl2hx5vbk3ejtw6pspn3r4hmx2gq6o3xqyz7w2lw', generateAdoDataset({ count: 40 }));
const fast = { policy: { baseDelayMs: 1, maxDelayMs: 5 } };
const withTeams = () => {
  const dataset = generateDataset(90);
  dataset.shape = { atlassianTeams: true };
  return { dataset };
};

describe('discoverJiraTeams', () => {
  it('Cloud: configured projects with role actors as owners, leads as suggestions, components with leads, Team field values', async () => {
    const server = await serve('cloud', 0, withTeams());
    const accountId = (index: number) => (user(index, 'cloud', server.url) as { accountId: string }).accountId;
    const discovery = await discoverJiraTeams(sourceFor(server, 'cloud'), {}, fast);
    expect(discovery.teams.map((team) => [team.name, team.match])).toEqual([
      ['Payments', { project: 'PAY' }],
      ['Payments Checkout', { project: 'PAY', component: 'Checkout' }],
      ['Web shop', { project: 'WEB' }],
      ['Web shop Storefront', { project: 'WEB', component: 'Storefront' }],
      ['Storefront Squad', { team: 'Storefront Squad' }],
      ['Checkout Crew', { team: 'Checkout Crew' }],
    ]);
    const pay = discovery.teams[0]!;
    expect(pay.owners).toEqual([
      { role: 'productOwner', person: accountId(3), why: 'Tomás Ortega, project role Product Owner' },
      { role: 'productManager', person: accountId(6), why: 'Mei Tanaka, project role Product manager' },
    ]);
    expect(pay.suggestions).toEqual([{ role: 'productOwner', person: 'ana.souza@acme.example', why: 'Ana Souza, project lead' }]);
    expect(discovery.teams[2]!.suggestions[0]!.why).toBe('Jonas Berg, project lead (deactivated)');
    expect(discovery.teams[1]!).toMatchObject({ owners: [], suggestions: [{ person: 'li.wei@acme.example', why: 'Li Wei, component lead' }] });
    // Legacy Guild is only on done items; OPS is not a configured project.
    expect(JSON.stringify(discovery)).not.toMatch(/Legacy Guild|OPS|Omar/);
    expect(server.stats.byPath.get('/rest/api/3/project/search')).toBe(1);
  });

  it('Data Center: the project list, usernames for role actors, the Team field too', async () => {
    const server = await serve('datacenter', 0, withTeams());
    const discovery = await discoverJiraTeams(sourceFor(server, 'datacenter', { projects: ['PAY', 'GONE'] }), {}, fast);
    expect(discovery.teams.map((team) => team.name)).toEqual(['Payments', 'Payments Checkout', 'Checkout Crew', 'Storefront Squad']);
    expect(discovery.teams[0]!.owners.map((owner) => [owner.role, owner.person])).toEqual([
      ['productOwner', 'tomas.ortega'],
      ['productManager', 'mei.tanaka'],
    ]);
    expect(discovery.notes).toEqual(['project GONE is configured but not visible to this account']);
    expect(server.stats.byPath.get('/rest/api/2/project')).toBe(1);
  });

  it.each([403, 401] as const)('Data Center that shows role actors to project admins only (%s): leads and components still, and a note per project saying why', async (status) => {
    const server = await serve('datacenter', 0, { ...withTeams(), roleDetailsRefused: status });
    const discovery = await discoverJiraTeams(sourceFor(server, 'datacenter'), {}, fast);
    expect(discovery.teams.map((team) => team.name)).toEqual(['Payments', 'Payments Checkout', 'Web shop', 'Web shop Storefront', 'Storefront Squad', 'Checkout Crew']);
    expect(discovery.teams.flatMap((team) => team.owners)).toEqual([]);
    expect(discovery.teams[0]!.suggestions.map((suggestion) => suggestion.why)).toEqual(['Ana Souza, project lead']);
    expect(discovery.teams[1]!.suggestions.map((suggestion) => suggestion.why)).toEqual(['Li Wei, component lead']);
    const reason = status === 403 ? '403 Forbidden' : '401 Unauthorized';
    const said = (key: string) => new RegExp(`^Jira project ${key}: its project roles could not be read \\(GET /rest/api/2/project/${key}/role/\\d+: ${reason}: You cannot edit the configuration of this project\\.\\); reading role actors needs project admin rights`);
    expect(discovery.teams[0]!.notes).toEqual([expect.stringMatching(said('PAY'))]);
    expect(discovery.warnings).toEqual([expect.stringMatching(said('PAY')), expect.stringMatching(said('WEB'))]);
    // One refused role detail a project: its other roles are not asked.
    expect(server.stats.log.filter((entry) => /\/role\/\d+$/.test(entry.path)).map((entry) => entry.path.split('/')[5])).toEqual(expect.arrayContaining(['PAY', 'WEB']));
    expect(server.stats.log.filter((entry) => /\/role\/\d+$/.test(entry.path))).toHaveLength(2);
  });

  it('a site without the Team field gives projects and components only', async () => {
    const server = await serve('cloud', 30);
    const discovery = await discoverJiraTeams(sourceFor(server, 'cloud'), {}, fast);
    expect(discovery.teams.every((team) => team.match.team === undefined)).toBe(true);
  });

  it('fails naming the source and the request', async () => {
    const server = await serve('cloud', 10);
    server.inject({ kind: 'status', status: 403 }, 5, '/components');
    const error = await discoverJiraTeams(sourceFor(server, 'cloud'), {}, fast).catch((caught: unknown) => caught);
    expect(String(error)).toMatch(/Source pay: GET \/rest\/api\/3\/project\/(PAY|WEB)\/components failed: 403/);
  });

  it('reads role names and the Team field schema loosely', () => {
    expect(['Product Owner', 'product-owners', 'PO', 'Product Manager', 'Product Management', 'PM', 'Developers', 'Owner'].map(rosterRoleOf)).toEqual([
      'productOwner',
      'productOwner',
      'productOwner',
      'productManager',
      'productManager',
      'productManager',
      null,
      null,
    ]);
    expect(isAtlassianTeamField('com.atlassian.teams:rm-teams-custom-field-team')).toBe(true);
    expect(isAtlassianTeamField('com.atlassian.jira.plugin.system.customfieldtypes:atlassian-team')).toBe(true); // current Cloud sites
    expect(isAtlassianTeamField('com.atlassian.jira.plugin.system.customfieldtypes:select')).toBe(false);
    expect(isAtlassianTeamField('com.atlassian.jira.plugin.system.customfieldtypes:userpicker')).toBe(false);
  });
});

describe('discoverAzureDevOpsTeams', () => {
  for (const where of ['servicesUrl', 'serverUrl'] as const) {
    it(`teams with the area paths of their team field values and their admins as suggestions (${where})`, async () => {
      const server = await ado.serve();
      const source = ado.sourceFor(server[where]);
      const discovery = await discoverAzureDevOpsTeams(source, {}, { client: createAdoClient(source, fast) });
      expect(discovery.teams.map((team) => [team.name, team.match, team.owners])).toEqual([
        ['Fabrikam Fiber Team', { areaPath: 'Fabrikam Fiber' }, []],
        ['Payments', { areaPath: 'Fabrikam Fiber\\Payments' }, []],
        ['Checkout Crew', { areaPath: ['Fabrikam Fiber\\Checkout', 'Fabrikam Fiber\\Reporting'] }, []],
      ]);
      expect(discovery.teams[1]!.suggestions).toEqual([
        { role: 'productOwner', person: 'li.wei@fabrikam.example', why: 'Li Wei, team admin' },
        { role: 'productOwner', person: 'norman.paulk@fabrikam.example', why: 'Norman Paulk, team admin (inactive)' },
      ]);
      expect(discovery.teams[2]!.notes.join(' ')).toMatch(/Reporting without children/);
      expect(discovery.notes).toEqual(['Azure DevOps project Fabrikam Fiber: 4 teams', 'team Platform Guild has no team field values (no area path): left out']);
      expect(server.stats.byRoute['get work/teamsettings/teamfieldvalues']).toBe(4);
    });
  }
});
