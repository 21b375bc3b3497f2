// The live Azure DevOps source with the real azure-devops-node-api client against the loopback server.
import { beforeAll, describe, expect, it } from 'vitest';
import type { AzureDevOpsSourceConfig } from '../../src/config/schema.js';
import { createAdoClient, fetchAzureDevOps } from '../../src/connectors/azure-devops/fetch.js';
import { AdoClient } from '../../src/connectors/azure-devops/client.js';
import { doctorAzureDevOps } from '../../src/connectors/azure-devops/doctor.js';
import type { Progress } from '../../src/progress.js';
import { AGILE_CATEGORIES, AGILE_STATES, generateAdoDataset, type AdoDataset } from '../servers/azure-devops/dataset.js';
import type { AdoServer } from '../servers/azure-devops/server.js';
import { failure } from '../helpers/failure.js';
import { adoLoopback, notDone } from '../helpers/ado-live.js';

const TOKEN = 'q7rwkqzjl2hx5vbk3ejtw6pspn3r4hmx2gq6o3xqyz7w2lwpanva';
const dataset = generateAdoDataset({ count: 1200, seed: 7 });

const { serve, sourceFor } = adoLoopback(TOKEN, dataset);

function recordingProgress() {
  const updates: { fetched: number; total: number | null }[] = [];
  const progress: Progress = { update: (_source, fetched, total) => updates.push({ fetched, total }), stop: () => {} };
  return { progress, updates };
}

/** Fast retries for tests: the server's own Retry-After still wins. */
function fetchWith(source: AzureDevOpsSourceConfig, options: { wiql?: string; progress?: Progress } = {}) {
  const client = createAdoClient(source, { policy: { baseDelayMs: 5, maxDelayMs: 2_000 } });
  const context = { progress: options.progress ?? recordingProgress().progress, signal: new AbortController().signal, ...(options.wiql ? { wiql: options.wiql } : {}) };
  return fetchAzureDevOps(source, context, { client });
}

function expectComplete(server: AdoServer, ids: string[], expected: number[]) {
  expect(ids.map(Number)).toEqual([...expected].sort((a, b) => a - b));
  expect(new Set(ids).size).toBe(ids.length);
  for (const [id, times] of server.stats.servedIds) expect({ id, times }).toEqual({ id, times: 1 });
}

