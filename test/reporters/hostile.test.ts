// Reports of items whose text was written to attack whoever reads the report (issue 9, point 1 and the
// Low items): a CI agent reading the log, a terminal, a spreadsheet, a code-scanning dashboard, GitHub's
// Markdown renderer. Data formats stay lossless; text formats stay inert.
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model.js';
import { csvCell, renderCsv } from '../../src/reporters/csv.js';
import { renderHtml } from '../../src/reporters/html.js';
import { renderJson } from '../../src/reporters/json.js';
import { cell, renderMarkdown } from '../../src/reporters/markdown.js';
import { renderSarif } from '../../src/reporters/sarif.js';
import { renderStylish } from '../../src/reporters/stylish.js';
import { person } from '../helpers/items.js';
import { makeFinding, makeReport, makeSourceSummary } from '../helpers/report.js';

const COMMANDS = ['##vso[task.setvariable variable=X]y', '##[error]x', '::error file=a::x', '\r::error::x', '  ::warning::w', '#\u200b#VSO[task.prependpath]/tmp'];
const TERMINAL = ['\u001b[2J\u001b[H', '\u001b]8;;https://evil.test\u0007link\u001b]8;;\u0007', '\u009b31m', '\u0085NEL', '\u202egnp.exe', '\u2066iso\u2069', '\u200fRLM\u061c', 'LS\u2028PS\u2029'];
const hostileText = (i: number) => `Title ${COMMANDS[i % COMMANDS.length]} ${TERMINAL[i % TERMINAL.length]} end`;

function hostileFindings(): Finding[] {
  return COMMANDS.flatMap((_, i) => {
    const text = hostileText(i);
    return [
      makeFinding({
        itemKey: `PAY-${i + 1}${COMMANDS[i]}`,
        itemType: `Story${TERMINAL[i % TERMINAL.length]}`,
        title: text,
        message: `Message ${text}`,
        ruleId: i % 2 === 0 ? 'story-acceptance-criteria' : `plugin/${COMMANDS[i]}`,
        responsible: person(`Eve ${text}`, { email: `eve${COMMANDS[i]}@example.com` }),
        team: text,
      }),
    ];
  });
}

const report = makeReport({
  findings: hostileFindings(),
  sources: [makeSourceSummary({ name: 'pay', notApplicable: ['story-po-owner'], notApplicableReasons: { 'story-po-owner': `reason ${COMMANDS[0]} ${TERMINAL[0]}` } })],
});

/** The lines a CI agent reads (.NET ReadLine: \n, \r, \r\n), with what culture-sensitive matching skips removed. */
function commandLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}]/gu, ''))
    .filter((line) => /##vso\[|##\[/i.test(line) || /^[\s\u0085]*::/.test(line));
}

describe('JSON and SARIF: lossless, and nothing an agent or terminal obeys', () => {
  it('json parses back to exactly the item text, yet holds no command and no raw C1, bidi or line separator', () => {
    const out = renderJson(report, { color: false });
    const parsed = JSON.parse(out) as { findings: { title: string; itemKey: string; itemType: string; responsible: { displayName: string; email: string }; ruleId: string }[] };
    expect(parsed.findings.map((f) => f.title)).toEqual(report.findings.map((f) => f.title));
    expect(parsed.findings.map((f) => [f.itemKey, f.itemType, f.ruleId, f.responsible.displayName, f.responsible.email])).toEqual(
      report.findings.map((f) => [f.itemKey, f.itemType, f.ruleId, f.responsible!.displayName, f.responsible!.email]),
    );
    expect(commandLines(out)).toEqual([]);
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/);
  });

  it('sarif likewise, and every message and property reads back unchanged', () => {
    const out = renderSarif(report, { color: false });
    const results = (JSON.parse(out) as { runs: { results: { properties: { title: string; itemKey: string } }[] }[] }).runs[0]!.results;
    expect(results.map((r) => r.properties.title)).toEqual(report.findings.map((f) => f.title));
    expect(results.map((r) => r.properties.itemKey)).toEqual(report.findings.map((f) => f.itemKey));
    expect(commandLines(out)).toEqual([]);
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/);
  });

  it("html's embedded data likewise", () => {
    const html = renderHtml(report, { color: false });
    const data = /<script type="application\/json" id="backlint-data">(.*?)<\/script>/s.exec(html)![1]!;
    expect(data).not.toMatch(/##vso\[|##\[|[\u0080-\u009f\u202a-\u202e\u2028\u2029]/i);
    expect(JSON.stringify(JSON.parse(data))).toContain(JSON.stringify(report.findings[0]!.title));
  });
});

describe('stylish in colour: every outside value cleaned, our colours kept', () => {
  it.each([
    ['item', undefined],
    ['owner', undefined],
    ['rule', undefined],
    ['team', undefined],
    // Wrapping starts new lines inside a message: none may start a CI command.
    ['item', 40],
    ['owner', 60],
    ['team', 30],
  ] as const)('grouped by %s, width %s', (groupBy, width) => {
    const out = renderStylish(report, { color: true, groupBy, width });
    expect(out).toContain('\u001b[1m'); // bold headers: our colour codes survive
    expect(out.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/);
    expect(commandLines(out)).toEqual([]);
  });
});

