// A whole `check` streamed (items linted as batches arrive and dropped, SPEC §11) gives the very result of
// the same check holding every item until its source is complete: two live sources side by side, a
// roster whose people are seen on the items, found by the trackers, unknown, ambiguous or deactivated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchAndLint, prepareLint } from '../src/runner.js';
import { adoConfigYaml } from './helpers/ado-live.js';
import { tempProject } from './helpers/cli.js';
import { jiraSourceYaml } from './helpers/jira-live.js';
import { generateAdoDataset } from './servers/azure-devops/dataset.js';
import { startAdoServer, type AdoServer } from './servers/azure-devops/server.js';
import { generateDataset } from './servers/jira/dataset.js';
import { startJiraServer, type JiraServer } from './servers/jira/server.js';

const TOKEN = 'ATATT3xFfGF0-runner-stream-secret';
const PAT = 'runstream4rwkqzjl2hx5vbk3ejtw6pspn3r4hmx2gq6o3xqyz7w2l';
const env = { JIRA_API_TOKEN: TOKEN, ADO_PAT: PAT };
let cloud: JiraServer;
let ado: AdoServer;

beforeAll(async () => {
  cloud = await startJiraServer({ deployment: 'cloud', dataset: generateDataset(700), email: 'ana.souza@acme.example', token: TOKEN });
  ado = await startAdoServer({ dataset: generateAdoDataset({ count: 500 }), tokens: { [PAT]: { workItems: true } } });
});
afterAll(async () => {
  await Promise.all([cloud.close(), ado.close()]);
});

/** The ADO source's lines, after the Jira source's, in one `sources:` list. */
const adoSource = (ownership: string) =>
  adoConfigYaml(ado.servicesUrl)
    .split('\n')
    .slice(1)
    .join('\n')
    .replace(/\n$/, '') + (ownership ? `\n    ownership: ${ownership}` : '');

async function bothWays(config: string) {
  const cwd = tempProject({ 'backlint.config.yaml': config });
  const setup = await prepareLint({ cwd, env, sources: [], now: new Date() });
  const streamed = await fetchAndLint(setup, {});
  const held = await fetchAndLint(setup, {}, true);
  return { streamed: streamed.result, held: held.result, kept: held.fetched.flatMap((source) => source.items).length };
}

describe('check streamed and check holding every item', () => {
  it('agree on a roster with people of every kind over two live sources', async () => {
    const config = [
      ...jiraSourceYaml(cloud.url, 'cloud', 'ana.souza@acme.example'),
      '    ownership: field-then-roster',
      adoSource('roster'),
      'teams:',
      '  - { name: Payments, match: { project: PAY }, productOwner: jonas.berg@acme.example, productManager: [li.wei@acme.example, Sam Lee] }',
      '  - { name: Web, match: { project: WEB }, productOwner: ana.sousa@acme.example, productManager: priya.raman@acme.example }',
      "  - { name: Boards, match: { areaPath: 'Fabrikam Fiber\\Payments' }, productOwner: Sam Lee, productManager: christie.church@fabrikam.example }",
      '',
    ].join('\n');
    const { streamed, held, kept } = await bothWays(config);
    expect(kept).toBeGreaterThan(500);
    expect(streamed.findings.filter((finding) => finding.kind === 'team').length).toBeGreaterThan(2);
    expect(streamed.findings.some((finding) => finding.ownerSource === 'roster' && finding.kind !== 'team')).toBe(true);
    expect(streamed).toEqual(held);
  });

  it('agree with owners from fields alone', async () => {
    const config = [...jiraSourceYaml(cloud.url, 'cloud', 'ana.souza@acme.example'), adoSource(''), ''].join('\n');
    const { streamed, held } = await bothWays(config);
    expect(streamed.summary.itemsChecked).toBeGreaterThan(500);
    expect(streamed).toEqual(held);
  });
});