describe('azure-devops source against a loopback Azure DevOps', () => {
  let server: AdoServer;
  beforeAll(async () => {
    server = await serve();
  });

  it.each([
    ['Services', (s: AdoServer) => s.servicesUrl],
    ['Server (/tfs/DefaultCollection)', (s: AdoServer) => s.serverUrl],
  ])('fetches every item not done on %s, in batches of at most 200, asking only for the fields it reads', async (_name, url) => {
    server.resetStats();
    const { progress, updates } = recordingProgress();
    const result = await fetchWith(sourceFor(url(server)), { progress });
    expectComplete(server, result.items.map((item) => item.id), notDone(dataset));
    expect(result.fetched).toBe(notDone(dataset).length);
    expect(Math.max(...server.stats.batchSizes)).toBe(200);
    // WorkItemErrorPolicy as Microsoft documents it: "fail" | "omit".
    expect(new Set(server.stats.errorPolicies)).toEqual(new Set(['omit']));
    expect(server.stats.byRoute['post wit/workitemsbatch']).toBe(Math.ceil(notDone(dataset).length / 200));
    // The default WIQL names each type's done states; no item of a done state comes back.
    expect(server.stats.wiqlQueries[0]).toMatch(/\[System.State\] NOT IN \('Closed', 'Removed'\)/);
    expect(result.items.every((item) => item.stateCategory !== 'done')).toBe(true);
    expect(updates.at(-1)).toEqual({ fetched: result.fetched, total: result.fetched });
    expect(result.info.mappedFields.has('productOwner')).toBe(true);
    // Kinds and states come from the process: categories and type states.
    const story = result.items.find((item) => item.type === 'User Story' && item.state === 'New')!;
    expect(story).toMatchObject({ kind: 'story', stateCategory: 'todo' });
    expect(result.items.find((item) => item.type === 'Feature')?.kind).toBe('roadmap');
    expect(result.items.find((item) => item.type === 'Task')?.kind).toBe('other');
    expect(story.url).toBe(`${url(server)}/Fabrikam%20Fiber/_workitems/edit/${story.id}`);
  });

  it('negotiates the api-version: 7.1 previews on Services, the highest a Server supports on older Servers', async () => {
    server.resetStats();
    await fetchWith(sourceFor(server.servicesUrl));
    expect([...server.stats.versions['post wit/wiql']!]).toEqual(['7.1-preview.2']);
    expect([...server.stats.versions['post wit/workitemsbatch']!]).toEqual(['7.1-preview.1']);
    expect(server.stats.byRoute['options wit']).toBeGreaterThanOrEqual(1);

    const old = await serve({ serverMaxVersion: '6.0' });
    const result = await fetchWith(sourceFor(old.serverUrl));
    expect(result.fetched).toBe(notDone(dataset).length);
    expect([...old.stats.versions['post wit/wiql']!]).toEqual(['6.0']);
    expect([...old.stats.versions['post wit/workitemsbatch']!]).toEqual(['6.0']);
  });

  it('--wiql replaces the selection for the run', async () => {
    server.resetStats();
    const result = await fetchWith(sourceFor(server.servicesUrl), { wiql: "SELECT [System.Id] FROM WorkItems WHERE [System.WorkItemType] = 'Epic' ORDER BY [System.ChangedDate] DESC" });
    const epics = dataset.items.filter((item) => item.fields['System.WorkItemType'] === 'Epic').map((item) => item.id);
    expectComplete(server, result.items.map((item) => item.id), epics);
    expect(server.stats.wiqlQueries[0]).toMatch(/^SELECT \[System.Id\] FROM WorkItems WHERE \(\[System.WorkItemType\] = 'Epic'\) AND \[System.Id\] > 0 ORDER BY \[System.Id\]$/);
  });

  it('refuses a link query with a config error', async () => {
    const error = await failure(fetchWith(sourceFor(server.servicesUrl, { wiql: 'SELECT [System.Id] FROM WorkItemLinks WHERE [Source].[System.Id] > 0' })));
    expect(error.code).toBe('config');
    expect(error.message).toMatch(/flat query/);
  });
});

