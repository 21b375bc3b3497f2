// SPEC §11 for Azure DevOps: 20,000 items from the loopback Azure DevOps at 100 ms a request, the
// backlint way (WIQL id windows, batches of 200 with only the needed fields, 16 in flight) and the naive
// way (one WIQL, then sequential getWorkItems of 200 with all fields), side by side; then backlint against
// a server limited to 40 requests a second. One JSON line per figure.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WebApi, getPersonalAccessTokenHandler } from 'azure-devops-node-api';
import { azureDevOpsSourceSchema } from '../src/config/schema.js';
import { createAdoClient, fetchAzureDevOps } from '../src/connectors/azure-devops/fetch.js';
import { silentProgress } from '../src/progress.js';
import { generateAdoDataset } from '../test/servers/azure-devops/dataset.js';
import type { AdoServerOptions } from '../test/servers/azure-devops/server.js';
import { measured } from './measure.js';

const ITEMS = 20_000;
const LATENCY_MS = 100;
const TOKEN = 'benchbenchbenchbenchbenchbenchbenchbenchbenchbenchbe';
const PROJECT = 'Fabrikam Fiber';
const WIQL = 'SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project';
const SEED = 2026;

interface ServerStats {
  requests: number;
  throttled: number;
  served: number;
  maxInFlight: number;
  duplicatedIds: number;
}

/** The loopback Azure DevOps in a child process, so that its CPU is not billed to the client. */
class ChildServer {
  servicesUrl = '';
  private constructor(private readonly child: ChildProcess) {}

  static async start(): Promise<ChildServer> {
    const script = fileURLToPath(new URL('../test/servers/azure-devops/child.ts', import.meta.url));
    const child = fork(script, [JSON.stringify({ count: ITEMS, seed: SEED, latencyMs: LATENCY_MS, tokens: { [TOKEN]: { workItems: true } } })], { execArgv: ['--import', 'tsx'] });
    const server = new ChildServer(child);
    const ready = (await server.next()) as { servicesUrl: string };
    server.servicesUrl = ready.servicesUrl;
    return server;
  }

  private next(): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => {
        this.child.off('message', onMessage);
        reject(new Error(`the loopback server exited (${code})`));
      };
      const onMessage = (message: unknown) => {
        this.child.off('exit', onExit);
        resolve(message);
      };
      this.child.once('message', onMessage);
      this.child.once('exit', onExit);
    });
  }

  async ask(message: object): Promise<unknown> {
    const reply = this.next();
    this.child.send(message);
    return reply;
  }

  async stats(): Promise<ServerStats> {
    return ((await this.ask({ type: 'stats' })) as { stats: ServerStats }).stats;
  }

  reset = () => this.ask({ type: 'reset' });
  throttle = (throttle: AdoServerOptions['throttle']) => this.ask({ type: 'throttle', throttle });
  close = () => this.ask({ type: 'close' }).catch(() => undefined);
}

function emit(figure: string, value: number, unit: string, extra: Record<string, unknown> = {}) {
  process.stdout.write(`${JSON.stringify({ bench: 'azure-devops', figure, value: Math.round(value * 1000) / 1000, unit, ...extra })}\n`);
}

async function backlintWay(server: ChildServer, concurrency: number, wiql = WIQL) {
  const source = azureDevOpsSourceSchema.parse({
    name: 'bench',
    type: 'azure-devops',
    orgUrl: server.servicesUrl,
    project: PROJECT,
    auth: { token: TOKEN },
    wiql,
    concurrency,
  });
  const client = createAdoClient(source);
  const result = await fetchAzureDevOps(source, { progress: silentProgress, signal: new AbortController().signal }, { client });
  return { ids: result.items.map((item) => Number(item.id)), throttles: client.gate.throttles };
}

/** What a simple script does: one WIQL, then getWorkItems of 200 ids at a time with every field. */
async function naiveWay(server: ChildServer) {
  const connection = new WebApi(server.servicesUrl, getPersonalAccessTokenHandler(TOKEN));
  const wit = await connection.getWorkItemTrackingApi();
  const result = await wit.queryByWiql({ query: WIQL }, { project: PROJECT });
  const ids = (result.workItems ?? []).map((ref) => ref.id!);
  const got: number[] = [];
  for (let at = 0; at < ids.length; at += 200) {
    const items = await wit.getWorkItems(ids.slice(at, at + 200));
    for (const item of items) if (item?.id !== undefined) got.push(item.id);
  }
  return { ids: got };
}

function integrity(expected: readonly number[], ids: readonly number[]) {
  const seen = new Set(ids);
  return { lost: expected.filter((id) => !seen.has(id)).length, duplicated: ids.length - seen.size };
}

