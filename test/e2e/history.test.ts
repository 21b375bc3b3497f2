// `--history FILE` through the CLI (SPEC §10): each run appends a line, the reports show the runs, a
// run that cannot finish writes nothing, and a file that is not a history is refused.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runCliAsync, tempProject } from '../helpers/cli.js';

describe('--history', () => {
  it('appends one line a run and shows the runs in the markdown and html reports', () => {
    const cwd = tempProject({});
    const first = runCli(['check', '--demo', '--history', 'history/backlint.jsonl', '--format', 'json:report.json'], { cwd });
    expect(first.code).toBe(1);
    const second = runCli(['check', '--demo', '--history', 'history/backlint.jsonl', '--format', 'markdown', '--format', 'html:report.html'], { cwd, env: { SOURCE_DATE_EPOCH: '1795586400' } });
    expect(second.code).toBe(1);
    const lines = readFileSync(path.join(cwd, 'history/backlint.jsonl'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => line.generatedAt)).toEqual(['2026-11-24T06:00:00.000Z', '2026-11-25T06:00:00.000Z']);
    expect(lines[1]).toMatchObject({ schemaVersion: 1, summary: { itemsChecked: 66, errors: 38, warnings: 9, known: 0, suppressed: 4 } });
    expect(lines[1].sources.map((source: { name: string }) => source.name)).toEqual(['payments', 'platform', 'mobile']);
    expect(lines[1].teams.length).toBeGreaterThan(3);
    expect(second.stdout).toContain('### Last runs (2 of 2 runs recorded)');
    expect(second.stdout).toContain('| 2026-11-25 06:00 UTC | 66 | 38 | 9 | 0 | 4 |');
    expect(second.stderr).toContain('Report written: report.html (html)');
    expect(readFileSync(path.join(cwd, 'report.html'), 'utf8')).toContain('<figure class="chart line-chart" id="trend-findings">');
    // The JSON report stays as it was: the history is its own file.
    expect(JSON.parse(readFileSync(path.join(cwd, 'report.json'), 'utf8'))).not.toHaveProperty('history');
  }, 60_000);

  it('writes nothing when the run cannot finish, and refuses a report given as the history', () => {
    const cwd = tempProject({});
    const failed = runCli(['check', '--demo', '--history', 'h.jsonl', '--baseline', 'missing.json'], { cwd });
    expect(failed.code).toBe(2);
    expect(existsSync(path.join(cwd, 'h.jsonl'))).toBe(false);
    runCli(['check', '--demo', '--format', 'json:report.json'], { cwd });
    const before = readFileSync(path.join(cwd, 'report.json'), 'utf8');
    const wrong = runCli(['check', '--demo', '--history', 'report.json'], { cwd });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--history report.json: it is a JSON report (written by --format json), not a history file.');
    expect(readFileSync(path.join(cwd, 'report.json'), 'utf8')).toBe(before);
    writeFileSync(path.join(cwd, 'h.jsonl'), '{"schemaVersion":1}\n');
    expect(runCli(['check', '--demo', '--history', 'h.jsonl'], { cwd }).stderr).toMatch(/--history h\.jsonl: line 1 is not a backlint history entry/);
  }, 60_000);

  it('keeps every run of parallel runs on one history file', async () => {
    const cwd = tempProject({});
    expect(runCli(['check', '--demo', '--history', 'h.jsonl'], { cwd }).code).toBe(1);
    const line = JSON.parse(readFileSync(path.join(cwd, 'h.jsonl'), 'utf8'));
    const earlier = ['2026-01-01', '2026-01-02', '2026-01-03'].map((day) => `${JSON.stringify({ ...line, generatedAt: `${day}T06:00:00.000Z` })}\n`);
    writeFileSync(path.join(cwd, 'h.jsonl'), earlier.join(''));
    const epochs = [1795500000, 1795500060, 1795500120, 1795500180, 1795500240, 1795500300];
    const runs = await Promise.all(
      epochs.map((epoch, i) => runCliAsync(['check', '--demo', '--history', 'h.jsonl', '--format', `json:par${i}.json`], { cwd, env: { SOURCE_DATE_EPOCH: String(epoch) } })),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(1);
    const times = readFileSync(path.join(cwd, 'h.jsonl'), 'utf8').trimEnd().split('\n').map((text) => JSON.parse(text).generatedAt as string);
    expect(times).toHaveLength(9);
    expect(times.slice(0, 3)).toEqual(['2026-01-01T06:00:00.000Z', '2026-01-02T06:00:00.000Z', '2026-01-03T06:00:00.000Z']);
    expect(times.slice(3).sort()).toEqual(epochs.map((epoch) => new Date(epoch * 1000).toISOString()));
    // No lock file and no temp file is left behind.
    expect(readdirSync(cwd).filter((name) => name.includes('lock') || name.includes('backlint-'))).toEqual([]);
  }, 120_000);
});
