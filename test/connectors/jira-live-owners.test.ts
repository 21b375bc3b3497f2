// Several owners and several fields on a live Jira (issue 10), Cloud and Data Center, against the loopback
// Jira: "Product Manager" as a multi-user picker holding a deactivated and an active account in both
// orders, and a team-managed project (WEB) whose stories carry their own "Acceptance Criteria" field.
import { describe, expect, it } from 'vitest';
import { fetchJiraSource } from '../../src/connectors/jira/fetch.js';
import type { FetchContext } from '../../src/connectors/types.js';
import { FIELD_IDS, generateDataset, TEAM_MANAGED_AC, type Dataset } from '../servers/jira/dataset.js';
import { jiraLoopback } from '../helpers/jira-live.js';

const { serve, sourceFor } = jiraLoopback({ email: 'ana.souza@acme.example', token: 'ATATT3xFfGF0-owners-token-456' });
const fast = { policy: { baseDelayMs: 5, maxDelayMs: 50 } };
const context = (): FetchContext => ({ progress: { update: () => {}, stop: () => {} }, signal: new AbortController().signal });

// In the dataset's people: 1 is Li Wei (active), 5 is Jonas Berg (a deactivated account).
const LI_WEI = 1;
const JONAS_BERG = 5;

function siteDataset(): { dataset: Dataset; epics: [string, string]; criteriaStories: { key: string; project: string }[] } {
  const dataset = generateDataset(200);
  dataset.shape = { multiUserPickers: true, teamManagedProject: 'WEB' };
  const open = dataset.issues.filter((issue) => issue.category !== 'done');
  const [first, second] = open.filter((issue) => issue.type === 'Epic');
  first!.pms = [JONAS_BERG, LI_WEI];
  second!.pms = [LI_WEI, JONAS_BERG];
  const criteriaStories = open.filter((issue) => issue.type === 'Story' && issue.ac === 'field').map(({ key, project }) => ({ key, project }));
  return { dataset, epics: [first!.key, second!.key], criteriaStories };
}

describe.each(['cloud', 'datacenter'] as const)('live Jira %s with several owners and fields', (deployment) => {
  it('reads every PM of a multi-user picker, the active one as productManager in either order', async () => {
    const { dataset, epics } = siteDataset();
    const server = await serve(deployment, 0, { dataset });
    const result = await fetchJiraSource(sourceFor(server, deployment), context(), fast);
    const byKey = new Map(result.items.map((item) => [item.key, item]));
    expect(byKey.get(epics[0])!.productManagers.map((person) => [person.displayName, person.active])).toEqual([
      ['Jonas Berg', false],
      ['Li Wei', true],
    ]);
    expect(byKey.get(epics[1])!.productManagers.map((person) => person.displayName)).toEqual(['Li Wei', 'Jonas Berg']);
    for (const key of epics) expect(byKey.get(key)!.productManager).toMatchObject({ displayName: 'Li Wei', active: true });
    // Data Center people by username, Cloud by accountId.
    expect(byKey.get(epics[0])!.productManager!.id).toMatch(deployment === 'cloud' ? /^712020:/ : /^li\.wei$/);
  });

  it.each([
    ['by their shared name', { acceptanceCriteria: 'Acceptance Criteria' }],
    ['as a list of ids', { acceptanceCriteria: [FIELD_IDS.acceptanceCriteria, TEAM_MANAGED_AC] }],
  ])('reads each project\'s own Acceptance Criteria field when named %s, asking for both', async (_name, fields) => {
    const { dataset, criteriaStories } = siteDataset();
    expect(new Set(criteriaStories.map((story) => story.project))).toEqual(new Set(['PAY', 'WEB']));
    const server = await serve(deployment, 0, { dataset });
    const result = await fetchJiraSource(sourceFor(server, deployment, { fields }), context(), fast);
    const byKey = new Map(result.items.map((item) => [item.key, item]));
    for (const { key } of criteriaStories) expect(byKey.get(key)!.acceptanceCriteria, key).not.toBeNull();
  });

  it('reads the union of a list of owner fields', async () => {
    const { dataset, epics } = siteDataset();
    const server = await serve(deployment, 0, { dataset });
    const result = await fetchJiraSource(sourceFor(server, deployment, { fields: { productManager: ['Product Manager', 'reporter'] } }), context(), fast);
    const epic = result.items.find((item) => item.key === epics[0])!;
    const reporter = epic.reporter!;
    const expected = ['Jonas Berg', 'Li Wei', ...(['Jonas Berg', 'Li Wei'].includes(reporter.displayName) ? [] : [reporter.displayName])];
    expect(epic.productManagers.map((person) => person.displayName)).toEqual(expected);
  });
});
