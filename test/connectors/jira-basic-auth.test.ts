// Jira Data Center / Server before 8.14 has no personal access tokens: basic auth with a user's
// password, and doctor says plainly when a site is too old for { bearer } (issue 12, Messages).
import { describe, expect, it } from 'vitest';
import { jiraSourceSchema } from '../../src/config/schema.js';
import { doctorJiraSource } from '../../src/connectors/jira/doctor.js';
import { fetchJiraSource } from '../../src/connectors/jira/fetch.js';
import { failure } from '../helpers/failure.js';
import { jiraLoopback } from '../helpers/jira-live.js';

const PASSWORD = 'Vq8m2LkP0zR4wT7y';
const { serve, sourceFor } = jiraLoopback({ email: 'unused@acme.example', token: PASSWORD });
const context = () => ({ progress: { update: () => {}, stop: () => {} }, signal: new AbortController().signal });
const fast = { policy: { baseDelayMs: 1, maxDelayMs: 5 } };

describe('basic auth on an old Data Center', () => {
  it('fetches with { username, password } where the site has no personal access tokens', async () => {
    const server = await serve('datacenter', 40, { username: 'ci-bot', version: [8, 5, 3] });
    const result = await fetchJiraSource(sourceFor(server, 'datacenter', { auth: { username: 'ci-bot', password: PASSWORD } }), context(), fast);
    expect(result.fetched).toBeGreaterThan(0);
  });

  it('a wrong password says what to check, without the password', async () => {
    const server = await serve('datacenter', 5, { username: 'ci-bot', version: [8, 5, 3] });
    const error = await failure(fetchJiraSource(sourceFor(server, 'datacenter', { auth: { username: 'ci-bot', password: 'Wrong-password-1' } }), context(), fast));
    expect(error.message).toMatch(/401 Unauthorized\. Jira did not accept the user name and password: check auth\.username/);
    expect(error.message).not.toContain('Wrong-password-1');
  });

  it('doctor says a site before 8.14 cannot take { bearer }, naming the version and what to use', async () => {
    const server = await serve('datacenter', 5, { version: [8, 5, 3] });
    const checks = await doctorJiraSource(sourceFor(server, 'datacenter'), context(), fast);
    expect(checks[0]).toMatchObject({ name: 'connection', ok: false });
    expect(checks[0]!.detail).toMatch(/is Jira Server 8\.5\.3, older than 8\.14: it has no personal access tokens, so auth: \{ bearer \} cannot work\. Use auth: \{ username, password: \$\{env:JIRA_PASSWORD\} \}/);
  });

  it('the config takes { username, password } only for datacenter', () => {
    const parsed = jiraSourceSchema.safeParse({ name: 'x', type: 'jira', deployment: 'cloud', baseUrl: 'https://a.atlassian.net', projects: ['X'], auth: { username: 'u', password: 'p' } });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/\{ username, password \} is for Data Center \/ Server before 8\.14/);
  });
});
