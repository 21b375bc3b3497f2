import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BacklintError } from '../../src/errors.js';
import { appendHistory, HISTORY_LIMIT, historyEntryOf, lockHistory, parseHistory } from '../../src/history.js';
import { renderHtml } from '../../src/reporters/html.js';
import { renderMarkdown } from '../../src/reporters/markdown.js';
import { teamSeries } from '../../src/reporters/trend.js';
import { makeHistory } from '../helpers/history.js';
import { makeFinding, makeReport, makeSourceSummary } from '../helpers/report.js';
import { makeTeamCoverage } from '../helpers/teams.js';

describe('the history file', () => {
  it('records every finding of the run, known ones included, per source, rule and team', () => {
    const findings = [
      makeFinding({ itemKey: 'PAY-1' }),
      makeFinding({ itemKey: 'PAY-2', ruleId: 'story-po-owner', severity: 'warn', baseline: { state: 'known' } }),
      makeFinding({ source: 'web', itemKey: 'WEB-1' }),
    ];
    const entry = historyEntryOf({
      generatedAt: '2026-11-24T06:00:00.000Z',
      findings,
      itemsChecked: 40,
      known: 1,
      suppressed: 2,
      sources: [makeSourceSummary(), makeSourceSummary({ name: 'web', itemsChecked: 5 })],
      teams: [makeTeamCoverage({ team: 'PAY' })],
    });
    expect(entry).toMatchObject({
      schemaVersion: 1,
      generatedAt: '2026-11-24T06:00:00.000Z',
      summary: { itemsChecked: 40, errors: 2, warnings: 1, known: 1, suppressed: 2 },
      sources: [{ name: 'pay', itemsChecked: 40, errors: 1, warnings: 1 }, { name: 'web', itemsChecked: 5, errors: 1, warnings: 0 }],
      byRule: { 'story-acceptance-criteria': 2, 'story-po-owner': 1 },
    });
    expect(Object.keys(entry.byRule)).toEqual(['story-acceptance-criteria', 'story-po-owner']);
    expect(entry.teams[0]).not.toHaveProperty('roster');
    expect(entry.teams[0]).not.toHaveProperty('sources');
  });

  it('appends one JSON line a run and keeps the last 400', () => {
    const runs = makeHistory(HISTORY_LIMIT);
    const { entries, text } = appendHistory(runs, makeHistory(1)[0]!);
    expect(entries).toHaveLength(HISTORY_LIMIT);
    expect(entries[0]).toEqual(runs[1]);
    expect(text.split('\n')).toHaveLength(HISTORY_LIMIT + 1);
    expect(parseHistory(text, 'h.jsonl')).toEqual(entries);
  });

  it('reads blank lines as nothing and refuses a broken line, a report or a baseline, saying which', () => {
    const line = JSON.stringify(makeHistory(1)[0]);
    expect(parseHistory(`${line}\n\n${line}\n`, 'h.jsonl')).toHaveLength(2);
    const refused = (text: string) => {
      try {
        parseHistory(text, 'h.jsonl');
      } catch (error) {
        expect(error).toBeInstanceOf(BacklintError);
        return (error as BacklintError).message;
      }
      return 'accepted';
    };
    expect(refused(`${line}\n{"schemaVersion":1`)).toMatch(/^--history h\.jsonl: line 2 is not JSON\./);
    expect(refused(`${line}\n{"schemaVersion":1}`)).toMatch(/line 2 is not a backlint history entry \(generatedAt: /);
    expect(refused(JSON.stringify({ schemaVersion: 1, findings: [] }, null, 2))).toMatch(/it is a JSON report \(written by --format json\), not a history file/);
    expect(refused(JSON.stringify({ schemaVersion: 1, tool: 'backlint', entries: [] }))).toMatch(/it is a baseline \(written by --update-baseline\), not a history file/);
  });
});

describe('the trend in the reports', () => {
  it('gives each team its values run by run, null where the team was absent', () => {
    const runs = makeHistory(3);
    runs[1]!.teams = runs[1]!.teams.filter((team) => team.team !== 'Mobile');
    const series = teamSeries(runs, 'findings');
    expect(series.map((s) => s.team)).toEqual(['Mobile', 'Payments', 'Platform']);
    expect(series[0]!.values).toEqual([20, null, 16]);
    // Rounded as every report rounds coverage (3 of 8 is 38%, as the coverage table says).
    expect(teamSeries(runs, 'activeProductOwner')[1]!.values).toEqual([38, 50, 63]);
  });

  it('markdown has a table of the last runs and each team from the first to the last', () => {
    const out = renderMarkdown(makeReport({ history: makeHistory(12) }), { color: false });
    expect(out).toContain('### Last runs (10 of 12 runs recorded)');
    expect(out).toContain('| 2026-11-22 05:00 UTC | 30 | 33 | 3 | 2 | 1 | 50% | 75% | 50% |');
    expect(out).toContain('### Trend by team (2026-11-22 05:00 UTC → 2026-12-01 05:00 UTC)');
    expect(out).toContain('| Payments | 8 → 0 | 50% → 100% | 63% → 100% | 50% |');
    expect(renderMarkdown(makeReport(), { color: false })).not.toContain('Last runs');
  });

  it('html draws one line a team in each trend chart, labelled with its last value', () => {
    const out = renderHtml(makeReport({ history: makeHistory(5) }), { color: false });
    expect(out).toContain('<h2 id="trend-heading">Over time</h2>');
    for (const id of ['trend-findings', 'trend-activeProductOwner', 'trend-activeProductManager', 'trend-acceptanceCriteria']) expect(out).toContain(`<figure class="chart line-chart" id="${id}">`);
    expect(out).toMatch(/<g class="series" data-team="Mobile" data-last="12">/);
    expect(renderHtml(makeReport(), { color: false })).not.toContain('id="trend"');
  });
});

describe('lockHistory', () => {
  const lockIn = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'backlint-lock-'));
    return { history: path.join(dir, 'h.jsonl'), lock: path.join(dir, 'h.jsonl.lock') };
  };

  it('breaks the lock of a run that is no longer running, and removes its own on release', async () => {
    const { history, lock } = lockIn();
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(lock, JSON.stringify({ pid: gone, host: hostname(), at: Date.now() }));
    const held = await lockHistory(history, 'h.jsonl', { waitMs: 200 });
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(process.pid);
    await held.release();
    expect(existsSync(lock)).toBe(false);
  });

  it('is an io error (exit 2) naming the lock and its holder when it stays held past the wait', async () => {
    const { history, lock } = lockIn();
    const held = await lockHistory(history, 'h.jsonl');
    const error = await lockHistory(history, 'h.jsonl', { waitMs: 100 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BacklintError);
    expect((error as BacklintError).code).toBe('io');
    expect((error as Error).message).toContain(`--history h.jsonl: another backlint run is writing it (the lock ${lock} is held by process ${process.pid} on ${hostname()}`);
    await held.release();
  });
});
