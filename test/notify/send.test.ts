// Sending: pacing, 429s waited out, bounded tries, and real posts through @slack/webhook and fetch to
// the loopback Slack and Teams webhooks, which check what they are sent.
import { afterEach, describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/notify/digest.js';
import { retryAfterMs, sendPaced, type PaceOptions, type PostResult } from '../../src/notify/send.js';
import { postSlack, renderSlack, type SlackMessage } from '../../src/notify/slack.js';
import { postTeams, renderTeams, type TeamsMessage } from '../../src/notify/teams.js';
import { runNotify } from '../../src/notify/stage.js';
import { forgetSecrets, guardPrinted } from '../../src/safe-output.js';
import { registerWebhookSecrets } from '../../src/notify/schema.js';
import { startSlackServer, type SlackServer } from '../servers/slack.js';
import { startTeamsServer, type TeamsServer } from '../servers/teams.js';
import { makeFinding, makeReport } from '../helpers/report.js';
import { person } from '../helpers/items.js';

/** A clock that moves only when the sender sleeps, and the sleeps it was asked for. */
function fakePace(extra: Partial<PaceOptions> = {}): PaceOptions & { sleeps: number[]; starts: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    intervalMs: 1000,
    maxTries: 5,
    maxWaitMs: 120_000,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    now: () => now,
    sleeps,
    starts: [],
    ...extra,
  };
}

const failing = (status: number | null, retryAfter: string | null = null, detail = ''): PostResult => ({ ok: false, status, retryAfter, detail });

describe('sendPaced', () => {
  it('sends at most one message a second', async () => {
    const pace = fakePace();
    const posted: number[] = [];
    const outcome = await sendPaced([1, 2, 3], async (message) => {
      posted.push(pace.now());
      return { ok: true };
    }, pace);
    expect(outcome).toEqual({ sent: 3, failure: null, throttled: 0 });
    expect(posted).toEqual([0, 1000, 2000]);
  });

  it('spaces messages from the answer to the previous one, so that none reaches the service within a second of it', async () => {
    const pace = fakePace();
    const posted: number[] = [];
    await sendPaced([1, 2, 3], async () => {
      posted.push(pace.now());
      await pace.sleep(150); // the request under way: connecting, sending, the answer
      return { ok: true };
    }, pace);
    expect(posted).toEqual([0, 1150, 2300]);
  });

  it("waits out a 429's Retry-After, then sends the same message again", async () => {
    const pace = fakePace();
    const answers = [failing(429, '7'), failing(429, '3'), { ok: true } as const, { ok: true } as const];
    const outcome = await sendPaced(['a', 'b'], async () => answers.shift()!, pace);
    expect(outcome).toEqual({ sent: 2, failure: null, throttled: 2 });
    expect(pace.sleeps).toEqual([7000, 3000, 1000]);
  });

  it('retries a 5xx and a network failure with backoff, a bounded number of times', async () => {
    const pace = fakePace({ maxTries: 3 });
    const outcome = await sendPaced(['a', 'b'], async () => failing(503, null, 'Service Unavailable'), pace);
    expect(outcome).toEqual({ sent: 0, failure: 'HTTP 503 Service Unavailable, after 3 tries', throttled: 0 });
    expect(pace.sleeps).toEqual([1000, 2000]);
    const network = await sendPaced(['a'], async () => failing(null, null, 'ECONNREFUSED'), fakePace({ maxTries: 2 }));
    expect(network.failure).toBe('no answer (ECONNREFUSED), after 2 tries');
  });

  it('gives up at once on another 4xx, and on a Retry-After longer than allowed', async () => {
    expect(await sendPaced(['a', 'b'], async () => failing(400, null, 'invalid_blocks'), fakePace())).toEqual({ sent: 0, failure: 'HTTP 400 invalid_blocks', throttled: 0 });
    const long = await sendPaced(['a'], async () => failing(429, '3600'), fakePace());
    expect(long.failure).toBe('HTTP 429: the service asked to wait 3600 s (Retry-After), longer than 120 s');
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('2', 0)).toBe(2000);
    expect(retryAfterMs(new Date(30_000).toUTCString(), 0)).toBe(30_000);
    expect(retryAfterMs('soon', 0)).toBeNull();
    expect(retryAfterMs(null, 0)).toBeNull();
  });
});

