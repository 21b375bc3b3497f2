// SPEC §11, start-up: `--version`, `rules`, `init` and `check` on exports load no tracker client; a live
// source loads its own tracker's client only. Asserted on the modules each spawned command loads (a load
// trace), never on a timing.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';
import { generateDataset } from '../servers/jira/dataset.js';
import { startJiraServer, type JiraServer } from '../servers/jira/server.js';
import { generateAdoDataset } from '../servers/azure-devops/dataset.js';
import { startAdoServer, type AdoServer } from '../servers/azure-devops/server.js';
import { adoConfigYaml } from '../helpers/ado-live.js';
import { jiraSourceYaml } from '../helpers/jira-live.js';

const TRACE_HOOK = path.join(ROOT, 'test', 'support', 'load-trace.mjs');
const dirs: string[] = [];
// A tracker that refuses every token at once (401), so a live run fails fast after loading its client.
let refusing: Server;
let refusingUrl = '';
beforeAll(async () => {
  refusing = createServer((_request, response) => response.writeHead(401, { 'content-type': 'application/json' }).end('{"errorMessages":["Unauthorized"]}'));
  await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
  refusingUrl = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => refusing.close(resolve));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The files (relative to the repository, `/`-separated) a spawned `backlint ARGS` loads, and its exit code. */
async function filesLoaded(args: string[], files: Record<string, string> = {}, env: Record<string, string> = {}): Promise<{ files: string[]; builtins: string[]; lines: string[]; status: number | null }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'backlint-load-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const trace = path.join(dir, 'trace.txt');
  writeFileSync(trace, '');
  const status = await new Promise<number | null>((resolve) => {
    const child = execFile(process.execPath, ['--import', TRACE_HOOK, BIN, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', BACKLINT_LOAD_TRACE: trace, NO_COLOR: '1', JIRA_API_TOKEN: 'x', AZURE_DEVOPS_PAT: 'x', ...env },
    });
    child.on('close', (code) => resolve(code));
  });
  // In order: each loaded file (relative to the repository), each request made (`request GET /path`), Node's modules.
  const lines = readFileSync(trace, 'utf8')
    .split('\n')
    .map((line) => (line.startsWith('file:') ? `file ${path.relative(ROOT, fileURLToPath(line)).split(path.sep).join('/')}` : line));
  return { files: lines.filter((line) => line.startsWith('file ')).map((line) => line.slice('file '.length)), builtins: lines.filter((line) => line.startsWith('node:')), lines, status };
}

/** The packages (under node_modules) a spawned `backlint ARGS` loads, a bundle chunk counting as the packages in it. */
async function packagesLoaded(args: string[], files: Record<string, string> = {}): Promise<{ packages: Set<string>; status: number | null }> {
  const { files: loaded, status } = await filesLoaded(args, files);
  const packages = new Set(loaded.flatMap(sourcesOf).flatMap((file) => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.slice(1, 2) ?? []));
  return { packages, status };
}

