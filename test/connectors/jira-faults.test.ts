// The live Jira connector against a hostile or broken loopback Jira (issue 9): redirects, bodies that
// trickle or never end, waits of a day, and answers that look complete but are not. Each case fails the
// source with a message naming the source and the request; none passes a partial fetch as complete.
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { fetchJiraSource } from '../../src/connectors/jira/fetch.js';
import { SourceGate } from '../../src/connectors/retry.js';
import type { FetchContext } from '../../src/connectors/types.js';
import { generateDataset, type Deployment } from '../servers/jira/dataset.js';
import { startRedirectSink } from '../servers/jira/server.js';
import { failure } from '../helpers/failure.js';
import { jiraLoopback } from '../helpers/jira-live.js';

const TOKEN = 'ATATT3xFfGF0-faults-secret-token-456';
const EMAIL = 'ana.souza@acme.example';
const fast = { policy: { baseDelayMs: 5, maxDelayMs: 50 } };

const { serve, sourceFor, cleanup } = jiraLoopback({ email: EMAIL, token: TOKEN });

const context = (): FetchContext => ({ progress: { update: () => {}, stop: () => {} }, signal: new AbortController().signal });
const api = (deployment: Deployment) => `/rest/api/${deployment === 'cloud' ? 3 : 2}`;
const searchPath = (deployment: Deployment) => `${api(deployment)}/search${deployment === 'cloud' ? '/jql' : ''}`;

describe.each(['cloud', 'datacenter'] as const)('redirects (%s)', (deployment) => {
  it.each([301, 302, 303, 307, 308] as const)('refuses a %d to another host: exit 2 naming it, no credentials sent there', async (status) => {
    const sink = await startRedirectSink();
    cleanup(() => sink.close());
    const server = await serve(deployment, 120);
    server.inject({ kind: 'redirect', status, to: `http://bot:${TOKEN}@${sink.url.slice('http://'.length)}${searchPath(deployment)}?jql=x` }, 1, '/search');
    const error = await failure(fetchJiraSource(sourceFor(server, deployment), context(), fast));
    expect(error.code).toBe('source');
    expect(error.message).toBe(
      `Source pay: GET ${searchPath(deployment)} failed: ${status} redirect to ${sink.url}${searchPath(deployment)}. backlint follows no redirect, so that the credentials never reach another address: set baseUrl to the address the site answers on.`,
    );
    expect(sink.received).toEqual([]);
    expect(error.message).not.toContain(TOKEN);
  });

  it.each([302, 307, 308] as const)('refuses a %d to the same host too', async (status) => {
    const server = await serve(deployment, 120);
    server.inject({ kind: 'redirect', status, to: `${api(deployment)}/field?again=1` }, 1, '/field');
    const error = await failure(fetchJiraSource(sourceFor(server, deployment), context(), fast));
    expect(error.message).toMatch(new RegExp(`^Source pay: GET ${api(deployment)}/field failed: ${status} redirect to ${api(deployment)}/field\\. backlint follows no redirect`));
    expect(server.stats.byPath.get(`${api(deployment)}/field`)).toBe(1);
  });
});

describe('redirects of the Cloud bulk fetch alone', () => {
  it('fail the run rather than passing 0 items, and send the token nowhere else', async () => {
    const sink = await startRedirectSink();
    cleanup(() => sink.close());
    const server = await serve('cloud', 300);
    server.inject({ kind: 'redirect', status: 307, to: `${sink.url}/rest/api/3/issue/bulkfetch` }, 100, '/bulkfetch');
    const error = await failure(fetchJiraSource(sourceFor(server, 'cloud'), context(), fast));
    expect(error.message).toMatch(/^Source pay: POST \/rest\/api\/3\/issue\/bulkfetch failed: 307 redirect to http:\/\/127\.0\.0\.1:\d+\/rest\/api\/3\/issue\/bulkfetch\./);
    expect(sink.received).toEqual([]);
  });
});