describe('set-up calls', () => {
  it('overlap: the first work item tracking calls do not wait for the resource area lookup; the type list gives the states, and the WIQL follows it at once', async () => {
    const slow = await serve({ latencyMs: 60 });
    const result = await fetchWith(sourceFor(slow.servicesUrl));
    expectComplete(slow, result.items.map((item) => item.id), notDone(dataset));
    const trace = slow.stats.trace;
    const first = (pattern: RegExp) => trace.find((entry) => pattern.test(entry.route))!;
    const areas = first(/ResourceAreas/i);
    expect(first(/\/_apis\/wit\/fields/i).arrived).toBeLessThan(areas.answered);
    expect(first(/workItemTypeCategories/i).arrived).toBeLessThan(areas.answered);
    const list = first(/\/_apis\/wit\/workitemtypes$/i);
    expect(list.arrived).toBeLessThan(areas.answered);
    // No type is asked for its states: the list said them all, and the WIQL went out with the first round's answers.
    expect(trace.filter((entry) => /\/states$/i.test(entry.route))).toEqual([]);
    const wiql = first(/\/wiql/i);
    const setUp = trace.filter((entry) => /\/_apis\/wit\/(fields|workItemTypeCategories|workitemtypes)$/i.test(entry.route));
    expect(trace.filter((entry) => entry.arrived > Math.max(...setUp.map((call) => call.answered)) && entry.arrived < wiql.arrived)).toEqual([]);
    // The three set-up calls made together share one lookup of the wit area's resource locations.
    expect(trace.filter((entry) => /^OPTIONS .*\/_apis\/wit$/i.test(entry.route))).toHaveLength(1);
  });

  it('a failed lookup of the resource locations, shared by the set-up calls, is asked again on their retries', async () => {
    const server = await serve({ faults: [{ kind: 'status', status: 503, match: /^OPTIONS .*\/_apis\/wit$/, times: 1 }] });
    const result = await fetchWith(sourceFor(server.servicesUrl));
    expectComplete(server, result.items.map((item) => item.id), notDone(dataset));
    const lookups = server.stats.trace.filter((entry) => /^OPTIONS .*\/_apis\/wit$/i.test(entry.route));
    expect(lookups[0]!.status).toBe(503);
    expect(lookups.filter((entry) => entry.status === 200).length).toBeGreaterThanOrEqual(1);
  });

  it.each(['without states', 'not found'] as const)('a type list %s: each type is asked for its states, and the WIQL follows them at once', async (typeList) => {
    const slow = await serve({ latencyMs: 60, typeList });
    const result = await fetchWith(sourceFor(slow.servicesUrl));
    expectComplete(slow, result.items.map((item) => item.id), notDone(dataset));
    const trace = slow.stats.trace;
    const first = (pattern: RegExp) => trace.find((entry) => pattern.test(entry.route))!;
    const areas = first(/ResourceAreas/i);
    // The fields and categories are asked for before the lookup that used to come first has answered.
    expect(first(/\/_apis\/wit\/fields/i).arrived).toBeLessThan(areas.answered);
    expect(first(/workItemTypeCategories/i).arrived).toBeLessThan(areas.answered);
    // One round of states, then the WIQL: nothing else in between.
    const states = trace.filter((entry) => /\/states$/i.test(entry.route));
    expect(states.length).toBeGreaterThanOrEqual(5);
    const lastState = Math.max(...states.map((entry) => entry.answered));
    const wiql = first(/\/wiql/i);
    expect(trace.filter((entry) => entry.arrived > lastState && entry.arrived < wiql.arrived)).toEqual([]);
  });
});

describe('a customised process', () => {
  it('takes kinds from the type categories and done-ness from each type\'s states where the process renamed them', async () => {
    // An inherited process: User Story renamed Customer Story, whose state 'Shipped' is Completed.
    const renamed: AdoDataset = {
      ...dataset,
      items: dataset.items.map((item) =>
        item.fields['System.WorkItemType'] !== 'User Story'
          ? item
          : { ...item, fields: { ...item.fields, 'System.WorkItemType': 'Customer Story', 'System.State': item.fields['System.State'] === 'Closed' ? 'Shipped' : item.fields['System.State'] } },
      ),
    };
    const states = { ...AGILE_STATES, 'Customer Story': AGILE_STATES['User Story']!.map((state) => (state.name === 'Closed' ? { ...state, name: 'Shipped' } : state)) };
    const categories = AGILE_CATEGORIES.map((category) => (category.referenceName === 'Microsoft.RequirementCategory' ? { ...category, types: ['Customer Story'] } : category));
    const server = await serve({ states, categories }, renamed);
    const result = await fetchWith(sourceFor(server.servicesUrl));
    const stories = result.items.filter((item) => item.type === 'Customer Story');
    expect(stories.length).toBeGreaterThan(100);
    expect(stories.every((item) => item.kind === 'story' && item.state !== 'Shipped')).toBe(true);
    expect(server.stats.wiqlQueries[0]).toContain("([System.WorkItemType] = 'Customer Story' AND [System.State] NOT IN ('Shipped', 'Removed'))");
    expect(result.fetched).toBe(notDone(dataset).length);
  });
});

