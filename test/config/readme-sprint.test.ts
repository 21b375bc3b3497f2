// The README's "before sprint planning" recipe is what a user copies: each config must load as written,
// and the command must name a scope the tool has.
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { validateConfig } from '../../src/config/load.js';
import { ROOT } from '../helpers/cli.js';
import { codeBlocks, readmeSection } from '../helpers/readme.js';

const section = readmeSection('## Before sprint planning');
const blocks = (language: string) => codeBlocks(section, language);

describe('README: before sprint planning', () => {
  it('has a Jira and an Azure DevOps config that load, and the scope example is valid too', () => {
    const env = { JIRA_API_TOKEN: 'jira-token-for-the-readme-test', AZURE_DEVOPS_PAT: 'ado-pat-for-the-readme-test' };
    const configs = blocks('yaml').filter((block) => block.includes('sources:'));
    expect(configs.map((block) => (YAML.parse(block) as { sources: { type: string }[] }).sources[0]!.type)).toEqual(['jira', 'azure-devops']);
    for (const block of configs) expect(() => validateConfig(YAML.parse(block), 'README.md', ROOT, env)).not.toThrow();
    const [scopes] = blocks('yaml');
    expect(() => validateConfig({ ...(YAML.parse(scopes!) as object), sources: [{ name: 'x', type: 'jira-export', path: 'x.json' }] }, 'README.md', ROOT, env)).not.toThrow();
  });

  it('lints the next sprint and writes the Markdown and HTML reports', () => {
    const commands = blocks('sh');
    expect(commands).toHaveLength(2);
    for (const command of commands) expect(command).toMatch(/backlint check --scope next-sprint .*--format markdown:\S+ .*--format html:\S+/);
  });
});