describe.each(['cloud', 'datacenter'] as const)('slow and endless bodies (%s)', (deployment) => {
  it('a body trickling one byte every 300 ms fails at the deadline (timeoutSeconds covers the body), after its tries', async () => {
    const server = await serve(deployment, 50);
    server.inject({ kind: 'slowBody', intervalMs: 300, maxMs: 5000 }, 10, '/field');
    const error = await failure(fetchJiraSource(sourceFor(server, deployment, { timeoutSeconds: 1, maxTries: 2 }), context(), fast));
    expect(error.message).toBe(`Source pay: GET ${api(deployment)}/field failed after 2 tries: no complete answer within 1 s (timeoutSeconds).`);
    expect(server.stats.byPath.get(`${api(deployment)}/field`)).toBe(2);
  });

  it('a try keeps its deadline through garbage collections while the body trickles', async () => {
    const server = await serve(deployment, 50);
    server.inject({ kind: 'slowBody', intervalMs: 300, maxMs: 5000 }, 10, '/field');
    const run = new AbortController();
    const started = Date.now();
    const fetching = failure(fetchJiraSource(sourceFor(server, deployment, { timeoutSeconds: 1, maxTries: 1 }), { ...context(), signal: run.signal }, fast));
    // What the heap keeper does between batches: full collections while the answer is on its way.
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const collecting = setInterval(gc, 100);
    const error = await fetching.finally(() => clearInterval(collecting));
    expect(error.message).toBe(`Source pay: GET ${api(deployment)}/field failed: no complete answer within 1 s (timeoutSeconds).`);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a slow body once is retried, and the fetch completes', async () => {
    const server = await serve(deployment, 50);
    server.inject({ kind: 'slowBody', intervalMs: 300, maxMs: 5000 }, 1, '/field');
    const result = await fetchJiraSource(sourceFor(server, deployment, { timeoutSeconds: 1 }), context(), fast);
    expect(result.items.length).toBeGreaterThan(0);
  });

  it('an endless body stops at the size cap, at once and without retrying, naming the cap', async () => {
    const server = await serve(deployment, 50);
    server.inject({ kind: 'endlessBody', maxBytes: 64 * 1024 * 1024, maxMs: 10_000 }, 10, '/field');
    const error = await failure(fetchJiraSource(sourceFor(server, deployment), context(), { ...fast, maxBodyBytes: 1024 * 1024 }));
    expect(error.message).toBe(`Source pay: GET ${api(deployment)}/field failed: the answer was larger than 1 MiB, the most backlint reads from one response.`);
    expect(server.stats.byPath.get(`${api(deployment)}/field`)).toBe(1);
  });
});

describe('a run aborted while a request trickles', () => {
  it('stops the request in flight, naming why', async () => {
    const server = await serve('cloud', 50);
    server.inject({ kind: 'slowBody', intervalMs: 200, maxMs: 20_000 }, 10, '/field');
    const controller = new AbortController();
    const fetching = fetchJiraSource(sourceFor(server, 'cloud'), { ...context(), signal: controller.signal }, fast);
    while (!server.stats.byPath.has('/rest/api/3/field')) await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    const error = await failure(fetching);
    expect(error.message).toBe('Source pay: stopped because another source failed.');
    expect(server.stats.byPath.get('/rest/api/3/field')).toBe(1);
  });
});

describe.each(['cloud', 'datacenter'] as const)('waits a server asks for (%s)', (deployment) => {
  it.each([
    ['Retry-After: 86400', 429, { 'retry-after': '86400' }, '24 hours'],
    ['Retry-After: 1e9', 429, { 'retry-after': '1e9' }, '11574 days'],
    ['Retry-After: Infinity', 503, { 'retry-after': 'Infinity' }, 'forever'],
    ['Retry-After: an HTTP date in 2099', 429, { 'retry-after': 'Thu, 31 Dec 2099 23:59:59 GMT' }, /\d{5} days/],
    ['X-RateLimit-Reset in 2099 beside a short Retry-After', 429, { 'retry-after': '1', 'x-ratelimit-reset': '2099-12-31T23:59:59.000Z', 'x-ratelimit-limit': '1e-9' }, /\d{5} days/],
  ] as const)('%s fails at once naming the delay (exit 2), one request only', async (_name, status, headers, delay) => {
    const server = await serve(deployment, 50);
    server.inject({ kind: 'status', status, headers }, 100, '/field');
    const error = await failure(fetchJiraSource(sourceFor(server, deployment), context(), fast));
    expect(error.code).toBe('source');
    expect(error.message).toMatch(new RegExp(`^Source pay: GET ${api(deployment)}/field failed: ${status} [A-Za-z ]+; the server asked to wait `));
    expect(error.message).toMatch(typeof delay === 'string' ? `asked to wait ${delay}, longer than the 5 minutes backlint waits (maxWaitSeconds)` : delay);
    expect(server.stats.byPath.get(`${api(deployment)}/field`)).toBe(1);
  });

  it('maxWaitSeconds sets the cap: a 2 s Retry-After is waited by default and refused under maxWaitSeconds: 1', async () => {
    const server = await serve(deployment, 50);
    server.inject({ kind: 'status', status: 503, headers: { 'retry-after': '2' } }, 1, '/field');
    const error = await failure(fetchJiraSource(sourceFor(server, deployment, { maxWaitSeconds: 1 }), context(), fast));
    expect(error.message).toMatch(/failed: 503 Service Unavailable; the server asked to wait 2 s, longer than the 1 s backlint waits \(maxWaitSeconds\)/);
  });
});

