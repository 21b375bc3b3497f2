// Secrets in the config (SPEC §7, issue 9 point 6): which ${env:…} values are registered with the output
// guard, config errors that never quote a value from the environment, and literal credentials in URLs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { BacklintError } from '../../src/errors.js';
import { forgetSecrets, redactKnownSecrets } from '../../src/safe-output.js';

const TOKEN = 'tok-Q7vZ2kLp9XwB4sRd8mNc3fHj6tYg';
const EMAIL = 'ana.souza@acme.example';
const base64 = (text: string) => Buffer.from(text).toString('base64').replace(/=+$/, '');
const slicesOf = (value: string) => Array.from({ length: value.length - 7 }, (_, at) => value.slice(at, at + 8));

function writeConfig(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'backlint-secrets-')), 'backlint.config.yaml');
  writeFileSync(file, text);
  return file;
}

async function configError(text: string, env: NodeJS.ProcessEnv): Promise<BacklintError> {
  try {
    await loadConfig(writeConfig(text), env);
  } catch (error) {
    expect(error).toBeInstanceOf(BacklintError);
    return error as BacklintError;
  }
  throw new Error('expected a config error');
}

const jira = (lines: Record<string, string>) =>
  `sources:\n  - ${Object.entries({ name: 'pay', type: 'jira', baseUrl: 'https://acme.atlassian.net', projects: '[PAY]', auth: `{ email: ${EMAIL}, token: "\${env:JIRA_API_TOKEN}" }`, ...lines })
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n    ')}\n`;

const ado = (lines: Record<string, string>) =>
  `sources:\n  - ${Object.entries({ name: 'board', type: 'azure-devops', orgUrl: 'https://dev.azure.com/acme', project: 'Shop', auth: '{ token: "${env:AZURE_DEVOPS_EXT_PAT}" }', ...lines })
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n    ')}\n`;

beforeEach(() => forgetSecrets());

describe('a config error never quotes a value from the environment', () => {
  it.each([
    ['a token in the auth key', jira({ auth: '"${env:JIRA_API_TOKEN}"' }), /sources\[0\]\.auth: expected object; found a string \(from \$\{env:JIRA_API_TOKEN\}\)/],
    ['a token as the site', jira({ baseUrl: '"${env:JIRA_API_TOKEN}"' }), /sources\[0\]\.baseUrl: .*found a string \(from \$\{env:JIRA_API_TOKEN\}\)/],
    ['a token as the source type', jira({ type: '"${env:JIRA_API_TOKEN}"' }), /sources\[0\].*expected type to be one of .*; found a string \(from \$\{env:JIRA_API_TOKEN\}\)/],
    ['a token as a number', jira({ maxTries: '"${env:JIRA_API_TOKEN}"' }), /sources\[0\]\.maxTries: expected number; found a string \(from \$\{env:JIRA_API_TOKEN\}\)/],
    ['a token as the deployment', jira({ deployment: '"${env:JIRA_API_TOKEN}"' }), /sources\[0\]\.deployment: .*found a string \(from \$\{env:JIRA_API_TOKEN\}\)/],
    ['a token as a list', jira({ projects: '"${env:JIRA_API_TOKEN}"' }), /sources\[0\]\.projects: expected array; found a string \(from \$\{env:JIRA_API_TOKEN\}\)/],
    ['a token in a key whose schema message names the value', `${jira({ name: '"${env:JIRA_API_TOKEN}"' })}${jira({ name: '"${env:JIRA_API_TOKEN}"' }).replace('sources:\n', '')}`, /sources\[1\]\.name: duplicate source name '\$\{env:JIRA_API_TOKEN\}'/],
    ['a value from a variable with an ordinary name', jira({ auth: '"${env:SOME_VALUE}"' }), /sources\[0\]\.auth: expected object; found a string \(from \$\{env:SOME_VALUE\}\)/],
  ])('%s', async (_what, text, pattern) => {
    const error = await configError(text, { JIRA_API_TOKEN: TOKEN, SOME_VALUE: TOKEN });
    expect(error.code).toBe('config');
    expect(error.message).toMatch(pattern);
    for (const slice of slicesOf(TOKEN)) expect(error.message).not.toContain(slice);
  });
});

describe('a config error never quotes what is written under auth', () => {
  it('not even a literal token in the wrong place', async () => {
    const error = await configError(jira({ auth: `"${TOKEN}"` }), {});
    expect(error.message).toMatch(/sources\[0\]\.auth: expected object; found a string \(not shown: auth holds secrets\)/);
    for (const slice of slicesOf(TOKEN)) expect(error.message).not.toContain(slice);
  });
});

