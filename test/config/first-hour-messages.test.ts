// The config mistakes a new user makes in the first hour, each answered with what to change (issue 12).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';

async function configError(text: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'backlint-config-'));
  const file = path.join(dir, 'backlint.config.yaml');
  writeFileSync(file, text);
  try {
    await loadConfig(file, env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a config error');
}

const jira = (token: string) =>
  `sources:\n  - name: pay\n    type: jira\n    baseUrl: https://acme.atlassian.net\n    auth: { email: ci@acme.example, token: "${token}" }\n    projects: [PAY]\n`;
const exportSource = `sources:\n  - name: pay\n    type: jira-export\n    path: export.json\n`;

describe('config messages for the first hour', () => {
  it('an empty secret (how CI passes one that is not set) is named as empty, not "too small"', async () => {
    const message = await configError(jira('${env:JIRA_API_TOKEN}'), { JIRA_API_TOKEN: '' });
    expect(message).toMatch(/sources\[0\]\.auth\.token: environment variable JIRA_API_TOKEN is empty\. It is set but blank: in CI this usually means the secret is not defined/);
    expect(message).not.toMatch(/Too small/);
  });

  it.each(['$JIRA_API_TOKEN', '${JIRA_API_TOKEN}', '$(JIRA_API_TOKEN)', '%JIRA_API_TOKEN%'])('token: %s suggests ${env:JIRA_API_TOKEN}', async (written) => {
    const message = await configError(jira(written));
    expect(message).toContain('write ${env:JIRA_API_TOKEN} to read JIRA_API_TOKEN from the environment');
  });

  it.each([
    ['warning', 'warn'],
    ['errror', 'error'],
    ['2', 'error'],
    ['0', 'off'],
    ['[warning, {}]', 'warn'],
  ])('severity %s names the three words and suggests %s', async (written, meant) => {
    const message = await configError(`${exportSource}rules:\n  story-po-owner: ${written}\n`);
    expect(message).toMatch(/rules\["story-po-owner"\]: expected a severity: off, warn or error/);
    expect(message).toContain(`(did you mean ${meant}?)`);
  });

  it('an unknown key gets the nearest known one', async () => {
    const message = await configError(`${exportSource}    fields: { productOwnr: Product Owner }\n`);
    expect(message).toMatch(/sources\[0\]\.fields: unknown key "productOwnr" \(did you mean productOwner\?\)/);
    const far = await configError(`${exportSource}    colour: blue\n`);
    expect(far).toMatch(/unknown key "colour"$/m);
    // A key known elsewhere is not suggested for itself where it is unknown.
    const roles = await configError(`${exportSource}roles: { productOwner: [a] }\n`);
    expect(roles).toMatch(/roles: unknown key "productOwner" \(did you mean productOwners\?\)/);
  });

  it('a value not among the choices, and a source without a type, say what was found', async () => {
    expect(await configError(`${exportSource}    ownership: rooster\n`)).toMatch(/sources\[0\]\.ownership: Invalid option: expected one of "field"\|"roster"\|"field-then-roster"; found string "rooster"/);
    expect(await configError(`sources:\n  - name: pay\n    path: export.json\n`)).toMatch(/sources\[0\]\.type: required \(one of 'jira', 'jira-export', 'azure-devops', 'azure-devops-export'\); it is missing/);
  });

  it('a YAML indentation error names the line to change, and only its key', async () => {
    const deeper = await configError(`sources:\n  - name: pay\n    type: jira-export\n      path: s3cr3t-looking-value\n`);
    expect(deeper).toMatch(/Check the indentation of line 4 \("path:"\): it is indented deeper than the keys above it\./);
    expect(deeper).not.toContain('s3cr3t');
    const shallower = await configError(`sources:\n  - name: pay\n    type: jira-export\n   path: export.json\n`);
    expect(shallower).toMatch(/Check the indentation of line 4 \("path:"\): it is indented less than the keys above it in the same list item\./);
  });
});
