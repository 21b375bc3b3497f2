// `backlint check` and `backlint doctor` as processes against the loopback Jira: the live source gives the
// same findings as the same data saved as a jira-export file, and failures exit 2 without a report.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync, tempProject } from '../helpers/cli.js';
import { jiraSourceYaml } from '../helpers/jira-live.js';
import { DEFAULT_BOARDS, exportFile, generateDataset, withEmptyNextSprint, type Dataset } from '../servers/jira/dataset.js';
import { startJiraServer, type JiraServer } from '../servers/jira/server.js';

const TOKEN = 'ATATT3xFfGF0-e2e-secret-token';
const EMAIL = 'ana.souza@acme.example';

const dataset = generateDataset(600);
let cloud: JiraServer;
let datacenter: JiraServer;

beforeAll(async () => {
  cloud = await startJiraServer({ deployment: 'cloud', dataset, email: EMAIL, token: TOKEN });
  datacenter = await startJiraServer({ deployment: 'datacenter', dataset, token: TOKEN, dcMaxResults: 100 });
});
afterAll(async () => {
  await Promise.all([cloud.close(), datacenter.close()]);
});

const liveConfig = (server: JiraServer, deployment: 'cloud' | 'datacenter') =>
  [
    ...jiraSourceYaml(server.url, deployment, EMAIL),
    '    types: { roadmap: [Initiative] }',
    'roles:',
    '  productOwners: [ana.souza@acme.example, li.wei@acme.example]',
    '  productManagers: [priya.raman@acme.example]',
    '',
  ].join('\n');

const exportConfig = (baseUrl: string) =>
  ['sources:', '  - name: pay', '    type: jira-export', '    path: export.json', `    baseUrl: ${baseUrl}`, '    types: { roadmap: [Initiative] }', 'roles:', '  productOwners: [ana.souza@acme.example, li.wei@acme.example]', '  productManagers: [priya.raman@acme.example]', ''].join('\n');

const findingsOf = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { findings: unknown[] }).findings;

