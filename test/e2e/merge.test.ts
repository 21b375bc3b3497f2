// `backlint merge` (SPEC §10): the JSON reports of three shards (one per demo source) give the same
// report as one run over the three sources, in every format; the exit code is the combined findings';
// mixed schema versions, a source in two shards and files that are no report are refused.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';

const SOURCES = ['payments', 'platform', 'mobile'];
const FORMATS = ['json', 'html', 'markdown', 'junit', 'sarif', 'csv'];
const read = (cwd: string, file: string) => readFileSync(path.join(cwd, file), 'utf8');

describe('backlint merge', () => {
  let cwd: string;
  beforeAll(() => {
    cwd = tempProject({});
    const one = runCli(['check', '--demo', ...FORMATS.flatMap((format) => ['--format', `${format}:one/report.${format}`]), '--format', 'stylish:one/report.txt'], { cwd });
    expect(one.code).toBe(1);
    for (const source of SOURCES) expect(runCli(['check', '--demo', '--source', source, '--format', `json:shards/${source}.json`], { cwd }).code).toBe(1);
  }, 120_000);

  it('of three shards equals one run over the three sources: findings, summary, coverage, in JSON', () => {
    const merged = runCli(['merge', ...SOURCES.map((source) => `shards/${source}.json`), '--format', 'json:merged.json'], { cwd, env: { SOURCE_DATE_EPOCH: '1795586400' } });
    expect(merged.code).toBe(1);
    expect(merged.stderr).toContain('Merged 3 reports: payments, platform, mobile.');
    expect(merged.stderr).not.toContain('roster team');
    const { generatedAt: oneAt, ...one } = JSON.parse(read(cwd, 'one/report.json'));
    const { generatedAt: mergedAt, ...combined } = JSON.parse(read(cwd, 'merged.json'));
    expect(oneAt).toBe('2026-11-24T06:00:00.000Z');
    expect(mergedAt).toBe('2026-11-25T06:00:00.000Z');
    expect(combined.findings).toHaveLength(47);
    expect(combined.summary).toEqual(one.summary);
    expect(combined.teams).toEqual(one.teams);
    expect(combined).toEqual(one);
  }, 60_000);

  it('of three shards equals one run in every other format too', () => {
    const merged = runCli(['merge', ...SOURCES.map((source) => `shards/${source}.json`), ...FORMATS.flatMap((format) => ['--format', `${format}:merged/report.${format}`]), '--format', 'stylish:merged/report.txt'], { cwd });
    expect(merged.code).toBe(1);
    for (const file of [...FORMATS.map((format) => `report.${format}`), 'report.txt']) expect(read(cwd, `merged/${file}`), file).toBe(read(cwd, `one/${file}`));
  }, 60_000);

  it('exits with the combined findings\' code: 0 when every finding is known debt, listing it', () => {
    const dir = tempProject({});
    expect(runCli(['check', '--demo', '--update-baseline'], { cwd: dir }).code).toBe(0);
    for (const source of SOURCES) expect(runCli(['check', '--demo', '--source', source, '--baseline', 'backlint-baseline.json', '--format', `json:${source}.json`], { cwd: dir }).code).toBe(0);
    const merged = runCli(['merge', ...SOURCES.map((source) => `${source}.json`), '--format', 'markdown'], { cwd: dir });
    expect(merged.code).toBe(0);
    expect(merged.stdout.split('\n')[0]).toBe('## ✅ backlint: no new problems in 66 items checked · 47 known findings (baseline)');
    expect(merged.stdout).toContain('### Known debt (47)');
    const strict = runCli(['merge', ...SOURCES.map((source) => `${source}.json`), '--format', 'json:m.json', '--max-warnings', '0'], { cwd: dir });
    expect(strict.code).toBe(0); // known warnings do not count
  }, 120_000);

  it('says when a roster team with team findings is split over shards, as one run would give one finding each', () => {
    // A second shard of the same Mobile teams, as if their items were split over two sources.
    const mobile = JSON.parse(read(cwd, 'shards/mobile.json'));
    const rename = (entry: { source: string }) => ({ ...entry, source: entry.source === 'mobile' ? 'mobile-tablets' : entry.source });
    const tablets = {
      ...mobile,
      sources: mobile.sources.map((source: { name: string }) => ({ ...source, name: 'mobile-tablets' })),
      findings: mobile.findings.map(rename),
      checkedItems: mobile.checkedItems.map(rename),
      suppressions: mobile.suppressions.map(rename),
      teams: mobile.teams.map((team: { sources: string[] }) => ({ ...team, sources: ['mobile-tablets'] })),
    };
    writeFileSync(path.join(cwd, 'tablets.json'), JSON.stringify(tablets));
    const merged = runCli(['merge', 'shards/mobile.json', 'tablets.json', '--format', 'json:split.json'], { cwd });
    expect(merged.code).toBe(1);
    const lines = merged.stderr.split('\n').filter((line) => line.includes('roster team'));
    expect(lines).toEqual([
      "merge: roster team Mobile Android has items in 2 shards (shards/mobile.json, tablets.json), and each gives its own team findings, counting its own items. Lint a team's sources in one shard for one finding per problem.",
    ]);
  }, 60_000);

  it('lists a rule the shards ran at different severities as its most severe, whatever their order, and says so', () => {
    const payments = JSON.parse(read(cwd, 'shards/payments.json'));
    const relaxed = { ...payments, rules: payments.rules.map((rule: { id: string; severity: string }) => (rule.id === 'story-acceptance-criteria' ? { ...rule, severity: 'warn' } : rule)) };
    writeFileSync(path.join(cwd, 'relaxed.json'), JSON.stringify(relaxed));
    const severities = (file: string) => (JSON.parse(read(cwd, file)).rules as { id: string; severity: string }[]).find((rule) => rule.id === 'story-acceptance-criteria')!.severity;
    const first = runCli(['merge', 'relaxed.json', 'shards/platform.json', '--format', 'json:order-1.json'], { cwd });
    const second = runCli(['merge', 'shards/platform.json', 'relaxed.json', '--format', 'json:order-2.json'], { cwd });
    expect([severities('order-1.json'), severities('order-2.json')]).toEqual(['error', 'error']);
    expect(first.stderr).toContain('merge: the shards ran rule story-acceptance-criteria at different severities (warn in relaxed.json; error in shards/platform.json); the merged report lists it as error');
    expect(second.stderr).toContain('(error in shards/platform.json; warn in relaxed.json)');
  }, 60_000);

  it('refuses a source in two shards, mixed schema versions and files that are no report, writing nothing', () => {
    const twice = runCli(['merge', 'shards/payments.json', 'shards/mobile.json', 'shards/payments.json', '--format', 'json:out.json'], { cwd });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('merge: source payments is in both shards/payments.json and shards/payments.json.');
    const later = JSON.parse(read(cwd, 'shards/mobile.json'));
    writeFileSync(path.join(cwd, 'v2.json'), JSON.stringify({ ...later, schemaVersion: 2 }));
    const mixed = runCli(['merge', 'shards/payments.json', 'v2.json', '--format', 'json:out.json'], { cwd });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('merge: v2.json is a report of schema version 2; this backlint merges schema version 1. Run every shard with the same backlint version.');
    writeFileSync(path.join(cwd, 'baseline.json'), JSON.stringify({ schemaVersion: 1, tool: 'backlint', entries: [] }));
    expect(runCli(['merge', 'baseline.json'], { cwd }).stderr).toMatch(/merge: baseline\.json is a baseline \(written by --update-baseline\), not a JSON report/);
    writeFileSync(path.join(cwd, 'broken.json'), '{"schemaVersion": 1,');
    expect(runCli(['merge', 'broken.json'], { cwd }).stderr).toMatch(/merge: broken\.json is not valid JSON/);
    expect(runCli(['merge', 'missing.json'], { cwd }).stderr).toMatch(/merge: cannot read missing\.json/);
    expect(runCli(['merge', 'shards/payments.json', '--format', 'json:shards/payments.json'], { cwd }).stderr).toMatch(/would overwrite the shard report/);
    expect(existsSync(path.join(cwd, 'out.json'))).toBe(false);
  }, 60_000);
});