describe('rate pacing from hostile X-RateLimit-Limit values', () => {
  it.each(['1e-9', '0', '-5', 'NaN', 'Infinity', '1e9'])('X-RateLimit-Limit: %s paces no slower than one request a second, and the fetch completes', async (limit) => {
    const server = await serve('cloud', 50);
    server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '0', 'x-ratelimit-limit': limit } }, 1, '/field');
    const gate = new SourceGate();
    const result = await fetchJiraSource(sourceFor(server, 'cloud'), context(), { ...fast, gate });
    expect(result.items.length).toBeGreaterThan(0);
    expect(gate.rate === 0 || gate.rate >= 1).toBe(true);
    expect(Number.isFinite(gate.rate)).toBe(true);
  });
});

describe('RateLimit-Reason', () => {
  it('a 429 for one issue\'s write limit (jira-per-issue-on-write) is retried after its Retry-After, without pausing or pacing the source', async () => {
    const server = await serve('cloud', 50);
    server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '0', 'x-ratelimit-limit': '1', 'ratelimit-reason': 'jira-per-issue-on-write' } }, 1, '/field');
    const gate = new SourceGate();
    const result = await fetchJiraSource(sourceFor(server, 'cloud'), context(), { ...fast, gate });
    expect(result.items.length).toBeGreaterThan(0);
    expect(server.stats.byPath.get('/rest/api/3/field')).toBe(2);
    expect(gate.throttles).toBe(0);
    expect(gate.rate).toBe(0);
  });

  it('a 429 of the burst limits (jira-burst-based) paces the whole source to the limit it states', async () => {
    const server = await serve('cloud', 50);
    server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '0', 'x-ratelimit-limit': '20', 'ratelimit-reason': 'jira-burst-based' } }, 1, '/field');
    const gate = new SourceGate();
    await fetchJiraSource(sourceFor(server, 'cloud'), context(), { ...fast, gate });
    expect(gate.throttles).toBe(1);
    expect(gate.rate).toBe(19);
  });
});

const expectedKeys = (count: number) =>
  generateDataset(count)
    .issues.filter((issue) => issue.category !== 'done')
    .map((issue) => issue.key)
    .sort();