describe.each(['cloud', 'datacenter'] as const)('backlint check against the loopback Jira %s', (deployment) => {
  const server = () => (deployment === 'cloud' ? cloud : datacenter);
  const env = { JIRA_API_TOKEN: TOKEN, JIRA_PAT: TOKEN };

  it('reports the same findings as the same data linted as a jira-export file', async () => {
    const live = tempProject({ 'backlint.config.yaml': liveConfig(server(), deployment) });
    const saved = tempProject({ 'backlint.config.yaml': exportConfig(server().url), 'export.json': exportFile(dataset, deployment, server().url) });
    const [fromLive, fromExport] = await Promise.all([
      runCliAsync(['check', '--format', 'json:report.json'], { cwd: live, env }),
      runCliAsync(['check', '--format', 'json:report.json'], { cwd: saved }),
    ]);
    expect(fromLive.stderr).not.toContain('backlint:');
    expect(fromLive.code).toBe(1);
    expect(fromExport.code).toBe(1);
    const liveFindings = findingsOf(path.join(live, 'report.json'));
    expect(liveFindings.length).toBeGreaterThan(50);
    expect(liveFindings).toEqual(findingsOf(path.join(saved, 'report.json')));
  });

  it('lints only what --jql selects', async () => {
    const cwd = tempProject({ 'backlint.config.yaml': liveConfig(server(), deployment) });
    const run = await runCliAsync(['check', '--jql', 'project = WEB AND statusCategory != Done', '--format', 'json'], { cwd, env });
    const report = JSON.parse(run.stdout) as { findings: { itemKey: string }[] };
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((finding) => finding.itemKey.startsWith('WEB-'))).toBe(true);
  });

  it('--scope next-sprint lints exactly the open items of the board\'s earliest future sprint (Sprint 2), on the live site and its export alike', async () => {
    const inNextSprint = dataset.issues.filter((issue) => issue.sprint === 2 && issue.category !== 'done' && issue.type !== 'Task' && issue.type !== 'Bug' && !issue.labels.includes('backlint-ignore'));
    const live = tempProject({ 'backlint.config.yaml': liveConfig(server(), deployment) });
    const saved = tempProject({ 'backlint.config.yaml': exportConfig(server().url), 'export.json': exportFile(dataset, deployment, server().url) });
    const [fromLive, fromExport] = await Promise.all([
      runCliAsync(['check', '--scope', 'next-sprint', '--format', 'json:report.json'], { cwd: live, env }),
      runCliAsync(['check', '--scope', 'next-sprint', '--format', 'json:report.json'], { cwd: saved }),
    ]);
    expect(fromLive.stderr).not.toContain('backlint:');
    const report = JSON.parse(readFileSync(path.join(live, 'report.json'), 'utf8')) as { summary: { itemsChecked: number }; scope: { name: string }; findings: { itemKey: string }[] };
    expect(inNextSprint.length).toBeGreaterThan(10);
    expect(report.summary.itemsChecked).toBe(inNextSprint.length);
    expect(report.scope.name).toBe('next-sprint');
    const keys = new Set(inNextSprint.map((issue) => issue.key));
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((finding) => keys.has(finding.itemKey))).toBe(true);
    expect(fromExport.code).toBe(fromLive.code);
    expect(findingsOf(path.join(saved, 'report.json'))).toEqual(report.findings);
  });

  it('exits 2 on a wrong token, says what to check, writes no report and never prints the token', async () => {
    const cwd = tempProject({ 'backlint.config.yaml': liveConfig(server(), deployment) });
    const wrong = 'wrong-token-value-0123456789';
    const run = await runCliAsync(['check', '--format', 'json:report.json'], { cwd, env: { JIRA_API_TOKEN: wrong, JIRA_PAT: wrong } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^backlint: Source pay: GET \/rest\/api\/[23]\/(field|search\/jql) failed: 401 Unauthorized/);
    expect(run.stderr + run.stdout).not.toContain(wrong);
    expect(existsSync(path.join(cwd, 'report.json'))).toBe(false);
  });

  it('doctor passes on a healthy site and fails (exit 2) on a bad field mapping', async () => {
    const cwd = tempProject({ 'backlint.config.yaml': liveConfig(server(), deployment) });
    const good = await runCliAsync(['doctor'], { cwd, env });
    expect(good.stdout).toMatch(/✓ connection/);
    expect(good.stdout).toMatch(/✓ productOwner field: Product Owner \(customfield_10050\)/);
    expect(good.code).toBe(0);
    const bad = tempProject({ 'backlint.config.yaml': liveConfig(server(), deployment).replace('    projects:', '    fields: { productOwner: PO Owner }\n    projects:') });
    const run = await runCliAsync(['doctor'], { cwd: bad, env });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/✗ productOwner field/);
    expect(run.stdout).toMatch(/did you mean: .*Tech Lead \(customfield_10053\)/);
  });
});

describe('a live source that cannot be fetched completely', () => {
  it('exits 2 naming the source and request, and leaves the old report in place', async () => {
    const server = await startJiraServer({ deployment: 'cloud', dataset, email: EMAIL, token: TOKEN });
    try {
      server.inject({ kind: 'status', status: 502 }, 1000, '/bulkfetch');
      const cwd = tempProject({ 'backlint.config.yaml': liveConfig(server, 'cloud').replace('    projects:', '    maxTries: 2\n    projects:'), 'report.json': '{"old":true}' });
      const run = await runCliAsync(['check', '--format', 'json:report.json'], { cwd, env: { JIRA_API_TOKEN: TOKEN } });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/Source pay: POST \/rest\/api\/3\/issue\/bulkfetch failed after 2 tries: 502 Bad Gateway/);
      expect(readFileSync(path.join(cwd, 'report.json'), 'utf8')).toBe('{"old":true}');
    } finally {
      await server.close();
    }
  });
});

