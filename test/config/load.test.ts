import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { BacklintError } from '../../src/errors.js';

function writeConfig(name: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'backlint-config-'));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function configError(file: string, env: NodeJS.ProcessEnv = {}): Promise<BacklintError> {
  try {
    await loadConfig(file, env);
  } catch (error) {
    expect(error).toBeInstanceOf(BacklintError);
    return error as BacklintError;
  }
  throw new Error('expected a config error');
}

const minimal = `sources:\n  - name: pay\n    type: jira-export\n    path: exports/pay.json\n`;

describe('loadConfig', () => {
  it('reads YAML, fills defaults and resolves paths against the config folder', async () => {
    const file = writeConfig('backlint.config.yaml', `${minimal}plugins: [./rules/extra.js, some-package]\nbaseline: base.json\n`);
    const { config, dir } = await loadConfig(file, {});
    expect(dir).toBe(path.dirname(file));
    const source = config.sources[0]!;
    expect(source.type).toBe('jira-export');
    expect('path' in source && source.path).toBe(path.join(dir, 'exports/pay.json'));
    expect(config.plugins).toEqual([path.join(dir, 'rules/extra.js'), 'some-package']);
    expect(config.baseline).toBe(path.join(dir, 'base.json'));
    expect(config.ignoreLabel).toBe('backlint-ignore');
    expect(config.checkDone).toBe(false);
    expect(config.rules).toEqual({});
  });

  it('reads JSON with a byte order mark', async () => {
    const file = writeConfig('backlint.config.json', `\uFEFF${JSON.stringify({ sources: [{ name: 'b', type: 'azure-devops-export', path: 'x.json' }] })}`);
    const { config } = await loadConfig(file, {});
    const source = config.sources[0]!;
    expect(source.type === 'azure-devops-export' && source.doneStates).toEqual(['Closed', 'Done', 'Removed', 'Completed']);
  });

  it('replaces ${env:NAME} in any string', async () => {
    const file = writeConfig('c.yaml', `sources:\n  - name: pay\n    type: jira-export\n    path: \${env:EXPORT_DIR}/pay.json\n`);
    const { config } = await loadConfig(file, { EXPORT_DIR: '/data' });
    const source = config.sources[0]!;
    expect('path' in source && source.path).toBe('/data/pay.json');
  });

  it.each([
    ['an unset ${env:…}', `sources:\n  - name: pay\n    type: jira-export\n    path: \${env:NOT_SET_ANYWHERE}\n`, /sources\[0\]\.path: environment variable NOT_SET_ANYWHERE is not set/],
    ['a literal token', `${minimal}    auth: { token: abc123secret }\n`, /sources\[0\]\.auth\.token: a literal secret is refused/],
    ['a misspelt ${env:…} (not a variable name)', `sources:\n  - name: pay\n    type: jira\n    baseUrl: https://acme.atlassian.net\n    projects: [PAY]\n    auth: { email: a@b.c, token: "\${env:JIRA-TOKEN}" }\n`, /sources\[0\]\.auth\.token: \$\{env:JIRA-TOKEN\} is not a \$\{env:NAME\} reference/],
    ['a ${env:…} with a shell default', `${minimal}ignoreLabel: "\${env:LBL:-skip}"\n`, /ignoreLabel: \$\{env:LBL:-skip\} is not a \$\{env:NAME\} reference/],
    ['a wrong type', `sources:\n  - name: pay\n    type: jira-export\n    path: 42\n`, /sources\[0\]\.path: .*expected string/],
    ['an unknown source type', `sources:\n  - name: pay\n    type: jira-cloud\n    path: x\n`, /sources\[0\].*expected type to be one of 'jira', 'jira-export', 'azure-devops', 'azure-devops-export'; found "jira-cloud"/],
    ['a jira source with neither jql nor projects', `sources:\n  - name: pay\n    type: jira\n    baseUrl: https://acme.atlassian.net\n    auth: { email: a@b.c, token: "\${env:HOME}" }\n`, /sources\[0\]\.jql: give jql, or projects/],
    ['a Cloud source with a bearer token', `sources:\n  - name: pay\n    type: jira\n    baseUrl: https://acme.atlassian.net\n    projects: [PAY]\n    auth: { bearer: "\${env:HOME}" }\n`, /sources\[0\]\.auth: deployment cloud takes auth: \{ email, token \}/],
    ['a Data Center source with an API token', `sources:\n  - name: pay\n    type: jira\n    deployment: datacenter\n    baseUrl: https://jira.acme.example\n    projects: [PAY]\n    auth: { email: a@b.c, token: "\${env:HOME}" }\n`, /sources\[0\]\.auth: deployment datacenter takes auth: \{ bearer \}/],
    ['a literal Jira token', `sources:\n  - name: pay\n    type: jira\n    baseUrl: https://acme.atlassian.net\n    projects: [PAY]\n    auth: { email: a@b.c, token: ATATT3xFfGF0abc }\n`, /sources\[0\]\.auth\.token: a literal secret is refused/],
    ['a missing required key', `sources:\n  - name: pay\n    type: jira-export\n`, /sources\[0\]\.path: required/],
    ['an unknown key', `${minimal}colour: blue\n`, /unknown key "colour"/],
    ['a bad severity', `${minimal}rules:\n  story-po-owner: fatal\n`, /rules\["story-po-owner"\]/],
    ['duplicate source names', `${minimal}  - name: pay\n    type: jira-export\n    path: y.json\n`, /sources\[1\]\.name: duplicate source name 'pay'/],
    ['no sources', `sources: []\n`, /sources: expected at least 1 item; found an empty list/],
    ['a concurrency over its bound, with what was written', `sources:\n  - name: pay\n    type: jira\n    baseUrl: https://acme.atlassian.net\n    projects: [PAY]\n    auth: { email: a@b.c, token: "\${env:HOME}" }\n    concurrency: 100\n`, /sources\[0\]\.concurrency: expected at most 64; found number 100/],
    ['an empty list for a severity', `${minimal}rules:\n  story-po-owner: []\n`, /rules\["story-po-owner"\]: expected a severity: .*; found an empty list/],
    ['broken YAML', `sources:\n  - name: pay\n   type: [\n`, /is not valid YAML/],
    ['an empty file', ``, /the file is empty/],
    ['an unquoted ${env:…} in a flow mapping', `sources:\n  - name: pay\n    type: jira-export\n    path: x.json\n    fields: { productOwner: \${env:PO_FIELD} }\n`, /is not valid YAML: .*line 5.*quote a value that uses \$\{env:…\}/],
  ])('refuses %s with the file and the path', async (_name, text, pattern) => {
    const file = writeConfig('backlint.config.yaml', text);
    const error = await configError(file, { HOME: '/home/ci' });
    expect(error.code).toBe('config');
    expect(error.message).toContain('backlint.config.yaml');
    expect(error.message).toMatch(pattern);
  });

  it('never prints the literal token it refuses', async () => {
    const file = writeConfig('c.yaml', `${minimal}    auth: { email: a@b.c, token: hunter2-very-secret }\n`);
    const error = await configError(file);
    expect(error.message).not.toContain('hunter2');
  });

  it('accepts a token given as ${env:NAME}', async () => {
    const file = writeConfig('c.yaml', `${minimal}    fields: { productOwner: "\${env:PO_FIELD}" }\n`);
    const { config } = await loadConfig(file, { PO_FIELD: 'customfield_10050' });
    expect(config.sources[0]!.fields.productOwner).toBe('customfield_10050');
  });

  it('takes a field or a non-empty list of fields for owners, acceptance criteria and team, and refuses an empty list', async () => {
    const lists = `${minimal}    fields:\n      productOwner: [Product Owner, customfield_10300]\n      productManager: Product Manager\n      acceptanceCriteria: [customfield_10060, customfield_10160]\n      team: [Team]\n`;
    const { config } = await loadConfig(writeConfig('backlint.config.yaml', lists), {});
    expect(config.sources[0]!.fields).toEqual({
      productOwner: ['Product Owner', 'customfield_10300'],
      productManager: 'Product Manager',
      acceptanceCriteria: ['customfield_10060', 'customfield_10160'],
      team: ['Team'],
    });
    const empty = await configError(writeConfig('backlint.config.yaml', `${minimal}    fields:\n      acceptanceCriteria: []\n`));
    expect(empty.message).toMatch(/sources\[0\]\.fields\.acceptanceCriteria/);
  });

  it('takes acceptanceCriteria languages and labels at the top level and per source', async () => {
    const text = `${minimal}    acceptanceCriteria:\n      languages: [fr]\nacceptanceCriteria:\n  languages: [en, de]\n  labels: [Definition of Ready, ./DoR]\n`;
    const { config } = await loadConfig(writeConfig('backlint.config.yaml', text), {});
    expect(config.acceptanceCriteria).toEqual({ languages: ['en', 'de'], labels: ['Definition of Ready', './DoR'] });
    expect(config.sources[0]!.acceptanceCriteria).toEqual({ languages: ['fr'] });
  });

  it('takes any language of Cucumber\'s Gherkin list (sv: its keywords only) and refuses another, naming the path and the nearest code', async () => {
    const { config } = await loadConfig(writeConfig('backlint.config.yaml', `${minimal}acceptanceCriteria:\n  languages: [en, sv, zh-CN]\n`), {});
    expect(config.acceptanceCriteria).toEqual({ languages: ['en', 'sv', 'zh-CN'] });
    const language = await configError(writeConfig('backlint.config.yaml', `${minimal}acceptanceCriteria:\n  languages: [en, svv]\n`));
    expect(language.message).toMatch(/acceptanceCriteria\.languages\[1\]/);
    expect(language.message).toMatch(/"svv" is not a language of Cucumber's Gherkin keyword list \(did you mean sv\?\); built-in labels exist for en, de, fr, es, pt, nl, it, pl/);
    const label = await configError(writeConfig('backlint.config.yaml', `${minimal}    acceptanceCriteria:\n      labels: ['  ']\n`));
    expect(label.message).toMatch(/sources\[0\]\.acceptanceCriteria\.labels\[0\]/);
  });

  it('says when the file does not exist', async () => {
    const error = await configError('/nonexistent/backlint.config.yaml');
    expect(error.message).toMatch(/file not found/);
  });
});

describe('a live Jira source', () => {
  it('fills its defaults and keeps ${env:…} secrets', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'backlint-jira-config-'));
    const file = path.join(dir, 'backlint.config.yaml');
    writeFileSync(file, 'sources:\n  - name: pay\n    type: jira\n    baseUrl: https://acme.atlassian.net\n    projects: [PAY, WEB]\n    auth: { email: ana@acme.example, token: "${env:JIRA_API_TOKEN}" }\n');
    const { config } = await loadConfig(file, { JIRA_API_TOKEN: 'secret-value' });
    const source = config.sources[0]!;
    expect(source.type === 'jira' && { deployment: source.deployment, concurrency: source.concurrency, maxTries: source.maxTries, timeoutSeconds: source.timeoutSeconds, auth: source.auth }).toEqual({
      deployment: 'cloud',
      concurrency: 8,
      maxTries: 6,
      timeoutSeconds: 60,
      auth: { email: 'ana@acme.example', token: 'secret-value' },
    });
  });
});

describe('the acceptanceCriteria examples users copy', () => {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
  const yamlBlocks = (file: string) => [...readFileSync(path.join(root, file), 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!).filter((block) => block.includes('acceptanceCriteria:\n'));

  it('the rule page and the README show configs that load as written', async () => {
    const [page] = yamlBlocks('docs/rules/story-acceptance-criteria.md');
    const { config } = await loadConfig(writeConfig('backlint.config.yaml', page!), {});
    expect(config.acceptanceCriteria?.languages).toEqual(['en', 'de']);
    const [readme] = yamlBlocks('README.md');
    const { config: withReadme } = await loadConfig(writeConfig('backlint.config.yaml', `${minimal}${readme!}`), {});
    expect(withReadme.acceptanceCriteria?.languages).toEqual(['en', 'de', 'fr']);
  });
});
