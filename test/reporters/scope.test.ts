// Every report that a scope ran says which one and how many items it left out (SPEC §5).
import { describe, expect, it } from 'vitest';
import { renderCsv } from '../../src/reporters/csv.js';
import { renderHtml } from '../../src/reporters/html.js';
import { renderJunit } from '../../src/reporters/junit.js';
import { renderJson } from '../../src/reporters/json.js';
import { renderSarif } from '../../src/reporters/sarif.js';
import { renderMarkdown } from '../../src/reporters/markdown.js';
import { renderStylish } from '../../src/reporters/stylish.js';
import { makeFinding, makeReport } from '../helpers/report.js';

const options = { color: false };

describe('reports of a scoped run', () => {
  it('name the --scope and count what it left out', () => {
    const report = { ...makeReport(), scope: { name: 'next-sprint', outOfScope: 12 } };
    expect(renderStylish(report, options)).toContain('note: scope next-sprint left out 12 items');
    expect(renderMarkdown(report, options)).toContain('> **Scope:** `next-sprint` left out 12 items.');
    expect(JSON.parse(renderJson(report, options)).scope).toEqual({ name: 'next-sprint', outOfScope: 12 });
    expect(renderHtml(report, options)).toContain('<p class="scope" role="note"><strong>Scope:</strong> scope <code>next-sprint</code> left out 12 items.</p>');
    expect(JSON.parse(renderSarif(report, options)).runs[0].properties.scope).toEqual({ name: 'next-sprint', outOfScope: 12 });
    const withFindings = { ...makeReport({ findings: [makeFinding(), makeFinding({ itemKey: 'PAY-2', ruleId: 'story-po-owner' })] }), scope: report.scope };
    const junit = renderJunit(withFindings, options);
    const suites = junit.match(/<testsuite /g)!.length;
    expect(suites).toBeGreaterThan(0);
    expect(junit.match(/<property name="scope" value="next-sprint"\/>/g)).toHaveLength(suites);
    expect(junit.match(/<property name="out of scope" value="12"\/>/g)).toHaveLength(suites);
    const [header, ...rows] = renderCsv(withFindings, options).trimEnd().split('\r\n');
    expect(header!.split(',').at(-1)).toBe('scope');
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.endsWith(',next-sprint')).toBe(true);
  });

  it("name the config's scope in JUnit and CSV, and add neither property nor column to an unscoped run", () => {
    const scoped = { ...makeReport({ findings: [makeFinding()] }), scope: { name: null, outOfScope: 3 } };
    expect(renderJunit(scoped, options)).toContain('<property name="scope" value="config"/>');
    expect(renderCsv(scoped, options).split('\r\n')[1]!.endsWith(',config')).toBe(true);
    expect(renderJunit(makeReport({ findings: [makeFinding()] }), options)).not.toContain('name="scope"');
    expect(renderCsv(makeReport({ findings: [makeFinding()] }), options).split('\r\n')[0]).not.toContain('scope');
  });

  it('escape a scope name in HTML, and leave it out of the HTML and SARIF of an unscoped run', () => {
    expect(renderHtml({ ...makeReport(), scope: { name: '<b>x</b>', outOfScope: 1 } }, options)).toContain('scope <code>&#60;b&#62;x&#60;/b&#62;</code> left out 1 item.');
    expect(renderHtml(makeReport(), options)).not.toContain('class="scope"');
    expect(JSON.parse(renderSarif(makeReport(), options)).runs[0].properties).not.toHaveProperty('scope');
  });

  it("say the config's scope when no --scope was given, and nothing when no scope ran", () => {
    expect(renderStylish({ ...makeReport(), scope: { name: null, outOfScope: 1 } }, options)).toContain("note: the config's scope left out 1 item\n");
    expect(renderStylish(makeReport(), options)).not.toContain('scope');
    expect(JSON.parse(renderJson(makeReport(), options))).not.toHaveProperty('scope');
  });
});
