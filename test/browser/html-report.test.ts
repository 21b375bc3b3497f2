// The HTML report in a real headless Chromium (Debian's chromium, driven by playwright-core): loads
// from a file URL with no network, totals match, filters show exactly the matching rows, hostile
// titles stay text, 20,000 findings stay usable. Also writes the README's screenshot.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Finding, Report, TeamCoverage } from '../../src/model.js';
import { renderHtml } from '../../src/reporters/html.js';
import { CHROMIUM, chromiumAvailable as available, sharedBrowser } from '../helpers/chromium.js';
import { ROOT } from '../helpers/cli.js';
import { demoReport } from '../helpers/demo.js';
import { person } from '../helpers/items.js';
import { makeFinding, makeReport } from '../helpers/report.js';

const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false' && process.env.CI !== '0';
if (!available && inCi) {
  throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium (.ci/run does) for the HTML report tests.`);
}
if (!available) console.warn(`Skipping the HTML report browser tests: ${CHROMIUM} not found (apt-get install -y chromium).`);

const dir = mkdtempSync(path.join(tmpdir(), 'backlint-html-'));
const browser = sharedBrowser();

interface Opened {
  page: Page;
  requests: string[];
  dialogs: string[];
  errors: string[];
}

/** Writes the report and opens it from its file URL, recording every request, dialog and page error. */
async function open(report: Report, name: string, viewport = { width: 1280, height: 900 }): Promise<Opened> {
  const file = path.join(dir, `${name}.html`);
  writeFileSync(file, renderHtml(report, { color: false }));
  const context = await browser().newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const opened: Opened = { page, requests: [], dialogs: [], errors: [] };
  page.on('request', (request) => opened.requests.push(request.url()));
  page.on('dialog', (dialog) => {
    opened.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => opened.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') opened.errors.push(message.text());
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.waitForSelector('html[data-ready="true"]');
  return opened;
}

/** How the table names a finding's item: source/key, or the team key alone for a team finding. */
const shownItem = (f: Finding) => (f.kind === 'team' ? f.itemKey : `${f.source}/${f.itemKey}`);

const visibleRows = (page: Page) =>
  page.$$eval('#findings tbody tr', (rows) =>
    rows.map((row) => {
      const cells = [...row.querySelectorAll('td')];
      return {
        item: cells[0]!.querySelector('a')?.textContent ?? cells[0]!.firstChild?.textContent ?? '',
        title: cells[1]!.textContent ?? '',
        rule: cells[3]!.querySelector('.rule')?.textContent ?? '',
        responsible: cells[4]!.textContent ?? '',
      };
    }),
  );

/** The demo report as the roster stage leaves it: coverage per team, a team finding, owners from the roster on some findings. */
async function teamReport(): Promise<Report> {
  const demo = await demoReport();
  const coverage = (partial: Partial<TeamCoverage>): TeamCoverage => ({
    team: 'Payments', roster: true, sources: ['payments'], itemsChecked: 20, stories: 12, storiesWithAcceptanceCriteria: 9, storiesWithActiveProductOwner: 0,
    epics: 3, epicsWithActiveProductManager: 3, errors: 14, warnings: 2, ...partial,
  });
  const teamFinding = makeFinding({
    source: 'payments', ruleId: 'team-owners', kind: 'team', itemKey: 'team/Payments', itemType: 'Team', title: 'Payments', url: null, team: 'Payments',
    message: 'Team Payments has 12 stories in scope and no active Product Owner.', responsible: person('Li Wei'),
  });
  return {
    ...demo,
    findings: [...demo.findings.filter((f) => f.kind !== 'team').map((f, i): Finding => (i % 2 === 0 ? { ...f, ownerSource: 'roster' } : f)), teamFinding],
    teams: [
      coverage({}),
      coverage({ team: 'Platform\\Identity\\Accounts and Sign-in', roster: false, sources: ['platform', 'payments'], itemsChecked: 2, stories: 0, storiesWithAcceptanceCriteria: 0, storiesWithActiveProductOwner: 0, epics: 2, epicsWithActiveProductManager: 1, errors: 1, warnings: 0 }),
      coverage({ team: null, roster: false, itemsChecked: 1, stories: 1, storiesWithAcceptanceCriteria: 1, storiesWithActiveProductOwner: 1, epics: 0, epicsWithActiveProductManager: 0, errors: 0, warnings: 0 }),
    ],
  };
}

const matching = async (page: Page) => Number(await page.getAttribute('#table-status', 'data-matching'));

describe.skipIf(!available)('html report in Chromium', () => {
  it('loads from a file URL without a single network request, and the totals match the JSON', async () => {
    const report = await demoReport();
    const { page, requests, errors } = await open(report, 'demo');
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    expect(errors).toEqual([]);
    const total = async (id: string) => Number(await page.textContent(`#${id}`));
    expect(await total('total-findings')).toBe(report.summary.errors + report.summary.warnings);
    expect(await total('total-errors')).toBe(report.summary.errors);
    expect(await total('total-warnings')).toBe(report.summary.warnings);
    expect(await total('total-items')).toBe(report.summary.itemsChecked);
    expect(await matching(page)).toBe(report.findings.length);
    expect(await page.locator('#findings tbody tr').count()).toBe(report.findings.length);
    // Every item links to its tracker.
    const hrefs = await page.$$eval('#findings tbody a', (links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(report.findings.filter((f) => f.kind !== 'team').map((f) => f.url));
    // The charts carry names and numbers, not only colour.
    const ruleBars = await page.$$eval('#chart-rule g.bar', (bars) => bars.map((bar) => [bar.getAttribute('data-label'), Number(bar.getAttribute('data-count'))]));
    expect(Object.fromEntries(ruleBars)).toEqual(report.summary.byRule);
    expect(await page.textContent('#chart-responsible')).toContain('(nobody)');
    await page.context().close();
  });

  it('filters by a rule and by a person to exactly the matching rows, and sorts', async () => {
    const report = await demoReport();
    const { page } = await open(report, 'filters');
    await page.selectOption('#filter-rule', 'story-acceptance-criteria');
    const byRule = report.findings.filter((f) => f.ruleId === 'story-acceptance-criteria');
    expect(await matching(page)).toBe(byRule.length);
    expect((await visibleRows(page)).map((row) => `${row.item} ${row.rule}`)).toEqual(byRule.map((f) => `${shownItem(f)} ${f.ruleId}`));

    await page.click('#filter-reset');
    expect(await matching(page)).toBe(report.findings.length);
    await page.selectOption('#filter-responsible', 'Li Wei');
    const byPerson = report.findings.filter((f) => f.responsible?.displayName === 'Li Wei');
    expect(byPerson.length).toBeGreaterThan(1);
    expect((await visibleRows(page)).map((row) => row.item)).toEqual(byPerson.map(shownItem));

    await page.selectOption('#filter-responsible', '(nobody)');
    const nobody = report.findings.filter((f) => f.responsible === null);
    expect((await visibleRows(page)).map((row) => row.item)).toEqual(nobody.map(shownItem));

    await page.click('#filter-reset');
    await page.click('th button[data-sort="title"]');
    const titles = (await visibleRows(page)).map((row) => row.title);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' })));
    await page.click('th button[data-sort="title"]');
    expect(await page.getAttribute('th:has(button[data-sort="title"])', 'aria-sort')).toBe('descending');
    await page.context().close();
  });

  it('shows hostile item text as text: nothing executes, no dialog, javascript: URLs are not links', async () => {
    const hostile = ['<script>alert(1)</script>', '"><img src=x onerror=alert(2)>', "'><svg onload=alert(3)>", '</script><script>alert(4)</script>', '<!--', '\u2028</title><b>x'];
    const evil = { ...person('Eve'), displayName: '<img src=x onerror=alert(5)>' };
    const findings: Finding[] = hostile.map((title, i) =>
      makeFinding({ itemKey: `PAY-${i + 1}`, title, message: title, team: title, itemType: title, url: i === 0 ? 'javascript:alert(6)' : `https://acme.atlassian.net/browse/PAY-${i + 1}`, responsible: i === 1 ? evil : person('Ana Souza') }),
    );
    const report = makeReport({ findings, sources: [{ name: '<b>src</b>', type: '"><img src=x onerror=alert(7)>', itemsFetched: 1, itemsChecked: 1, notApplicable: ['<i>r</i>'], notApplicableReasons: { '<i>r</i>': '<img src=x onerror=alert(8)>' } }] });
    const { page, dialogs, requests } = await open(report, 'xss');
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    expect(await page.$$('img, main script, #findings b, svg svg')).toHaveLength(0);
    expect((await visibleRows(page)).map((row) => row.title)).toEqual(hostile);
    expect(await page.$$eval('#findings tbody td.item', (cells) => cells.map((cell) => cell.querySelector('a')?.getAttribute('href') ?? null))).toEqual([null, ...findings.slice(1).map((f) => f.url)]);
    await page.selectOption('#filter-responsible', '<img src=x onerror=alert(5)>');
    expect(await matching(page)).toBe(1);
    expect(dialogs).toEqual([]);
    await page.context().close();
  });

  it('stays responsive with 20,000 findings: renders a page, filters and sorts', async () => {
    const rules = ['story-acceptance-criteria', 'story-po-owner', 'owner-role-mismatch'];
    const people = Array.from({ length: 60 }, (_, i) => person(`Person ${String(i).padStart(2, '0')}`));
    const findings = Array.from({ length: 20_000 }, (_, i) =>
      makeFinding({
        itemKey: `PAY-${i + 1}`,
        ruleId: rules[i % 3]!,
        severity: i % 3 === 2 ? 'warn' : 'error',
        title: `Story number ${i + 1} with a reasonably long title about checkout`,
        responsible: i % 7 === 0 ? null : people[i % 60]!,
        team: `Team ${i % 9}`,
      }),
    );
    const report = makeReport({ findings, summary: { itemsChecked: 20_000 } });
    const { page, errors } = await open(report, 'big');
    expect(errors).toEqual([]);
    expect(Number(await page.textContent('#total-findings'))).toBe(20_000);
    expect(await matching(page)).toBe(20_000);
    expect(await page.locator('#findings tbody tr').count()).toBe(100);
    expect(await page.evaluate(() => 1 + 1)).toBe(2);

    await page.selectOption('#filter-rule', 'story-po-owner');
    expect(await matching(page)).toBe(findings.filter((f) => f.ruleId === 'story-po-owner').length);
    await page.selectOption('#filter-responsible', 'Person 07');
    const expected = findings.filter((f) => f.ruleId === 'story-po-owner' && f.responsible?.displayName === 'Person 07');
    expect(await matching(page)).toBe(expected.length);
    expect((await visibleRows(page)).map((row) => row.item)).toEqual(expected.slice(0, 100).map((f) => `pay/${f.itemKey}`));

    await page.click('#filter-reset');
    await page.click('th button[data-sort="item"]');
    await page.click('th button[data-sort="item"]');
    expect((await visibleRows(page))[0]!.item).toBe('pay/PAY-20000');
    await page.click('#page-next');
    expect(await page.textContent('#page-label')).toBe('Page 2 of 200');
    await page.fill('#filter-text', 'number 12345 ');
    expect(await matching(page)).toBe(1);
    expect(await page.evaluate('document.readyState')).toBe('complete');
    await page.context().close();
  });

  it('shows coverage per team, and team findings as teams: a kind filter, no link, the owner\'s source beside the person', async () => {
    const report = await teamReport();
    const { page, errors } = await open(report, 'teams');
    expect(errors).toEqual([]);
    const teams = await page.$$eval('#teams-table tbody tr', (rows) => rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent!.trim())));
    expect(teams).toEqual([
      ['Payments', 'roster', 'payments', '20', '9 of 12 (75%)', '0 of 12 (0%)', '3 of 3 (100%)', '14', '2'],
      ['Platform\\Identity\\Accounts and Sign-in', 'item value', 'platform, payments', '2', 'no stories', 'no stories', '1 of 2 (50%)', '1', '0'],
      ['(no team)', 'item value', 'payments', '1', '1 of 1 (100%)', '1 of 1 (100%)', 'no epics or roadmap items', '0', '0'],
    ]);
    const barWidths = await page.$$eval('#teams-table tbody tr:first-child .meter', (meters) => meters.map((m) => Math.round((m.firstElementChild!.getBoundingClientRect().width / m.clientWidth) * 100)));
    expect(barWidths).toEqual([75, 0, 100]);

    const kinds = await page.$$eval('#filter-kind option', (options) => options.map((o) => o.value));
    expect(kinds).toEqual(['', 'story', 'epic', 'roadmap', 'team']);
    await page.selectOption('#filter-kind', 'team');
    expect(await matching(page)).toBe(1);
    const row = page.locator('#findings tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.getAttribute('class')).toContain('team-finding');
    expect(await row.locator('td.item a').count()).toBe(0);
    expect(await row.locator('td.item').textContent()).toBe('team/PaymentsTeam · payments');
    expect(await row.locator('td.team').textContent()).toBe('Payments');

    await page.selectOption('#filter-kind', 'story');
    const stories = report.findings.filter((f) => f.kind === 'story');
    expect((await visibleRows(page)).map((r) => r.item)).toEqual(stories.map((f) => `${f.source}/${f.itemKey}`));
    // Where the responsible person came from, under the name; the name alone still filters and sorts.
    const notes = await page.$$eval('#findings tbody td.responsible', (cells) => cells.map((cell) => cell.querySelector('.via')?.textContent ?? null));
    expect(notes).toEqual(stories.map((f) => (f.ownerSource === 'roster' ? 'via roster' : f.ownerSource === 'field' ? 'via field' : null)));
    expect(notes).toContain('via roster');
    await page.click('#filter-reset');
    await page.selectOption('#filter-responsible', 'Li Wei');
    expect(await matching(page)).toBe(report.findings.filter((f) => f.responsible?.displayName === 'Li Wei').length);
    await page.click('#filter-reset');
    await page.click('th button[data-sort="responsible"]');
    const people = await page.$$eval('#findings tbody td.responsible', (cells) => cells.map((cell) => cell.firstChild!.textContent!));
    const named = people.filter((name) => name !== '(nobody)');
    expect(named).toEqual([...named].sort((a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' })));
    expect(people.slice(named.length).every((name) => name === '(nobody)')).toBe(true);
    await page.context().close();
  });

  it('fits a 390 px phone (issue 12): no horizontal scroll, every cell inside the screen, titles not broken letter by letter', async () => {
    const teams = await teamReport();
    // Long unbreakable text too: a pasted link as a title, a deep area path as the team, a long name.
    const longLink = 'https://confluence.acme.example/display/PAYMENTS/Checkout+redesign+for+mobile+web+and+saved+cards';
    const long = makeFinding({ source: 'payments', itemKey: 'PAY-999', title: longLink, team: 'Platform\\Identity\\Accounts-and-Sign-in-with-a-long-area-path', responsible: person('Maximiliane Alexandra Wolkenstein-Trauttmansdorff') });
    const report: Report = { ...teams, findings: [...teams.findings, long] };
    const { page, errors } = await open(report, 'phone', { width: 390, height: 844 });
    expect(errors).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await page.evaluate('document.body.scrollWidth')).toBeLessThanOrEqual(390);
    const cells = await page.$$eval('#findings tbody td, #findings thead button, #teams-table tbody th, #teams-table tbody td, .sources tbody td', (elements) =>
      elements.map((el) => {
        const box = el.getBoundingClientRect();
        return { text: `${el.className} ${el.textContent}`, left: box.left, right: box.right, width: box.width, overflow: el.scrollWidth - el.clientWidth };
      }),
    );
    expect(cells.length).toBeGreaterThan(report.findings.length * 7);
    const outside = cells.filter((cell) => cell.left < 0 || cell.right > 390 || cell.width === 0 || cell.overflow > 1);
    expect(outside).toEqual([]);
    // The Responsible column in particular, and the Teams table, are on screen.
    const responsible = await page.$$eval('#findings tbody td.responsible', (els) => els.map((el) => el.getBoundingClientRect().right));
    expect(responsible).toHaveLength(report.findings.length);
    expect(Math.max(...responsible)).toBeLessThanOrEqual(390);
    // Titles wrap between words, not after each letter: wide cells, and no more lines than words.
    const titles = await page.$$eval('#findings tbody td.title', (els) =>
      els.map((el) => {
        const range = el.ownerDocument.createRange();
        range.selectNodeContents(el.firstChild!);
        const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
        return { width: el.getBoundingClientRect().width, lines, words: el.textContent!.split(/\s+/).length };
      }),
    );
    expect(titles).toHaveLength(report.findings.length);
    expect(titles.filter((t) => t.width < 120 || (t.lines > t.words && t.words > 1))).toEqual([]);
    // The charts shrink to the screen too.
    const charts = await page.$$eval('.chart', (els) => els.map((el) => el.getBoundingClientRect().right));
    expect(Math.max(...charts)).toBeLessThanOrEqual(390);
    await page.context().close();
  });

  it.each([768, 1024])('has no horizontal scroll at %i px either, and titles keep room', async (width) => {
    const { page } = await open(await teamReport(), `width-${width}`, { width, height: 900 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
    const titles = await page.$$eval('#findings tbody td.title', (els) => els.map((el) => el.getBoundingClientRect().width));
    expect(Math.min(...titles)).toBeGreaterThanOrEqual(120);
    await page.context().close();
  });

  it('writes the README screenshot (docs/html-report.png)', async () => {
    const { page } = await open(await demoReport(), 'screenshot', { width: 1280, height: 1400 });
    mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
    const file = path.join(ROOT, 'docs', 'html-report.png');
    await page.screenshot({ path: file, fullPage: false });
    expect(existsSync(file)).toBe(true);
    await page.context().close();
  });
});