describe('a Cloud bulk fetch checked against the ids asked', () => {
  it('asks once more for issues it silently left out, and completes', async () => {
    const server = await serve('cloud', 300);
    server.inject({ kind: 'shortBulk', drop: 2 }, 1);
    const result = await fetchJiraSource(sourceFor(server, 'cloud'), context(), fast);
    expect(result.items.map((item) => item.key).sort()).toEqual(expectedKeys(300));
    expect(server.stats.byPath.get('/rest/api/3/issue/bulkfetch')).toBe(Math.ceil(expectedKeys(300).length / 100) + 1);
  });

  it('fails when issues stay missing with no issueErrors, naming the request and the ids', async () => {
    const server = await serve('cloud', 300);
    server.inject({ kind: 'shortBulk' }, 1000);
    const error = await failure(fetchJiraSource(sourceFor(server, 'cloud'), context(), fast));
    expect(error.message).toMatch(/^Source pay: POST \/rest\/api\/3\/issue\/bulkfetch left 1 of the 1 issues asked out of its answer twice, without listing them in issueErrors, though the search still finds them \(\d+\): the fetch is incomplete\./);
  });

  // Atlassian: "Issues which aren't found or that the user doesn't have permission to view won't be
  // returned" (BulkIssueResults.issueErrors): an issue deleted since the search is simply absent.
  it('an issue deleted since the search, which the search no longer finds either, is gone: the rest is linted, with a notice', async () => {
    const server = await serve('cloud', 300);
    server.inject({ kind: 'deleteBulk', count: 2 }, 1);
    const result = await fetchJiraSource(sourceFor(server, 'cloud'), context(), fast);
    expect(result.items).toHaveLength(expectedKeys(300).length - 2);
    expect(result.notices).toEqual(['Source pay: 2 issues selected by the query no longer exist or can no longer be seen (deleted, moved or hidden meanwhile); not checked.']);
    const confirm = server.stats.log.filter((entry) => entry.path === '/rest/api/3/search/jql' && /jql=id\+in/.test(entry.query));
    expect(confirm).toHaveLength(1);
  });

  it('an issue left out twice that the search still finds fails the fetch (a cut answer)', async () => {
    const server = await serve('cloud', 300);
    server.inject({ kind: 'shortBulk', drop: 2 }, 1000);
    const error = await failure(fetchJiraSource(sourceFor(server, 'cloud'), context(), fast));
    expect(error.message).toMatch(/^Source pay: POST \/rest\/api\/3\/issue\/bulkfetch left 2 of the 2 issues asked out of its answer twice, without listing them in issueErrors, though the search still finds them \(\d+, \d+\): the fetch is incomplete\./);
  });

  it('fails on an issue that was not asked for', async () => {
    const server = await serve('cloud', 300);
    server.inject({ kind: 'foreignBulk' }, 1);
    const error = await failure(fetchJiraSource(sourceFor(server, 'cloud'), context(), fast));
    expect(error.message).toMatch(/^Source pay: POST \/rest\/api\/3\/issue\/bulkfetch answered issue \d+, which was not asked for \(asked for 100 ids: \d+, /);
  });

  it('fails on an issue answered twice', async () => {
    const server = await serve('cloud', 300);
    server.inject({ kind: 'duplicateBulk' }, 1);
    const error = await failure(fetchJiraSource(sourceFor(server, 'cloud'), context(), fast));
    expect(error.message).toMatch(/^Source pay: POST \/rest\/api\/3\/issue\/bulkfetch answered issue \d+ twice in one answer\.$/);
  });

  it('asks again for issues listed in issueErrors, and fails when they stay listed after maxTries', async () => {
    const server = await serve('cloud', 300);
    server.inject({ kind: 'issueErrors' }, 1000);
    const error = await failure(fetchJiraSource(sourceFor(server, 'cloud', { maxTries: 3 }), context(), fast));
    expect(error.message).toMatch(/^Source pay: POST \/rest\/api\/3\/issue\/bulkfetch could not return 3 issues after 3 tries \(\d+: Retrieving the issue timed out, please retry\.;/);
  });
});

describe('a Cloud enhanced search that never ends', () => {
  it('fails on the same ids under a new nextPageToken, at the first page that adds nothing', async () => {
    const server = await serve('cloud', 120);
    server.inject({ kind: 'sameIdsToken' }, 1000);
    const error = await failure(fetchJiraSource(sourceFor(server, 'cloud'), context(), fast));
    expect(error.message).toBe('Source pay: GET /rest/api/3/search/jql (page 2) returned only issues of earlier pages, with another nextPageToken; the search would never end, so the selection cannot be known complete.');
    expect(server.stats.byPath.get('/rest/api/3/search/jql')).toBe(2);
  });

  it('fails on empty pages that keep announcing another', async () => {
    const server = await serve('cloud', 120);
    server.inject({ kind: 'emptyPageToken' }, 1000);
    const error = await failure(fetchJiraSource(sourceFor(server, 'cloud'), context(), fast));
    expect(error.message).toMatch(/^Source pay: GET \/rest\/api\/3\/search\/jql \(page 1\) returned no issues but another nextPageToken;/);
    expect(server.stats.byPath.get('/rest/api/3/search/jql')).toBe(1);
  });

  it('reads a last page without `issues` (optional in Atlassian\'s schema) as no more issues', async () => {
    const server = await serve('cloud', 0);
    server.inject({ kind: 'noIssuesMember' }, 1000);
    const items: unknown[] = [];
    await fetchJiraSource(sourceFor(server, 'cloud'), { ...context(), onItems: (batch) => void items.push(...batch) } as FetchContext, fast);
    expect(items).toEqual([]);
    expect(server.stats.byPath.get('/rest/api/3/search/jql')).toBe(1);
  });

  it('fails on a page without `issues` that is not marked the last, rather than passing no issues', async () => {
    const server = await serve('cloud', 2000); // more than the first page holds
    server.inject({ kind: 'noIssuesMember' }, 1);
    const error = await failure(fetchJiraSource(sourceFor(server, 'cloud'), context(), fast));
    expect(error.message).toMatch(/^Source pay: GET \/rest\/api\/3\/search\/jql \(page 1\) did not answer an enhanced search response: issues: missing, and the page is not marked the last \(isLast: true\)/);
  });

  it('follows a nextPageToken even on a page that says isLast: true, and stops at the empty page after it', async () => {
    const fetchAll = async (fault: boolean) => {
      const server = await serve('cloud', 2000); // more than the first page holds
      if (fault) server.inject({ kind: 'isLastWithToken' }, 1000);
      const keys: string[] = [];
      await fetchJiraSource(sourceFor(server, 'cloud'), { ...context(), onItems: (batch: { key: string }[]) => void keys.push(...batch.map((item) => item.key)) } as FetchContext, fast);
      return { keys: keys.sort(), searches: server.stats.byPath.get('/rest/api/3/search/jql') };
    };
    const [plain, contradicted] = [await fetchAll(false), await fetchAll(true)];
    expect(plain.keys.length).toBeGreaterThan(1000);
    expect(contradicted.keys).toEqual(plain.keys);
    expect([plain.searches, contradicted.searches]).toEqual([2, 3]);
  });

  it('fails on a repeated nextPageToken', async () => {
    const server = await serve('cloud', 120);
    server.inject({ kind: 'repeatToken' }, 1000);
    const error = await failure(fetchJiraSource(sourceFor(server, 'cloud'), context(), fast));
    expect(error.message).toMatch(/^Source pay: GET \/rest\/api\/3\/search\/jql \(page 2\) returned a nextPageToken it had returned before;/);
  });
});

describe('a Data Center search checked against startAt and total', () => {
  const dc = (count: number) => serve('datacenter', count, { dcMaxResults: 100 });

  it('fails when the server ignores startAt (page one again), naming the startAt', async () => {
    const server = await dc(400);
    server.inject({ kind: 'ignoreStartAt' }, 1000, '/search', 1);
    const error = await failure(fetchJiraSource(sourceFor(server, 'datacenter'), context(), fast));
    expect(error.message).toMatch(/^Source pay: GET \/rest\/api\/2\/search \(startAt=[1-9]\d*\) answered issue \d+ again, which an earlier page had: the server ignores startAt/);
  });

  it('fails on an empty page before the announced total', async () => {
    const server = await dc(400);
    server.inject({ kind: 'emptyPage' }, 1, '/search', 1);
    const error = await failure(fetchJiraSource(sourceFor(server, 'datacenter'), context(), fast));
    expect(error.message).toMatch(/^Source pay: GET \/rest\/api\/2\/search \(startAt=[1-9]\d*\) answered no issues, though the search announced \d+: only \d+ arrived, so the fetch is incomplete/);
  });

  it('continues a short page where it stopped, and completes', async () => {
    const server = await dc(400);
    server.inject({ kind: 'shortPage', drop: 3 }, 1, '/search', 1);
    const result = await fetchJiraSource(sourceFor(server, 'datacenter'), context(), fast);
    expect(result.items.map((item) => item.key).sort()).toEqual(expectedKeys(400));
  });

  it('fails when short pages never reach the total', async () => {
    const server = await dc(400);
    server.inject({ kind: 'shortPage' }, 1000, '/search', 1);
    const error = await failure(fetchJiraSource(sourceFor(server, 'datacenter'), context(), fast));
    expect(error.message).toMatch(/^Source pay: GET \/rest\/api\/2\/search \(startAt=\d+\) answered no issues, though the search announced/);
  });

  it('fails when the total changes between pages', async () => {
    const server = await dc(400);
    server.inject({ kind: 'total', total: 999 }, 1, '/search', 1);
    const error = await failure(fetchJiraSource(sourceFor(server, 'datacenter'), context(), fast));
    expect(error.message).toMatch(/^Source pay: GET \/rest\/api\/2\/search \(startAt=\d+\) announced 999 issues where the first page announced \d+: the selection changed during the fetch; run again\.$/);
  });

  it('refuses a total of 1e9 at once (no page scheduled for it)', async () => {
    const server = await dc(400);
    server.inject({ kind: 'total', total: 1e9 }, 1000, '/search');
    const error = await failure(fetchJiraSource(sourceFor(server, 'datacenter'), context(), fast));
    expect(error.message).toBe('Source pay: GET /rest/api/2/search (startAt=0) announced 1000000000 issues, more than the 5,000,000 backlint fetches from one source (narrow the JQL).');
    expect(server.stats.byPath.get('/rest/api/2/search')).toBe(1);
  });

  it('schedules pages lazily under a huge total, and stops at the first page past the real issues', async () => {
    const server = await dc(400);
    server.inject({ kind: 'total', total: 1_000_000 }, 100_000, '/search');
    const error = await failure(fetchJiraSource(sourceFor(server, 'datacenter', { concurrency: 4 }), context(), fast));
    expect(error.message).toMatch(/^Source pay: GET \/rest\/api\/2\/search \(startAt=\d+\) answered no issues, though the search announced 1000000: only \d+ arrived, so the fetch is incomplete/);
    // The real issues fill 4 pages; at most `concurrency` pages past them were in flight.
    expect(server.stats.byPath.get('/rest/api/2/search')).toBeLessThanOrEqual(4 + 4);
  });
});
