// 150,000 findings in one group (one owner, one rule, one item, one JUnit suite or test case) render in
// every format and grouping. A `push(...lines)` or `Math.max(...values)` over a group overflows the call
// stack at this size ("Maximum call stack size exceeded"); so does anything quadratic in a group hang.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model.js';
import { reporters } from '../../src/reporters/index.js';
import { GROUP_BY } from '../../src/reporters/types.js';
import { person } from '../helpers/items.js';
import { makeFinding, makeReport } from '../helpers/report.js';

const COUNT = 150_000;
const owner = person('Ana Souza');

function findings(shape: 'many items' | 'one item'): Finding[] {
  const template = makeFinding({ responsible: owner });
  return Array.from({ length: COUNT }, (_, i) => {
    const itemKey = shape === 'many items' ? `PAY-${i + 1}` : 'PAY-1';
    return { ...template, itemKey, url: `https://acme.atlassian.net/browse/${itemKey}`, message: `Problem ${i + 1}.`, fingerprint: `fp-${i}` };
  });
}

describe.each(['many items', 'one item'] as const)('150,000 findings of one rule and one owner, %s', (shape) => {
  const report = makeReport({ findings: findings(shape) });

  // Only stylish and markdown group; the other formats render once.
  const cases = [...reporters.keys()].flatMap((format) => (format === 'stylish' || format === 'markdown' ? GROUP_BY : [undefined]).map((groupBy) => ({ format, groupBy, grouping: groupBy ?? 'its own order' })));

  it.each(cases)('$format grouped by $grouping', ({ format, groupBy }) => {
    const out = reporters.get(format)!(report, { color: false, groupBy, markdownLimit: COUNT, junitWarnings: 'failure' });
    expect(out.length).toBeGreaterThan(0);
    if (format === 'json' || format === 'sarif') expect(out).toContain('Problem 150000.');
  }, 120_000);
});