describe('a type the process no longer has, or another project\'s', () => {
  const extra = (id: number, type: string, state: string) => ({ id, rev: 1, fields: { ...dataset.items[5]!.fields, 'System.Id': id, 'System.WorkItemType': type, 'System.State': state } });

  it('is fetched and judged by its state\'s name (Done is done), rather than failing the run or passing done items as open', async () => {
    const legacy: AdoDataset = { ...dataset, items: [...dataset.items, extra(999_997, 'Legacy Request', 'Open'), extra(999_998, 'Issue', 'Done'), extra(999_999, 'Issue', 'To Do')] };
    const server = await serve({}, legacy);
    const result = await fetchWith(sourceFor(server.servicesUrl, { wiql: "SELECT [System.Id] FROM WorkItems WHERE [System.WorkItemType] IN ('Legacy Request', 'Issue')" }));
    expect(result.items.map((item) => [item.id, item.stateCategory])).toEqual([
      ['999997', 'in-progress'],
      ['999998', 'done'],
      ['999999', 'todo'],
    ]);
    expect(result.notices).toEqual([
      "Source boards: Azure DevOps gave no state categories for 3 work items of types Issue, Legacy Request in project Fabrikam Fiber (not its types or states there); judged by the state's name instead: Closed, Done, Removed, Completed count as done.",
    ]);
  });

  it('a type of the project the service gives no states for: the default WIQL leaves out its done states by name, and says so', async () => {
    const server = await serve({ typeList: 'without states', states: { ...AGILE_STATES, 'User Story': [] } });
    const result = await fetchWith(sourceFor(server.servicesUrl));
    expect(server.stats.wiqlQueries[0]).toContain("([System.WorkItemType] = 'User Story' AND [System.State] NOT IN ('Closed', 'Done', 'Removed', 'Completed'))");
    expect(result.fetched).toBe(notDone(dataset).length);
    expect(result.items.filter((item) => item.type === 'User Story').every((item) => item.stateCategory !== 'done')).toBe(true);
    expect(result.notices?.some((notice) => notice.includes('work items of type User Story in project Fabrikam Fiber'))).toBe(true);
    // doctor runs the default WIQL as a run builds it, and says the same.
    const context = { progress: recordingProgress().progress, signal: new AbortController().signal };
    const wiql = (await doctorAzureDevOps(sourceFor(server.servicesUrl), context)).find((check) => check.name === 'WIQL');
    expect(wiql).toEqual({
      name: 'WIQL',
      ok: true,
      detail: "the default: the project's items not in a done state of their type; selects items. Azure DevOps gave no state categories for type User Story in project Fabrikam Fiber (not its types or states there); judged by the state's name instead: Closed, Done, Removed, Completed count as done.",
    });
    const healthy = await serve();
    expect((await doctorAzureDevOps(sourceFor(healthy.servicesUrl), context)).find((check) => check.name === 'WIQL')!.detail).toBe("the default: the project's items not in a done state of their type; selects items");
  });
});

describe('selections larger than WIQL answers at once', () => {
  it('reads id windows when the server caps results (VS402337), losing and repeating nothing', async () => {
    const server = await serve({ wiqlCap: 250 });
    const result = await fetchWith(sourceFor(server.servicesUrl, { wiql: 'SELECT [System.Id] FROM WorkItems' }));
    expectComplete(server, result.items.map((item) => item.id), dataset.items.map((item) => item.id));
    // One refused query, then ceil(1200 / 250) full or short windows, then an empty one.
    expect(server.stats.wiqlQueries.length).toBe(1 + Math.ceil(dataset.items.length / 250) + 1);
  });

  it('reads more than 20,000 ids at the real cap, the first window only as many as the first round of batches takes', async () => {
    const big = generateAdoDataset({ count: 20_450, seed: 3 });
    const server = await serve({}, big);
    const result = await fetchWith(sourceFor(server.serverUrl, { wiql: 'SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project', concurrency: 16 }));
    expectComplete(server, result.items.map((item) => item.id), big.items.map((item) => item.id));
    // The first window holds the first round of batches only (16 × 200), so they leave sooner.
    expect(server.stats.wiqlTops).toEqual(['3200', '20000', '20000']);
  });

  it('keeps reading windows when a server cuts results short without an error', async () => {
    const server = await serve({ wiqlCap: 300, wiqlSilentCap: true });
    const result = await fetchWith(sourceFor(server.servicesUrl, { wiql: 'SELECT [System.Id] FROM WorkItems' }));
    expectComplete(server, result.items.map((item) => item.id), dataset.items.map((item) => item.id));
  });
});

