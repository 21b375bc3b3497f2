// One coverage figure, the same in every report (SPEC §4): HTML, Markdown, stylish and the trend round alike.
import { describe, expect, it } from 'vitest';
import { coveragePercent, share } from '../../src/reporters/common.js';
import { renderHtml } from '../../src/reporters/html.js';
import { renderMarkdown } from '../../src/reporters/markdown.js';
import { demoReport } from '../helpers/demo.js';

describe('coverage percentages', () => {
  it('round, with 100% only when all are and 0% only when none are', () => {
    expect([coveragePercent(2, 3), coveragePercent(1, 3), coveragePercent(3, 8), coveragePercent(199, 200), coveragePercent(1, 300), coveragePercent(0, 5), coveragePercent(5, 5), coveragePercent(0, 0)]).toEqual([67, 33, 38, 99, 1, 0, 100, null]);
    expect(share(2, 3)).toBe('2/3 (67%)');
  });

  it('are the same in the HTML and Markdown reports of one run', async () => {
    const report = await demoReport();
    const html = [...renderHtml(report, { color: false }).matchAll(/(\d+) of (\d+) \((\d+)%\)/g)].map(([, a, b, p]) => `${a}/${b} (${p}%)`);
    const markdown = new Set([...renderMarkdown(report, { color: false }).matchAll(/(\d+)\/(\d+) \((\d+)%\)/g)].map(([text]) => text));
    expect(html.length).toBeGreaterThan(0);
    for (const figure of html) expect(markdown).toContain(figure);
  });
});
