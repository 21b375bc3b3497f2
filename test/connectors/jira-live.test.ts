// The live Jira connector with the real jira.js client against the loopback Jira (Cloud and Data Center).
import { describe, expect, it } from 'vitest';
import { jiraSourceSchema } from '../../src/config/schema.js';
import { fetchJiraSource } from '../../src/connectors/jira/fetch.js';
import { doctorJiraSource } from '../../src/connectors/jira/doctor.js';
import type { FetchContext } from '../../src/connectors/types.js';
import { generateDataset, type Deployment } from '../servers/jira/dataset.js';
import { failure } from '../helpers/failure.js';
import { jiraLoopback } from '../helpers/jira-live.js';

const TOKEN = 'ATATT3xFfGF0-secret-token-value-123';
const EMAIL = 'ana.souza@acme.example';
const fast = { policy: { baseDelayMs: 5, maxDelayMs: 50 } };

const { serve, sourceFor, forget } = jiraLoopback({ email: EMAIL, token: TOKEN });

function context(extra: Partial<FetchContext> = {}): FetchContext & { updates: [number, number | null][] } {
  const updates: [number, number | null][] = [];
  return { progress: { update: (_s, fetched, total) => updates.push([fetched, total]), stop: () => {} }, signal: new AbortController().signal, updates, ...extra };
}

const expectedKeys = (count: number, filter: (category: string) => boolean = (c) => c !== 'done') =>
  generateDataset(count)
    .issues.filter((issue) => filter(issue.category))
    .map((issue) => issue.key)
    .sort();

