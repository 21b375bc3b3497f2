// SPEC §11 / issue 3: 20,000 items from the loopback Jira Cloud at 100 ms a request, the backlint way
// (ids pages, then concurrent bulk fetches) against the naive way (sequential pages of 100 with all
// fields, through the same client), with and without a 40 requests/second limit. One JSON line a figure.
import { jiraSourceSchema } from '../src/config/schema.js';
import { fetchJiraSource } from '../src/connectors/jira/fetch.js';
import { JiraClient } from '../src/connectors/jira/client.js';
import { silentProgress } from '../src/progress.js';
import { generateDataset } from '../test/servers/jira/dataset.js';
import { measured, spawnJiraServer } from './measure.js';

interface JiraServer {
  url: string;
  stats(clear?: boolean): Promise<{ log: { status: number; arrived: number; at: number }[] }>;
  set(options: { latencyMs?: number; rateLimit?: number }): Promise<void>;
  close(): void;
}

/** The loopback Jira in its own process, so that its CPU and memory are not counted as backlint's. */
async function startServer(settings: object): Promise<JiraServer> {
  const { child, url } = await spawnJiraServer(settings);
  return {
    url,
    stats: async (clear = false) => (await (await fetch(`${url}/__loopback/stats`, { method: clear ? 'DELETE' : 'GET' })).json()) as Awaited<ReturnType<JiraServer['stats']>>,
    set: async (options) => void (await fetch(`${url}/__loopback/options`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(options) })).json(),
    close: () => child.kill('SIGTERM'),
  };
}

const ITEMS = 20_000;
const LATENCY_MS = 100;
const CONCURRENCY = 16;
const TOKEN = 'bench-token-not-secret';
const EMAIL = 'bench@acme.example';
const JQL = 'project in (PAY, WEB)';

const print = (setting: string, figure: string, value: number | string) => console.log(JSON.stringify({ bench: 'jira', setting, figure, value }));
const round = (value: number, digits = 2) => Number(value.toFixed(digits));

function sourceFor(server: JiraServer) {
  return jiraSourceSchema.parse({ name: 'bench', type: 'jira', baseUrl: server.url, auth: { email: EMAIL, token: TOKEN }, jql: JQL, concurrency: CONCURRENCY });
}

async function naive(server: JiraServer): Promise<string[]> {
  const client = new JiraClient(sourceFor(server));
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = (await client.searchJql({ jql: JQL, maxResults: 100, fields: ['*all'], ...(token ? { nextPageToken: token } : {}) })) as { issues: { key: string }[]; nextPageToken?: string };
    for (const issue of page.issues) keys.push(issue.key);
    token = page.nextPageToken;
  } while (token);
  return keys;
}

export default async function benchJira(): Promise<void> {
  const dataset = generateDataset(ITEMS);
  const expected = new Set(dataset.issues.map((issue) => issue.key));
  for (const rateLimit of [0, 40]) {
    const setting = rateLimit === 0 ? `concurrency ${CONCURRENCY}, no rate limit` : `concurrency ${CONCURRENCY}, ${rateLimit} requests/s`;
    const server = await startServer({ deployment: 'cloud', items: ITEMS, email: EMAIL, token: TOKEN, latencyMs: 0, rateLimit: 0 });
    try {
      // Warm-up at no latency, unmeasured: the simulator renders and caches its responses, and both
      // ways of fetching are compiled, so that what is measured is the fetching, not the simulator.
      await fetchJiraSource(sourceFor(server), { progress: silentProgress, signal: new AbortController().signal });
      await naive(server);
      await server.set({ latencyMs: LATENCY_MS, rateLimit });
      await server.stats(true);
      const fast = await measured(() => fetchJiraSource(sourceFor(server), { progress: silentProgress, signal: new AbortController().signal }));
      const { log } = await server.stats(true);
      const requests = log.filter((entry) => entry.status === 200).length;
      const throttles = log.filter((entry) => entry.status === 429);
      const firstAnswered = throttles.length > 0 ? Math.min(...throttles.map((entry) => entry.at)) : Infinity;
      const lateThrottles = throttles.filter((entry) => entry.arrived > firstAnswered).length;
      const slow = await measured(() => naive(server));

      const keys = fast.result.items.map((item) => item.key);
      const unique = new Set(keys);
      const lost = [...expected].filter((key) => !unique.has(key)).length;
      const bulkRequests = Math.ceil(ITEMS / 100);
      // The ideal: without a limit, one ids page then the bulk fetches in waves of `concurrency`;
      // with a limit, the requests needed divided by the limit.
      const ideal = rateLimit === 0 ? (LATENCY_MS / 1000) * (1 + Math.ceil(bulkRequests / CONCURRENCY)) : requests / rateLimit;
      print(setting, 'items', keys.length);
      print(setting, 'backlintSeconds', round(fast.seconds));
      print(setting, 'naiveSeconds', round(slow.seconds));
      print(setting, 'naiveOverBacklint', round(slow.seconds / fast.seconds, 1));
      print(setting, 'requestsNeeded', requests);
      print(setting, 'idealSeconds', round(ideal));
      print(setting, 'backlintOverIdeal', round(fast.seconds / ideal));
      print(setting, 'itemsLost', lost);
      print(setting, 'itemsDuplicated', keys.length - unique.size);
      print(setting, 'naiveItems', slow.result.length);
      print(setting, 'throttled429s', throttles.length);
      print(setting, 'throttled429sAfterFirstAnswered', lateThrottles);
      print(setting, 'peakMemoryMb', Math.round(Math.max(fast.peakMb, slow.peakMb)));
    } finally {
      server.close();
    }
  }
}
