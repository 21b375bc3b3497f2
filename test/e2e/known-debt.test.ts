// The nightly flow of examples/github-actions.yml on the demo (SPEC §10, issue 15): after a baseline
// update the reports still show the known debt to its owners, only new findings fail the run, and a
// baseline update of one source keeps the other sources' entries and their reasons.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';

interface Entry { source: string; itemKey: string; ruleId: string; reason?: string; expires?: string }

describe('baseline as known debt, on the demo', () => {
  it('lists known debt, fails only on new findings, and survives a baseline update of one source', () => {
    const cwd = tempProject({});
    const file = path.join(cwd, 'backlint-baseline.json');
    const update = runCli(['check', '--demo', '--update-baseline'], { cwd });
    expect(update.code).toBe(0);
    expect(update.stderr).toMatch(/Baseline written: backlint-baseline\.json \(47 findings\)\./);
    const baseline = JSON.parse(readFileSync(file, 'utf8')) as { entries: Entry[] };
    const others = baseline.entries.filter((entry) => entry.source !== 'payments').length;
    expect(others).toBeGreaterThan(0);
    // A coach writes down why two findings are accepted, one until a date already past.
    const firstPayments = baseline.entries.findIndex((entry) => entry.source === 'payments');
    const firstPlatform = baseline.entries.findIndex((entry) => entry.source === 'platform');
    baseline.entries[firstPayments] = { ...baseline.entries[firstPayments]!, reason: 'agreed with the PM until the Q1 replanning', expires: '2099-12-31' };
    baseline.entries[firstPlatform] = { ...baseline.entries[firstPlatform]!, reason: 'legacy tenant', expires: '2026-01-31' };
    writeFileSync(file, JSON.stringify(baseline, null, 2));

    const nightly = runCli(['check', '--demo', '--baseline', 'backlint-baseline.json', '--format', 'markdown', '--format', 'json:report.json'], { cwd });
    // The expired entry's finding counts again: exit 1, and the reports say why.
    expect(nightly.code).toBe(1);
    expect(nightly.stderr).toContain('1 baseline entry has expired');
    expect(nightly.stdout.split('\n')[0]).toMatch(/^## ❌ backlint: 1 new problem \(1 error, 0 warnings\) in 66 items checked · 46 known findings \(baseline\)$/);
    expect(nightly.stdout).toContain('### Known debt (46)');
    expect(nightly.stdout).toContain('known: agreed with the PM until the Q1 replanning, until 2099-12-31');
    expect(nightly.stdout).toMatch(/⌛ [^|]*\(baseline entry expired 2026-01-31 \(legacy tenant\)\)/);
    const report = JSON.parse(readFileSync(path.join(cwd, 'report.json'), 'utf8'));
    expect(report.findings).toHaveLength(47);
    expect(report.baseline).toEqual({ file: 'backlint-baseline.json', known: 46, fixed: 0, expired: 1 });

    // The coach extends the date: the nightly run is green again, and still lists all 47 for their owners.
    const extended = JSON.parse(readFileSync(file, 'utf8')) as { entries: Entry[] };
    extended.entries[firstPlatform]!.expires = '2099-01-31';
    writeFileSync(file, JSON.stringify(extended, null, 2));
    const green = runCli(['check', '--demo', '--baseline', 'backlint-baseline.json', '--format', 'markdown'], { cwd });
    expect(green.code).toBe(0);
    expect(green.stdout.split('\n')[0]).toBe('## ✅ backlint: no new problems in 66 items checked · 47 known findings (baseline)');

    // Updating one source's entries keeps the other's, with their reasons and dates.
    const one = runCli(['check', '--demo', '--update-baseline', '--source', 'payments'], { cwd });
    expect(one.code).toBe(0);
    expect(one.stderr).toContain(`0 fixed entries dropped; ${others} entries of other sources kept; 2 with a reason or expiry date kept`);
    const after = JSON.parse(readFileSync(file, 'utf8')) as { entries: Entry[] };
    expect(after.entries).toHaveLength(47);
    expect(after.entries.filter((entry) => entry.reason !== undefined).map((entry) => entry.reason)).toEqual(['agreed with the PM until the Q1 replanning', 'legacy tenant']);
    const next = runCli(['check', '--demo', '--baseline', 'backlint-baseline.json', '--format', 'json'], { cwd });
    expect(next.code).toBe(0);
    expect(JSON.parse(next.stdout).baseline).toEqual({ file: 'backlint-baseline.json', known: 47, fixed: 0 });

    // A run of one source does not call the other source's entries fixed.
    const partial = runCli(['check', '--demo', '--source', 'payments', '--baseline', 'backlint-baseline.json', '--format', 'json'], { cwd });
    expect(partial.code).toBe(0);
    expect(JSON.parse(partial.stdout).baseline).toMatchObject({ known: 47 - others, fixed: 0 });
  }, 90_000);

  it('a run narrowed by --scope or --source neither drops nor counts as fixed what it did not look at', () => {
    // The demo, with a named scope of the stories only.
    const demo = path.join(import.meta.dirname, '../../fixtures/demo');
    const files = Object.fromEntries(readdirSync(demo).map((name) => [name, readFileSync(path.join(demo, name), 'utf8')]));
    files['backlint.config.yaml'] += '\nscopes:\n  stories: { kinds: [story] }\n';
    const cwd = tempProject(files);
    const full = runCli(['check', '--update-baseline', '--format', 'json:full.json'], { cwd });
    expect(full.code).toBe(0);
    const entries = (JSON.parse(readFileSync(path.join(cwd, 'backlint-baseline.json'), 'utf8')) as { entries: Entry[] }).entries.length;
    const stories = (JSON.parse(readFileSync(path.join(cwd, 'full.json'), 'utf8')) as { findings: { kind: string }[] }).findings.filter((finding) => finding.kind === 'story').length;
    expect(stories).toBeGreaterThan(0);
    expect(stories).toBeLessThan(entries);

    const scoped = runCli(['check', '--update-baseline', '--scope', 'stories'], { cwd });
    expect(scoped.code).toBe(0);
    const [, found, kept] = /\((\d+) findings; 0 fixed entries dropped; (\d+) entries of items this run did not check kept/.exec(scoped.stderr) ?? [];
    expect(Number(found)).toBeGreaterThanOrEqual(stories);
    expect(Number(found) + Number(kept)).toBe(entries);
    expect((JSON.parse(readFileSync(path.join(cwd, 'backlint-baseline.json'), 'utf8')) as { entries: Entry[] }).entries).toHaveLength(entries);
    const read = runCli(['check', '--scope', 'stories', '--baseline', 'backlint-baseline.json', '--format', 'json'], { cwd });
    expect(JSON.parse(read.stdout).baseline).toMatchObject({ known: Number(found), fixed: 0 });
    // The next full run finds nothing new.
    expect(runCli(['check', '--baseline', 'backlint-baseline.json'], { cwd }).code).toBe(0);

    // --compare: what another source or an item out of scope had is not "fixed" by a run that did not look.
    for (const narrowing of [['--source', 'payments'], ['--scope', 'stories']]) {
      const compared = runCli(['check', ...narrowing, '--compare', 'full.json', '--format', 'json'], { cwd });
      expect(JSON.parse(compared.stdout).comparison).toMatchObject({ new: 0, fixed: 0, fixedFindings: [] });
    }
    // A finding that did go, within the run's reach, still counts as fixed.
    const previous = JSON.parse(readFileSync(path.join(cwd, 'full.json'), 'utf8')) as { findings: Record<string, unknown>[] };
    const story = previous.findings.find((finding) => finding.kind === 'story' && finding.source === 'payments')!;
    previous.findings.push({ ...story, ruleId: 'story-has-parent', fingerprint: 'f'.repeat(16), message: 'gone since' });
    writeFileSync(path.join(cwd, 'previous.json'), JSON.stringify(previous));
    const gone = runCli(['check', '--scope', 'stories', '--source', 'payments', '--compare', 'previous.json', '--format', 'json'], { cwd });
    expect(JSON.parse(gone.stdout).comparison).toMatchObject({ fixed: 1 });
  }, 90_000);

  it('tells a baseline and a report apart, whichever way round they are given', () => {
    const cwd = tempProject({});
    runCli(['check', '--demo', '--update-baseline', '--format', 'json:report.json'], { cwd });
    const asBaseline = runCli(['check', '--demo', '--baseline', 'report.json'], { cwd });
    expect(asBaseline.code).toBe(2);
    expect(asBaseline.stderr).toMatch(/Baseline report\.json is a JSON report \(written by --format json\), not a baseline/);
    const asCompare = runCli(['check', '--demo', '--compare', 'backlint-baseline.json'], { cwd });
    expect(asCompare.code).toBe(2);
    expect(asCompare.stderr).toMatch(/--compare backlint-baseline\.json is a baseline \(written by --update-baseline\), not a JSON report/);
    const update = runCli(['check', '--demo', '--update-baseline', '--baseline', 'report.json'], { cwd });
    expect(update.code).toBe(2);
    expect(update.stderr).toMatch(/is a JSON report/);
  }, 60_000);
});
