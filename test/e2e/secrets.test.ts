// Issue 9 point 6, as a CI job meets it: `backlint doctor` and `check` as processes, with recognisable
// tokens in the environment, against the loopback Jira and a small server here that answers 401 / 400
// and echoes the Authorization header back (as sent, decoded, cut short, percent-encoded). Neither the
// token, nor its base64 forms, nor any 8+ character slice of it may reach stdout, stderr or a report.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync, tempProject, type CliRun } from '../helpers/cli.js';
import { generateDataset } from '../servers/jira/dataset.js';
import { startJiraServer, type JiraServer } from '../servers/jira/server.js';

/** The API token (with the characters that percent-encoding and base64 alignment make interesting). */
const TOKEN = 'ATATT3xFfGF0+e2e/Secret=Token-7Qv9ZkPp2LxB4sWd';
/** A second secret, given in a URL's userinfo through a variable whose name says nothing. */
const BOT = 'pw-K8mQz3Lx7Vb2Nd5Rt9Wy';
const EMAIL = 'ana.souza@acme.example';

const base64 = (text: string) => Buffer.from(text).toString('base64');

/**
 * What may not appear: any 8-character slice of the secret, and any 12-character slice of the base64
 * characters that encode the secret alone, after each prefix a client or server puts before it.
 */
function tracesOf(secret: string): string[] {
  const slices = (value: string, length: number) => Array.from({ length: Math.max(0, value.length - length + 1) }, (_, at) => value.slice(at, at + length));
  const encoded = ['', ':', 'PAT:', 'bot:', `${EMAIL}:`, 'Bearer '].flatMap((prefix) => {
    const text = base64(`${prefix}${secret}`);
    const skip = Math.ceil(prefix.length / 3) * 4;
    return slices(text.slice(skip, text.length - 4), 12);
  });
  return [...slices(secret, 8), ...encoded];
}

