// Every report that a scope ran says which one and how many items it left out (SPEC §5).
import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/reporters/json.js';
import { renderMarkdown } from '../../src/reporters/markdown.js';
import { renderStylish } from '../../src/reporters/stylish.js';
import { makeReport } from '../helpers/report.js';

const options = { color: false };

describe('reports of a scoped run', () => {
  it('name the --scope and count what it left out', () => {
    const report = { ...makeReport(), scope: { name: 'next-sprint', outOfScope: 12 } };
    expect(renderStylish(report, options)).toContain('note: scope next-sprint left out 12 items');
    expect(renderMarkdown(report, options)).toContain('> **Scope:** `next-sprint` left out 12 items.');
    expect(JSON.parse(renderJson(report, options)).scope).toEqual({ name: 'next-sprint', outOfScope: 12 });
  });

  it("say the config's scope when no --scope was given, and nothing when no scope ran", () => {
    expect(renderStylish({ ...makeReport(), scope: { name: null, outOfScope: 1 } }, options)).toContain("note: the config's scope left out 1 item\n");
    expect(renderStylish(makeReport(), options)).not.toContain('scope');
    expect(JSON.parse(renderJson(makeReport(), options))).not.toHaveProperty('scope');
  });
});