/** 60 people with a finding each: two Slack messages (50 blocks a message). `perPerson` findings each: more text, more messages. */
const report = (perPerson = 1) =>
  makeReport({
    findings: Array.from({ length: 60 * perPerson }, (_, i) => makeFinding({ itemKey: `PAY-${i}`, responsible: person(`Owner ${i % 60}`), change: i % 2 === 0 ? 'new' : 'old' })),
    comparison: { file: 'previous.json', previousGeneratedAt: null, new: 30 * perPerson, old: 30 * perPerson, fixed: 4 },
  });

/** Servers a test started, closed after it. */
const started: { close(): Promise<void> }[] = [];
const track = async <T extends { close(): Promise<void> }>(server: Promise<T>): Promise<T> => {
  const ready = await server;
  started.push(ready);
  return ready;
};
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
  forgetSecrets();
});

describe('posting to the loopback Slack webhook through @slack/webhook', () => {
  let server: SlackServer | undefined;

  it('delivers every part, each accepted by the webhook, in order', async () => {
    server = await track(startSlackServer());
    const messages = renderSlack(buildDigest(report(), 'person', null), 10);
    expect(messages.length).toBe(2);
    const outcome = await sendPaced(messages, (message) => postSlack(server!.url, message, 5000), fakePace({ sleep: async () => undefined }));
    expect(outcome).toEqual({ sent: 2, failure: null, throttled: 0 });
    expect(server.requests.map((request) => [request.status, request.headers['content-type']])).toEqual([
      [200, 'application/json'],
      [200, 'application/json'],
    ]);
    expect(server.requests.map((request) => request.json)).toEqual(messages);
  });

  it('delivers a digest of many findings a person in messages Slack takes whole (no msg_blocks_too_long)', async () => {
    server = await track(startSlackServer());
    const messages = renderSlack(buildDigest(report(5), 'person', null), 10);
    const outcome = await sendPaced(messages, (message) => postSlack(server!.url, message, 5000), fakePace({ sleep: async () => undefined }));
    expect(outcome).toEqual({ sent: messages.length, failure: null, throttled: 0 });
    expect(server.requests.every((request) => request.status === 200)).toBe(true);
  });

  it("waits out the webhook's 429 (Retry-After: 1) and then sends", async () => {
    server = await track(startSlackServer({ throttle: { times: 1, retryAfter: '1' } }));
    const [message] = renderSlack(buildDigest(report(), 'person', null), 10);
    const started = Date.now();
    const outcome = await sendPaced([message!], (payload) => postSlack(server!.url, payload, 5000), { intervalMs: 0, maxTries: 3, maxWaitMs: 10_000, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), now: () => Date.now() });
    expect(outcome).toEqual({ sent: 1, failure: null, throttled: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(server.requests.map((request) => request.status)).toEqual([429, 200]);
  });

  it("reports Slack's own error answers: invalid_blocks for 51 blocks, no_service for a wrong URL", async () => {
    server = await track(startSlackServer());
    const tooMany: SlackMessage = { text: 'x', blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) };
    expect(await postSlack(server.url, tooMany, 5000)).toEqual({ ok: false, status: 400, retryAfter: null, detail: 'invalid_blocks' });
    const longSection: SlackMessage = { text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'a'.repeat(3001) } }] };
    expect(await postSlack(server.url, longSection, 5000)).toMatchObject({ status: 400, detail: 'invalid_blocks' });
    expect(await postSlack(`${server.origin}/services/T0/B0/wrong`, { text: 'x', blocks: [{ type: 'divider' }] }, 5000)).toMatchObject({ status: 404, detail: 'no_service' });
  });
});

