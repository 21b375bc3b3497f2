// The loopback Azure DevOps in its own process, for the bench: the server's CPU (building 20,000 items
// of JSON) must not be billed to the client, as it is not against a real Azure DevOps.
// Started with fork(); talks over IPC: { count, seed, latencyMs } in argv[2], then messages
// { type: 'throttle', throttle } / { type: 'latency', latencyMs } / { type: 'stats', trace? } / { type: 'reset' } /
// { type: 'close' }.
import { generateAdoDataset } from './dataset.js';
import { startAdoServer, type AdoServerOptions } from './server.js';

const settings = JSON.parse(process.argv[2] ?? '{}') as { count: number; seed: number; latencyMs: number; tokens: AdoServerOptions['tokens'] };
const server = await startAdoServer({ dataset: generateAdoDataset({ count: settings.count, seed: settings.seed }), tokens: settings.tokens, latencyMs: settings.latencyMs });

process.on('message', (message: { type: string; throttle?: AdoServerOptions['throttle']; latencyMs?: number; trace?: boolean }) => {
  if (message.type === 'throttle') {
    server.options.throttle = message.throttle ?? null;
    process.send?.({ type: 'ok' });
  } else if (message.type === 'latency') {
    server.options.latencyMs = message.latencyMs ?? 0;
    process.send?.({ type: 'ok' });
  } else if (message.type === 'reset') {
    server.resetStats();
    process.send?.({ type: 'ok' });
  } else if (message.type === 'stats') {
    const { requests, throttled, served, maxInFlight } = server.stats;
    const duplicatedIds = [...server.stats.servedIds.values()].filter((times) => times > 1).length;
    const servedIds = server.stats.servedIds.size;
    process.send?.({ type: 'stats', stats: { requests, throttled, served, maxInFlight, duplicatedIds, servedIds, ...(message.trace ? { trace: server.stats.trace } : {}) } });
  } else if (message.type === 'close') {
    void server.close().then(() => process.exit(0));
  }
});
// `open`: what the default WIQL selects (every item not Closed or Removed).
const open = server.options.dataset.items.filter((item) => !['Closed', 'Removed'].includes(item.fields['System.State'] as string)).length;
process.send?.({ type: 'ready', servicesUrl: server.servicesUrl, serverUrl: server.serverUrl, count: settings.count, open });
