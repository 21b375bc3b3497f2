// Connectors handing items on batch by batch (SPEC §11): with `onItems`, a live source hands on each page
// as it is mapped and an export each file as it is read, keeping none; the batches together are exactly
// the items a buffered fetch returns, each once.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { azureDevOpsExportSourceSchema, jiraExportSourceSchema } from '../../src/config/schema.js';
import { createAdoClient, fetchAzureDevOps } from '../../src/connectors/azure-devops/fetch.js';
import { fetchAzureDevOpsExport } from '../../src/connectors/azure-devops/read-export.js';
import { fetchJiraSource } from '../../src/connectors/jira/fetch.js';
import { fetchJiraExport } from '../../src/connectors/jira/read-export.js';
import type { FetchContext, SourceResult } from '../../src/connectors/types.js';
import type { SourceInfo, WorkItem } from '../../src/model.js';
import { adoLoopback } from '../helpers/ado-live.js';
import { ROOT, tempProject } from '../helpers/cli.js';
import { jiraLoopback } from '../helpers/jira-live.js';
import { generateAdoDataset } from '../servers/azure-devops/dataset.js';

const { serve: serveJira, sourceFor: jiraSourceFor } = jiraLoopback({ email: 'ana.souza@acme.example', token: 'ATATT3xFfGF0-stream-token-1' });
const ADO_TOKEN = 'stream7rwkqzjl2hx5vbk3ejtw6pspn3r4hmx2gq6o3xqyz7w2lwpanva';
const adoDataset = generateAdoDataset({ count: 900, seed: 11 });
const { serve: serveAdo, sourceFor: adoSourceFor } = adoLoopback(ADO_TOKEN, adoDataset);
const fast = { policy: { baseDelayMs: 5, maxDelayMs: 50 } };

/** A fetch run twice: buffered, and streaming into a list of batches. */
async function bothWays(fetch: (context: Pick<FetchContext, 'onItems'>) => Promise<SourceResult>) {
  const buffered = await fetch({});
  const batches: WorkItem[][] = [];
  const infos: SourceInfo[] = [];
  const streamed = await fetch({
    onItems: (items, info) => {
      batches.push(items);
      infos.push(info);
    },
  });
  return { buffered, streamed, batches, infos, items: batches.flat() };
}

/** An item as compared between the two ways: a buffered result also fills in its parents' kinds, which the engine does when streaming. */
const comparable = (item: WorkItem) => ({ ...item, parent: item.parent?.key ?? null });
const byKey = (items: readonly WorkItem[]) => [...items].map(comparable).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

function expectSame({ buffered, streamed, infos, items }: Awaited<ReturnType<typeof bothWays>>) {
  expect(streamed.items).toEqual([]);
  expect(streamed.fetched).toBe(buffered.fetched);
  expect(items).toHaveLength(buffered.items.length);
  expect(new Set(items.map((item) => item.key)).size).toBe(items.length);
  expect(byKey(items)).toEqual(byKey(buffered.items));
  for (const info of infos) expect(info).toEqual(buffered.info);
}

describe('connectors streaming their items', () => {
  it.each(['cloud', 'datacenter'] as const)('live Jira %s hands on each page, none kept, none twice', async (deployment) => {
    const server = await serveJira(deployment, 1300, { dcMaxResults: 100 });
    const source = jiraSourceFor(server, deployment, { concurrency: 4 });
    const signal = new AbortController().signal;
    const progress = { update: () => {}, stop: () => {} };
    const run = await bothWays((context) => fetchJiraSource(source, { progress, signal, ...context }, fast));
    expectSame(run);
    expect(run.batches.length).toBeGreaterThan(5);
    expect(Math.max(...run.batches.map((batch) => batch.length))).toBeLessThanOrEqual(100);
  });

  it('live Azure DevOps hands on each batch of at most 200, none kept, none twice', async () => {
    const server = await serveAdo();
    const source = adoSourceFor(server.servicesUrl);
    const signal = new AbortController().signal;
    const progress = { update: () => {}, stop: () => {} };
    const run = await bothWays((context) => fetchAzureDevOps(source, { progress, signal, ...context }, { client: createAdoClient(source, fast) }));
    expectSame(run);
    expect(run.batches.length).toBeGreaterThanOrEqual(Math.ceil(run.buffered.items.length / 200));
    expect(Math.max(...run.batches.map((batch) => batch.length))).toBeLessThanOrEqual(200);
  });

  it('live Azure DevOps says, once its query is listed, which keys are still to come', async () => {
    const server = await serveAdo();
    const source = adoSourceFor(server.servicesUrl);
    const listed: ((key: string) => boolean)[] = [];
    const keys: string[] = [];
    const result = await fetchAzureDevOps(
      source,
      { progress: { update: () => {}, stop: () => {} }, signal: new AbortController().signal, onItems: (items) => keys.push(...items.map((item) => item.key)), onListed: (willCome) => listed.push(willCome) },
      { client: createAdoClient(source, fast) },
    );
    expect(listed).toHaveLength(1);
    expect(keys).toHaveLength(result.fetched);
    for (const key of keys) expect(listed[0]!(key)).toBe(true);
    const closed = adoDataset.items.filter((item) => item.fields['System.State'] === 'Closed').map((item) => String(item.id));
    expect(closed.length).toBeGreaterThan(0);
    for (const key of closed) expect(listed[0]!(key)).toBe(false);
    expect(listed[0]!('PAY-1')).toBe(false);
  });

  it('a Jira export hands on one file at a time, with field names the other files carry, an issue in two files once', async () => {
    const json = JSON.parse(readFileSync(path.join(ROOT, 'fixtures', 'jira', 'cloud-search-v3.json'), 'utf8')) as { issues: unknown[]; names: object };
    // The names map only in the second file: the first file's issues map with it all the same.
    const dir = tempProject({
      'a.json': { issues: json.issues.slice(0, 5), isLast: false },
      'b.json': { issues: json.issues.slice(4), names: json.names, isLast: true },
    });
    const source = jiraExportSourceSchema.parse({ name: 'ship', type: 'jira-export', path: [path.join(dir, 'a.json'), path.join(dir, 'b.json')] });
    const run = await bothWays((context) => fetchJiraExport(source, context));
    const whole = await fetchJiraExport(jiraExportSourceSchema.parse({ name: 'ship', type: 'jira-export', path: path.join(ROOT, 'fixtures', 'jira', 'cloud-search-v3.json') }));
    expectSame(run);
    expect(run.batches.map((batch) => batch.length)).toEqual([5, json.issues.length - 5]);
    expect(byKey(run.items)).toEqual(byKey(whole.items));
    expect(run.buffered.fetched).toBe(json.issues.length);
  });

  it('an Azure DevOps export hands on one file at a time, a work item in two files once', async () => {
    const list = JSON.parse(readFileSync(path.join(ROOT, 'fixtures', 'azure-devops', 'workitems-array.json'), 'utf8')) as unknown[];
    const dir = tempProject({ 'a.json': list.slice(0, 4), 'b.json': { count: list.length - 2, value: list.slice(2) } });
    const source = azureDevOpsExportSourceSchema.parse({ name: 'shop', type: 'azure-devops-export', path: [path.join(dir, 'a.json'), path.join(dir, 'b.json')] });
    const run = await bothWays((context) => fetchAzureDevOpsExport(source, context));
    expectSame(run);
    expect(run.batches.map((batch) => batch.length)).toEqual([4, list.length - 4]);
    expect(run.buffered.fetched).toBe(list.length);
  });
});
