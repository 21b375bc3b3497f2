// The Atlassian Team field (issue 10, SPEC §4): found by its type on a live site, Cloud and Data Center,
// with no `fields.team` in the config; an item's team is the team's name, else its project key; and a
// roster team matched on that value owns the item.
import { describe, expect, it } from 'vitest';
import { fetchJiraSource } from '../../src/connectors/jira/fetch.js';
import type { FetchContext } from '../../src/connectors/types.js';
import { applyRoster } from '../../src/roster/apply.js';
import { generateDataset, teamOf } from '../servers/jira/dataset.js';
import { jiraLoopback } from '../helpers/jira-live.js';

const { serve, sourceFor } = jiraLoopback({ email: 'ana.souza@acme.example', token: 'ATATT3xFfGF0-team-field-789' });
const fast = { policy: { baseDelayMs: 5, maxDelayMs: 50 } };
const context = (): FetchContext => ({ progress: { update: () => {}, stop: () => {} }, signal: new AbortController().signal });

describe.each(['cloud', 'datacenter'] as const)('live Jira %s with the Atlassian Team field', (deployment) => {
  it("reads the team's name as the item's team, the project key where it has none, and a roster matches it", async () => {
    const dataset = generateDataset(120);
    dataset.shape = { atlassianTeams: true };
    const server = await serve(deployment, 0, { dataset });
    const source = sourceFor(server, deployment);
    const result = await fetchJiraSource(source, context(), fast);
    const expected = new Map(dataset.issues.map((issue) => [issue.key, ((teamOf(issue) as { name?: string } | null)?.name ?? issue.project) as string]));
    expect(result.items.length).toBeGreaterThan(20);
    for (const item of result.items) expect(item.team, item.key).toBe(expected.get(item.key));
    expect(new Set(result.items.map((item) => item.team))).toContain('Checkout Crew');

    const roster = { origin: 'test', teams: [{ name: 'Checkout', match: { team: ['checkout crew'] }, productOwners: ['po@acme.example'], productManagers: [], where: 'teams[0]' }] };
    const [rostered] = await applyRoster([result], [{ ...source, ownership: 'roster' }], roster, async () => null);
    const owned = rostered!.items.filter((item) => item.roster?.team === 'Checkout');
    expect(owned.map((item) => item.key).sort()).toEqual(result.items.filter((item) => item.team === 'Checkout Crew').map((item) => item.key).sort());
    expect(owned.every((item) => item.productOwners[0]?.email === 'po@acme.example' && item.roster?.productOwners === 'roster')).toBe(true);
  });
});
