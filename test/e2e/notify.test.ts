// `backlint check --notify` and `--notify-dry-run`, and `doctor` with notify targets, as a user runs
// them: the real CLI against loopback Slack and Teams webhooks (SPEC §8, §13).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportConfig, jiraIssue, jiraUser, runCli, runCliAsync, searchResponse, tempProject, type CliRun } from '../helpers/cli.js';
import { blockProblem, startSlackServer, type SlackServer } from '../servers/slack.js';
import { startTeamsServer, TEAMS_MAX_PAYLOAD_BYTES, type TeamsServer } from '../servers/teams.js';

const ana = jiraUser('Ana Souza');
const li = jiraUser('Li Wei');
const issues = searchResponse([jiraIssue('PAY-1', { po: null, summary: '<!channel> pay now' }), jiraIssue('PAY-2', { po: ana }), jiraIssue('PAY-3', { po: li })]);

const SLACK_URL = 'https://hooks.slack.com/services/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';
const TEAMS_URL = 'https://prod-27.westeurope.logic.azure.com:443/workflows/5f0c1d2e3a4b/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Q1w2E3r4T5y6U7i8O9p0AsDfGhJkLzXcVbNm';

const notifyConfig = (extra = '') => `notify:
  targets:
    - type: slack
      name: backlog-chat
      url: \${env:SLACK_WEBHOOK_URL}
    - type: teams
      url: \${env:TEAMS_WEBHOOK_URL}
      audience: team
${extra}`;

const project = (extra = '') => tempProject({ 'backlint.config.yaml': `${exportConfig()}${notifyConfig(extra)}`, 'export.json': issues });

/** No form of the webhook URLs, nor their secret parts, anywhere in what the run printed or wrote. */
function expectNoSecret(run: CliRun, cwd: string, urls: readonly string[]) {
  const files = ['out.json'].filter((file) => existsSync(path.join(cwd, file))).map((file) => readFileSync(path.join(cwd, file), 'utf8'));
  for (const text of [run.stdout, run.stderr, ...files]) {
    for (const url of urls) {
      const parsed = new URL(url);
      expect(text).not.toContain(url);
      expect(text).not.toContain(encodeURIComponent(url));
      expect(text).not.toContain(parsed.searchParams.get('sig') ?? parsed.pathname.split('/').at(-1)!);
    }
  }
}

