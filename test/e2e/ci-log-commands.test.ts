// The CLI as a process, on tracker text written to drive the CI job that runs it (issue 9, point 1):
// titles, names, emails, keys, issue type names, a server's error body and its field names carry
// Azure Pipelines (`##vso[`), GitHub (`##[`, leading `::`) and TeamCity (`##teamcity[`) log commands,
// also after `\r` and after whitespace, and ESC, C1 and bidi characters. No line of stdout or stderr,
// as the agents split them, may run a command, in any format; `--format json` still reads back every
// title exactly.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adfWithCriteria, exportConfig, jiraIssue, runCliAsync, searchResponse, tempProject, type CliRun } from '../helpers/cli.js';

const TITLES = [
  'Fix login ##vso[task.setvariable variable=X]y',
  '##vso[task.prependpath]/tmp/evil',
  '##[error]x',
  '##VSO[task.complete result=Succeeded]',
  '::error file=a::x',
  '   ::warning::after spaces',
  'first\r::error file=b::after a CR',
  'first\r\n::add-mask::after CRLF',
  'first\n::set-output name=x::after LF',
  '#\u200b#vso[task.setvariable variable=Z]zero width inside',
  "##teamcity[setParameter name='env.JIRA_API_TOKEN' value='x']",
  "  ##teamcity[buildStatus status='SUCCESS' text='after spaces']",
  "first\r##teamcity[message text='after a CR' status='ERROR']",
  'ESC \u001b[2J\u001b[H\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007 C1 \u0085\u009b31m bidi \u202egnp.exe\u202c \u2066x\u2069 \u200f',
];
const TYPE = 'Story ##vso[task.setvariable variable=T]t';

const hostileUser = (i: number) => ({
  accountId: `acc-${i}`,
  displayName: i % 2 === 0 ? `::error::Eve ${i}\r##vso[task.setvariable variable=N]n` : `Mallory\u202e ${i} ##[warning]w`,
  emailAddress: `eve${i}##vso[task.setvariable variable=E]e@evil.example`,
  active: true,
  accountType: 'atlassian',
});

function exportFile() {
  const issues = TITLES.map((summary, i) => {
    const issue = jiraIssue(i % 3 === 0 ? `PAY-${i + 1}` : `PAY-${i + 1}##vso[task.setvariable variable=K]k`, { summary, type: TYPE, po: hostileUser(i) });
    return issue;
  });
  // One item with acceptance criteria and a PO, so not every title shows in every report.
  issues.push(jiraIssue('PAY-99', { summary: 'Clean ::error::x', type: TYPE, description: adfWithCriteria, po: hostileUser(99), parent: 'PAY-1000' }));
  return searchResponse(issues);
}

const config = exportConfig(`    types: { story: ["${TYPE}"] }\n`);

/** Lines as the agents read them (.NET ReadLine: \n, \r, \r\n), minus what culture-sensitive matching skips. */
function commandLines(run: CliRun): string[] {
  return `${run.stdout}\n${run.stderr}`
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}]/gu, ''))
    .filter((line) => /##vso\[|##teamcity\[|##\[/i.test(line) || /^[\s\u0085]*::/.test(line));
}

