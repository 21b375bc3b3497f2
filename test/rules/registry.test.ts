import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { ROOT } from '../helpers/cli.js';

describe('rule registry', () => {
  it.each(builtinRules.map((rule) => [rule.meta.id] as const))('%s has a test file, a docs page and a README row', (id) => {
    expect(existsSync(path.join(ROOT, 'test', 'rules', `${id}.test.ts`))).toBe(true);
    expect(existsSync(path.join(ROOT, 'docs', 'rules', `${id}.md`))).toBe(true);
    expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain(`[\`${id}\`](docs/rules/${id}.md)`);
  });

  it.each(builtinRules.map((rule) => [rule.meta.id, rule.meta.docsUrl] as const))('%s links its docs page in the package, not a web address', (id, docsUrl) => {
    // docs/ ships in the package (package.json files), so the page is where backlint is installed.
    const packaged = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[] }).files;
    expect(docsUrl).toBe(`docs/rules/${id}.md`);
    expect(packaged).toContain('docs');
    expect(existsSync(path.join(ROOT, docsUrl))).toBe(true);
  });

  it('has unique ids and the rules of SPEC §5 with their defaults', () => {
    const defaults = Object.fromEntries(builtinRules.map((rule) => [rule.meta.id, rule.meta.defaultSeverity]));
    expect(defaults).toEqual({
      'story-acceptance-criteria': 'error',
      'story-po-owner': 'error',
      'epic-pm-owner': 'error',
      'roadmap-pm-owner': 'error',
      'owner-role-mismatch': 'warn',
      'owner-inactive': 'error',
      'team-owners': 'error',
      'story-has-parent': 'warn',
    });
  });
});
