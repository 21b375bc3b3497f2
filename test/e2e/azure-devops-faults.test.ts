// `backlint check` / `doctor` spawned against a hostile loopback Azure DevOps (issue 9): every fault is
// exit 2 with a message a person can act on, no stack trace, no secret, no report written.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliAsync, tempProject } from '../helpers/cli.js';
import { adoConfigYaml, adoLoopback } from '../helpers/ado-live.js';
import { generateAdoDataset } from '../servers/azure-devops/dataset.js';
import type { AdoServer } from '../servers/azure-devops/server.js';

const TOKEN = 'p9tq2mzk6wrx4vbn8cje3hys7ad5lgf1ou0iwk2qe9rt6zm4xb3n';
const dataset = generateAdoDataset({ count: 500, seed: 17 });

const { serve } = adoLoopback(TOKEN, dataset);

async function check(server: AdoServer, extra = '') {
  const cwd = tempProject({ 'backlint.config.yaml': adoConfigYaml(server.servicesUrl, extra) });
  const run = await runCliAsync(['check', '--format', 'json:report.json', '--no-progress'], { cwd, env: { ADO_PAT: TOKEN } });
  return { ...run, reportWritten: existsSync(path.join(cwd, 'report.json')) };
}

/** Exit 2, no report, no stack trace, no token, and the message asked for. */
function expectFailed(run: Awaited<ReturnType<typeof check>>, message: RegExp) {
  expect(run.stderr).toMatch(message);
  expect(run.code).toBe(2);
  expect(run.reportWritten).toBe(false);
  expect(run.stderr + run.stdout).not.toMatch(/\n\s+at |TimeoutOverflowWarning|RangeError|ERR_STRING_TOO_LONG/);
  expect(run.stderr + run.stdout).not.toContain(TOKEN);
}

describe('backlint check against a hostile Azure DevOps', () => {
  it('a 307 on the batch call: exit 2 naming the request and the origin; the other port gets nothing, no PAT', async () => {
    const server = await serve({ faults: [{ kind: 'redirect', status: 307, match: /workitemsbatch/, times: 1000 }] });
    const run = await check(server);
    expectFailed(run, /Source boards: POST Fabrikam Fiber\/_apis\/wit\/workitemsbatch \(\d+ ids from \d+\): 307 redirect to http:\/\/127\.0\.0\.1:\d+; backlint follows no redirect/);
    expect(run.stderr).not.toMatch(/redirect-user|redirect-password|secret-query-value/);
    expect(server.stats.elsewhere).toEqual({ requests: 0, authorization: [] });
  }, 60_000);

  it('a batch answering existing items null: exit 2, not a report with fewer items', async () => {
    const server = await serve({ faults: [{ kind: 'batch', mode: 'null', count: 5, times: 1 }] });
    expectFailed(await check(server), /Source boards: POST Fabrikam Fiber\/_apis\/wit\/workitemsbatch \(\d+ ids from \d+\): Azure DevOps answered an incomplete batch: null for 5 work items that still exist/);
  }, 60_000);

  it('items really deleted meanwhile: the report is written, with the notice on stderr', async () => {
    const server = await serve({ vanishing: new Set(dataset.items.slice(0, 40).map((item) => item.id)) });
    const run = await check(server, '    wiql: SELECT [System.Id] FROM WorkItems\n');
    expect(run.stderr).toMatch(/Source boards: 40 work items selected by the query no longer exist \(deleted or moved meanwhile\); not checked\./);
    expect(run.reportWritten).toBe(true);
    expect(run.code).toBe(1);
  }, 60_000);

  it('a WIQL window that ignores the window: exit 2 instead of a silent partial selection', async () => {
    const server = await serve({ wiqlCap: 200, wiqlSilentCap: true, faults: [{ kind: 'wiql', mode: 'ignore-window', times: 1000 }] });
    expectFailed(await check(server, '    wiql: SELECT [System.Id] FROM WorkItems\n'), /POST Fabrikam Fiber\/_apis\/wit\/wiql \(the ids after \d+\): Azure DevOps answered a window it was not asked for/);
  }, 60_000);

  it('a body of 1 byte every 200 ms: exit 2 after timeoutSeconds, not a hang', async () => {
    const server = await serve({ faults: [{ kind: 'slow-body', everyMs: 200, match: /workitemsbatch/, times: 1000 }] });
    expectFailed(await check(server, '    timeoutSeconds: 1\n    maxTries: 2\n'), /workitemsbatch .* failed after 2 tries: timed out: no complete answer within 1 s \(timeoutSeconds\)/);
  }, 60_000);

  it('a 1.5 GB body, streamed without Content-Length: exit 2 at the 256 MiB cap, not a crash', async () => {
    const server = await serve({ faults: [{ kind: 'huge-body', bytes: 1.5 * 1024 ** 3, match: /wiql/, times: 1 }] });
    expectFailed(await check(server), /POST Fabrikam Fiber\/_apis\/wit\/wiql failed: the answer is larger than 256 MiB, the most backlint reads of one response/);
    expect(server.stats.streamedBytes).toBeLessThan(1.5 * 1024 ** 3);
  }, 120_000);

  it.each([
    ['Retry-After: 1e9', { 'Retry-After': '1e9' }],
    ['X-RateLimit-Delay: 1e9', { 'X-RateLimit-Delay': '1e9' }],
  ])('a 429 with %s: exit 2 at once, naming the delay', async (_name, headers) => {
    const server = await serve({ faults: [{ kind: 'status', status: 429, match: /workitemsbatch/, times: 1000, headers }] });
    expectFailed(await check(server), /429 Too Many Requests; the server asked to wait 11574 days, longer than the 5 minutes backlint waits \(maxWaitSeconds\)/);
  }, 60_000);
});

describe('backlint doctor against a hostile Azure DevOps', () => {
  it('connectionData redirected: the connection check fails, naming the origin, and nothing reaches it', async () => {
    const server = await serve({ faults: [{ kind: 'redirect', status: 302, match: /connectionData/, times: 1000 }] });
    const cwd = tempProject({ 'backlint.config.yaml': adoConfigYaml(server.servicesUrl) });
    const run = await runCliAsync(['doctor'], { cwd, env: { ADO_PAT: TOKEN } });
    expect(run.stdout).toMatch(/✗ connection: .*GET _apis\/connectionData: 302 redirect to http:\/\/127\.0\.0\.1:\d+;/);
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).not.toMatch(/redirect-password|secret-query-value|\n\s+at /);
    expect(server.stats.elsewhere).toEqual({ requests: 0, authorization: [] });
  }, 60_000);
});
