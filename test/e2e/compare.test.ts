import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportConfig, jiraIssue, jiraUser, runCli, searchResponse, tempProject } from '../helpers/cli.js';

const ana = jiraUser('Ana Souza');
const before = searchResponse([jiraIssue('PAY-1', { po: null }), jiraIssue('PAY-2', { po: ana })]);
const after = searchResponse([jiraIssue('PAY-2', { po: ana }), jiraIssue('PAY-3', { po: ana })]);

describe('backlint check --compare', () => {
  it('marks findings new or old and counts the fixed ones in json, stylish, markdown and html', () => {
    const cwd = tempProject({ 'backlint.config.yaml': exportConfig(), 'export.json': before });
    expect(runCli(['check', '--format', 'json:previous.json'], { cwd }).code).toBe(1);
    writeFileSync(path.join(cwd, 'export.json'), JSON.stringify(after));
    const run = runCli(['check', '--compare', 'previous.json', '--format', 'stylish', '--format', 'json:now.json', '--format', 'markdown:now.md', '--format', 'html:now.html'], { cwd });
    expect(run.code).toBe(1);
    const now = JSON.parse(readFileSync(path.join(cwd, 'now.json'), 'utf8'));
    // PAY-1 (two findings) is gone; PAY-2 still lacks criteria; PAY-3 is new.
    const { fixedFindings, ...comparison } = now.comparison;
    expect(comparison).toEqual({ file: 'previous.json', previousGeneratedAt: '2026-11-24T06:00:00.000Z', new: 1, old: 1, fixed: 2 });
    // The fixed findings are listed, not only counted (SPEC §10).
    expect(fixedFindings.map((f: { itemKey: string; ruleId: string }) => f.itemKey)).toEqual(['PAY-1', 'PAY-1']);
    expect(readFileSync(path.join(cwd, 'now.md'), 'utf8')).toContain('### Fixed since the previous report (2)');
    expect(run.stdout).toContain('Fixed since the previous report (2)');
    expect(now.findings.map((f: { itemKey: string; change: string }) => `${f.itemKey} ${f.change}`)).toEqual(['PAY-2 old', 'PAY-3 new']);
    expect(run.stdout).toMatch(/✖ 2 problems \(2 errors, 0 warnings\) in 2 items checked · 1 new, 2 fixed since the previous report/);
    expect(readFileSync(path.join(cwd, 'now.md'), 'utf8')).toContain('1 new, 1 still open, 2 fixed.');
    expect(readFileSync(path.join(cwd, 'now.html'), 'utf8')).toContain('<span class="number" id="total-fixed">2</span>');
  });

  it.each([
    ['a missing file', null, /--compare missing\.json: cannot read it \(ENOENT\)/],
    ['invalid JSON', '{ nope', /--compare missing\.json is not valid JSON/],
    ['a baseline instead of a report', JSON.stringify({ schemaVersion: 1, tool: 'backlint', entries: [] }), /is a baseline \(written by --update-baseline\), not a JSON report: give it to --baseline/],
  ])('exits 2 on %s, writing no report', (_, content, message) => {
    const cwd = tempProject({ 'backlint.config.yaml': exportConfig(), 'export.json': after, ...(content === null ? {} : { 'missing.json': content }) });
    const run = runCli(['check', '--compare', 'missing.json', '--format', 'json:out.json'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(() => readFileSync(path.join(cwd, 'out.json'))).toThrow();
  });
});
