// Roster people resolved against live trackers during `backlint check` (issue 10, SPEC §4), as processes
// against the loopback Jira Cloud and Azure DevOps: a deactivated, an unknown (with the near name the
// tracker has) and an ambiguous roster person each give one team finding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync, tempProject } from '../helpers/cli.js';
import { adoConfigYaml } from '../helpers/ado-live.js';
import { jiraSourceYaml } from '../helpers/jira-live.js';
import { generateAdoDataset } from '../servers/azure-devops/dataset.js';
import { startAdoServer, type AdoServer } from '../servers/azure-devops/server.js';
import { generateDataset } from '../servers/jira/dataset.js';
import { startJiraServer, type JiraServer } from '../servers/jira/server.js';

const TOKEN = 'ATATT3xFfGF0-roster-people-secret';
const PAT = 'rosterppl4rwkqzjl2hx5vbk3ejtw6pspn3r4hmx2gq6o3xqyz7w2l';
const env = { JIRA_API_TOKEN: TOKEN, ADO_PAT: PAT };
let cloud: JiraServer;
let ado: AdoServer;

beforeAll(async () => {
  cloud = await startJiraServer({ deployment: 'cloud', dataset: generateDataset(60), email: 'ana.souza@acme.example', token: TOKEN });
  ado = await startAdoServer({ dataset: generateAdoDataset({ count: 40 }), tokens: { [PAT]: { workItems: true } } });
});
afterAll(async () => {
  await Promise.all([cloud.close(), ado.close()]);
});

type Finding = { itemKey: string; ruleId: string; messageId: string; message: string };
const teamFindings = (stdout: string) =>
  (JSON.parse(stdout) as { findings: Finding[] }).findings.filter((finding) => finding.itemKey.startsWith('team/')).map((finding) => [finding.itemKey, finding.messageId, finding.message] as const);

describe('roster people on live sources', () => {
  it('Jira Cloud: deactivated, unknown with a suggestion, ambiguous', async () => {
    const roster = [
      '    ownership: roster',
      'teams:',
      '  - { name: Payments, match: { project: PAY }, productOwner: jonas.berg@acme.example, productManager: [li.wei@acme.example, Sam Lee] }',
      '  - { name: Web, match: { project: WEB }, productOwner: ana.sousa@acme.example, productManager: priya.raman@acme.example }',
    ];
    const cwd = tempProject({ 'backlint.config.yaml': [...jiraSourceYaml(cloud.url, 'cloud', 'ana.souza@acme.example'), ...roster, ''].join('\n') });
    const run = await runCliAsync(['check', '--format', 'json'], { cwd, env });
    expect(run.code).toBe(1);
    const findings = teamFindings(run.stdout);
    expect(findings.filter(([key, id]) => key === 'team/Payments' && id === 'inactivePerson')).toHaveLength(1);
    expect(findings.find(([key, id]) => key === 'team/Payments' && id === 'ambiguousPerson')?.[2]).toMatch(/sam\.lee@acme\.example, samuel\.lee@acme\.example/);
    expect(findings.find(([key, id]) => key === 'team/Web' && id === 'unknownPerson')?.[2]).toMatch(/did you mean ana\.souza@acme\.example/);
    expect(cloud.stats.byPath.get('/rest/api/3/user/search')).toBeGreaterThan(0);
  });

  it('Jira Data Center: an unknown person is to be written as a username or email (Data Center has no account ids)', async () => {
    const datacenter = await startJiraServer({ deployment: 'datacenter', dataset: generateDataset(60), token: TOKEN });
    try {
      const roster = ['    ownership: roster', 'teams:', '  - { name: Payments, match: { project: PAY }, productOwner: nobody.here, productManager: mei.tanaka }'];
      const cwd = tempProject({ 'backlint.config.yaml': [...jiraSourceYaml(datacenter.url, 'datacenter', 'ana.souza@acme.example'), ...roster, ''].join('\n') });
      const run = await runCliAsync(['check', '--format', 'json'], { cwd, env: { JIRA_PAT: TOKEN } });
      expect(run.stderr).toBe('');
      const unknown = teamFindings(run.stdout).find(([key, id]) => key === 'team/Payments' && id === 'unknownPerson')?.[2];
      expect(unknown).toMatch(/Product Owner "nobody\.here" of team Payments in the roster is not known to Jira Data Center.*\. Write them as their username or email,/);
      expect(unknown).not.toContain('account id');
    } finally {
      await datacenter.close();
    }
  });

  it('doctor lists the roster people Jira does not know, with the near name, and a deactivated one', async () => {
    const roster = ['teams:', '  - { name: Payments, match: { project: PAY }, productOwner: jonas.berg@acme.example, productManager: ana.sousa@acme.example }'];
    const cwd = tempProject({ 'backlint.config.yaml': [...jiraSourceYaml(cloud.url, 'cloud', 'ana.souza@acme.example'), ...roster, ''].join('\n') });
    const run = await runCliAsync(['doctor'], { cwd, env });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/✗ roster: 1 of 1 team can match this source; "jonas\.berg@acme\.example" is a deactivated account; "ana\.sousa@acme\.example" is not known to the tracker/);
    expect(run.stdout).toMatch(/did you mean: ana\.sousa@acme\.example → ana\.souza@acme\.example/);
  });

  it('doctor names the Browse users and groups permission when Jira finds none of the roster people', async () => {
    const roster = ['teams:', '  - { name: Payments, match: { project: PAY }, productOwner: zq.xv@acme.example, productManager: qz.vx@acme.example }'];
    const cwd = tempProject({ 'backlint.config.yaml': [...jiraSourceYaml(cloud.url, 'cloud', 'ana.souza@acme.example'), ...roster, ''].join('\n') });
    const run = await runCliAsync(['doctor'], { cwd, env });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/✗ roster: .*"zq\.xv@acme\.example" is not known to the tracker; "qz\.vx@acme\.example" is not known to the tracker\. Jira found none of them .*Browse users and groups/);
  });

  it('Azure DevOps: an identity the items do not name is resolved through the identities API', async () => {
    const roster = ['    ownership: roster', 'teams:', "  - { name: Payments, match: { areaPath: 'Fabrikam Fiber\\Payments' }, productOwner: Sam Lee, productManager: christie.church@fabrikam.example }", ''];
    const cwd = tempProject({ 'backlint.config.yaml': adoConfigYaml(ado.servicesUrl, roster.join('\n')) });
    const run = await runCliAsync(['check', '--format', 'json'], { cwd, env });
    expect(run.stderr).toBe('');
    const findings = teamFindings(run.stdout);
    expect(findings.find(([key, id]) => key === 'team/Payments' && id === 'ambiguousPerson')?.[2]).toMatch(/sam\.lee@fabrikam\.example, samuel\.lee@fabrikam\.example/);
    expect(findings.filter(([, id]) => id === 'unknownPerson')).toEqual([]);
    expect(ado.stats.byRoute['get identities']).toBeGreaterThan(0);
  });
});