describe('posting to the loopback Teams Workflows webhook', () => {
  let server: TeamsServer | undefined;

  it('delivers every card, each under 28 KB and valid, in order', async () => {
    server = await track(startTeamsServer());
    const messages = renderTeams(buildDigest(report(5), 'person', 'https://ci.example/run/1'), 10);
    expect(messages.length).toBeGreaterThan(1);
    const outcome = await sendPaced(messages, (message) => postTeams(server!.url, message, 5000), fakePace({ sleep: async () => undefined }));
    expect(outcome).toEqual({ sent: messages.length, failure: null, throttled: 0 });
    expect(server.requests.every((request) => request.status === 202)).toBe(true);
    expect(server.requests.map((request) => request.json)).toEqual(messages);
  });

  it('waits out a 429 and names what the service refused', async () => {
    server = await track(startTeamsServer({ throttle: { times: 2, retryAfter: '1' } }));
    const [message] = renderTeams(buildDigest(report(), 'person', null), 3);
    const outcome = await sendPaced([message!], (payload) => postTeams(server!.url, payload, 5000), { intervalMs: 0, maxTries: 4, maxWaitMs: 10_000, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), now: () => Date.now() });
    expect(outcome).toEqual({ sent: 1, failure: null, throttled: 2 });
    expect(server.requests.map((request) => request.status)).toEqual([429, 429, 202]);

    const broken = structuredClone(message!) as TeamsMessage;
    (broken.attachments[0].content.body[0] as unknown as Record<string, unknown>).wieght = 'Bolder';
    expect(await postTeams(server.url, broken, 5000)).toMatchObject({ status: 400, detail: expect.stringMatching(/^InvalidRequestContent: The Adaptive Card is invalid/) });
    const huge = structuredClone(message!) as TeamsMessage;
    huge.attachments[0].content.body.push({ type: 'TextBlock', text: 'x'.repeat(30_000), wrap: true });
    expect(await postTeams(server.url, huge, 5000)).toMatchObject({ status: 413, detail: expect.stringMatching(/^MessageTooLarge/) });
    expect(await postTeams(server.url.replace(/sig=[^&]+/, 'sig=wrong'), message!, 5000)).toMatchObject({ status: 401, detail: expect.stringMatching(/^DirectApiInvalidAuthorizationSignature/) });
  });
});

describe('a webhook that does not answer', () => {
  it('is a network failure naming the reason, for Slack and Teams alike', async () => {
    const gone = await startSlackServer();
    await gone.close();
    const slack = await postSlack(gone.url, { text: 'x', blocks: [{ type: 'divider' }] }, 5000);
    const teams = await postTeams(`${gone.origin}/workflows/x/triggers/manual/paths/invoke?sig=y`, renderTeams(buildDigest(report(), 'team', null), 1)[0]!, 5000);
    expect(slack).toEqual({ ok: false, status: null, retryAfter: null, detail: 'ECONNREFUSED' });
    expect(teams).toEqual({ ok: false, status: null, retryAfter: null, detail: 'ECONNREFUSED' });
  });
});