describe.each(['cloud', 'datacenter'] as const)('live Jira %s', (deployment) => {
  it('fetches several thousand items over many pages, none lost or duplicated', async () => {
    const server = await serve(deployment, 3000, { dcMaxResults: 100 });
    const ctx = context();
    const result = await fetchJiraSource(sourceFor(server, deployment, { concurrency: 6 }), ctx, fast);
    const keys = result.items.map((item) => item.key).sort();
    expect(keys).toEqual(expectedKeys(3000));
    expect(new Set(keys).size).toBe(keys.length);
    expect(result.fetched).toBe(keys.length);
    expect(result.info.mappedFields).toEqual(new Set(['productOwner', 'productManager']));
    // Progress moved in steps and ended at the total.
    expect(ctx.updates.length).toBeGreaterThan(5);
    expect(ctx.updates.at(-1)).toEqual([keys.length, keys.length]);
    if (deployment === 'cloud') {
      expect(server.stats.byPath.get('/rest/api/3/issue/bulkfetch')).toBe(Math.ceil(keys.length / 100));
      expect(server.stats.byPath.get('/rest/api/3/field')).toBe(1);
    } else {
      expect(server.stats.byPath.get('/rest/api/2/search')).toBe(Math.ceil(keys.length / 100));
    }
  });

  it.runIf(deployment === 'cloud')('asks the first page for the ids of the first round of bulk fetches only (concurrency × 100), later pages for 5000', async () => {
    const server = await serve(deployment, 12_000);
    const result = await fetchJiraSource(sourceFor(server, deployment, { concurrency: 6 }), context(), fast);
    const keys = expectedKeys(12_000);
    expect(result.items.map((item) => item.key).sort()).toEqual(keys);
    const pages = server.stats.log.filter((entry) => entry.path === '/rest/api/3/search/jql').map((entry) => new URLSearchParams(entry.query).get('maxResults'));
    expect(pages).toEqual(['600', ...Array<string>(Math.ceil((keys.length - 600) / 5000)).fill('5000')]);
    expect(pages.length).toBeGreaterThan(2);
  });

  it('maps owners, parents, kinds and descriptions of the deployment', async () => {
    const server = await serve(deployment, 120);
    // Data Center's issue types carry no hierarchyLevel: a roadmap type is named in the config there.
    const types = deployment === 'datacenter' ? { roadmap: ['Initiative'] } : {};
    const result = await fetchJiraSource(sourceFor(server, deployment, { jql: 'project = PAY', types }), context(), fast);
    const dataset = generateDataset(120);
    const story = dataset.issues.find((issue) => issue.type === 'Story' && issue.po !== null && issue.parent !== null && issue.project === 'PAY')!;
    const item = result.items.find((candidate) => candidate.key === story.key)!;
    expect(item.kind).toBe('story');
    expect(item.url).toBe(`${server.url}/browse/${story.key}`);
    expect(item.productOwner?.displayName).toBeTruthy();
    // Data Center people are known by username (what a roles list names), not by the internal JIRAUSER key.
    expect(item.productOwner?.id).toMatch(deployment === 'cloud' ? /^712020:/ : /^[a-z]+\.[a-z]+$/);
    expect(item.parent).toEqual({ key: dataset.byId.get(story.parent!)!.key, kind: 'epic' });
    expect(item.description).not.toBeNull();
    expect(result.items.some((candidate) => candidate.kind === 'roadmap')).toBe(true);
    expect(result.items.every((candidate) => candidate.key.startsWith('PAY-'))).toBe(true);
  });

  it('lets --jql replace the configured query', async () => {
    const server = await serve(deployment, 200);
    const result = await fetchJiraSource(sourceFor(server, deployment), context({ jql: 'project = WEB AND statusCategory = Done' }), fast);
    const expected = generateDataset(200).issues.filter((issue) => issue.project === 'WEB' && issue.category === 'done');
    expect(result.items.map((item) => item.key).sort()).toEqual(expected.map((issue) => issue.key).sort());
  });

  it('selects done items too when the config checks them (checkDone)', async () => {
    const server = await serve(deployment, 200);
    const result = await fetchJiraSource(sourceFor(server, deployment), context({ includeDone: true }), fast);
    expect(result.items.map((item) => item.key).sort()).toEqual(expectedKeys(200, () => true));
  });

  it('resolves field names through /field, and an unknown name is a config error with the nearest names', async () => {
    const server = await serve(deployment, 10);
    const error = await failure(fetchJiraSource(sourceFor(server, deployment, { fields: { productOwner: 'Product Ownr' } }), context(), fast));
    expect(error.code).toBe('config');
    expect(error.message).toMatch(/fields\.productOwner.*'Product Ownr'.*'Product Owner'/);
    const byId = await fetchJiraSource(sourceFor(server, deployment, { fields: { productOwner: 'customfield_10053' } }), context(), fast);
    expect(byId.items.every((item) => item.productOwner === null)).toBe(true); // Tech Lead is empty in the dataset
    const unknownId = await failure(fetchJiraSource(sourceFor(server, deployment, { fields: { productManager: 'customfield_99999' } }), context(), fast));
    expect(unknownId.message).toMatch(/no field with the id 'customfield_99999'/);
  });

  it('rides out 502/503/504, dropped connections and a malformed body', async () => {
    const server = await serve(deployment, 400);
    server.inject({ kind: 'status', status: 503 }, 2);
    server.inject({ kind: 'drop' }, 2);
    server.inject({ kind: 'status', status: 502 }, 1);
    server.inject({ kind: 'malformed' }, 1);
    server.inject({ kind: 'status', status: 504 }, 1);
    // On Data Center the first request (/field) meets all seven faults in a row: allow the tries.
    const result = await fetchJiraSource(sourceFor(server, deployment, { maxTries: 8 }), context(), fast);
    expect(result.items.map((item) => item.key).sort()).toEqual(expectedKeys(400));
    expect(server.stats.log.filter((entry) => entry.status !== 200).length).toBe(6); // the malformed body came with a 200
  });

  it('fails naming the source and the request after its tries, without the token', async () => {
    const server = await serve(deployment, 50);
    server.inject({ kind: 'status', status: 503 }, 100, '/field');
    const error = await failure(fetchJiraSource(sourceFor(server, deployment, { maxTries: 3 }), context(), fast));
    expect(error.message).toBe(`Source pay: GET /rest/api/${deployment === 'cloud' ? 3 : 2}/field failed after 3 tries: 503 Service Unavailable: Service unavailable.`);
    expect(server.stats.byPath.get(`/rest/api/${deployment === 'cloud' ? 3 : 2}/field`)).toBe(3);
  });

  it('retries a request that times out, and names the timeout when it keeps timing out', async () => {
    const server = await serve(deployment, 100);
    server.inject({ kind: 'stall', ms: 600 }, 1);
    const result = await fetchJiraSource(sourceFor(server, deployment, { timeoutSeconds: 0.2 }), context(), fast);
    expect(result.items.map((item) => item.key).sort()).toEqual(expectedKeys(100));
    server.inject({ kind: 'stall', ms: 600 }, 2, '/field');
    const error = await failure(fetchJiraSource(sourceFor(server, deployment, { timeoutSeconds: 0.2, maxTries: 2 }), context(), fast));
    expect(error.message).toMatch(/^Source pay: GET \/rest\/api\/[23]\/field failed after 2 tries: no complete answer within 0\.2 s \(timeoutSeconds\)\.$/);
  });

  it('fails on a body that stays malformed', async () => {
    const server = await serve(deployment, 50);
    server.inject({ kind: 'malformed' }, 100, '/search');
    const error = await failure(fetchJiraSource(sourceFor(server, deployment, { maxTries: 2 }), context(), fast));
    expect(error.message).toMatch(/^Source pay: GET \/rest\/api\/[23]\/search(\/jql)? failed after 2 tries: the response was not valid JSON\.$/);
  });

  it('answers 401 with what to check, and never shows the token', async () => {
    const server = await serve(deployment, 10, { token: 'the-right-token-000' });
    const error = await failure(fetchJiraSource(sourceFor(server, deployment), context(), fast));
    expect(error.message).toMatch(/401 Unauthorized/);
    expect(error.message).toMatch(deployment === 'cloud' ? /auth\.email.*auth\.token.*deployment: datacenter/s : /auth\.bearer.*deployment: cloud/s);
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain(Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64'));
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(String(error.stack)).not.toContain(TOKEN);
    expect((error as { cause?: unknown }).cause).toBeUndefined();
    expect(server.stats.byPath.size).toBeGreaterThan(0);
  });

  it('answers 403 with the permission to check, at once (no retries)', async () => {
    const server = await serve(deployment, 10);
    server.inject({ kind: 'status', status: 403 }, 5, '/field');
    const error = await failure(fetchJiraSource(sourceFor(server, deployment), context(), fast));
    expect(error.message).toMatch(/field failed: 403 Forbidden(: [^.]*)?\. .*Browse projects/s);
    // Scoped API tokens are Jira Cloud's only.
    if (deployment === 'cloud') expect(error.message).toMatch(/scoped API token.*read:jira-work/s);
    else expect(error.message).not.toMatch(/scoped|read:jira-work/);
    expect(server.stats.byPath.get(`/rest/api/${deployment === 'cloud' ? 3 : 2}/field`)).toBe(1);
  });

  it('quotes the server\'s errorMessages on a 403, redacted', async () => {
    const server = await serve(deployment, 10);
    const search = deployment === 'cloud' ? '/search/jql' : '/rest/api/2/search';
    server.inject({ kind: 'status', status: 403, messages: [`You do not have permission to browse project PAY (token ${TOKEN}).`] }, 5, search);
    const error = await failure(fetchJiraSource(sourceFor(server, deployment), context(), fast));
    expect(error.message).toMatch(/search(\/jql)? failed: 403 Forbidden: You do not have permission to browse project PAY \(token \*\*\*\)\. The account is known but not allowed/);
    expect(error.message).not.toContain(TOKEN);
  });

  it('does not blame the token for a 401 whose X-Seraph-LoginReason says the credentials were accepted', async () => {
    const server = await serve(deployment, 10);
    server.inject({ kind: 'status', status: 401, headers: { 'X-Seraph-LoginReason': 'OK' }, messages: ['You cannot edit the configuration of this project.'] }, 5, '/field');
    const error = await failure(fetchJiraSource(sourceFor(server, deployment), context(), fast));
    expect(error.message).toMatch(/field failed: 401 Unauthorized: You cannot edit the configuration of this project\. Jira accepted the credentials \(X-Seraph-LoginReason: OK\) but refuses this request to the account/);
    expect(error.message).not.toMatch(/did not accept|current PAT|API token/);
  });

  it('backs the whole source off on a 429 storm, honouring Retry-After', async () => {
    const server = await serve(deployment, 300, { dcMaxResults: 50 });
    server.inject({ kind: 'status', status: 429, retryAfter: 1 }, 4);
    const started = Date.now();
    const result = await fetchJiraSource(sourceFor(server, deployment, { concurrency: 4 }), context(), fast);
    expect(result.items.map((item) => item.key).sort()).toEqual(expectedKeys(300));
    const throttled = server.stats.log.filter((entry) => entry.status === 429);
    expect(throttled.length).toBe(4);
    // No request started before the first 429's Retry-After had passed (a lower bound: never flaky).
    const firstAt = throttled[0]!.at;
    const afterStorm = server.stats.log.filter((entry) => entry.status === 200 && entry.at > firstAt);
    expect(afterStorm.length).toBeGreaterThan(0);
    expect(Math.min(...afterStorm.map((entry) => entry.at)) - firstAt).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('paces to the X-RateLimit-Limit a real limit answers with', async () => {
    const server = await serve(deployment, 1500, { rateLimit: 8, dcMaxResults: 50 });
    const source = sourceFor(server, deployment, { concurrency: 8 });
    const result = await fetchJiraSource(source, context(), fast);
    expect(result.items.map((item) => item.key).sort()).toEqual(expectedKeys(1500));
    expect(server.stats.throttled).toBeGreaterThan(0);
    // After the first 429 came back, the pacing keeps the source under the limit.
    const first = server.stats.log.find((entry) => entry.status === 429)!;
    const late = server.stats.log.filter((entry) => entry.status === 429 && entry.at > first.at + 1500);
    expect(late.length).toBeLessThanOrEqual(2);
  });

  // Jira Cloud's burst limits: X-RateLimit-Limit/Remaining on the answers before any 429.
  it.runIf(deployment === 'cloud')('paces before any 429 when the site announces its budget on every answer', async () => {
    const server = await serve(deployment, 2500, { rateLimit: 8, announceAlways: true });
    const result = await fetchJiraSource(sourceFor(server, deployment, { concurrency: 8 }), context(), fast);
    expect(result.items.map((item) => item.key).sort()).toEqual(expectedKeys(2500));
    // Without the budget, 2 or 3 requests of the first burst meet a 429 here; with it, at most one (a request
    // that reaches the site before the answer that would have held it back).
    expect(server.stats.throttled).toBeLessThanOrEqual(1);
  });

  // The budget an answer states counts the requests that reached the site before it: those sent after it
  // spend it too, and the rest waits for X-RateLimit-Reset, even with more requests at once than the budget.
  it.runIf(deployment === 'cloud')('spends exactly the announced budget: no 429 with more requests at once than the limit', async () => {
    const server = await serve(deployment, 2500, { rateLimit: 8, announceAlways: true });
    const result = await fetchJiraSource(sourceFor(server, deployment, { concurrency: 16 }), context(), fast);
    expect(result.items.map((item) => item.key).sort()).toEqual(expectedKeys(2500));
    expect(server.stats.throttled).toBe(0);
    expect(server.stats.byPath.get('/rest/api/3/issue/bulkfetch')).toBe(Math.ceil(result.items.length / 100));
  });

  // Data Center's rate limiting states a token bucket (size, fill rate, interval), not a budget that is
  // whole again a second later: reading X-RateLimit-Limit as a rate met a 429 on most requests.
  it.runIf(deployment === 'datacenter')('paces to the fill rate of Data Center\'s token bucket, from the first answer on', async () => {
    const server = await serve(deployment, 1200, { dcMaxResults: 50, dcBucket: { size: 12, fillRate: 4, intervalSeconds: 1 } });
    const result = await fetchJiraSource(sourceFor(server, deployment, { concurrency: 8 }), context(), fast);
    expect(result.items.map((item) => item.key).sort()).toEqual(expectedKeys(1200));
    // The first burst may meet one 429 or two (the requests that left before the first answer); after that, none.
    expect(server.stats.throttled).toBeLessThanOrEqual(2);
  });

  it('paces to what the site accepts when a 429 announces no limit', async () => {
    const server = await serve(deployment, 1500, { rateLimit: 8, announceLimit: false, dcMaxResults: 50 });
    const result = await fetchJiraSource(sourceFor(server, deployment, { concurrency: 8 }), context(), fast);
    expect(result.items.map((item) => item.key).sort()).toEqual(expectedKeys(1500));
    expect(server.stats.throttled).toBeGreaterThan(0);
    expect(server.stats.throttled).toBeLessThan(20);
  });

  it('doctor: all checks pass on a healthy site', async () => {
    const server = await serve(deployment, 30);
    const checks = await doctorJiraSource(sourceFor(server, deployment), context());
    expect(checks.map((check) => [check.name, check.ok])).toEqual([
      ['connection', true],
      ['auth', true],
      ['browse permission', true],
      ['jql', true],
      ['productOwner field', true],
      ['productManager field', true],
      ['acceptanceCriteria field', true],
    ]);
  });

  it('doctor: bad JQL, missing field with user-picker suggestions, no browse permission', async () => {
    const server = await serve(deployment, 30, { browse: false });
    const checks = await doctorJiraSource(sourceFor(server, deployment, { jql: 'project = PAY AND bogus ~ x', fields: { productManager: 'PM Owner' } }), context());
    const byName = Object.fromEntries(checks.map((check) => [check.name, check]));
    expect(byName['browse permission']!.ok).toBe(false);
    expect(byName.jql!.ok).toBe(false);
    expect(byName.jql!.detail).toMatch(/400 Bad Request: Error in the JQL Query/);
    expect(byName['productManager field']!.ok).toBe(false);
    expect(byName['productManager field']!.suggestions).toEqual(expect.arrayContaining(['Product Owner (customfield_10050)', 'Tech Lead (customfield_10053)', 'Reviewers (customfield_10060)']));
  });

  it('doctor: an owner mapped to a field that holds no people fails, with the site\'s user fields to pick from', async () => {
    const server = await serve(deployment, 30);
    const checks = await doctorJiraSource(sourceFor(server, deployment, { fields: { productOwner: 'Acceptance Criteria' } }), context());
    const owner = checks.find((check) => check.name === 'productOwner field')!;
    expect(owner.ok).toBe(false);
    expect(owner.detail).toMatch(/^'Acceptance Criteria' is no user field \(customfield_\d+ holds /);
    expect(owner.suggestions).toEqual(expect.arrayContaining(['Product Owner (customfield_10050)']));
  });

  it('doctor: asks Browse projects of each configured project, not of any project', async () => {
    const server = await serve(deployment, 30, { browseDenied: ['WEB'] });
    const checks = await doctorJiraSource(sourceFor(server, deployment), context());
    const browse = checks.find((check) => check.name === 'browse permission')!;
    expect(browse.ok).toBe(false);
    expect(browse.detail).toBe('the account cannot browse WEB (no Browse projects permission there, or no such project): ask a Jira admin to grant it, or correct projects');
    const healthy = await doctorJiraSource(sourceFor(await serve(deployment, 30), deployment), context());
    expect(healthy.find((check) => check.name === 'browse permission')!.detail).toBe('the account may browse PAY, WEB');
  });

  it('doctor: stops after a failed auth, saying what to check without the token', async () => {
    const server = await serve(deployment, 5, { token: 'another-token-xyz' });
    const checks = await doctorJiraSource(sourceFor(server, deployment), context());
    expect(checks.map((check) => [check.name, check.ok])).toEqual([
      ['connection', true],
      ['auth', false],
    ]);
    expect(checks[1]!.detail).toMatch(/GET \/rest\/api\/[23]\/myself failed: 401 Unauthorized/);
    expect(checks[1]!.detail).not.toContain(TOKEN);
  });

  it('doctor: a drifted serverInfo is one line naming the request and the field, not zod\'s issue list', async () => {
    const server = await serve(deployment, 5);
    server.inject({ kind: 'drifted', body: { deploymentType: { x: 1 } } }, 1, '/serverInfo');
    const checks = await doctorJiraSource(sourceFor(server, deployment), context());
    expect(checks.map((check) => [check.name, check.ok])).toEqual([['connection', false]]);
    const prefix = deployment === 'cloud' ? '/rest/api/3' : '/rest/api/2';
    expect(checks[0]!.detail).toBe(`GET ${prefix}/serverInfo did not answer server information: deploymentType: Invalid input: expected string, received object.`);
  });

  it('doctor: a drifted answer after the connection is one line too', async () => {
    const server = await serve(deployment, 5);
    server.inject({ kind: 'drifted', body: { permissions: [1] } }, 1, '/mypermissions');
    const checks = await doctorJiraSource(sourceFor(server, deployment), context());
    const browse = checks.find((check) => check.name === 'browse permission')!;
    expect(browse.ok).toBe(false);
    expect(browse.detail).toMatch(/^GET \/rest\/api\/[23]\/mypermissions did not answer a list of permissions: permissions: [^\n]+\.$/);
  });

  it('doctor: flags a deployment that does not match the site', async () => {
    const server = await serve(deployment === 'cloud' ? 'datacenter' : 'cloud', 5);
    const checks = await doctorJiraSource(sourceFor(server, deployment), context());
    expect(checks).toHaveLength(1);
    expect(checks[0]!.ok).toBe(false);
    expect(checks[0]!.detail).toMatch(deployment === 'cloud' ? /404 Not Found.*set deployment: datacenter/ : /is Jira Cloud.*set deployment: cloud/);
  });
});

describe('a sign-in page instead of Jira', () => {
  it.each(['cloud', 'datacenter'] as const)('%s: a 200 with an HTML page is said to be one, at once, not retried', async (deployment) => {
    const server = await serve(deployment, 1);
    server.inject({ kind: 'signInPage' }, 100);
    const error = await failure(fetchJiraSource(sourceFor(server, deployment, { maxTries: 4 }), context(), fast));
    expect(error.message).toMatch(/failed: the site answered with an HTML page instead of JSON, probably a sign-in page \(single sign-on or a proxy in front of Jira\)\. Check that baseUrl is the Jira site's own address/);
    // The set-up calls run side by side; none of them is tried twice.
    const paths = server.stats.log.map((entry) => entry.path);
    expect(new Set(paths).size).toBe(paths.length);
  });
});

describe('live Jira failures that are not the site answering', () => {
  it('names the request when nothing listens, without the token', async () => {
    const server = await serve('cloud', 1);
    const source = sourceFor(server, 'cloud', { maxTries: 2 });
    await server.close();
    forget();
    const error = await failure(fetchJiraSource(source, context(), fast));
    expect(error.message).toMatch(/^Source pay: GET \/rest\/api\/3\/(field|search\/jql) failed after 2 tries: the connection to 127\.0\.0\.1:\d+ was refused\.$/);
    expect(JSON.stringify(error) + String(error.stack)).not.toContain(TOKEN);
  });

  it('stops at once when the run is aborted (another source failed)', async () => {
    const server = await serve('cloud', 50);
    const controller = new AbortController();
    controller.abort();
    const error = await failure(fetchJiraSource(sourceFor(server, 'cloud'), context({ signal: controller.signal }), fast));
    expect(error.message).toMatch(/stopped because another source failed/);
    expect(server.stats.requests).toBe(0);
  });
});

describe('live Jira Cloud specifics', () => {
  it('retries the ids bulk fetch reports in issueErrors', async () => {
    const server = await serve('cloud', 250);
    server.inject({ kind: 'issueErrors' }, 2);
    const result = await fetchJiraSource(sourceFor(server, 'cloud'), context(), fast);
    expect(result.items.map((item) => item.key).sort()).toEqual(expectedKeys(250));
  });

  it('says what is wrong when a Cloud site is configured as Data Center', async () => {
    const server = await serve('cloud', 5);
    const source = jiraSourceSchema.parse({ name: 'pay', type: 'jira', deployment: 'datacenter', baseUrl: server.url, auth: { bearer: TOKEN }, projects: ['PAY'] });
    const error = await failure(fetchJiraSource(source, context(), fast));
    expect(error.message).toMatch(/401 Unauthorized.*deployment: cloud/s);
  });

  it('refuses the removed /rest/api/3/search with 410, as Jira Cloud does', async () => {
    const server = await serve('cloud', 5);
    const response = await fetch(`${server.url}/rest/api/3/search?jql=project%3DPAY`, { headers: { authorization: `Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64')}` } });
    expect(response.status).toBe(410);
  });
});
