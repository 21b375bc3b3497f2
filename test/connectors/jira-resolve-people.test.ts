// Roster people resolved against the loopback Jira (issue 10, SPEC §4): Cloud by account id or user
// search, Data Center by username search (inactive users included); found, deactivated, unknown with
// suggestions, and a display name two accounts share.
import { describe, expect, it } from 'vitest';
import { resolveRosterPeople } from '../../src/connectors/index.js';
import { resolveJiraPeople } from '../../src/connectors/jira/resolve-people.js';
import { user } from '../servers/jira/dataset.js';
import { jiraLoopback } from '../helpers/jira-live.js';

const { serve, sourceFor } = jiraLoopback({ email: 'ana.souza@acme.example', token: 'ATATT3x-resolve-people-token' });
const fast = { policy: { baseDelayMs: 1, maxDelayMs: 5 } };

describe('resolveJiraPeople on Jira Cloud', () => {
  it('finds people by email, account id and display name; a deactivated account is found inactive', async () => {
    const server = await serve('cloud', 10);
    const grace = (user(4, 'cloud', server.url) as { accountId: string }).accountId;
    const people = await resolveJiraPeople(sourceFor(server, 'cloud'), ['Li.Wei@acme.example', grace, 'Priya Raman', 'jonas.berg@acme.example'], {}, fast);
    expect(people.get('Li.Wei@acme.example')).toMatchObject({ status: 'found', person: { displayName: 'Li Wei', email: 'li.wei@acme.example', active: true } });
    expect(people.get(grace)).toMatchObject({ status: 'found', person: { id: grace, displayName: 'Grace Okafor', active: true } });
    expect(people.get('Priya Raman')).toMatchObject({ status: 'found', person: { email: 'priya.raman@acme.example' } });
    expect(people.get('jonas.berg@acme.example')).toMatchObject({ status: 'found', person: { displayName: 'Jonas Berg', active: false } });
    expect(server.stats.byPath.get('/rest/api/3/user')).toBe(1); // the account id, looked up directly
  });

  it('says unknown with the near names the site has, and ambiguous for a shared display name', async () => {
    const server = await serve('cloud', 10);
    const people = await resolveJiraPeople(sourceFor(server, 'cloud'), ['ana.sousa@acme.example', 'Sam Lee', '712020:99999999-aaaa-4bbb-8ccc-000000000099', 'Nobody Here'], {}, fast);
    expect(people.get('ana.sousa@acme.example')).toEqual({ status: 'unknown', suggestions: ['ana.souza@acme.example'] });
    const shared = people.get('Sam Lee');
    expect(shared?.status).toBe('ambiguous');
    expect(shared?.status === 'ambiguous' && shared.candidates.map((person) => person.email)).toEqual(['sam.lee@acme.example', 'samuel.lee@acme.example']);
    expect(people.get('712020:99999999-aaaa-4bbb-8ccc-000000000099')).toEqual({ status: 'unknown', suggestions: [] });
    expect(people.get('Nobody Here')).toEqual({ status: 'unknown', suggestions: [] });
  });

  it("matches no app's system account and no service desk customer (User.accountType): neither owns a backlog", async () => {
    const server = await serve('cloud', 10);
    // The site has a customer named Priya Raman too: the team member is still found, not "ambiguous".
    const people = await resolveJiraPeople(sourceFor(server, 'cloud'), ['Automation for Jira', 'Priya Raman'], {}, fast);
    expect(people.get('Automation for Jira')).toEqual({ status: 'unknown', suggestions: [] });
    expect(people.get('Priya Raman')).toMatchObject({ status: 'found', person: { email: 'priya.raman@acme.example' } });
  });
});

describe('resolveJiraPeople on Jira Data Center', () => {
  it('finds people by username, email and display name, deactivated ones included', async () => {
    const server = await serve('datacenter', 10);
    const people = await resolveJiraPeople(sourceFor(server, 'datacenter'), ['mei.tanaka', 'omar.haddad@acme.example', 'Jonas Berg', 'jonas.berg'], {}, fast);
    expect(people.get('mei.tanaka')).toMatchObject({ status: 'found', person: { id: 'mei.tanaka', displayName: 'Mei Tanaka', active: true } });
    expect(people.get('omar.haddad@acme.example')).toMatchObject({ status: 'found', person: { id: 'omar.haddad' } });
    // Data Center's user search leaves inactive users out unless asked: a deactivated PO must not look unknown.
    expect(people.get('Jonas Berg')).toMatchObject({ status: 'found', person: { id: 'jonas.berg', active: false } });
    expect(people.get('jonas.berg')).toMatchObject({ status: 'found', person: { active: false } });
  });

  it('says unknown with suggestions, and ambiguous for a shared display name', async () => {
    const server = await serve('datacenter', 10);
    const people = await resolveJiraPeople(sourceFor(server, 'datacenter'), ['grace.okafr', 'Sam Lee'], {}, fast);
    expect(people.get('grace.okafr')).toEqual({ status: 'unknown', suggestions: ['grace.okafor@acme.example'] });
    expect(people.get('Sam Lee')).toMatchObject({ status: 'ambiguous', candidates: [{ id: 'sam.lee' }, { id: 'samuel.lee' }] });
  });

  it('fails naming the source and the request when the search fails', async () => {
    const server = await serve('datacenter', 10);
    server.inject({ kind: 'status', status: 500 }, 10, '/user/search');
    const error = await resolveJiraPeople(sourceFor(server, 'datacenter', { maxTries: 1 }), ['mei.tanaka'], {}, fast).catch((caught: unknown) => caught);
    expect(String(error)).toMatch(/Source pay: GET \/rest\/api\/2\/user\/search failed: 500/);
  });
});

describe('resolveRosterPeople', () => {
  it('asks a live Jira source\'s tracker, and no tracker for an export', async () => {
    const server = await serve('cloud', 10);
    const people = await resolveRosterPeople(sourceFor(server, 'cloud'), ['li.wei@acme.example']);
    expect(people?.get('li.wei@acme.example')).toMatchObject({ status: 'found', person: { displayName: 'Li Wei' } });
    expect(await resolveRosterPeople({ name: 'x', type: 'jira-export', path: 'x.json' } as never, ['li.wei@acme.example'])).toBeNull();
  });
});