// SPEC §5: "next" is the earliest future sprint of the board, asked of the board through the Agile API
// (GET /rest/agile/1.0/board/{id}/sprint?state=future), not only the sprints the fetched items are in.
describe.each(['cloud', 'datacenter'] as const)('--scope next-sprint asks the %s boards for their future sprints', (deployment) => {
  const env = { JIRA_API_TOKEN: TOKEN, JIRA_PAT: TOKEN };
  type ScopedReport = { summary: { itemsChecked: number }; scope: { name: string; outOfScope: number }; findings: { itemKey: string }[] };
  const inSprint2 = dataset.issues.filter((issue) => issue.sprint === 2 && issue.category !== 'done' && issue.type !== 'Task' && issue.type !== 'Bug' && !issue.labels.includes('backlint-ignore'));
  const sprintRequests = (server: JiraServer) => server.stats.log.filter((entry) => entry.path.startsWith('/rest/agile/1.0/board/'));

  async function run(withBoards: Dataset, extra: { agileMaxResults?: number } = {}) {
    const server = await startJiraServer({ deployment, dataset: withBoards, email: EMAIL, token: TOKEN, ...(deployment === 'datacenter' ? { dcMaxResults: 100 } : {}), ...extra });
    try {
      const cwd = tempProject({ 'backlint.config.yaml': liveConfig(server, deployment) });
      const result = await runCliAsync(['check', '--scope', 'next-sprint', '--format', 'stylish', '--format', 'json:report.json'], { cwd, env });
      const report = JSON.parse(readFileSync(path.join(cwd, 'report.json'), 'utf8')) as ScopedReport;
      return { ...result, report, requests: sprintRequests(server) };
    } finally {
      await server.close();
    }
  }

  it('leaves every item out when the board\'s next sprint has no issue yet, and the report says so', async () => {
    const { code, stdout, stderr, report, requests } = await run(withEmptyNextSprint(dataset));
    expect(stderr).toBe('Report written: report.json (json)\n');
    expect(code).toBe(0);
    expect(report.summary.itemsChecked).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.scope.name).toBe('next-sprint');
    expect(report.scope.outOfScope).toBeGreaterThan(inSprint2.length);
    expect(stdout).toContain(`note: scope next-sprint left out ${report.scope.outOfScope} items`);
    expect(requests.map((entry) => [entry.method, entry.path, entry.status])).toEqual([['GET', '/rest/agile/1.0/board/1/sprint', 200]]);
  });

  it('reads every page of the board\'s future sprints (startAt, isLast): the earliest one is on the last page', async () => {
    // Listed last, starting first: only a client that follows isLast to the end sees it.
    const dated = (id: number, name: string, startDate: string) => ({ id, name, state: 'future' as const, startDate, endDate: startDate.replace('T09', 'T17') });
    const board = { id: 1, name: 'PAY board', sprints: [dated(2, 'Sprint 2', '2026-12-08T09:00:00.000Z'), dated(3, 'Sprint 3', '2026-12-22T09:00:00.000Z'), dated(51, 'Hardening', '2026-12-01T09:00:00.000Z')] };
    const { code, report, requests } = await run({ ...dataset, boards: [board] }, { agileMaxResults: 1 });
    expect(code).toBe(0);
    expect(report.summary.itemsChecked).toBe(0);
    expect(requests.length).toBe(3);
    expect(requests.every((entry) => entry.status === 200)).toBe(true);
  });

  it('falls back to the items\' sprints with a notice naming a board the token may not read (404)', async () => {
    const { code, stderr, report, requests } = await run({ ...dataset, boards: [{ ...DEFAULT_BOARDS[0]!, status: 404 }] });
    expect(code).toBe(1);
    expect(stderr).toContain("Source pay: board 1's future sprints could not be read (GET /rest/agile/1.0/board/1/sprint answered 403 or 404");
    expect(stderr).not.toContain(TOKEN);
    expect(report.summary.itemsChecked).toBe(inSprint2.length);
    expect(report.findings.every((finding) => inSprint2.some((issue) => issue.key === finding.itemKey))).toBe(true);
    expect(requests.map((entry) => entry.status)).toEqual([404]);
  });
});
