import { describe, expect, it } from 'vitest';
import { applyBaseline, createBaseline, parseBaseline, reachOf, updateBaseline } from '../src/baseline.js';
import { BacklintError } from '../src/errors.js';
import { fingerprintOf } from '../src/fingerprint.js';
import { makeFinding } from './helpers/report.js';
import type { Finding } from '../src/model.js';

const TODAY = '2026-11-24';
const states = (list: readonly Finding[]) => list.map((f) => `${f.itemKey} ${f.ruleId} ${f.baseline?.state ?? 'open'}`);

const findings = [
  makeFinding({ itemKey: 'PAY-10', ruleId: 'story-po-owner' }),
  makeFinding({ itemKey: 'PAY-2' }),
  makeFinding({ itemKey: 'PAY-2', ruleId: 'story-po-owner' }),
];

describe('fingerprintOf', () => {
  it('is 32 hex characters and stable across runs', () => {
    expect(fingerprintOf('pay', 'PAY-12', 'story-po-owner')).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprintOf('pay', 'PAY-12', 'story-po-owner')).toBe(fingerprintOf('pay', 'PAY-12', 'story-po-owner'));
    // Pinned: changing the algorithm would make every baselined finding new.
    expect(fingerprintOf('pay', 'PAY-12', 'story-po-owner')).toBe('8c435964d4ebd914a43f910ceef02548');
  });

  it('depends on source, key and rule, and the parts cannot run into each other', () => {
    const base = fingerprintOf('pay', 'PAY-12', 'story-po-owner');
    expect(fingerprintOf('web', 'PAY-12', 'story-po-owner')).not.toBe(base);
    expect(fingerprintOf('pay', 'PAY-13', 'story-po-owner')).not.toBe(base);
    expect(fingerprintOf('pay', 'PAY-12', 'epic-pm-owner')).not.toBe(base);
    expect(fingerprintOf('ab', 'c', 'r')).not.toBe(fingerprintOf('a', 'bc', 'r'));
  });

  it('does not depend on the wording: a reworded finding keeps its baseline entry', () => {
    const before = makeFinding({ message: 'Story has no acceptance criteria.' });
    const after = makeFinding({ message: 'This story lacks acceptance criteria.', messageId: 'reworded', title: 'Renamed' });
    expect(after.fingerprint).toBe(before.fingerprint);
    expect(applyBaseline([after], createBaseline([before]), 'b.json', TODAY).findings.map((f) => f.baseline?.state)).toEqual(['known']);
  });
});

describe('baseline', () => {
  it('creates a sorted, deduplicated baseline', () => {
    const baseline = createBaseline([...findings, findings[0]!]);
    expect(baseline.schemaVersion).toBe(1);
    expect(baseline.tool).toBe('backlint');
    expect(baseline.entries.map((e) => `${e.itemKey} ${e.ruleId}`)).toEqual([
      'PAY-2 story-acceptance-criteria',
      'PAY-2 story-po-owner',
      'PAY-10 story-po-owner',
    ]);
    expect(Object.keys(baseline.entries[0]!)).toEqual(['fingerprint', 'source', 'itemKey', 'ruleId']);
  });

  it('round-trips: the same findings are all known (listed, marked), none fixed', () => {
    const written = JSON.parse(JSON.stringify(createBaseline(findings)));
    const baseline = parseBaseline(written, 'backlint-baseline.json');
    const result = applyBaseline(findings, baseline, 'backlint-baseline.json', TODAY);
    expect(result.findings.map((f) => f.baseline)).toEqual([{ state: 'known' }, { state: 'known' }, { state: 'known' }]);
    expect(result.summary).toEqual({ file: 'backlint-baseline.json', known: 3, fixed: 0 });
  });

  it('counts a finding that has gone as fixed', () => {
    const result = applyBaseline(findings.slice(1), createBaseline(findings), 'b.json', TODAY);
    expect(result.summary).toEqual({ file: 'b.json', known: 2, fixed: 1 });
  });

  it('marks a new finding open and the known ones known, keeping the order they came in', () => {
    const fresh = [makeFinding({ itemKey: 'PAY-1' }), ...findings, makeFinding({ itemKey: 'PAY-99' })];
    const result = applyBaseline(fresh, createBaseline(findings), 'b.json', TODAY);
    expect(states(result.findings)).toEqual([
      'PAY-1 story-acceptance-criteria open',
      'PAY-10 story-po-owner known',
      'PAY-2 story-acceptance-criteria known',
      'PAY-2 story-po-owner known',
      'PAY-99 story-acceptance-criteria open',
    ]);
    expect(result.summary).toEqual({ file: 'b.json', known: 3, fixed: 0 });
  });

  it('does not count another source\'s entries as fixed when the run did not lint that source', () => {
    const other = makeFinding({ source: 'dc', itemKey: 'DC-1' });
    const baseline = createBaseline([...findings, other]);
    expect(applyBaseline(findings, baseline, 'b.json', TODAY, reachOf(new Set(['pay']), null)).summary.fixed).toBe(0);
    expect(applyBaseline(findings, baseline, 'b.json', TODAY, reachOf(new Set(['pay', 'dc']), null)).summary.fixed).toBe(1);
  });
});