const UNSAFE_RAW = /[\u0000-\u0008\u000b\u000c\u000e-\u001a\u001c-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]|\u001b(?!\[[0-9;]*m)/;

describe('backlint check on hostile tracker text', () => {
  const cwd = tempProject({ 'backlint.config.yaml': config, 'export.json': exportFile() });

  it.each([
    ['stylish', []],
    ['stylish by owner', ['--group-by', 'owner']],
    ['stylish by rule, in colour', ['--group-by', 'rule'], { FORCE_COLOR: '1' }],
    ['json', ['--format', 'json']],
    ['markdown', ['--format', 'markdown', '--group-by', 'item']],
    ['csv', ['--format', 'csv']],
    ['junit', ['--format', 'junit']],
    ['sarif', ['--format', 'sarif']],
    ['html', ['--format', 'html']],
  ] as [string, string[], NodeJS.ProcessEnv?][])('%s: no printed line runs a CI command or carries a control character', async (_name, args, env) => {
    const run = await runCliAsync(['check', '--no-progress', ...args], { cwd, ...(env ? { env } : {}) });
    expect(run.stderr).not.toContain('backlint:');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('PAY-1');
    expect(commandLines(run)).toEqual([]);
    expect(run.stdout).not.toMatch(UNSAFE_RAW);
    expect(run.stderr).not.toMatch(UNSAFE_RAW);
  });

  it('--format json reads back every title, name and key exactly', async () => {
    const run = await runCliAsync(['check', '--format', 'json'], { cwd });
    const report = JSON.parse(run.stdout) as { findings: { title: string; itemKey: string; itemType: string; responsible: { displayName: string; email?: string } | null }[] };
    const titles = new Set(report.findings.map((f) => f.title));
    expect([...titles].sort()).toEqual([...TITLES].sort());
    expect(report.findings.every((f) => f.itemType === TYPE)).toBe(true);
    expect(report.findings.map((f) => f.itemKey)).toContain('PAY-2##vso[task.setvariable variable=K]k');
    expect(report.findings.map((f) => f.responsible?.displayName)).toContain('::error::Eve 0\r##vso[task.setvariable variable=N]n');
  });
});

describe('backlint doctor and check against a server whose answers carry commands', () => {
  const HOSTILE = "##vso[task.setvariable variable=S]s\r::error::from the server\n##teamcity[buildStatus status='SUCCESS'] \u001b[2J\u202e\u0085";
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (path.endsWith('/serverInfo')) return send(200, { deploymentType: 'Cloud', version: `1001.0.0 ${HOSTILE}` });
      if (path.endsWith('/myself')) return send(200, { accountId: 'a', displayName: `::error::Bot\r##[error]x`, emailAddress: 'bot@x.example' });
      if (path.endsWith('/mypermissions')) return send(200, { permissions: { BROWSE_PROJECTS: { havePermission: true } } });
      if (path.endsWith('/field')) {
        return send(200, [
          { id: 'summary', name: 'Summary', custom: false, schema: { type: 'string', system: 'summary' } },
          { id: 'customfield_1', name: `::error::Owner ${HOSTILE}`, custom: true, schema: { type: 'user', custom: 'x' } },
          { id: 'customfield_2', name: '  ::warning::PO\r##vso[task.prependpath]/tmp', custom: true, schema: { type: 'user', custom: 'x' } },
        ]);
      }
      return send(400, { errorMessages: [`JQL broken: ${HOSTILE}`], errors: { jql: `::error file=jql::${HOSTILE}` } });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const liveConfig = () =>
    ['sources:', '  - name: pay', '    type: jira', '    deployment: cloud', `    baseUrl: ${baseUrl}`, '    auth: { email: bot@x.example, token: "${env:JIRA_API_TOKEN}" }', '    projects: [PAY]', ''].join('\n');
  const env = { JIRA_API_TOKEN: 'tok-e2e-terminal-9Qv7ZkPp' };

  it("doctor: server details and the site's field names in did-you-mean lists run nothing", async () => {
    const run = await runCliAsync(['doctor'], { cwd: tempProject({ 'backlint.config.yaml': liveConfig() }), env: { ...env, FORCE_COLOR: '1' } });
    expect(run.stdout).toContain('did you mean');
    expect(run.stdout).toContain('Owner');
    expect(commandLines(run)).toEqual([]);
    expect(run.stdout).not.toMatch(UNSAFE_RAW);
  });

  it('check: the quoted server error on stderr runs nothing', async () => {
    const run = await runCliAsync(['check', '--no-progress'], { cwd: tempProject({ 'backlint.config.yaml': liveConfig() }), env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('JQL broken');
    expect(commandLines(run)).toEqual([]);
    expect(run.stderr).not.toMatch(UNSAFE_RAW);
  });
});
