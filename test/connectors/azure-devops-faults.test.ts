// The live Azure DevOps source against a hostile loopback Azure DevOps (issue 9): redirects, incomplete
// batches and WIQL windows, slow / endless / huge bodies, absurd rate-limit headers, prototype keys.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AzureDevOpsSourceConfig } from '../../src/config/schema.js';
import { createAdoClient, fetchAzureDevOps } from '../../src/connectors/azure-devops/fetch.js';
import { doctorAzureDevOps } from '../../src/connectors/azure-devops/doctor.js';
import { AGILE_STATES, generateAdoDataset } from '../servers/azure-devops/dataset.js';
import type { AdoServerOptions, Fault } from '../servers/azure-devops/server.js';
import { failure } from '../helpers/failure.js';
import { adoLoopback, notDone } from '../helpers/ado-live.js';

const TOKEN = 'h4cq8wz2rvk7mpx3tn5bjg6ye9ud1sal0fo2iqw8ekr5tyz3mnb7';
const dataset = generateAdoDataset({ count: 700, seed: 21 });

const { serve, sourceFor } = adoLoopback(TOKEN, dataset);

const context = (wiql?: string) => ({ progress: { update: () => {}, stop: () => {} }, signal: new AbortController().signal, ...(wiql ? { wiql } : {}) });

/** The source with fast retries for tests (the server's own delays still count), and an optional body cap. */
function fetchWith(source: AzureDevOpsSourceConfig, options: { wiql?: string; maxBodyBytes?: number } = {}) {
  const client = createAdoClient(source, { policy: { baseDelayMs: 5, maxDelayMs: 1_000 }, ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}) });
  return { client, result: fetchAzureDevOps(source, context(options.wiql), { client }) };
}

const fetchItems = (source: AzureDevOpsSourceConfig, options: { wiql?: string; maxBodyBytes?: number } = {}) => fetchWith(source, options).result;

/** No Node stack trace, no token: what a person reads in a CI log. */
function expectClean(message: string) {
  expect(message).not.toMatch(/\n\s+at /);
  expect(message).not.toContain(TOKEN);
}

