// SPEC §11 as a user meets it: `backlint check` spawned as a process (bin/backlint.js, the built bundle,
// a config file, tokens from the environment) against the loopback Jira Cloud and Azure DevOps, each in a
// process of its own at 100 ms a request, and beside it the naive way (bench/naive/*.mjs, plain Node
// scripts fetching sequential pages with all fields), and the floor (bench/floor/*.mjs: backlint's own
// requests by a plain script that only parses the answers, the best any client sending them can do on
// this machine). Start-up, set-up calls, lint and report writing are all in the figures. One JSON line
// per figure.
//
//   npm run bench process                               every §11 figure (1,000 … 500,000 items)
//   npm run bench process -- --sizes 1000,20000         only these sizes (the 20,000 runs carry the
//                                                       naive and rate-limit comparisons)
//   npm run bench process -- --trackers jira --trace    one tracker; print each run's request timeline
//
// Time is the wall clock from spawn to exit. Peak memory is the process's maximum resident set size as
// the kernel counts it (`/usr/bin/time -f %M`; without /usr/bin/time, VmHWM polled from /proc).
import { execFileSync, fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { spawnJiraServer } from './measure.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'backlint.js');
const LATENCY_MS = 100;
const CONCURRENCY = 16;
const RATE = 40;
const COMPARED = 20_000;
const DEFAULT_SIZES = [1_000, 20_000, 100_000, 500_000];
const JIRA = { email: 'bench@acme.example', token: 'bench-jira-token-not-secret' };
const ADO = { token: 'benchbenchbenchbenchbenchbenchbenchbenchbenchbenchbe', project: 'Fabrikam Fiber', seed: 2026 };
const TIME = '/usr/bin/time';
/** What the default query selects, as the naive and floor scripts ask for it. */
const JIRA_JQL = 'project in (PAY, WEB) AND statusCategory != Done';
const ADO_WIQL = "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.State] NOT IN ('Closed', 'Removed')";

type Tracker = 'jira' | 'azure-devops';

const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ bench: 'process', ...line })}\n`);
const round = (value: number, digits = 2) => Number(value.toFixed(digits));

interface Options {
  sizes: number[];
  trackers: Tracker[];
  trace: boolean;
  startup: boolean;
}

function options(): Options {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { sizes: { type: 'string' }, trackers: { type: 'string' }, trace: { type: 'boolean', default: false }, 'no-startup': { type: 'boolean', default: false } },
    strict: false,
    allowPositionals: true,
  });
  const sizes = typeof values.sizes === 'string' ? values.sizes.split(',').map((size) => Number(size.replace(/_/g, ''))) : DEFAULT_SIZES;
  if (sizes.some((size) => !Number.isInteger(size) || size <= 0)) throw new Error(`--sizes: whole numbers of items, comma-separated (got ${String(values.sizes)})`);
  const trackers = typeof values.trackers === 'string' ? (values.trackers.split(',') as Tracker[]) : (['jira', 'azure-devops'] as Tracker[]);
  if (trackers.some((tracker) => tracker !== 'jira' && tracker !== 'azure-devops')) throw new Error('--trackers: jira, azure-devops');
  return { sizes, trackers, trace: values.trace === true, startup: values['no-startup'] !== true };
}

// ── Processes ────────────────────────────────────────────────────────────────────────────────────

interface Run {
  seconds: number;
  peakMb: number | null;
  code: number | null;
  stdout: string;
  stderr: string;
  startedAt: number;
}

/** Runs `node args…` to its end: wall time, exit code, output, and its peak resident memory. */
async function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const withTime = existsSync(TIME);
  const timeFile = path.join(cwd, `.time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const command = withTime ? TIME : process.execPath;
  const argv = withTime ? ['-f', '%M', '-o', timeFile, process.execPath, ...args] : args;
  const startedAt = Date.now();
  const started = performance.now();
  const child = spawn(command, argv, { cwd, env: { ...process.env, NO_COLOR: '1', CI: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let polled = 0;
  const poll = withTime ? null : setInterval(() => (polled = Math.max(polled, vmHwm(child.pid))), 10);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const seconds = (performance.now() - started) / 1000;
  if (poll) clearInterval(poll);
  let peakMb: number | null = polled > 0 ? polled / 1024 : null;
  if (withTime && existsSync(timeFile)) {
    const kb = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop());
    peakMb = Number.isFinite(kb) ? kb / 1024 : null;
    rmSync(timeFile, { force: true });
  }
  return { seconds, peakMb, code, stdout, stderr, startedAt };
}

function vmHwm(pid: number | undefined): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

// ── Start-up ─────────────────────────────────────────────────────────────────────────────────────

async function startup(): Promise<void> {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'backlint-bench-'));
  try {
    const times = async (args: string[], fresh = false) => {
      const seconds: number[] = [];
      for (let i = 0; i < 7; i++) {
        if (fresh) rmSync(path.join(cwd, 'backlint.config.yaml'), { force: true });
        const result = await run(args, cwd);
        if (result.code !== 0) throw new Error(`node ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
        seconds.push(result.seconds);
      }
      return median(seconds);
    };
    const bare = await times(['-e', '0']);
    print({ figure: 'startup seconds', command: 'node -e 0', value: round(bare, 3) });
    for (const [name, args, fresh] of [
      ['backlint --version', [BIN, '--version'], false],
      ['backlint rules', [BIN, 'rules'], false],
      ['backlint init', [BIN, 'init'], true],
    ] as const) {
      const seconds = await times([...args], fresh);
      print({ figure: 'startup seconds', command: name, value: round(seconds, 3), overBareNode: round(seconds / bare), target: '<= 3' });
    }
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

// ── The loopback servers, each in its own process ────────────────────────────────────────────────

interface TraceEntry {
  route: string;
  arrived: number;
  answered: number;
  status: number;
}

interface ServerStats {
  /** Answers that were not 429. */
  served: number;
  throttled: number;
  trace: TraceEntry[];
  /** Azure DevOps: ids served more than once. */
  duplicatedIds?: number;
}

interface BenchServer {
  tracker: Tracker;
  url: string;
  /** What the default query selects (open items). */
  open: number;
  configYaml(): string;
  env: NodeJS.ProcessEnv;
  naiveArgs(): string[];
  /** The floor: backlint's requests by a script that only parses the answers (bench/floor). */
  floorArgs(): string[];
  set(latencyMs: number, limit: null | { headers: boolean }): Promise<void>;
  stats(): Promise<ServerStats>;
  close(): void;
}

async function jiraServer(items: number): Promise<BenchServer> {
  const { child, url } = await spawnJiraServer({ deployment: 'cloud', items, ...JIRA, latencyMs: 0, rateLimit: 0 }, ['--max-old-space-size=8192']);
  const stats = async (clear: boolean) =>
    (await (await fetch(`${url}/__loopback/stats`, { method: clear ? 'DELETE' : 'GET' })).json()) as { open: number; log: { method: string; path: string; arrived: number; at: number; status: number }[] };
  const { open } = await stats(true);
  return {
    tracker: 'jira',
    url,
    open,
    configYaml: () =>
      [
        'sources:',
        '  - name: pay',
        '    type: jira',
        '    deployment: cloud',
        `    baseUrl: ${url}`,
        `    auth: { email: ${JIRA.email}, token: "\${env:JIRA_API_TOKEN}" }`,
        '    projects: [PAY, WEB]',
        `    concurrency: ${CONCURRENCY}`,
        '    types: { roadmap: [Initiative] }',
        'roles:',
        '  productOwners: [ana.souza@acme.example, li.wei@acme.example]',
        '  productManagers: [priya.raman@acme.example]',
        '',
      ].join('\n'),
    env: { JIRA_API_TOKEN: JIRA.token },
    naiveArgs: () => [path.join(ROOT, 'bench', 'naive', 'jira.mjs'), url, JIRA.email, JIRA.token, JIRA_JQL],
    floorArgs: () => [path.join(ROOT, 'bench', 'floor', 'jira.mjs'), url, JIRA.email, JIRA.token, JIRA_JQL, String(CONCURRENCY)],
    async set(latencyMs, limit) {
      // Both shapes announce the limit with the 429 itself; only one also announces it before.
      const body = { latencyMs, rateLimit: limit ? RATE : 0, announceLimit: true, announceAlways: limit?.headers ?? false };
      await (await fetch(`${url}/__loopback/options`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
      await stats(true);
    },
    async stats() {
      const { log } = await stats(true);
      return {
        served: log.filter((entry) => entry.status !== 429).length,
        throttled: log.filter((entry) => entry.status === 429).length,
        trace: log.map((entry) => ({ route: `${entry.method} ${entry.path}`, arrived: entry.arrived, answered: entry.at, status: entry.status })),
      };
    },
    close: () => void child.kill('SIGTERM'),
  };
}

async function adoServer(items: number): Promise<BenchServer> {
  const script = path.join(ROOT, 'test', 'servers', 'azure-devops', 'child.ts');
  const child = fork(script, [JSON.stringify({ count: items, seed: ADO.seed, latencyMs: 0, tokens: { [ADO.token]: { workItems: true } } })], {
    cwd: ROOT,
    execArgv: ['--max-old-space-size=8192', '--import', 'tsx'],
  });
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the loopback Azure DevOps exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (message) => {
        child.off('exit', onExit);
        resolve(message as Record<string, unknown>);
      });
    });
  const ask = (message: object) => {
    const reply = next();
    child.send(message);
    return reply;
  };
  const ready = (await next()) as { servicesUrl: string; open: number };
  const url = ready.servicesUrl;
  return {
    tracker: 'azure-devops',
    url,
    open: ready.open,
    configYaml: () =>
      [
        'sources:',
        '  - name: boards',
        '    type: azure-devops',
        `    orgUrl: ${url}`,
        `    project: ${ADO.project}`,
        '    auth: { token: "${env:ADO_PAT}" }',
        `    concurrency: ${CONCURRENCY}`,
        '    fields:',
        '      productOwner: Product Owner',
        '      productManager: Custom.ProductManager',
        '',
      ].join('\n'),
    env: { ADO_PAT: ADO.token },
    naiveArgs: () => [path.join(ROOT, 'bench', 'naive', 'azure-devops.mjs'), url, ADO.project, ADO.token, ADO_WIQL],
    floorArgs: () => [path.join(ROOT, 'bench', 'floor', 'azure-devops.mjs'), url, ADO.project, ADO.token, ADO_WIQL, String(CONCURRENCY)],
    async set(latencyMs, limit) {
      await ask({ type: 'latency', latencyMs });
      await ask({ type: 'throttle', throttle: limit ? { limit: RATE, windowMs: 1000, bucket: true, headersAlways: limit.headers } : null });
      await ask({ type: 'reset' });
    },
    async stats() {
      const { stats } = (await ask({ type: 'stats', trace: true })) as { stats: { requests: number; throttled: number; duplicatedIds: number; trace: TraceEntry[] } };
      await ask({ type: 'reset' });
      return { served: stats.requests - stats.throttled, throttled: stats.throttled, trace: stats.trace, duplicatedIds: stats.duplicatedIds };
    },
    close: () => {
      child.send({ type: 'close' });
      setTimeout(() => child.kill('SIGTERM'), 2000).unref();
    },
  };
}

// ── One `backlint check` ─────────────────────────────────────────────────────────────────────────

interface Check {
  run: Run;
  fetched: number;
  stats: ServerStats;
}

async function check(server: BenchServer, cwd: string): Promise<Check> {
  rmSync(path.join(cwd, 'report.json'), { force: true });
  const result = await run([BIN, 'check', '--no-progress', '--format', 'json:report.json'], cwd, server.env);
  const stats = await server.stats();
  if (result.code !== 0 && result.code !== 1) throw new Error(`backlint check against the loopback ${server.tracker} exited ${result.code}: ${result.stderr.slice(0, 2000)}`);
  const report = JSON.parse(readFileSync(path.join(cwd, 'report.json'), 'utf8')) as { sources: { itemsFetched: number }[] };
  return { run: result, fetched: report.sources.reduce((sum, source) => sum + source.itemsFetched, 0), stats };
}

/** The timeline of one run, for finding what runs one after another: every request until the bulk phase, then a summary. */
function printTrace(tracker: Tracker, setting: string, result: Check): void {
  const zero = result.run.startedAt;
  const trace = [...result.stats.trace].sort((a, b) => a.arrived - b.arrived);
  const early = trace.slice(0, 24).map((entry) => `${entry.route.replace(/^(\w+) .*?(_apis|rest\/api\/\d)/, '$1 $2')} ${entry.arrived - zero}-${entry.answered - zero}${entry.status === 200 ? '' : ` (${entry.status})`}`);
  print({
    tracker,
    setting,
    figure: 'trace',
    firstRequestMs: trace.length > 0 ? trace[0]!.arrived - zero : null,
    lastAnswerMs: trace.length > 0 ? Math.max(...trace.map((entry) => entry.answered)) - zero : null,
    exitMs: Math.round(result.run.seconds * 1000),
    requests: trace.length,
    early,
  });
}

async function benchTracker(tracker: Tracker, sizes: number[], trace: boolean): Promise<void> {
  for (const items of sizes) {
    const server = tracker === 'jira' ? await jiraServer(items) : await adoServer(items);
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'backlint-bench-'));
    try {
      await benchSize(server, cwd, tracker, items, trace);
    } catch (error) {
      // A size that fails (out of memory at 500,000 items, say) is a figure too; the others still run.
      print({ tracker, items, figure: 'failed', error: String(error instanceof Error ? error.message : error).slice(0, 500) });
    } finally {
      server.close();
      rmSync(cwd, { recursive: true, force: true });
    }
  }
}

async function benchSize(server: BenchServer, cwd: string, tracker: Tracker, items: number, trace: boolean): Promise<void> {
  writeFileSync(path.join(cwd, 'backlint.config.yaml'), server.configYaml());
  // Warm-up at no latency, unmeasured: the loopback server renders and caches its answers (and the
  // files are in the page cache), so that what is measured is backlint, not the stand-in.
  await server.set(0, null);
  await check(server, cwd);
  if (items === COMPARED) for (const args of [server.naiveArgs(), server.floorArgs()]) await run(args, cwd);

  const base = { tracker, items, latencyMs: LATENCY_MS, concurrency: CONCURRENCY };
  await server.set(LATENCY_MS, null);
  const fast = await check(server, cwd);
  if (trace) printTrace(tracker, 'no limit', fast);
  const integrity = (result: Check) => ({ lost: Math.max(0, server.open - result.fetched), duplicated: Math.max(0, result.fetched - server.open) + (result.stats.duplicatedIds ?? 0) });
  const fastIntegrity = integrity(fast);
  print({ ...base, setting: 'no limit', figure: 'backlint seconds', value: round(fast.run.seconds) });
  print({ ...base, setting: 'no limit', figure: 'backlint peak memory MB', value: fast.run.peakMb === null ? null : Math.round(fast.run.peakMb), target: items >= 500_000 ? '< 800' : items >= 100_000 ? '< 300' : undefined });
  print({ ...base, setting: 'no limit', figure: 'items', expected: server.open, fetched: fast.fetched, lost: fastIntegrity.lost, duplicated: fastIntegrity.duplicated, requests: fast.stats.served });
  if (items !== COMPARED) return;

  const naive = await run(server.naiveArgs(), cwd);
  await server.stats();
  if (naive.code !== 0) throw new Error(`the naive ${tracker} script exited ${naive.code}: ${naive.stderr.slice(0, 2000)}`);
  const target = tracker === 'jira' ? 12 : 8;
  print({ ...base, setting: 'no limit', figure: 'naive seconds', value: round(naive.seconds), naiveItems: Number(naive.stdout.trim()), peakMemoryMb: naive.peakMb === null ? null : Math.round(naive.peakMb) });
  print({ ...base, setting: 'no limit', figure: 'naive over backlint', value: round(naive.seconds / fast.run.seconds, 1), target: `>= ${target}` });
  // What the target leaves for start-up, parsing, mapping, linting and reporting on this machine: the
  // same requests by a bare node that parses each answer and does nothing more.
  const floor = await run(server.floorArgs(), cwd);
  await server.stats();
  if (floor.code !== 0) throw new Error(`the ${tracker} floor script exited ${floor.code}: ${floor.stderr.slice(0, 2000)}`);
  print({ ...base, setting: 'no limit', figure: 'floor seconds', value: round(floor.seconds), floorItems: Number(floor.stdout.trim()), note: "backlint's requests, each answer parsed and nothing more" });
  print({ ...base, setting: 'no limit', figure: 'naive over floor', value: round(naive.seconds / floor.seconds, 1), note: `the most any client sending these requests gets against the target's ${target}` });

  for (const headers of [false, true]) {
    const setting = `${RATE} requests/s token bucket (burst ${RATE}), ${headers ? 'rate-limit headers on every answer' : 'no rate-limit headers before the first 429'}`;
    await server.set(LATENCY_MS, { headers });
    const limited = await check(server, cwd);
    if (trace) printTrace(tracker, setting, limited);
    const ideal = limited.stats.served / RATE;
    const limitedIntegrity = integrity(limited);
    print({ ...base, setting, figure: 'backlint seconds', value: round(limited.run.seconds), requests: limited.stats.served });
    print({ ...base, setting, figure: 'ideal seconds', value: round(ideal), note: `requests needed / ${RATE}` });
    print({ ...base, setting, figure: 'backlint over ideal', value: round(limited.run.seconds / ideal), target: '<= 1.2' });
    print({ ...base, setting, figure: '429s', value: limited.stats.throttled, target: 'a handful' });
    print({ ...base, setting, figure: 'items', expected: server.open, fetched: limited.fetched, lost: limitedIntegrity.lost, duplicated: limitedIntegrity.duplicated });
  }
}

export default async function benchProcess(): Promise<void> {
  const { sizes, trackers, trace, startup: withStartup } = options();
  // The bench runs what users run: the built CLI (tsc's dist/src, bundled into dist/cli). Build it first,
  // so that it is this checkout's code.
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle.mjs')], { cwd: ROOT, stdio: 'inherit' });
  print({ figure: 'machine', cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: os.loadavg().map((load) => round(load, 1)), memoryMeasure: existsSync(TIME) ? '/usr/bin/time -f %M (max RSS)' : '/proc/<pid>/status VmHWM, polled' });
  if (withStartup) await startup();
  for (const tracker of trackers) await benchTracker(tracker, sizes, trace);
  // Other work on the machine slows backlint's CPU-bound parts and not the naive way's waiting: say how busy it was.
  print({ figure: 'machine load at the end', loadAverage: os.loadavg().map((load) => round(load, 1)) });
}