export default async function benchAzureDevOps(): Promise<void> {
  const dataset = generateAdoDataset({ count: ITEMS, seed: SEED });
  const expected = dataset.items.map((item) => item.id);
  const server = await ChildServer.start();
  let peakMb = 0;
  try {
    // Warm-up (module loading, JIT) on a tenth of the items, not measured.
    await backlintWay(server, 16, `${WIQL} AND [System.Id] < ${expected[ITEMS / 10]}`);
    await server.reset();
    // No rate limit, 16 in flight.
    const fast = await measured(() => backlintWay(server, 16));
    const fastStats = await server.stats();
    const fastCheck = integrity(expected, fast.result.ids);
    await server.reset();
    const naive = await measured(() => naiveWay(server));
    const naiveStats = await server.stats();
    const naiveCheck = integrity(expected, naive.result.ids);
    peakMb = Math.max(fast.peakMb, naive.peakMb);
    const setting = { items: ITEMS, latencyMs: LATENCY_MS, concurrency: 16, rateLimit: null };
    emit('no-limit backlint time', fast.seconds, 's', { ...setting, requests: fastStats.requests });
    emit('no-limit naive time', naive.seconds, 's', { ...setting, requests: naiveStats.requests });
    // Ideal: the requests that must follow one another (location discovery, resource areas, fields and
    // categories, the first WIQL window, type states) and then the batches 16 at a time, one latency each.
    const batches = Math.ceil(ITEMS / 200);
    emit('no-limit ideal time', (6 + Math.ceil(batches / 16)) * (LATENCY_MS / 1000), 's', { ...setting, note: '6 sequential setup round trips + batches/16 round trips' });
    emit('no-limit speedup over naive', naive.seconds / fast.seconds, 'x', { ...setting, target: '>= 5' });
    emit('no-limit items lost', fastCheck.lost, 'items', setting);
    emit('no-limit items duplicated', fastCheck.duplicated + fastStats.duplicatedIds, 'items', setting);
    emit('no-limit naive items lost', naiveCheck.lost, 'items', setting);
    emit('no-limit 429s received', fast.result.throttles, 'responses', setting);

    // The server limited to 40 requests a second.
    await server.throttle({ limit: 40, windowMs: 1000 });
    await server.reset();
    const limited = await measured(() => backlintWay(server, 16));
    const limitedStats = await server.stats();
    peakMb = Math.max(peakMb, limited.peakMb);
    const served = limitedStats.requests - limitedStats.throttled;
    const ideal = served / 40;
    const limitedCheck = integrity(expected, limited.result.ids);
    const limitedSetting = { items: ITEMS, latencyMs: LATENCY_MS, concurrency: 16, rateLimit: '40/s' };
    emit('40/s backlint time', limited.seconds, 's', { ...limitedSetting, requests: served });
    emit('40/s ideal time', ideal, 's', {
      ...limitedSetting,
      note: 'requests needed / 40; the server counts fixed 1-second windows (X-RateLimit-Reset is the window end), so a run that uses the end of one window and the start of the next can beat it',
    });
    emit('40/s ratio to ideal', limited.seconds / ideal, 'x', { ...limitedSetting, target: '<= 1.3' });
    emit('40/s 429s received', limitedStats.throttled, 'responses', limitedSetting);
    emit('40/s 429s after the first', Math.max(0, limitedStats.throttled - 1), 'responses', { ...limitedSetting, target: 'a handful' });
    emit('40/s items lost', limitedCheck.lost, 'items', limitedSetting);
    emit('40/s items duplicated', limitedCheck.duplicated + limitedStats.duplicatedIds, 'items', limitedSetting);

    // The same limit when the server sends no X-RateLimit-* headers before blocking (429 + Retry-After
    // only): backlint learns the rate from the first 429s.
    await server.throttle({ limit: 40, windowMs: 1000, headersAlways: false });
    await server.reset();
    const blind = await measured(() => backlintWay(server, 16));
    const blindStats = await server.stats();
    peakMb = Math.max(peakMb, blind.peakMb);
    const blindServed = blindStats.requests - blindStats.throttled;
    const blindCheck = integrity(expected, blind.result.ids);
    const blindSetting = { items: ITEMS, latencyMs: LATENCY_MS, concurrency: 16, rateLimit: '40/s, no rate-limit headers before the 429' };
    emit('40/s headerless backlint time', blind.seconds, 's', { ...blindSetting, requests: blindServed });
    emit('40/s headerless ratio to ideal', blind.seconds / (blindServed / 40), 'x', blindSetting);
    emit('40/s headerless 429s received', blindStats.throttled, 'responses', { ...blindSetting, note: 'the first burst is up to one per request in flight' });
    emit('40/s headerless items lost', blindCheck.lost, 'items', blindSetting);
    emit('40/s headerless items duplicated', blindCheck.duplicated + blindStats.duplicatedIds, 'items', blindSetting);
    emit('peak memory (client process rss)', peakMb, 'MB', { target: '< 500' });
  } finally {
    await server.close();
  }
}