/** The bundle's record (scripts/bundle.mjs) of which source files each of its chunks holds. */
const bundle = JSON.parse(readFileSync(path.join(ROOT, 'dist', 'cli', 'meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };

/** The files behind a loaded file: a chunk of the CLI bundle stands for the sources bundled into it. */
function sourcesOf(file: string): string[] {
  const chunk = bundle.outputs[file];
  return chunk ? Object.keys(chunk.inputs) : [file];
}

const TRACKER_CLIENTS = ['jira.js', 'azure-devops-node-api'];

describe('which modules a command loads', () => {
  it.each([[['--version']], [['--help']], [['rules']], [['init']], [['export', '--help']], [['annotate', '--help']], [['check', '--demo', '--format', 'json']]])('backlint %j loads no tracker client, nor the Slack client', async (args) => {
    const { packages, status } = await packagesLoaded(args);
    expect([0, 1]).toContain(status);
    for (const client of [...TRACKER_CLIENTS, '@slack/webhook']) expect(packages).not.toContain(client);
  });

  it('merge of shard reports loads no tracker client', async () => {
    const shard = { schemaVersion: 1, tool: { name: 'backlint', version: '1.0.0' }, generatedAt: '2026-11-24T06:00:00.000Z', sources: [{ name: 'pay', type: 'jira', itemsChecked: 0, itemsFetched: 0, notApplicable: [], notApplicableReasons: {} }], summary: { itemsChecked: 0, errors: 0, warnings: 0, suppressed: 0 }, findings: [], rules: [] };
    const { packages, status } = await packagesLoaded(['merge', 'shard.json', '--format', 'markdown'], { 'shard.json': JSON.stringify(shard) });
    expect(status).toBe(0);
    for (const client of [...TRACKER_CLIENTS, '@slack/webhook']) expect(packages).not.toContain(client);
  });

  it.each([[['--version']], [['init']]])('backlint %j loads neither the config schema (zod) nor the reporters or rules', async (args) => {
    const { packages } = await packagesLoaded(args);
    expect(packages).not.toContain('zod');
    expect(packages).not.toContain('yaml');
    expect(packages).not.toContain('markdown-it');
    expect(packages).not.toContain('htmlparser2');
  });

  it('a live Jira source loads jira.js and not the Azure DevOps client, and the reverse', async () => {
    const jira = await packagesLoaded(['check', '--no-progress'], {
      'backlint.config.yaml': `sources:\n  - name: pay\n    type: jira\n    deployment: cloud\n    baseUrl: ${refusingUrl}\n    auth: { email: a@example.com, token: "\${env:JIRA_API_TOKEN}" }\n    jql: project = PAY\n`,
    });
    expect(jira.status).toBe(2);
    expect(jira.packages).toContain('jira.js');
    expect(jira.packages).not.toContain('azure-devops-node-api');
    // Nor what only export sources (globs) and CSV rosters need.
    expect(jira.packages).not.toContain('tinyglobby');
    expect(jira.packages).not.toContain('csv-parse');
    const ado = await packagesLoaded(['check', '--no-progress'], {
      'backlint.config.yaml': `sources:\n  - name: web\n    type: azure-devops\n    orgUrl: ${refusingUrl}/org\n    project: Web\n    auth: { token: "\${env:AZURE_DEVOPS_PAT}" }\n`,
    });
    expect(ado.status).toBe(2);
    expect(ado.packages).toContain('azure-devops-node-api');
    expect(ado.packages).not.toContain('jira.js');
  });

  it('runs from its bundle: a check loads no module from node_modules or dist/src one file at a time', async () => {
    const { files } = await filesLoaded(['check', '--demo', '--format', 'json']);
    expect(files.filter((file) => file.startsWith('dist/cli/')).length).toBeGreaterThan(5);
    expect(files.filter((file) => !file.startsWith('dist/cli/'))).toEqual(['bin/backlint.js']);
  });

  it('a check loads its reporters once its sources have started, so they never hold up the first request', async () => {
    const { files } = await filesLoaded(['check', '--demo', '--format', 'json']);
    const holding = (source: string) => files.findIndex((file) => sourcesOf(file).includes(source));
    const reporters = holding('dist/src/reporters/index.js');
    const fetches = ['dist/src/connectors/jira/read-export.js', 'dist/src/connectors/azure-devops/read-export.js'].map(holding);
    expect(reporters).toBeGreaterThan(0);
    for (const fetch of fetches) {
      expect(fetch).toBeGreaterThan(0);
      expect(reporters).toBeGreaterThan(fetch);
    }
  });

  it("a live Jira Cloud check, bulk fetches and all, never loads Node's fetch implementation (undici, ~35 ms)", async () => {
    // axios reaches for the global FormData, Request and Response as it loads; scripts/bundle.mjs defers that.
    const server = await startJiraServer({ deployment: 'cloud', dataset: generateDataset(60), email: 'a@example.com', token: 'jira-token' });
    try {
      const run = await filesLoaded(['check', '--no-progress', '--format', 'json:report.json'], { 'backlint.config.yaml': jiraSourceYaml(server.url, 'cloud', 'a@example.com').join('\n') }, { JIRA_API_TOKEN: 'jira-token' });
      expect(run.status).toBe(1);
      expect(server.stats.byPath.get('/rest/api/3/issue/bulkfetch')).toBeGreaterThan(0);
      expect(run.builtins).toContain('node:http');
      expect(run.builtins.filter((id) => id.includes('undici'))).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it.each(['jira', 'azure-devops'] as const)('a live %s check loads its text parsers (ADF, wiki, HTML, Markdown) only once its first requests are made', async (tracker) => {
    const token = 'p9tq2mzk6wrx4vbn8cje3hys7ad5lgf1ou0iwk2qe9rt6zm4xb3n';
    const server =
      tracker === 'jira'
        ? await startJiraServer({ deployment: 'cloud', dataset: generateDataset(60), email: 'a@example.com', token })
        : await startAdoServer({ dataset: generateAdoDataset({ count: 60, seed: 5 }), tokens: { [token]: { workItems: true } } });
    try {
      const config = tracker === 'jira' ? jiraSourceYaml((server as JiraServer).url, 'cloud', 'a@example.com').join('\n') : adoConfigYaml((server as AdoServer).servicesUrl);
      const run = await filesLoaded(['check', '--no-progress', '--format', 'json:report.json'], { 'backlint.config.yaml': config }, { JIRA_API_TOKEN: token, ADO_PAT: token });
      expect(run.status).toBe(1);
      const firstRequest = run.lines.findIndex((line) => line.startsWith('request '));
      const parsers = run.lines.findIndex((line) => line.startsWith('file ') && sourcesOf(line.slice('file '.length)).includes('dist/src/text/index.js'));
      expect(firstRequest).toBeGreaterThan(0);
      expect(parsers).toBeGreaterThan(firstRequest);
    } finally {
      await server.close();
    }
  });

  it('export of a live Jira source loads jira.js and not the Azure DevOps client', async () => {
    const jira = await packagesLoaded(['export', '--out', 'saved', '--no-progress'], {
      'backlint.config.yaml': `sources:\n  - name: pay\n    type: jira\n    deployment: cloud\n    baseUrl: ${refusingUrl}\n    auth: { email: a@example.com, token: "\${env:JIRA_API_TOKEN}" }\n    jql: project = PAY\n`,
    });
    expect(jira.status).toBe(2);
    expect(jira.packages).toContain('jira.js');
    expect(jira.packages).not.toContain('azure-devops-node-api');
  });
});
