// The loopback Jira in a process of its own (for the bench, so that its CPU and memory are not counted
// as backlint's): `node --import tsx test/servers/jira/main.ts '{"deployment":"cloud","items":20000,…}'`.
// Prints `listening <url>` on stdout; GET /__loopback/stats gives what it served (DELETE also clears the log);
// POST /__loopback/options { latencyMs, rateLimit } changes the switches.
import { generateDataset } from './dataset.js';
import { startJiraServer, type JiraServerOptions } from './server.js';

const settings = JSON.parse(process.argv[2] ?? '{}') as Omit<JiraServerOptions, 'dataset'> & { items: number; seed?: number };
const server = await startJiraServer({ ...settings, dataset: generateDataset(settings.items, settings.seed === undefined ? {} : { seed: settings.seed }) });
process.stdout.write(`listening ${server.url}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
