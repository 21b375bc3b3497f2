// The annotate section and writeAuth (SPEC §13): the README's example loads as written; the write token
// is a secret like the read token (only through ${env:…}); its shape must fit the deployment.
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { validateConfig } from '../../src/config/load.js';
import { ROOT } from '../helpers/cli.js';
import { codeBlocks, readmeSection } from '../helpers/readme.js';

const env = { JIRA_API_TOKEN: 'read-token-for-the-test', JIRA_WRITE_TOKEN: 'write-token-for-the-test', ADO_PAT: 'ado-read-pat-for-the-test', ADO_WRITE_PAT: 'ado-write-pat-for-the-test' };
const jira = (extra: object) => ({ sources: [{ name: 'pay', type: 'jira', baseUrl: 'https://acme.atlassian.net', auth: { email: 'a@acme.example', token: '${env:JIRA_API_TOKEN}' }, projects: ['PAY'], ...extra }] });
const message = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  return '';
};

describe('annotate config', () => {
  it("the README's write-back example loads, with its defaults and write credentials", () => {
    const [block] = codeBlocks(readmeSection('### Write-back'), 'yaml');
    const config = validateConfig(YAML.parse(block!), 'README.md', ROOT, env);
    expect(config.annotate).toEqual({ label: 'backlint', maxWrites: 50, visibility: { type: 'role', value: 'Developers' } });
    const [pay, boards] = config.sources as unknown as [{ writeAuth?: unknown }, { writeAuth?: unknown }];
    expect(pay.writeAuth).toEqual({ email: 'ci-bot@acme.example', token: 'write-token-for-the-test' });
    expect(boards.writeAuth).toEqual({ token: 'ado-write-pat-for-the-test' });
  });

  it('refuses a literal write token, a Data Center writeAuth on Cloud, a label with spaces and a visibility naming nothing', () => {
    expect(message(() => validateConfig(jira({ writeAuth: { email: 'a@acme.example', token: 'literal-secret-token' } }), 'c.yaml', ROOT, env))).toMatch(/sources\[0\]\.writeAuth\.token/);
    expect(message(() => validateConfig(jira({ writeAuth: { bearer: '${env:JIRA_WRITE_TOKEN}' } }), 'c.yaml', ROOT, env))).toMatch(/deployment cloud takes writeAuth: \{ email, token \}/);
    expect(message(() => validateConfig({ ...jira({}), annotate: { label: 'needs owner' } }, 'c.yaml', ROOT, env))).toMatch(/annotate\.label/);
    expect(message(() => validateConfig({ ...jira({}), annotate: { visibility: { type: 'role' } } }, 'c.yaml', ROOT, env))).toMatch(/give value/);
  });
});
