// The HTML report's trend charts (--history, SPEC §10) in a real headless Chromium: every team's line
// inside its chart, end labels apart and readable, no request and no script error, on a phone too.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import { renderHtml } from '../../src/reporters/html.js';
import { chromiumAvailable as available, sharedBrowser } from '../helpers/chromium.js';
import { makeHistory } from '../helpers/history.js';
import { makeReport } from '../helpers/report.js';

const dir = mkdtempSync(path.join(tmpdir(), 'backlint-trend-'));
const browser = sharedBrowser();

async function open(report: Report, name: string, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const file = path.join(dir, `${name}.html`);
  writeFileSync(file, renderHtml(report, { color: false }));
  const page = await (await browser().newContext({ viewport })).newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.waitForSelector('html[data-ready="true"]');
  return { page, requests, errors };
}

/** Each trend chart's lines and labels, measured by the browser in the SVG's own units. */
const measure = (page: Page) =>
  page.$$eval('#trend figure.line-chart', (figures) =>
    figures.map((figure) => {
      // No DOM types in this project's lib: the SVG calls are typed by hand.
      type Box = { x: number; y: number; width: number; height: number };
      interface Graphic {
        id: string;
        textContent: string | null;
        viewBox: { baseVal: Box };
        getBBox(): Box;
        getBoundingClientRect(): Box;
        getAttribute(name: string): string | null;
        querySelector(selector: string): Graphic | null;
        querySelectorAll(selector: string): ArrayLike<Graphic>;
      }
      const svg = (figure as unknown as Graphic).querySelector('svg')!;
      const view = svg.viewBox.baseVal;
      const series = Array.from(svg.querySelectorAll('g.series')).map((g) => {
        const lines = Array.from(g.querySelectorAll('polyline')).map((line) => line.getBBox());
        const label = g.querySelector('text.end');
        return { team: g.getAttribute('data-team'), last: g.getAttribute('data-last'), lines: lines.map((b) => ({ x: b.x, y: b.y, w: b.width, h: b.height })), label: label ? { text: label.textContent, ...(({ x, y, width, height }) => ({ x, y, width, height }))(label.getBBox()) } : null };
      });
      const rect = svg.getBoundingClientRect();
      return { id: figure.id, view: { width: view.width, height: view.height }, shown: { width: rect.width, height: rect.height }, series };
    }),
  );

describe.skipIf(!available)('HTML trend charts in Chromium', () => {
  it('draws one line a team in each of the four charts, inside the chart, labels apart, no request or error', async () => {
    const { page, requests, errors } = await open(makeReport({ history: makeHistory(30) }), 'trend');
    const charts = await measure(page);
    expect(charts.map((chart) => chart.id)).toEqual(['trend-findings', 'trend-activeProductOwner', 'trend-activeProductManager', 'trend-acceptanceCriteria']);
    for (const chart of charts) {
      expect(chart.series.map((s) => s.team).sort()).toEqual(['Mobile', 'Payments', 'Platform']);
      expect(chart.shown.width).toBeGreaterThan(300);
      for (const s of chart.series) {
        expect(s.lines.length).toBe(1);
        const line = s.lines[0]!;
        expect(line.w).toBeGreaterThan(200); // spans the runs
        expect(line.x).toBeGreaterThanOrEqual(0);
        expect(line.y).toBeGreaterThanOrEqual(0);
        expect(line.y + line.h).toBeLessThanOrEqual(chart.view.height);
        expect(s.label!.x + s.label!.width).toBeLessThanOrEqual(chart.view.width);
        expect(s.label!.y + s.label!.height).toBeLessThanOrEqual(chart.view.height);
        expect(s.label!.text).toBe(`${s.team} ${s.last}${chart.id === 'trend-findings' ? '' : '%'}`);
      }
      // End labels never overlap, even where lines end at the same value (the coverage charts end at 100%).
      const labels = chart.series.map((s) => s.label!).sort((a, b) => a.y - b.y);
      for (let i = 1; i < labels.length; i += 1) expect(labels[i]!.y).toBeGreaterThanOrEqual(labels[i - 1]!.y + labels[i - 1]!.height - 1);
    }
    expect(await page.locator('#trend-findings g.series[data-team="Payments"] title').textContent()).toMatch(/^Payments: 2026-11-20 05:00 UTC: 12, 2026-11-21 05:00 UTC: 10,/);
    await page.screenshot({ path: path.join(dir, 'trend.png'), fullPage: true });
    expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);

  it('breaks a team\'s line where it is missing from a run, and reads on a phone', async () => {
    const runs = makeHistory(6);
    for (const run of runs.slice(2, 4)) run.teams = run.teams.filter((team) => team.team !== 'Mobile');
    const { page, errors } = await open(makeReport({ history: runs }), 'trend-gap', { width: 390, height: 844 });
    const [findings] = await measure(page);
    expect(findings!.series.find((s) => s.team === 'Mobile')!.lines).toHaveLength(2);
    // On a phone the chart scales down to the screen instead of overflowing it.
    expect(findings!.shown.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
  }, 60_000);

  it('with a single run, draws its points and no error', async () => {
    const { page, errors } = await open(makeReport({ history: makeHistory(1) }), 'trend-one');
    expect(await page.locator('#trend-findings circle').count()).toBe(3);
    expect(errors).toEqual([]);
  }, 60_000);
});

export const screenshotDir = dir;