function expectNoSecrets(texts: readonly string[]): void {
  for (const secret of [TOKEN, BOT]) {
    const traces = tracesOf(secret);
    for (const text of texts) {
      const found = traces.find((trace) => text.includes(trace));
      expect(found, `a trace of ${secret} in:\n${text}`).toBeUndefined();
    }
  }
  for (const text of texts) expect(text).not.toMatch(/https?:\/\/[^\s/"]*@(?<!\*\*\*@)/); // no userinfo left in a URL
}

const reportsIn = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => /\.(json|md|html|sarif|csv|xml|txt)$/.test(file) && file !== 'backlint.config.yaml');
const outputsOf = (run: CliRun, cwd: string) => [run.stdout, run.stderr, ...reportsIn(cwd).map((file) => readFileSync(path.join(cwd, file), 'utf8'))];

/**
 * The echo server: the first path segment picks the answer. `jira400` / `ado400`: 400 with an error
 * body that quotes the Authorization header; `ado401`: 401; `ado200`: a 200 whose body is the header.
 */
function echoBody(authorization: string): string[] {
  const credentials = authorization.replace(/^\w+ /, '');
  const decoded = /^Basic /.test(authorization) ? Buffer.from(credentials, 'base64').toString('utf8') : credentials;
  const secretPart = decoded.slice(decoded.indexOf(':') + 1);
  return [
    `Unauthorized: you sent "Authorization: ${authorization}"`,
    `decoded: ${decoded}`,
    `cut short: ${authorization.slice(0, 70)}`,
    `as a URL: https://host/?t=${encodeURIComponent(secretPart)}`,
  ];
}

let echo: Server;
let echoUrl: string;
let jira: JiraServer;

beforeAll(async () => {
  echo = createServer((req, res) => {
    const mode = (req.url ?? '/').split('/')[1];
    const lines = echoBody(req.headers.authorization ?? '');
    const send = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (mode === 'jira400') send(400, JSON.stringify({ errorMessages: lines, errors: {} }));
    else if (mode === 'ado400') send(400, JSON.stringify({ message: lines.join(' | '), typeKey: 'EchoException' }));
    else if (mode === 'ado401') send(401, JSON.stringify({ message: lines.join(' | ') }));
    else if (mode === 'ado200') send(200, `${req.headers.authorization ?? ''} ${lines.join(' ')}`, 'text/plain');
    else send(404, '{}');
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoUrl = `127.0.0.1:${(echo.address() as AddressInfo).port}`;
  jira = await startJiraServer({ deployment: 'cloud', dataset: generateDataset(30), email: EMAIL, token: TOKEN });
});
afterAll(async () => {
  await new Promise((resolve) => echo.close(resolve));
  await jira.close();
});

const env = { JIRA_API_TOKEN: TOKEN, AZURE_DEVOPS_EXT_PAT: TOKEN, JIRA_BOT: BOT, ADO_SLOT: BOT, CI: 'true' };

const jiraConfig = (lines: Record<string, string>) =>
  `sources:\n  - ${Object.entries({ name: 'pay', type: 'jira', baseUrl: jira.url, projects: '[PAY, WEB]', auth: `{ email: ${EMAIL}, token: "\${env:JIRA_API_TOKEN}" }`, maxTries: '1', ...lines })
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n    ')}\n`;

const adoConfig = (orgUrl: string) =>
  `sources:\n  - name: board\n    type: azure-devops\n    orgUrl: "${orgUrl}"\n    project: Shop\n    auth: { token: "\${env:AZURE_DEVOPS_EXT_PAT}" }\n    maxTries: 1\n`;

describe('a token in a site URL', () => {
  it('doctor prints the site without its credentials, whatever the variable is called', async () => {
    const cwd = tempProject({ 'backlint.config.yaml': jiraConfig({ baseUrl: `"${jira.url.replace('://', '://bot:${env:JIRA_BOT}@')}"` }) });
    const run = await runCliAsync(['doctor'], { cwd, env });
    expect(run.stdout).toMatch(/connection: http:\/\/\*\*\*@127\.0\.0\.1:\d+ answers/);
    expectNoSecrets(outputsOf(run, cwd));
  });

  it('check prints no PAT from the user part of orgUrl in the 401 hint', async () => {
    const cwd = tempProject({ 'backlint.config.yaml': adoConfig(`http://\${env:ADO_SLOT}@${echoUrl}/ado401/acme`) });
    const run = await runCliAsync(['check', '--format', 'json:report.json'], { cwd, env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/refused the personal access token/);
    expect(run.stderr).toMatch(/orgUrl is right \(http:\/\/\*\*\*@127\.0\.0\.1:\d+\/ado401\/acme\)/);
    expectNoSecrets(outputsOf(run, cwd));
  });

  it('a literal credential in baseUrl or orgUrl is refused, and not printed', async () => {
    for (const config of [jiraConfig({ baseUrl: `http://bot:${BOT}@${echoUrl}` }), adoConfig(`http://${BOT}@${echoUrl}/acme`)]) {
      const cwd = tempProject({ 'backlint.config.yaml': config });
      const run = await runCliAsync(['check'], { cwd, env: {} });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/sources\[0\]\.(baseUrl|orgUrl): a literal secret is refused/);
      expectNoSecrets(outputsOf(run, cwd));
    }
  });
});

describe('a token in the wrong key', () => {
  it.each([
    ['auth', { auth: '"${env:JIRA_API_TOKEN}"' }],
    ['baseUrl', { baseUrl: '"${env:JIRA_API_TOKEN}"' }],
    ['deployment', { deployment: '"${env:JIRA_API_TOKEN}"' }],
    ['maxTries', { maxTries: '"${env:JIRA_API_TOKEN}"' }],
  ])('%s: the config error names the variable and shows no part of the value', async (key, lines) => {
    const cwd = tempProject({ 'backlint.config.yaml': jiraConfig(lines) });
    for (const command of ['check', 'doctor']) {
      const run = await runCliAsync([command], { cwd, env });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`sources[0].${key}: `);
      expect(run.stderr).toContain('from ${env:JIRA_API_TOKEN}');
      expectNoSecrets(outputsOf(run, cwd));
    }
  });
});

describe("a server that echoes the Authorization header", () => {
  it('Jira: check and doctor quote its error body without the credentials', async () => {
    const cwd = tempProject({ 'backlint.config.yaml': jiraConfig({ baseUrl: `http://${echoUrl}/jira400` }) });
    const check = await runCliAsync(['check', '--format', 'json:report.json'], { cwd, env });
    const doctor = await runCliAsync(['doctor'], { cwd, env });
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/400 Bad Request: Unauthorized: you sent "Authorization: Basic \*\*\*"/);
    expect(doctor.code).toBe(2);
    expect(doctor.stdout).toMatch(/✗ connection: .*400 Bad Request: Unauthorized: you sent "Authorization: Basic \*\*\*"/);
    expectNoSecrets([...outputsOf(check, cwd), doctor.stdout, doctor.stderr]);
  });

  it('Jira with credentials in the URL: the client sends user:password from it, and no echo shows them', async () => {
    const cwd = tempProject({ 'backlint.config.yaml': jiraConfig({ baseUrl: `"http://bot:\${env:JIRA_BOT}@${echoUrl}/jira400"` }) });
    const run = await runCliAsync(['check'], { cwd, env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/you sent "Authorization: Basic \*\*\*"/);
    expectNoSecrets(outputsOf(run, cwd));
  });

  it.each(['ado400', 'ado401', 'ado200'])('Azure DevOps (%s): check and doctor show no credentials', async (mode) => {
    const cwd = tempProject({ 'backlint.config.yaml': adoConfig(`http://${echoUrl}/${mode}/acme`) });
    const check = await runCliAsync(['check', '--format', 'json:report.json'], { cwd, env });
    const doctor = await runCliAsync(['doctor'], { cwd, env });
    expect(check.code).toBe(2);
    expect(doctor.code).toBe(2);
    expectNoSecrets([...outputsOf(check, cwd), doctor.stdout, doctor.stderr]);
  });
});

describe('reports', () => {
  it('carry no credentials from a site URL, in any format', async () => {
    // The token has / + =: written in a URL it must be percent-encoded, and the client decodes it.
    const cwd = tempProject({ 'backlint.config.yaml': jiraConfig({ baseUrl: `"${jira.url.replace('://', '://ana.souza%40acme.example:${env:JIRA_URL_TOKEN}@')}"` }) });
    const formats = ['json', 'markdown', 'html', 'sarif', 'csv', 'junit'].flatMap((name) => ['--format', `${name}:out/report.${name}.txt`]);
    const run = await runCliAsync(['check', '--format', 'stylish', ...formats], { cwd, env: { ...env, JIRA_URL_TOKEN: encodeURIComponent(TOKEN) } });
    expect(run.stderr).not.toContain('backlint:');
    expect(run.code).toBe(1);
    expect(reportsIn(cwd).length).toBe(6);
    expectNoSecrets(outputsOf(run, cwd));
  });
});

describe("main's error path", () => {
  it('redacts a variable named like a secret even when the config never read it', async () => {
    const cwd = tempProject({});
    const run = await runCliAsync(['check', '--config', `${BOT}.yaml`], { cwd, env: { ADO_CREDS: BOT } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Cannot read config \*\*\*\.yaml: file not found/);
    expectNoSecrets([run.stdout, run.stderr]);
  });

  it('does not cut ordinary values (EXPORT_PATH, a project key) out of messages', async () => {
    const cwd = tempProject({ 'backlint.config.yaml': 'sources:\n  - name: pay\n    type: jira-export\n    path: ${env:EXPORT_PATH}/${env:JIRA_PROJECT_KEY}.json\n' });
    const run = await runCliAsync(['check'], { cwd, env: { EXPORT_PATH: 'exports-folder', JIRA_PROJECT_KEY: 'PAYMENTS' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/exports-folder\/PAYMENTS\.json does not exist/);
  });
});

describe('a secret pasted into item text', () => {
  it('is in no report, whatever the format escapes, and redacting it leaves the CSV whole', async () => {
    // A Data Center password with a character every format escapes at least every 8 characters, so no
    // run of 8 survives an escape: only redacting the text before escaping catches it.
    const password = 'Zq9<Xk2&Lm7>Pw4<Rt8&Vn5>Hy6"Ab_|*';
    const demo = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', '..', 'fixtures', 'demo', 'jira-cloud-search.json'), 'utf8')) as { issues: { fields: { summary: string } }[] };
    for (const issue of demo.issues) issue.fields.summary = `pw: ${password} end`;
    const config = [
      'sources:',
      '  - name: payments',
      '    type: jira-export',
      '    path: export.json',
      '    fields: { productOwner: Product Owner, productManager: Product Manager, acceptanceCriteria: Acceptance Criteria }',
      '  - name: live',
      '    type: jira',
      '    deployment: datacenter',
      '    baseUrl: http://127.0.0.1:9',
      '    auth: { username: ci-bot, password: "${env:JIRA_PASSWORD}" }',
      '    projects: [PAY]',
      '',
    ].join('\n');
    const cwd = tempProject({ 'backlint.config.yaml': config, 'export.json': demo });
    const formats = ['json', 'markdown', 'html', 'sarif', 'csv', 'junit'].flatMap((name) => ['--format', `${name}:out/report.${name}.txt`]);
    const run = await runCliAsync(['check', '--source', 'payments', '--format', 'stylish', ...formats], { cwd, env: { JIRA_PASSWORD: password } });
    expect(run.code).toBe(1);
    const reports = readdirSync(path.join(cwd, 'out')).map((file) => readFileSync(path.join(cwd, 'out', file), 'utf8'));
    expect(reports.length).toBe(6);
    const outputs = [run.stdout, run.stderr, ...reports];
    const pieces = password.split(/[<>&"_|*]/).filter((piece) => piece.length >= 3);
    for (const text of outputs) for (const piece of pieces) expect(text).not.toContain(piece);
    const csv = readFileSync(path.join(cwd, 'out', 'report.csv.txt'), 'utf8');
    expect(csv).toContain(',pw: *** end,');
    // Every row as many cells as the header: no quote left open by a redaction.
    const rows = csv.trim().split('\n').map((line) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.length);
    expect(new Set(rows).size).toBe(1);
  });
});
