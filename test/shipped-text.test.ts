// What ships to users must stand on its own: docs, the config schema's descriptions, the demo's notes,
// what `init` writes and every rule's messages may not cite the internal spec ("SPEC §6") or link pages
// of a repository that does not exist. Code comments are for backlint's engineers and may.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { STARTER_CONFIG } from '../src/starter-config.js';
import { ROOT } from './helpers/cli.js';

const INTERNAL = /SPEC\s*§|§\s*\d|github\.com\/backlint\/backlint\/blob\/main\/docs/;
const TEXT = /\.(md|json|ya?ml|txt)$/;

/** The text files of the package: its `files` entries (compiled code aside), the README and the licence. */
function shippedTextFiles(): string[] {
  const { files } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
  const walk = (entry: string): string[] => {
    const full = path.join(ROOT, entry);
    if (!statSync(full, { throwIfNoEntry: false })) return [];
    if (!statSync(full).isDirectory()) return [entry];
    return readdirSync(full).flatMap((name) => walk(path.join(entry, name)));
  };
  return ['README.md', 'LICENSE', ...files.filter((entry) => entry !== 'dist' && entry !== 'bin').flatMap(walk)].filter((file) => TEXT.test(file) || file === 'LICENSE');
}

describe('shipped text cites no internal spec section and no dead repository link', () => {
  const files = shippedTextFiles();

  it('finds the docs, the schema and the demo notes among the shipped files', () => {
    expect(files).toEqual(expect.arrayContaining(['backlint.schema.json', 'docs/rules/story-acceptance-criteria.md', 'fixtures/demo/people.md']));
  });

  it.each(files)('%s', (file) => {
    const lines = readFileSync(path.join(ROOT, file), 'utf8').split('\n');
    expect(lines.filter((line) => INTERNAL.test(line))).toEqual([]);
  });

  it('the starter config init writes', () => {
    expect(STARTER_CONFIG.split('\n').filter((line) => INTERNAL.test(line))).toEqual([]);
  });

  it.each(builtinRules.map((rule) => [rule.meta.id, rule] as const))('the description and messages of %s', (_id, rule) => {
    expect([rule.meta.description, ...Object.values(rule.meta.messages)].filter((text) => INTERNAL.test(text))).toEqual([]);
  });
});