describe('credentials in a URL', () => {
  it.each([
    ['a password in baseUrl', jira({ baseUrl: 'https://bot:abc123secret@acme.atlassian.net' }), 'sources[0].baseUrl', 'abc123secret'],
    ['a PAT in the user part of orgUrl', ado({ orgUrl: 'https://abc123secretpat@dev.azure.com/acme' }), 'sources[0].orgUrl', 'abc123secretpat'],
    ['a plain user name without a password', jira({ baseUrl: 'https://bot@acme.atlassian.net' }), 'sources[0].baseUrl', 'bot@'],
    ['a password next to an ${env:…} user', jira({ baseUrl: '"https://${env:JIRA_USER}:abc123secret@acme.atlassian.net"' }), 'sources[0].baseUrl', 'abc123secret'],
    ['a password with an @ in it', jira({ baseUrl: 'https://bot:abc@123secret@acme.atlassian.net' }), 'sources[0].baseUrl', '123secret'],
    ['an upper-case scheme', jira({ baseUrl: 'HTTPS://bot:abc123secret@acme.atlassian.net' }), 'sources[0].baseUrl', 'abc123secret'],
    ['a literal credential in a URL in any key', ado({ wiql: '"SELECT [System.Id] FROM WorkItems WHERE [Custom.Link] = \'http://u:abc123secret@x\'"' }), 'sources[0].wiql', 'abc123secret'],
  ])('are refused when literal: %s', async (_what, text, where, literal) => {
    const error = await configError(text, { JIRA_API_TOKEN: TOKEN, AZURE_DEVOPS_EXT_PAT: TOKEN, JIRA_USER: 'bot' });
    expect(error.message).toContain(`${where}: a literal secret is refused`);
    expect(error.message).toMatch(/In a URL, credentials are accepted only as \$\{env:NAME\}/);
    expect(error.message).not.toContain(literal);
  });

  it.each([
    ['a password from the environment', jira({ baseUrl: '"https://bot:${env:JIRA_BOT}@acme.atlassian.net"' })],
    ['user and password from the environment', jira({ baseUrl: '"https://${env:JIRA_USER}:${env:JIRA_BOT}@acme.atlassian.net"' })],
    ['a PAT in the user part from the environment', ado({ orgUrl: '"https://${env:JIRA_BOT}@dev.azure.com/acme"' })],
    ['an empty password', jira({ baseUrl: 'https://bot:@acme.atlassian.net' })],
  ])('are accepted as ${env:…}: %s', async (_what, text) => {
    await expect(loadConfig(writeConfig(text), { JIRA_API_TOKEN: TOKEN, AZURE_DEVOPS_EXT_PAT: TOKEN, JIRA_USER: 'bot', JIRA_BOT: 'pw-from-env-123' })).resolves.toBeDefined();
  });
});

describe('secret-bearing ${env:…} references are registered with the output guard', () => {
  const BOT = 'pw-Yx8Kq3Lm7Vb2Nz5R';

  it.each([
    ['a secret key', jira({}), { JIRA_API_TOKEN: BOT }],
    ['the password of a URL, whatever the variable is called', jira({ baseUrl: '"https://bot:${env:JIRA_BOT}@acme.atlassian.net"' }), { JIRA_API_TOKEN: TOKEN, JIRA_BOT: BOT }],
    ['the user part of a URL (an Azure DevOps PAT)', ado({ orgUrl: '"http://${env:ADO_CRED}@dev.azure.com/acme"' }), { AZURE_DEVOPS_EXT_PAT: TOKEN, ADO_CRED: BOT }],
    ['a URL with credentials read whole from the environment', jira({ baseUrl: '"${env:JIRA_SITE}"' }), { JIRA_API_TOKEN: TOKEN, JIRA_SITE: `https://bot:${BOT}@acme.atlassian.net` }],
    ['a variable named like a secret, in any key', jira({ jql: '"project = ${env:JIRA_PAT}"' }), { JIRA_API_TOKEN: TOKEN, JIRA_PAT: BOT }],
  ])('%s', async (_what, text, env) => {
    await loadConfig(writeConfig(text), env);
    const out = redactKnownSecrets(`echo: ${BOT} ${encodeURIComponent(BOT)} ${base64(`:${BOT}`)} ${base64(`bot:${BOT}`)} ${BOT.slice(2, 12)}`);
    for (const slice of slicesOf(BOT)) expect(out).not.toContain(slice);
    expect(out).not.toContain(base64(`bot:${BOT}`));
  });

  it("registers Jira Cloud's email:token pair as a Basic header carries it", async () => {
    await loadConfig(writeConfig(jira({})), { JIRA_API_TOKEN: TOKEN });
    const header = `Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64')}`;
    expect(redactKnownSecrets(header)).toBe('Basic ***');
  });

  it('leaves ordinary values from ordinary variables alone', async () => {
    await loadConfig(writeConfig(jira({ projects: '["${env:PROJECT_KEY}"]', jql: '"project = ${env:PROJECT_KEY}"' })), { JIRA_API_TOKEN: TOKEN, PROJECT_KEY: 'PAYMENTS' });
    expect(redactKnownSecrets('PAYMENTS-12 has no Product Owner')).toBe('PAYMENTS-12 has no Product Owner');
  });
});
