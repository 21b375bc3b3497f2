import { describe, expect, it } from 'vitest';
import { compareWithPrevious, parsePreviousReport } from '../src/compare.js';
import { parseBaseline } from '../src/baseline.js';
import { makeFinding } from './helpers/report.js';

const a = makeFinding({ itemKey: 'PAY-1' });
const b = makeFinding({ itemKey: 'PAY-2' });
const c = makeFinding({ itemKey: 'PAY-3' });
const gone = makeFinding({ itemKey: 'PAY-9' });
const previous = (findings = [a, gone], generatedAt = '2026-11-23T06:00:00.000Z') =>
  parsePreviousReport({ schemaVersion: 1, tool: { name: 'backlint', version: '1.0.0' }, generatedAt, findings: findings.map((f) => ({ ...f, message: 'old wording' })) }, 'prev.json');

describe('compare with a previous report', () => {
  it('marks findings new or old by fingerprint and counts the fixed ones', () => {
    const result = compareWithPrevious([a, b], [a, b], previous(), 'prev.json');
    expect(result.findings.map((f) => [f.itemKey, f.change])).toEqual([['PAY-1', 'old'], ['PAY-2', 'new']]);
    expect(result.summary).toMatchObject({ file: 'prev.json', previousGeneratedAt: '2026-11-23T06:00:00.000Z', new: 1, old: 1, fixed: 1 });
  });

  it('lists the fixed findings as the previous report had them (SPEC §10), not only their number', () => {
    const result = compareWithPrevious([a, b], [a, b], previous(), 'prev.json');
    expect(result.summary.fixedFindings).toEqual([
      {
        fingerprint: gone.fingerprint, source: 'pay', itemKey: 'PAY-9', itemType: 'Story', kind: 'story', title: gone.title, url: gone.url,
        ruleId: gone.ruleId, severity: 'error', message: 'old wording', responsible: { ...gone.responsible!, active: true }, team: 'PAY',
      },
    ]);
  });

  it('takes a fixed finding from an older report that lacks some fields, with neutral values', () => {
    const old = parsePreviousReport({ schemaVersion: 1, findings: [{ fingerprint: gone.fingerprint, ruleId: 'r', itemKey: 'PAY-9', source: 'pay' }] }, 'old.json');
    expect(compareWithPrevious([], [], old, 'old.json').summary.fixedFindings).toEqual([
      { fingerprint: gone.fingerprint, source: 'pay', itemKey: 'PAY-9', itemType: '', kind: 'other', title: '', url: null, ruleId: 'r', severity: 'error', message: '', responsible: null, team: null },
    ]);
  });

  it('marks known (baselined) findings but leaves them out of the new and old counts', () => {
    const known = { ...b, baseline: { state: 'known' as const } };
    const result = compareWithPrevious([a, known], [a, known], previous(), 'prev.json');
    expect(result.findings.map((f) => f.change)).toEqual(['old', 'new']);
    expect(result.summary).toMatchObject({ new: 0, old: 1, fixed: 1 });
  });

  it('does not count a finding hidden by the baseline or --quiet as fixed', () => {
    const result = compareWithPrevious([b], [b, gone], previous(), 'prev.json');
    expect(result.summary).toMatchObject({ new: 1, old: 0, fixed: 1 });
    expect(compareWithPrevious([c], [a, c, gone], previous(), 'p').summary.fixed).toBe(0);
  });

  it('refuses what is not a JSON report, saying where', () => {
    expect(() => parsePreviousReport({ entries: [] }, 'baseline.json')).toThrow(/--compare baseline.json is a baseline/);
    expect(() => parsePreviousReport({ schemaVersion: 1 }, 'r.json')).toThrow(/--compare r.json is not a backlint JSON report[\s\S]*findings/);
    expect(() => parsePreviousReport({ schemaVersion: 1, findings: [{ ruleId: 'x' }] }, 'r.json')).toThrow(/findings\[0\]\.fingerprint/);
    expect(() => parsePreviousReport({ schemaVersion: 2, findings: [] }, 'r.json')).toThrow(/schemaVersion/);
  });
});

describe('a baseline and a report given in each other\'s place', () => {
  it('--compare given a baseline says it is one', () => {
    expect(() => parsePreviousReport({ schemaVersion: 1, tool: 'backlint', entries: [] }, 'backlint-baseline.json')).toThrow(
      /--compare backlint-baseline\.json is a baseline \(written by --update-baseline\), not a JSON report: give it to --baseline/,
    );
  });

  it('--baseline given a report says it is one', () => {
    expect(() => parseBaseline({ schemaVersion: 1, tool: { name: 'backlint', version: '1.0.0' }, findings: [] }, 'report.json')).toThrow(
      /Baseline report\.json is a JSON report \(written by --format json\), not a baseline: give it to --compare/,
    );
  });
});
