// The README's roster examples are what a user copies first: each must load as written.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadRoster } from '../../src/roster/load.js';
import { teamsSchema } from '../../src/roster/schema.js';
import { ROOT } from '../helpers/cli.js';
import { codeBlocks, readmeSection } from '../helpers/readme.js';

const ownership = readmeSection('## Ownership');
const blocks = (language: string) => codeBlocks(ownership, language);

describe('README roster examples', () => {
  it('has a Jira and an Azure DevOps roster in YAML, each valid', () => {
    const yaml = blocks('yaml');
    expect(yaml.length).toBeGreaterThanOrEqual(2);
    for (const block of yaml) {
      const parsed = teamsSchema.safeParse((YAML.parse(block) as { teams: unknown }).teams);
      expect(parsed.success, block).toBe(true);
    }
    expect(yaml.join('\n')).toMatch(/areaPath/);
    expect(yaml.join('\n')).toMatch(/project: PAY/);
  });

  it('has a CSV roster that loads', async () => {
    const [csv] = blocks('csv');
    const dir = mkdtempSync(path.join(tmpdir(), 'backlint-readme-'));
    writeFileSync(path.join(dir, 'teams.csv'), csv!);
    const roster = await loadRoster({ teamsFile: path.join(dir, 'teams.csv') }, 'backlint.config.yaml');
    expect(roster!.teams.map((team) => [team.name, team.productOwners.length])).toEqual([
      ['Payments', 1],
      ['Identity', 2],
    ]);
    expect(roster!.teams[1]!.match.areaPath).toEqual(['Platform\\Identity']);
  });
});