describe('runNotify', () => {
  let slack: SlackServer | undefined;

  it('sends nothing when nothing is new, unless when: always', async () => {
    slack = await track(startSlackServer());
    const old = makeReport({ findings: [makeFinding({ change: 'old' })], comparison: { file: 'previous.json', previousGeneratedAt: null, new: 0, old: 1, fixed: 0 } });
    const target = { type: 'slack' as const, url: slack.url, audience: 'person' as const, maxItems: 10 };
    const quiet = await runNotify({ mode: 'send', config: { targets: [{ ...target, when: 'new' }] }, report: old, env: {}, pace: fakePace({ sleep: async () => undefined }) });
    expect(quiet).toEqual({ payloads: [], messages: ['Notify slack#1: nothing new since the previous report (previous.json), nothing sent.'], failed: false });
    expect(slack.requests).toHaveLength(0);
    const always = await runNotify({ mode: 'send', config: { targets: [{ ...target, when: 'always' }] }, report: old, env: {}, pace: fakePace({ sleep: async () => undefined }) });
    expect(always.messages).toEqual(['Notified slack#1: 1 message sent.']);
    expect(slack.requests).toHaveLength(1);
  });

  it('posts at most one message a second for the whole run, across targets (two targets may be one webhook)', async () => {
    slack = await track(startSlackServer());
    const pace = fakePace();
    const target = { type: 'slack' as const, url: slack.url, when: 'always' as const, maxItems: 10 };
    const outcome = await runNotify({ mode: 'send', config: { targets: [{ ...target, audience: 'person' }, { ...target, audience: 'team' }] }, report: report(), env: {}, pace });
    expect(outcome.failed).toBe(false);
    // Two messages for the person digest, one for the team digest.
    expect(outcome.messages).toEqual(['Notified slack#1: 2 messages sent.', 'Notified slack#2: 1 message sent.']);
    expect(slack.requests).toHaveLength(3);
    // The fake clock moves only when the sender sleeps: a full second before every message but the first.
    expect(pace.sleeps).toEqual([1000, 1000]);
  });

  it('sends no secret it has read, not even one pasted into an item title', async () => {
    slack = await track(startSlackServer());
    registerWebhookSecrets({ targets: [{ type: 'slack', url: slack.url, audience: 'person', when: 'new', maxItems: 10 }] });
    const leaky = makeReport({ findings: [makeFinding({ title: `hook is ${slack.url} and ${'x'.repeat(40)} loopbackSecretToken0123456789` })] });
    const outcome = await runNotify({ mode: 'dry-run', config: { targets: [{ type: 'slack', url: slack.url, audience: 'person', when: 'new', maxItems: 10 }] }, report: leaky, env: {} });
    expect(outcome.payloads).toHaveLength(1);
    expect(outcome.payloads[0]).toContain(`hook is *** and ${'x'.repeat(40)} ***`);
    expect(outcome.payloads[0]).not.toContain('loopbackSecret');
  });

  it('does not say a 429 was waited out when the send gave up on it', async () => {
    slack = await track(startSlackServer({ throttle: { times: 100, retryAfter: '1' } }));
    const target = { type: 'slack' as const, name: 'team-chat', url: slack.url, audience: 'person' as const, when: 'always' as const, maxItems: 10 };
    const outcome = await runNotify({ mode: 'send', config: { targets: [target] }, report: makeReport({ findings: [makeFinding()] }), env: {}, pace: fakePace({ sleep: async () => undefined }) });
    expect(outcome.failed).toBe(true);
    expect(outcome.messages[0]).toMatch(/^backlint: notify team-chat: message 1 of 1 failed: HTTP 429 rate_limited.* 0 of 1 sent \(rate limited \d+ times\); the reports were written\.$/);
  });

  it('reports a failed send without the URL, and fails the stage', async () => {
    slack = await track(startSlackServer());
    const url = slack.url.replace('loopbackSecretToken', 'revokedSecretToken');
    registerWebhookSecrets({ targets: [{ type: 'slack', url, audience: 'person', when: 'new', maxItems: 10 }] });
    const outcome = await runNotify({ mode: 'send', config: { targets: [{ type: 'slack', name: 'team-chat', url, audience: 'person', when: 'new', maxItems: 10 }] }, report: report(), env: {}, pace: fakePace({ sleep: async () => undefined }) });
    expect(outcome.failed).toBe(true);
    expect(outcome.messages).toEqual(['backlint: notify team-chat: message 1 of 2 failed: HTTP 404 no_service. 0 of 2 sent; the reports were written.']);
    expect(guardPrinted(`${url} ${url.split('/').at(-1)}`)).toBe('*** ***');
  });
});
