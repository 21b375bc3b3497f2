// scope, overrides and scopes in the config (SPEC §5): what they accept, and what a mistake says.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';

const exportSource = 'sources:\n  - name: pay\n    type: jira-export\n    path: export.json\n';

async function load(text: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'backlint-scope-'));
  const file = path.join(dir, 'backlint.config.yaml');
  writeFileSync(file, exportSource + text);
  return loadConfig(file, {});
}

async function configError(text: string): Promise<string> {
  try {
    await load(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a config error');
}

describe('scopes in the config', () => {
  it('reads scope, overrides and named scopes, with nothing by default', async () => {
    const bare = await load('');
    expect(bare.config).toMatchObject({ overrides: [], scopes: {} });
    expect(bare.config.scope).toBeUndefined();
    const { config } = await load(
      [
        'scope: { createdBefore: 2d, notLabels: [spike] }',
        'overrides:',
        '  - scope: { stateCategories: [todo], iterations: [\'Mobile\\Release 1\'] }',
        '    rules: { story-acceptance-criteria: warn }',
        'scopes:',
        '  planning: { kinds: [story], updatedWithin: 1w }',
        '',
      ].join('\n'),
    );
    expect(config.scope).toEqual({ createdBefore: '2d', notLabels: ['spike'] });
    expect(config.overrides).toEqual([{ scope: { stateCategories: ['todo'], iterations: ['Mobile\\Release 1'] }, rules: { 'story-acceptance-criteria': 'warn' } }]);
    expect(config.scopes).toEqual({ planning: { kinds: ['story'], updatedWithin: '1w' } });
  });

  it.each([
    ['scope: { createdBefore: 2 days }\n', /scope\.createdBefore: expected a duration: a number and h, d or w, such as '36h', '2d' or '1w'; found '2 days'/],
    ['scope: { sprint: later }\n', /scope\.sprint: .*current.*next.*future.*none.*any/],
    ['scope: { stateCategories: [open] }\n', /scope\.stateCategories\[0\]: .*todo.*in-progress.*done/],
    ['scope: { kind: [story] }\n', /scope: .*kind/],
    ['scope: { labels: [] }\n', /scope\.labels/],
    ['overrides:\n  - rules: { story-po-owner: warn }\n', /overrides\[0\]\.scope/],
    ['overrides:\n  - scope: {}\n    rules: { story-po-owner: warning }\n', /overrides\[0\]\.rules\["story-po-owner"\]: expected a severity: off, warn or error; found string "warning" \(did you mean warn\?\)/],
    ['scopes:\n  "next sprint": { kinds: [story] }\n', /scopes\["next sprint"\]: a scope name is given as --scope NAME/],
  ])('%j is refused with where and what', async (text, expected) => {
    expect(await configError(text)).toMatch(expected);
  });
});
