// The programmatic check(): the CLI's check as a function. It resolves to the report, writes no file and
// prints nothing; where the CLI exits 2 it rejects with a BacklintError.
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BacklintError, check } from '../src/index.js';
import { exportConfig, jiraIssue, searchResponse, tempProject } from './helpers/cli.js';

describe('check() from code', () => {
  afterEach(() => vi.restoreAllMocks());

  it('resolves to the report of the config in cwd, and writes and prints nothing', async () => {
    const stdout = vi.spyOn(process.stdout, 'write');
    const stderr = vi.spyOn(process.stderr, 'write');
    const cwd = tempProject({ 'backlint.config.yaml': exportConfig(), 'export.json': searchResponse([jiraIssue('PAY-1')]) });
    const before = readdirSync(cwd).sort();
    const report = await check({ cwd, env: {}, now: new Date('2026-01-02T03:04:05Z') });
    expect(report).toMatchObject({ schemaVersion: 1, generatedAt: '2026-01-02T03:04:05.000Z', tool: { name: 'backlint' } });
    expect(report.demo).toBeUndefined();
    expect(report.findings.map((finding) => [finding.itemKey, finding.ruleId])).toContainEqual(['PAY-1', 'story-acceptance-criteria']);
    expect(report.rules.find((rule) => rule.id === 'story-po-owner')?.docsUrl).toBe('docs/rules/story-po-owner.md');
    expect(readdirSync(cwd).sort()).toEqual(before);
    expect(stdout).not.toHaveBeenCalled();
    expect(stderr).not.toHaveBeenCalled();
  });

  it('applies a named scope, as --scope does', async () => {
    const config = exportConfig('scopes:\n  epics: { kinds: [epic] }\n');
    const cwd = tempProject({ 'backlint.config.yaml': config, 'export.json': searchResponse([jiraIssue('PAY-1'), jiraIssue('PAY-2', { type: 'Epic', level: 1 })]) });
    const report = await check({ cwd, env: {}, scope: 'epics' });
    expect(report.scope).toEqual({ name: 'epics', outOfScope: 1 });
    expect(new Set(report.findings.map((finding) => finding.itemKey))).toEqual(new Set(['PAY-2']));
  });

  it('checks the bundled demo when asked, and only the sources named', async () => {
    const demo = await check({ demo: true, env: {} });
    expect(demo.demo).toBe(true);
    expect(demo.summary.errors).toBeGreaterThan(0);
    const one = await check({ demo: true, env: {}, sources: [demo.sources[0]!.name] });
    expect(one.sources.map((source) => source.name)).toEqual([demo.sources[0]!.name]);
  });

  it('rejects with a BacklintError where the CLI exits 2: no config with CI set, an unknown source', async () => {
    await expect(check({ cwd: tempProject({}), env: { CI: 'true' } })).rejects.toMatchObject({ name: 'BacklintError', code: 'usage' });
    await expect(check({ demo: true, env: {}, sources: ['nope'] })).rejects.toBeInstanceOf(BacklintError);
  });
});
