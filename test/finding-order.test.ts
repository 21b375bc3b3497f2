import { describe, expect, it } from 'vitest';
import { compareFindings } from '../src/finding-order.js';
import { makeFinding } from './helpers/report.js';

describe('compareFindings', () => {
  const order = (list: Parameters<typeof compareFindings>[0][]) =>
    [...list].sort(compareFindings).map((f) => `${f.source} ${f.itemKey} ${f.ruleId}`);

  it('orders item keys numerically', () => {
    const keys = ['PAY-100', 'PAY-10', 'PAY-2'].map((itemKey) => makeFinding({ itemKey }));
    expect(order(keys)).toEqual(['pay PAY-2 story-acceptance-criteria', 'pay PAY-10 story-acceptance-criteria', 'pay PAY-100 story-acceptance-criteria']);
  });

  it('orders by source first, then key, then rule id', () => {
    const list = [
      makeFinding({ source: 'web', itemKey: 'WEB-1', ruleId: 'a-rule' }),
      makeFinding({ source: 'pay', itemKey: 'PAY-9', ruleId: 'story-po-owner' }),
      makeFinding({ source: 'pay', itemKey: 'PAY-9', ruleId: 'owner-inactive' }),
      makeFinding({ source: 'pay', itemKey: 'PAY-10', ruleId: 'epic-pm-owner' }),
    ];
    expect(order(list)).toEqual(['pay PAY-9 owner-inactive', 'pay PAY-9 story-po-owner', 'pay PAY-10 epic-pm-owner', 'web WEB-1 a-rule']);
  });

  it('is a total order: keys equal to the collator still sort the same way every time', () => {
    const a = makeFinding({ itemKey: 'pay-1' });
    const b = makeFinding({ itemKey: 'PAY-1' });
    expect(Math.sign(compareFindings(a, b))).toBe(-Math.sign(compareFindings(b, a)));
    expect(compareFindings(a, b)).not.toBe(0);
    expect(compareFindings(a, a)).toBe(0);
  });

  it('leaves ties for the sort, so their order is kept', () => {
    expect(compareFindings(makeFinding({ message: 'one' }), makeFinding({ message: 'two' }))).toBe(0);
  });

  it('works on anything with a source, key and rule id', () => {
    expect(compareFindings({ source: 'a', itemKey: '2', ruleId: 'r' }, { source: 'a', itemKey: '10', ruleId: 'r' })).toBeLessThan(0);
  });
});