describe('redirects: refused on every request, and the PAT goes nowhere else', () => {
  // Each request the source sends, by the method and path the loopback sees.
  // Each type's states are asked only where the type list does not give them.
  const endpoints: [string, RegExp, Partial<AdoServerOptions>?][] = [
    ['location discovery (OPTIONS)', /^OPTIONS .*\/_apis\/wit$/],
    ['resource areas', /^GET .*\/_apis\/resourceAreas/i],
    ['fields', /^GET .*\/_apis\/wit\/fields/],
    ['type categories', /^GET .*\/workitemtypecategories/i],
    ['type list', /^GET .*\/_apis\/wit\/workitemtypes$/i],
    ['type states', /^GET .*\/states$/, { typeList: 'without states' }],
    ['WIQL', /^POST .*\/wiql$/],
    ['work items batch', /^POST .*\/workitemsbatch$/],
  ];
  it.each(endpoints.flatMap(([name, match, options]) => ([302, 307] as const).map((status) => [name, match, status, options] as const)))('%s answered %s: exit-2 error naming the request and the target origin', async (_name, match, status, options) => {
    const server = await serve({ ...options, faults: [{ kind: 'redirect', status, match, times: 1000 }] });
    const error = await failure(fetchItems(sourceFor(server.servicesUrl)));
    expect(error.code).toBe('source');
    expect(error.message).toMatch(new RegExp(`^Source boards: .*${status} redirect to http://127\\.0\\.0\\.1:\\d+; backlint follows no redirect`));
    // The Location's origin only: neither its credentials nor its query.
    expect(error.message).not.toMatch(/redirect-user|redirect-password|secret-query-value|\/fabrikam\/_apis/);
    expectClean(error.message);
    expect(server.stats.elsewhere).toEqual({ requests: 0, authorization: [] });
  });

  it('only the batch redirected is not a run with 0 items', async () => {
    const server = await serve({ faults: [{ kind: 'redirect', status: 307, match: /workitemsbatch/, times: 1 }] });
    const error = await failure(fetchItems(sourceFor(server.servicesUrl)));
    expect(error.message).toMatch(/^Source boards: POST Fabrikam Fiber\/_apis\/wit\/workitemsbatch \(200 ids from \d+\): 307 redirect to http:\/\/127\.0\.0\.1:\d+;/);
    expect(server.stats.elsewhere.requests).toBe(0);
  });

  it.each([301, 308] as const)('connectionData (doctor) answered %s: the check fails, nothing reaches the other port', async (status) => {
    const server = await serve({ faults: [{ kind: 'redirect', status, match: /connectionData/, times: 1000 }] });
    const checks = await doctorAzureDevOps(sourceFor(server.servicesUrl), context());
    expect(checks[0]).toMatchObject({ name: 'connection', ok: false });
    expect(checks[0]!.detail).toMatch(new RegExp(`GET _apis/connectionData: ${status} redirect to http://127\\.0\\.0\\.1:\\d+;`));
    expect(server.stats.elsewhere).toEqual({ requests: 0, authorization: [] });
  });

  it('connectionData (doctor) on a port nothing listens on: the reason once, then a full stop before the advice', async () => {
    const closed = await serve();
    const url = closed.servicesUrl;
    await closed.close();
    const checks = await doctorAzureDevOps({ ...sourceFor(url), maxTries: 1 }, context());
    expect(checks[0]).toMatchObject({ name: 'connection', ok: false });
    const detail = checks[0]!.detail;
    expect(detail).toMatch(/^Source boards: GET _apis\/connectionData failed after 1 try: .*\d\. Check orgUrl: /);
    const address = new URL(url).host;
    expect(detail.split(address)).toHaveLength(2); // said once
  });

  it('a resource area on another origin gets no request (and no PAT)', async () => {
    const server = await serve({ resourceAreasElsewhere: true });
    const error = await failure(fetchItems(sourceFor(server.servicesUrl)));
    expect(error.message).toMatch(/pointed this request to another origin \(http:\/\/127\.0\.0\.1:\d+\); backlint sends the personal access token only to orgUrl's origin/);
    expect(server.stats.elsewhere).toEqual({ requests: 0, authorization: [] });
  });
});

describe('a batch or WIQL window that is not what was asked for', () => {
  it.each<[string, Fault, RegExp]>([
    ['answers existing items null', { kind: 'batch', mode: 'null', count: 3, times: 1 }, /incomplete batch: null for 3 work items that still exist \(\d+, \d+, \d+\)/],
    ['drops items', { kind: 'batch', mode: 'drop', count: 2, times: 1 }, /incomplete batch: 198 values for 200 ids asked \(2 work items neither returned nor answered null\)/],
    ['adds an item not asked for', { kind: 'batch', mode: 'extra', times: 1 }, /incomplete batch: value\[200\] is work item \d+, which was not asked for/],
    ['answers an item twice', { kind: 'batch', mode: 'duplicate', times: 1 }, /incomplete batch: work item \d+ comes twice/],
  ])('a batch that %s fails the source, naming the request', async (_name, fault, message) => {
    const server = await serve({ faults: [fault] });
    const error = await failure(fetchItems(sourceFor(server.servicesUrl)));
    expect(error.code).toBe('source');
    expect(error.message).toMatch(/^Source boards: POST Fabrikam Fiber\/_apis\/wit\/workitemsbatch \(\d+ ids from \d+\): Azure DevOps answered an incomplete batch: /);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/nothing is reported from a partial fetch\.$/);
  });

  it("items deleted meanwhile: confirmed by one WIQL for the batch's ids, then a notice", async () => {
    const gone = new Set(notDone(dataset).slice(20, 24));
    const server = await serve({ vanishing: gone });
    const result = await fetchItems(sourceFor(server.servicesUrl));
    expect(result.fetched).toBe(notDone(dataset).length - 4);
    expect(result.notices).toEqual(['Source boards: 4 work items selected by the query no longer exist (deleted or moved meanwhile); not checked.']);
    const confirming = server.stats.wiqlQueries.filter((query) => query.includes('[System.Id] IN ('));
    expect(confirming).toHaveLength(1);
    for (const id of gone) expect(confirming[0]).toContain(`${id}`);
  });

  it('nulls the confirming WIQL does not vouch for: a WIQL answer without the items the batch returned confirms nothing', async () => {
    const server = await serve({
      faults: [
        { kind: 'batch', mode: 'null', count: 2, times: 1 },
        { kind: 'wiql', mode: 'empty', query: /\[System\.Id\] IN \(/, times: 1 },
      ],
    });
    const error = await failure(fetchItems(sourceFor(server.servicesUrl)));
    expect(error.message).toMatch(/workitemsbatch \(200 ids from \d+\): Azure DevOps answered an incomplete batch: null for 2 work items, and the WIQL asked to confirm they are deleted is partial too \(it lists 0 of the 198 work items the batch returned\)/);
  });

  it.each<[string, Extract<Fault, { kind: 'wiql' }>['mode'], RegExp]>([
    ['ignores the window (answers from the start again)', 'ignore-window', /work item \d+ is not after \d+/],
    ['repeats an id', 'repeat', /work item \d+ comes after \d+, out of id order or twice/],
    ['is out of id order', 'unordered', /work item \d+ comes after \d+, out of id order or twice/],
  ])('a WIQL window that %s fails the source instead of looping or dropping ids', async (_name, mode, message) => {
    // Windows of 300: the second window is the one answered wrong when it ignores the window.
    const server = await serve({ wiqlCap: 300, wiqlSilentCap: true, faults: [{ kind: 'wiql', mode, times: mode === 'ignore-window' ? 2 : 1 }] });
    const error = await failure(fetchItems(sourceFor(server.servicesUrl, { wiql: 'SELECT [System.Id] FROM WorkItems' })));
    expect(error.message).toMatch(/^Source boards: POST Fabrikam Fiber\/_apis\/wit\/wiql \(the ids after \d+\): Azure DevOps answered a window it was not asked for: /);
    expect(error.message).toMatch(message);
  });
});

describe('slow, endless and huge bodies', () => {
  it.each([/workitemsbatch/, /wiql/, /^OPTIONS/])('a body trickling 1 byte every 100 ms (%s) times out at timeoutSeconds, on every try', async (match) => {
    const server = await serve({ faults: [{ kind: 'slow-body', everyMs: 100, match, times: 1000 }] });
    const error = await failure(fetchItems(sourceFor(server.servicesUrl, { timeoutSeconds: 0.5, maxTries: 2 })));
    expect(error.message).toMatch(/failed after 2 tries: timed out: no complete answer within 0\.5 s \(timeoutSeconds\)$/);
    expectClean(error.message);
  });

  it('an endless chunked body stops at the size cap, named in the error; the socket is closed', async () => {
    const server = await serve({ faults: [{ kind: 'endless-body', match: /workitemsbatch/, times: 1000, limitBytes: 64 * 1024 ** 2 }] });
    const error = await failure(fetchItems(sourceFor(server.servicesUrl), { maxBodyBytes: 1024 ** 2 }));
    expect(error.message).toMatch(/^Source boards: POST Fabrikam Fiber\/_apis\/wit\/workitemsbatch .* failed: the answer is larger than 1 MiB, the most backlint reads of one response$/);
    // Not retried, and the server stopped writing soon after the cap (closed socket, backpressure).
    expect(server.stats.byRoute['post wit/workitemsbatch']).toBeGreaterThanOrEqual(1);
    expect(server.stats.streamedBytes).toBeLessThan(64 * 1024 ** 2);
  });

  it('a body announced larger than the cap is refused before it is read', async () => {
    const server = await serve({ faults: [{ kind: 'huge-body', bytes: 1.5 * 1024 ** 3, declare: true, match: /wiql/, times: 1 }] });
    const error = await failure(fetchItems(sourceFor(server.servicesUrl)));
    expect(error.message).toMatch(/wiql failed: the answer is larger than 256 MiB/);
    expect(server.stats.streamedBytes).toBeLessThan(256 * 1024 ** 2);
  });
});

describe('waits the server asks for', () => {
  let warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  beforeEach(() => {
    warnings = [];
    process.on('warning', onWarning);
  });
  afterEach(() => {
    process.off('warning', onWarning);
    // A wait too long for setTimeout becomes a 1 ms timer and a TimeoutOverflowWarning, again and again.
    expect(warnings.map((warning) => warning.name)).not.toContain('TimeoutOverflowWarning');
  });

  const EPICS = "SELECT [System.Id] FROM WorkItems WHERE [System.WorkItemType] = 'Epic'";
  const farReset = () => String(Math.ceil(Date.now() / 1000) + 1e9);
  it.each<[string, () => Record<string, string>, RegExp]>([
    ['Retry-After: 86400', () => ({ 'Retry-After': '86400' }), /asked to wait 24 hours/],
    ['Retry-After: 1e9', () => ({ 'Retry-After': '1e9' }), /asked to wait 11574 days/],
    ['Retry-After: an HTTP date in 2099', () => ({ 'Retry-After': 'Thu, 31 Dec 2099 23:59:59 GMT' }), /asked to wait \d{5} days/],
    ['X-RateLimit-Delay: 1e9', () => ({ 'X-RateLimit-Delay': '1e9' }), /asked to wait 11574 days/],
    ['Retry-After: Infinity', () => ({ 'Retry-After': 'Infinity' }), /asked to wait forever/],
    ['X-RateLimit-Reset far away', () => ({ 'X-RateLimit-Reset': farReset() }), /asked to wait 11574 days/],
  ])('a 429 with %s fails at once, naming the delay asked for', async (_name, headers, message) => {
    const server = await serve({ faults: [{ kind: 'status', status: 429, match: /workitemsbatch/, times: 1000, headers: headers() }] });
    // The epics fit in one batch: one request, then no retry.
    const error = await failure(fetchItems(sourceFor(server.servicesUrl), { wiql: EPICS }));
    expect(error.message).toMatch(/workitemsbatch .*: 429 Too Many Requests; /);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/longer than the 5 minutes backlint waits \(maxWaitSeconds\)/);
    // No retry: the first 429 decided.
    expect(server.stats.byRoute['post wit/workitemsbatch']).toBe(1);
  });

  it('with maxTries 1, a 429 still names the wait asked for', async () => {
    const server = await serve({ faults: [{ kind: 'status', status: 429, match: /workitemsbatch/, times: 1000, headers: { 'Retry-After': '86400' } }] });
    const error = await failure(fetchItems(sourceFor(server.servicesUrl, { maxTries: 1 }), { wiql: EPICS }));
    expect(error.message).toMatch(/workitemsbatch .* failed after 1 try: 429 Too Many Requests; the server asked to wait 24 hours, longer than the 5 minutes backlint waits/);
  });

  it.each(['-5', 'NaN', 'soon', '0x10', '12abc'])('a 429 with Retry-After: %s is no wait: the source backs off and retries', async (value) => {
    const server = await serve({ faults: [{ kind: 'status', status: 429, match: /workitemsbatch/, times: 2, headers: { 'Retry-After': value, 'X-RateLimit-Delay': value } }] });
    const result = await fetchItems(sourceFor(server.servicesUrl));
    expect(result.fetched).toBe(notDone(dataset).length);
  });

  it('huge rate-limit headers on successful answers pause the source briefly, never for their word', async () => {
    const headers = { 'Retry-After': '1e9', 'X-RateLimit-Delay': '1e9', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': farReset() };
    const server = await serve({ faults: [{ kind: 'headers', headers, match: /workitemsbatch/, times: 2 }] });
    const result = await fetchItems(sourceFor(server.servicesUrl, { maxTries: 1 }));
    expect(result.fetched).toBe(notDone(dataset).length);
  });
});

describe('Azure DevOps usage headers (TSTUs over a sliding five minutes)', () => {
  // Microsoft's rate-limit page: X-RateLimit-Limit/-Remaining count TSTUs, Remaining is 0 once requests
  // are being delayed (still served), and X-RateLimit-Reset is when usage would drain: minutes away.
  it('a delayed user\'s answers (Remaining 0, Reset minutes away) slow the fetch down, not stop it for seconds at a time', async () => {
    const reset = String(Math.ceil(Date.now() / 1000) + 240);
    const headers = { 'X-RateLimit-Resource': 'ATCPU', 'X-RateLimit-Limit': '200', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': reset, 'X-RateLimit-Delay': '0.200' };
    const server = await serve({ faults: [{ kind: 'headers', headers, times: 10_000 }] });
    const started = Date.now();
    const result = await fetchItems(sourceFor(server.servicesUrl, { concurrency: 1 }));
    expect(result.fetched).toBe(notDone(dataset).length);
    // Each answer stopped the whole source (for up to maxDelay, here 1 s) before: 4 s and more.
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('prototype keys in payloads', () => {
  it("a state category named 'constructor' or '__proto__' is no category of Object.prototype", async () => {
    const states = { ...AGILE_STATES, 'User Story': [{ name: 'New', category: 'constructor' }, { name: 'Active', category: '__proto__' }, { name: 'Resolved', category: 'toString' }, ...AGILE_STATES['User Story']!.slice(3)] };
    const server = await serve({ states });
    const result = await fetchItems(sourceFor(server.servicesUrl, { wiql: "SELECT [System.Id] FROM WorkItems WHERE [System.WorkItemType] = 'User Story'" }));
    const categories = new Set(result.items.map((item) => item.stateCategory));
    for (const category of categories) expect(['todo', 'in-progress', 'done']).toContain(category);
  });
});
