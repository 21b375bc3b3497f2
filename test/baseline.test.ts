import { describe, expect, it } from 'vitest';
import { applyBaseline, createBaseline, parseBaseline } from '../src/baseline.js';
import { BacklintError } from '../src/errors.js';
import { fingerprintOf } from '../src/fingerprint.js';
import { makeFinding } from './helpers/report.js';

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
    expect(applyBaseline([after], createBaseline([before]), 'b.json').findings).toEqual([]);
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

  it('round-trips: the same findings are all known, none shown, none fixed', () => {
    const written = JSON.parse(JSON.stringify(createBaseline(findings)));
    const baseline = parseBaseline(written, 'backlint-baseline.json');
    expect(applyBaseline(findings, baseline, 'backlint-baseline.json')).toEqual({
      findings: [],
      summary: { file: 'backlint-baseline.json', known: 3, fixed: 0 },
    });
  });

  it('counts a finding that has gone as fixed', () => {
    const result = applyBaseline(findings.slice(1), createBaseline(findings), 'b.json');
    expect(result.findings).toEqual([]);
    expect(result.summary).toEqual({ file: 'b.json', known: 2, fixed: 1 });
  });

  it('shows a new finding, keeping the order it came in', () => {
    const fresh = [makeFinding({ itemKey: 'PAY-1' }), ...findings, makeFinding({ itemKey: 'PAY-99' })];
    const result = applyBaseline(fresh, createBaseline(findings), 'b.json');
    expect(result.findings.map((f) => f.itemKey)).toEqual(['PAY-1', 'PAY-99']);
    expect(result.summary).toEqual({ file: 'b.json', known: 3, fixed: 0 });
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