describe('backlint check --notify-dry-run', () => {
  it('prints each message that would be sent as a JSON line on stdout, sends nothing, and shows no URL', () => {
    const cwd = project();
    const run = runCli(['check', '--notify-dry-run', '--format', 'json:out.json'], { cwd, env: { SLACK_WEBHOOK_URL: SLACK_URL, TEAMS_WEBHOOK_URL: TEAMS_URL } });
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { target: string; type: string; message: number; of: number; payload: { text?: string; blocks?: { type: string; text?: { text: string } }[]; type?: string } });
    expect(lines.map(({ target, type, message, of }) => [target, type, message, of])).toEqual([
      ['backlog-chat', 'slack', 1, 1],
      ['teams#2', 'teams', 1, 1],
    ]);
    expect(lines[0]!.payload.text).toBe('backlint: 4 findings');
    expect(lines[0]!.payload.blocks!.map((block) => block.type)).toEqual(['header', 'section', 'section', 'section', 'section']);
    expect(JSON.stringify(lines[0]!.payload)).toContain('&lt;!channel&gt; pay now');
    expect(lines[1]!.payload.type).toBe('message');
    expect(run.stderr).toContain('Notify backlog-chat (dry run): 1 message would be sent, printed as JSON lines; nothing was sent.');
    expect(existsSync(path.join(cwd, 'out.json'))).toBe(true);
    expectNoSecret(run, cwd, [SLACK_URL, TEAMS_URL]);
  });

  it('prints the payloads on stderr when a report is on stdout, so the report stays parseable', () => {
    const cwd = project();
    const run = runCli(['check', '--notify-dry-run', '--format', 'json'], { cwd, env: { SLACK_WEBHOOK_URL: SLACK_URL, TEAMS_WEBHOOK_URL: TEAMS_URL } });
    expect(JSON.parse(run.stdout).findings).toHaveLength(4);
    expect(run.stderr).toMatch(/^\{"target":"backlog-chat","type":"slack","message":1,"of":1,"payload":/m);
    expectNoSecret(run, cwd, [SLACK_URL, TEAMS_URL]);
  });

  it('prints a huge owner name cut to 100 characters, every message within the limits of its service', () => {
    const long = jiraUser('N'.repeat(40_000));
    const config = `${exportConfig()}notify:\n  targets:\n    - type: slack\n      url: \${env:SLACK_WEBHOOK_URL}\n      when: always\n    - type: teams\n      url: \${env:TEAMS_WEBHOOK_URL}\n      when: always\n`;
    const cwd = tempProject({ 'backlint.config.yaml': config, 'export.json': searchResponse([jiraIssue('PAY-1', { po: long })]) });
    const run = runCli(['check', '--notify-dry-run', '--format', 'json:out.json'], { cwd, env: { SLACK_WEBHOOK_URL: SLACK_URL, TEAMS_WEBHOOK_URL: TEAMS_URL } });
    expect(run.stderr).not.toContain('unexpected error');
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; payload: { blocks?: unknown } });
    expect(lines.map((line) => line.type)).toEqual(['slack', 'teams']);
    expect(blockProblem(lines[0]!.payload.blocks)).toBeNull();
    expect(JSON.stringify(lines[0]!.payload)).toContain(`*${'N'.repeat(99)}…: 1 finding*`);
    expect(Buffer.byteLength(JSON.stringify(lines[1]!.payload))).toBeLessThanOrEqual(TEAMS_MAX_PAYLOAD_BYTES);
    expect(JSON.stringify(lines[1]!.payload)).not.toContain('N'.repeat(101));
  });

  it('refuses a webhook URL written in the config, without quoting it', () => {
    const cwd = tempProject({ 'backlint.config.yaml': `${exportConfig()}notify:\n  targets:\n    - type: slack\n      url: ${SLACK_URL}\n`, 'export.json': issues });
    const run = runCli(['check', '--notify-dry-run'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('notify.targets[0].url: a literal secret is refused. Put the webhook URL (whoever has it can post to the channel) in an environment variable and write ${env:NAME} here');
    expectNoSecret(run, cwd, [SLACK_URL]);
  });

  it('says --notify needs a notify section, before fetching anything', () => {
    const cwd = tempProject({ 'backlint.config.yaml': exportConfig(), 'export.json': issues });
    const run = runCli(['check', '--notify', '--format', 'json:out.json'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--notify: backlint.config.yaml has no notify section.');
    expect(existsSync(path.join(cwd, 'out.json'))).toBe(false);
    expect(runCli(['check', '--notify', '--notify-dry-run'], { cwd }).code).toBe(2);
    const updating = runCli(['check', '--notify-dry-run', '--update-baseline'], { cwd: project(), env: { SLACK_WEBHOOK_URL: SLACK_URL, TEAMS_WEBHOOK_URL: TEAMS_URL } });
    expect(updating.code).toBe(2);
    expect(updating.stderr).toContain('--notify-dry-run goes with a lint run, not with --update-baseline');
  });
});

describe('backlint check --notify', () => {
  let slack: SlackServer | undefined;
  let teams: TeamsServer | undefined;
  afterEach(async () => {
    await slack?.close();
    await teams?.close();
    slack = teams = undefined;
  });

  it('sends the digest to Slack and Teams after writing the reports, paced, waiting out a 429', async () => {
    slack = await startSlackServer({ minSpacingMs: 900, throttle: { times: 1, retryAfter: '1' } });
    teams = await startTeamsServer({ minSpacingMs: 900 });
    const cwd = project();
    const run = await runCliAsync(['check', '--notify', '--format', 'json:out.json'], { cwd, env: { SLACK_WEBHOOK_URL: slack.url, TEAMS_WEBHOOK_URL: teams.url } });
    expect(run.stderr).toContain('Notified backlog-chat: 1 message sent (rate limited 1 time, waited out).');
    expect(run.stderr).toContain('Notified teams#2: 1 message sent.');
    expect(run.code).toBe(1);
    expect(slack.requests.map((request) => request.status)).toEqual([429, 200]);
    expect(slack.requests[1]!.at - slack.requests[0]!.at).toBeGreaterThanOrEqual(990);
    expect(teams.requests.map((request) => request.status)).toEqual([202]);
    expect(JSON.stringify(slack.requests[1]!.json)).toContain('Ana Souza');
    expectNoSecret(run, cwd, [slack.url, teams.url]);
  });

  it('sends nothing when nothing is new since --compare', async () => {
    slack = await startSlackServer();
    teams = await startTeamsServer();
    const cwd = project();
    expect(runCli(['check', '--format', 'json:previous.json'], { cwd, env: { SLACK_WEBHOOK_URL: slack.url, TEAMS_WEBHOOK_URL: teams.url } }).code).toBe(1);
    const run = await runCliAsync(['check', '--notify', '--compare', 'previous.json'], { cwd, env: { SLACK_WEBHOOK_URL: slack.url, TEAMS_WEBHOOK_URL: teams.url } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Notify backlog-chat: nothing new since the previous report (previous.json), nothing sent.');
    expect(slack.requests).toHaveLength(0);
    expect(teams.requests).toHaveLength(0);
  });

  it('exits 2 after writing the reports when a send fails, naming the target, not the URL', async () => {
    slack = await startSlackServer();
    teams = await startTeamsServer();
    const revoked = slack.url.replace(/[^/]+$/, 'revokedWebhookToken987654321');
    const cwd = project();
    const run = await runCliAsync(['check', '--notify', '--format', 'json:out.json'], { cwd, env: { SLACK_WEBHOOK_URL: revoked, TEAMS_WEBHOOK_URL: teams.url } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('backlint: notify backlog-chat: message 1 of 1 failed: HTTP 404 no_service. 0 of 1 sent; the reports were written.');
    // The other target still gets its digest.
    expect(teams.requests.map((request) => request.status)).toEqual([202]);
    expect(JSON.parse(readFileSync(path.join(cwd, 'out.json'), 'utf8')).findings).toHaveLength(4);
    expectNoSecret(run, cwd, [revoked, teams.url]);
  });

  it('sends nothing when the run cannot complete (exit 2)', async () => {
    slack = await startSlackServer();
    teams = await startTeamsServer();
    const cwd = project();
    writeFileSync(path.join(cwd, 'export.json'), '{ broken');
    const run = await runCliAsync(['check', '--notify'], { cwd, env: { SLACK_WEBHOOK_URL: slack.url, TEAMS_WEBHOOK_URL: teams.url } });
    expect(run.code).toBe(2);
    expect(slack.requests).toHaveLength(0);
    expect(teams.requests).toHaveLength(0);
  });
});

describe('backlint doctor with notify targets', () => {
  it('checks each URL looks like its service, posting nothing and showing no URL', () => {
    const cwd = project();
    const good = runCli(['doctor'], { cwd, env: { SLACK_WEBHOOK_URL: SLACK_URL, TEAMS_WEBHOOK_URL: TEAMS_URL } });
    expect(good.stdout).toContain('✓ backlog-chat (slack): a Slack incoming webhook URL (hooks.slack.com/services/…); nothing posted');
    expect(good.stdout).toContain('✓ teams#2 (teams): a Teams Workflows webhook URL (prod-27.westeurope.logic.azure.com); nothing posted');
    expect(good.code).toBe(0);
    expectNoSecret(good, cwd, [SLACK_URL, TEAMS_URL]);

    const retired = 'https://contoso.webhook.office.com/webhookb2/0a1b2c3d@4e5f/IncomingWebhook/abcdef0123456789/9f8e7d6c';
    const bad = runCli(['doctor'], { cwd, env: { SLACK_WEBHOOK_URL: TEAMS_URL, TEAMS_WEBHOOK_URL: retired } });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain("✗ backlog-chat (slack): the URL's host is prod-27.westeurope.logic.azure.com, not hooks.slack.com");
    expect(bad.stdout).toContain('✗ teams#2 (teams): an Office 365 connector (incoming webhook) URL: Microsoft has retired those.');
    expectNoSecret(bad, cwd, [TEAMS_URL]);
    expect(bad.stdout + bad.stderr).not.toContain('abcdef0123456789');

    const unset = runCli(['doctor'], { cwd, env: { TEAMS_WEBHOOK_URL: TEAMS_URL } });
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('notify.targets[0].url: environment variable SLACK_WEBHOOK_URL is not set');
  });
});