describe('rate limits and faults', () => {
  it.each([
    // A fixed window (TSTU-like) stating its budget on every answer: the headers say when to stop.
    ['slows the whole source when X-RateLimit-Remaining runs low, and honours Retry-After on 429 TF400733', { limit: 12, windowMs: 1000 }, 4, 0, 0],
    // A token bucket stating its budget, with more requests at once than it holds.
    ['spends exactly the budget a token bucket states on every answer: no 429', { limit: 12, windowMs: 1000, bucket: true }, 16, 0, 0],
    // 429s stating the limit: paced to it after the first, a handful in all, not one a batch.
    ['after 429s stating the limit of a token bucket, paces to it', { limit: 12, windowMs: 1000, bucket: true, headersAlways: false }, 8, 1, 8],
    // A window smaller than the batches sent at once: some 429s, however slowly a loaded machine sends the rest.
    ['retries 429s without rate-limit headers after Retry-After', { limit: 6, windowMs: 1000, headersAlways: false }, 8, 1, Number.POSITIVE_INFINITY],
  ])('%s', async (_name, throttle, concurrency, fewest, most) => {
    const server = await serve({ throttle });
    const result = await fetchWith(sourceFor(server.servicesUrl, { concurrency }));
    expectComplete(server, result.items.map((item) => item.id), notDone(dataset));
    expect(server.stats.throttled).toBeGreaterThanOrEqual(fewest);
    expect(server.stats.throttled).toBeLessThanOrEqual(most);
  });

  it('paces the source when the server says it delayed requests (X-RateLimit-Delay on a 200)', async () => {
    // Few requests pass in a window (set-up and a handful of batches): delays from the fifth on.
    const server = await serve({ throttle: { limit: 1000, windowMs: 1000, headersAlways: false, delayAbove: 4 } });
    const source = sourceFor(server.servicesUrl);
    const client = new AdoClient({ sourceName: source.name, orgUrl: source.orgUrl, project: source.project, token: TOKEN, retries: 2, timeoutMs: 10_000 });
    const result = await fetchAzureDevOps(source, { progress: recordingProgress().progress, signal: new AbortController().signal }, { client });
    expectComplete(server, result.items.map((item) => item.id), notDone(dataset));
    expect(client.gate.rate).toBeGreaterThan(0);

    const calm = await serve();
    const calmClient = new AdoClient({ sourceName: source.name, orgUrl: calm.servicesUrl, project: source.project, token: TOKEN, retries: 2, timeoutMs: 10_000 });
    await fetchAzureDevOps({ ...source, orgUrl: calm.servicesUrl }, { progress: recordingProgress().progress, signal: new AbortController().signal }, { client: calmClient });
    expect(calmClient.gate.rate).toBe(0);
  });

  it('retries 502, 503 and 504 and dropped connections', async () => {
    const server = await serve({
      faults: [
        { kind: 'status', status: 503, match: /workitemsbatch/, times: 2 },
        { kind: 'status', status: 502, match: /wiql/, times: 1 },
        { kind: 'status', status: 504, match: /states/, times: 1, headers: { 'Retry-After': '0' } },
        { kind: 'drop', match: /workitemsbatch/, times: 2 },
      ],
    });
    const result = await fetchWith(sourceFor(server.servicesUrl));
    expectComplete(server, result.items.map((item) => item.id), notDone(dataset));
  });

  it('gives up after the configured tries, naming the source and the request, and never the token', async () => {
    const server = await serve({ faults: [{ kind: 'status', status: 503, match: /workitemsbatch/, times: 1000 }] });
    const error = await failure(fetchWith(sourceFor(server.servicesUrl, { maxTries: 3 })));
    expect(error.code).toBe('source');
    expect(error.message).toMatch(/^Source boards: POST Fabrikam Fiber\/_apis\/wit\/workitemsbatch .* failed after 3 tries: 503 Service Unavailable/);
    expect(error.message).not.toContain(TOKEN);
  });

  it('times out a request that does not answer, then fails with exit-2 material', async () => {
    const server = await serve({ latencyMs: 400 });
    const error = await failure(fetchWith(sourceFor(server.servicesUrl, { maxTries: 2, timeoutSeconds: 0.1 })));
    expect(error.message).toMatch(/timed out/);
  });

  it('says a malformed body is malformed, not an empty result', async () => {
    const server = await serve({ faults: [{ kind: 'malformed', match: /workitemsbatch/, times: 1 }] });
    const error = await failure(fetchWith(sourceFor(server.servicesUrl)));
    expect(error.message).toMatch(/workitemsbatch.*malformed data: the response is not valid JSON/);
  });

  it('says a resource location list the client cannot read is malformed, not a bare TypeError', async () => {
    const server = await serve({ faults: [{ kind: 'body', json: '{"count":1,"value":null}', match: /^OPTIONS .*_apis\/wit$/, times: 100 }] });
    const error = await failure(fetchWith(sourceFor(server.servicesUrl)));
    expect(error.message).toMatch(/^Source boards: GET Fabrikam Fiber\/_apis\/wit\/\w+: Azure DevOps answered malformed data \(the client could not read it: Cannot read properties of null/);
  });

  it('reports items deleted between the query and the batch, and checks the rest', async () => {
    const gone = new Set(notDone(dataset).slice(10, 15));
    const server = await serve({ vanishing: gone });
    const result = await fetchWith(sourceFor(server.servicesUrl));
    expect(result.fetched).toBe(notDone(dataset).length - 5);
    expect(result.items.some((item) => gone.has(Number(item.id)))).toBe(false);
    expect(result.notices).toEqual(['Source boards: 5 work items selected by the query no longer exist (deleted or moved meanwhile); not checked.']);
  });
});

describe('errors a person must act on', () => {
  let server: AdoServer;
  beforeAll(async () => {
    server = await serve();
  });

  it.each([401, 203] as const)('a bad PAT (%s) says what to check, without the token', async (status) => {
    const bad = await serve({ badTokenStatus: status, tokens: {} });
    const error = await failure(fetchWith(sourceFor(bad.servicesUrl)));
    expect(error.message).toMatch(/refused the personal access token/);
    expect(error.message).toMatch(/Work Items \(Read\)/);
    expect(error.message).toContain(bad.servicesUrl);
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain(Buffer.from(`:${TOKEN}`).toString('base64'));
  });

  it('a missing project is a 404 error, not an empty backlog', async () => {
    const error = await failure(fetchWith({ ...sourceFor(server.servicesUrl), project: 'Nope' }));
    expect(error.message).toMatch(/404 Not Found \(TF200016: The following project does not exist: Nope/);
    expect(error.message).toMatch(/project 'Nope'/);
  });

  it('a wrong organization is a 404 error that says to check orgUrl', async () => {
    const error = await failure(fetchWith(sourceFor(`http://127.0.0.1:${server.port}/contoso`)));
    expect(error.message).toMatch(/404 Not Found \(VS800075: The organization contoso does not exist\.\)\. Check orgUrl/);
  });

  it('an invalid WIQL says what the server said', async () => {
    const error = await failure(fetchWith(sourceFor(server.servicesUrl, { wiql: 'SELECT [System.Id] FROM WorkItems WHERE [System.State] =' })));
    expect(error.message).toMatch(/wiql failed: 400 Bad Request: TF51006/);
  });

  it('a mapped field the organization lacks is a config error suggesting identity fields', async () => {
    const error = await failure(fetchWith(sourceFor(server.servicesUrl, { fields: { productOwner: 'Custom.ProductOwnr' } })));
    expect(error.code).toBe('config');
    expect(error.message).toMatch(/fields.productOwner: the organization has no field 'Custom.ProductOwnr'.*'Custom.ProductOwner'/);
  });

  it('a display name resolves through the fields list', async () => {
    const result = await fetchWith(sourceFor(server.servicesUrl, { fields: { productOwner: 'Product Owner', productManager: 'assignee' } }));
    const story = result.items.find((item) => item.kind === 'story' && item.productOwner !== null);
    expect(story).toBeDefined();
    expect(result.items.filter((item) => item.assignee !== null).every((item) => item.productManager?.id === item.assignee?.id)).toBe(true);
  });
});