describe('reason and expires', () => {
  const withReasons = () => {
    const baseline = createBaseline(findings);
    baseline.entries[0] = { ...baseline.entries[0]!, reason: 'legacy epic, closing in Q1', expires: '2026-12-31' };
    baseline.entries[1] = { ...baseline.entries[1]!, expires: '2026-11-23' };
    baseline.entries[2] = { ...baseline.entries[2]!, expires: '2026-11-24' };
    return baseline;
  };

  it('an entry excuses its finding through its expiry date, and no longer the day after', () => {
    const result = applyBaseline(findings, parseBaseline(JSON.parse(JSON.stringify(withReasons())), 'b.json'), 'b.json', TODAY);
    expect(result.findings.map((f) => [f.itemKey, f.ruleId, f.baseline])).toEqual([
      ['PAY-10', 'story-po-owner', { state: 'known', expires: '2026-11-24' }],
      ['PAY-2', 'story-acceptance-criteria', { state: 'known', reason: 'legacy epic, closing in Q1', expires: '2026-12-31' }],
      ['PAY-2', 'story-po-owner', { state: 'expired', expires: '2026-11-23' }],
    ].sort((a, b) => findings.findIndex((f) => f.itemKey === a[0] && f.ruleId === a[1]) - findings.findIndex((f) => f.itemKey === b[0] && f.ruleId === b[1])));
    expect(result.summary).toEqual({ file: 'b.json', known: 2, fixed: 0, expired: 1 });
  });

  it('refuses an expiry that is not a date', () => {
    const bad = { ...createBaseline(findings), entries: [{ ...createBaseline(findings).entries[0]!, expires: '2026-02-30' }] };
    expect(() => parseBaseline(bad, 'b.json')).toThrow(/entries\[0\]\.expires: expected a real calendar date/);
    expect(() => parseBaseline({ ...bad, entries: [{ ...bad.entries[0]!, expires: 'next spring' }] }, 'b.json')).toThrow(/expected a date YYYY-MM-DD/);
  });

  it('--update-baseline keeps reasons and dates, drops fixed entries and counts them', () => {
    const fresh = [findings[0]!, findings[1]!, makeFinding({ itemKey: 'PAY-30' })];
    const update = updateBaseline(fresh, withReasons(), null);
    expect(update.dropped).toBe(1);
    expect(update.keptOutOfReach).toBe(0);
    expect(update.baseline.entries.map((e) => [e.itemKey, e.ruleId, e.reason ?? null, e.expires ?? null])).toEqual([
      ['PAY-2', 'story-acceptance-criteria', 'legacy epic, closing in Q1', '2026-12-31'],
      ['PAY-10', 'story-po-owner', null, '2026-11-24'],
      ['PAY-30', 'story-acceptance-criteria', null, null],
    ]);
    expect(Object.keys(update.baseline.entries[0]!)).toEqual(['fingerprint', 'source', 'itemKey', 'ruleId', 'reason', 'expires']);
  });

  it('--update-baseline --source replaces only that source\'s entries', () => {
    const dc = [makeFinding({ source: 'dc', itemKey: 'DC-1' }), makeFinding({ source: 'dc', itemKey: 'DC-2' })];
    const previous = createBaseline([...findings, ...dc]);
    const update = updateBaseline([dc[1]!, makeFinding({ source: 'dc', itemKey: 'DC-3' })], previous, reachOf(new Set(['dc']), null));
    expect(update.baseline.entries.map((e) => `${e.source} ${e.itemKey}`)).toEqual(['dc DC-2', 'dc DC-3', 'pay PAY-2', 'pay PAY-2', 'pay PAY-10']);
    expect(update).toMatchObject({ dropped: 1, keptOutOfReach: 3 });
  });

  it('ignores fields it does not know, for baselines written by a newer version', () => {
    const written = { ...createBaseline(findings), comment: 'x' };
    written.entries = written.entries.map((e) => ({ ...e, note: 'later' }));
    expect(parseBaseline(written, 'b.json')).toEqual(createBaseline(findings));
  });

  it.each([
    ['not an object', 'nope', /\(root\)/],
    ['a wrong schema version', { schemaVersion: 2, tool: 'backlint', entries: [] }, /schemaVersion: /],
    ['another tool', { schemaVersion: 1, tool: 'eslint', entries: [] }, /tool: /],
    ['missing entries', { schemaVersion: 1, tool: 'backlint' }, /entries: required/],
    [
      'a bad entry',
      { schemaVersion: 1, tool: 'backlint', entries: [{ fingerprint: 'a'.repeat(32), source: 'pay', itemKey: 'PAY-1', ruleId: 'r' }, { fingerprint: 'xyz', source: 'pay', itemKey: 'PAY-2' }] },
      /entries\[1\]\.fingerprint: expected a fingerprint[\s\S]*entries\[1\]\.ruleId: required/,
    ],
  ])('rejects %s, naming the file and the JSON path', (_name, json, path) => {
    let error: unknown;
    try {
      parseBaseline(json, 'ci/backlint-baseline.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BacklintError);
    expect((error as BacklintError).code).toBe('usage');
    expect((error as BacklintError).message).toContain('Baseline ci/backlint-baseline.json is not a backlint baseline');
    expect((error as BacklintError).message).toMatch(path);
  });
});