describe('CSV injection (OWASP)', () => {
  it.each([
    ['=1+1', `"'=1+1"`],
    ['  =1+1', `"'  =1+1"`],
    ['\u00a0+1', `"'\u00a0+1"`],
    [' -1', `"' -1"`],
    ['\n@SUM(A1)', `"\n'@SUM(A1)"`],
    ['\t=1', `"'\t=1"`],
    ['\r=1', `"'\r'=1"`],
    ['x\r\n+1', `"x\r\n'+1"`],
    ['\uff1dHYPERLINK("http://x")', `"'\uff1dHYPERLINK(""http://x"")"`],
    ['a;=1+1', `"a;'=1+1"`],
    ['a; -1', `"a;' -1"`],
    ['a;b', '"a;b"'],
    ['a=1', 'a=1'],
  ])('%j → %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('leaves no cell a `;` locale reads starting with a formula character', () => {
    const hostile = ['a;=HYPERLINK("http://evil");b', ' =1', 'x\n=1+1;y', 'x\r+1;y', '-1', 'ok;@SUM(A1)'];
    const out = renderCsv(makeReport({ findings: hostile.map((title, i) => makeFinding({ itemKey: `PAY-${i}`, title, message: title })) }), { color: false });
    // A `;` locale splits at every `;` and line break, quoted or not: each stretch is a cell there.
    const cells = out.split(/[;\r\n]/).map((c) => c.replace(/^"/, '').trimStart());
    expect(cells.filter((c) => /^[=+\-@]/.test(c))).toEqual([]);
  });
});

describe('SARIF locations: relative pseudo-paths whatever the key', () => {
  it.each([
    ['..-..', 'jira'],
    ['.', 'jira'],
    ['..', 'jira'],
    ['../../etc/passwd', 'jira'],
    ['a/b\\c%2e%2e', 'jira'],
    ['..', 'azure-devops'],
  ])('key %j from %s', (itemKey, type) => {
    const url = type === 'jira' ? null : 'https://dev.azure.com/org/../_workitems/edit/1';
    const sarif = renderSarif(makeReport({ sources: [makeSourceSummary({ type })], findings: [makeFinding({ itemKey, url })] }), { color: false });
    const uri = (JSON.parse(sarif) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri;
    const segments = uri.split('/');
    expect(segments).toHaveLength(4);
    expect(segments[0]).toBe(type);
    for (const segment of segments) {
      expect(['.', '..']).not.toContain(segment);
      expect(['.', '..']).not.toContain(decodeURIComponent(segment));
    }
    // Resolved as a URL (WHATWG, as viewers do) it stays where it was put.
    expect(new URL(uri, 'file:///repo/').href).toBe(`file:///repo/${uri}`);
  });
});

describe('Markdown: no autolinks from item text', () => {
  // GitHub's autolinker (cmark-gfm) matches `https://` at the `:` and `www.` at the `w` in the raw
  // text, and emails in merged text nodes; markdown-it's linkify shows whether anything still links.
  const md = new MarkdownIt({ html: true, linkify: true });
  const titles = ['see https://evil.com/login now', 'HTTP://EVIL.COM', 'visit www.evil.com', '(www.evil.com)', 'mail ceo@evil.com', 'mailto:ceo@evil.com', 'xmpp:ceo@evil.com'];

  it.each(titles)('%j stays text', (title) => {
    const out = renderMarkdown(makeReport({ findings: [makeFinding({ title, message: title, responsible: person(title, { email: 'x@evil.example' }) })] }), { color: false, groupBy: 'owner' });
    const html = md.render(out);
    const links = [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
    // Only our own links: the item and the rule docs.
    expect(links.every((href) => href === 'https://acme.atlassian.net/browse/PAY-12' || href!.startsWith('https://example.com/rules/'))).toBe(true);
    const textOnly = html.replace(/<[^>]+>/g, '').replace(/&#64;/g, '@').replace(/&amp;/g, '&');
    expect(textOnly).toContain(title.replace(/^see |^visit |^mail /, ''));
  });

  it('breaks the patterns GitHub matches: an escaped `:` or `.`, emails in code', () => {
    expect(cell('https://evil.example')).toBe('https\\://evil.example');
    expect(cell('www.evil.example')).toBe('www\\.evil.example');
    expect(cell('write to ceo@evil.example today')).toBe('write to `ceo@evil.example` today');
    expect(cell('@everyone')).toBe('&#64;everyone');
  });

  it('keeps the item link column a link', () => {
    const out = renderMarkdown(makeReport({ findings: [makeFinding({ title: 'https://evil.example' })] }), { color: false, groupBy: 'item' });
    expect(md.render(out)).toContain('<a href="https://acme.atlassian.net/browse/PAY-12">pay/PAY-12</a>');
  });
});
