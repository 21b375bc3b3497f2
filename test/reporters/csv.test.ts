import { describe, expect, it } from 'vitest';
import { csvCell, renderCsv } from '../../src/reporters/csv.js';
import { demoReport } from '../helpers/demo.js';
import { makeFinding, makeReport } from '../helpers/report.js';
import { makeTeamFinding } from '../helpers/teams.js';

const render = (report = makeReport()) => renderCsv(report, { color: false });

/** A strict RFC 4180 reader: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
        else if (text[i] === '"') { i += 1; break; }
        else if (i >= text.length) throw new Error('unterminated quote');
        else (field += text[i]), (i += 1);
      }
    } else if (text[i] === ',') (row.push(field), (field = ''), (i += 1));
    else if (text.startsWith('\r\n', i)) (row.push(field), rows.push(row), (row = []), (field = ''), (i += 2));
    else if (text[i] === '\n' || text[i] === '\r' || text[i] === '"') throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
    else (field += text[i]), (i += 1);
  }
  if (field !== '' || row.length > 0) throw new Error('last record has no CRLF');
  return rows;
}

describe('csv reporter', () => {
  it('matches the golden file on the demo data', async () => {
    await expect(render(await demoReport())).toMatchFileSnapshot('./golden/demo.csv');
  });

  it('writes a header and one CRLF record a finding, every record as wide as the header', async () => {
    const report = await demoReport();
    const rows = parseCsv(render(report));
    expect(rows[0]).toEqual(['source', 'item', 'type', 'kind', 'title', 'rule', 'severity', 'message', 'responsible', 'responsible email', 'team', 'url', 'fingerprint', 'owner source', 'suppressed by', 'demo']);
    // The findings, then a row per item and label a suppression label kept out (SPEC §10).
    expect(rows).toHaveLength(report.findings.length + report.suppressions!.length + 1);
    for (const row of rows) expect(row).toHaveLength(rows[0]!.length);
    const suppressed = rows.slice(1 + report.findings.length);
    expect(suppressed.map((row) => [row[1], row[5], row[6], row[7], row[14]])).toEqual(
      report.suppressions!.map((entry) => [entry.itemKey, entry.ruleId ?? '', '', `suppressed: ${entry.findings === null ? 'item not checked' : `${entry.findings} finding${entry.findings === 1 ? '' : 's'}`}`, entry.label]),
    );
    // A demo run says so on every row.
    for (const row of rows.slice(1)) expect(row[15]).toMatch(/^this report lints the demo backlog bundled with backlint/);
  });

  it('keeps hostile titles inside their cell, quotes doubled, line breaks kept', () => {
    const titles = ['a,b', 'say "hi"', 'two\r\nlines', 'lone\nline', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'tab\there'];
    const report = makeReport({ findings: titles.map((title, i) => makeFinding({ itemKey: `PAY-${i + 1}`, title })) });
    const rows = parseCsv(render(report));
    expect(rows.slice(1).map((row) => row[4])).toEqual(titles);
  });

  it.each([
    ['=HYPERLINK("http://evil.example","x")', `'=HYPERLINK("http://evil.example","x")`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r'=1"], // the CR starts a row where `;` is the separator: both starts defused
    ['plain = text', 'plain = text'],
  ])('defuses a formula: %j → %j', (title, cellText) => {
    const rows = parseCsv(render(makeReport({ findings: [makeFinding({ title, message: title })] })));
    expect(rows[1]![4]).toBe(cellText);
    expect(rows[1]![7]).toBe(cellText);
  });

  it('starts with a UTF-8 byte order mark only when asked (--csv-bom)', () => {
    expect(render().startsWith('\uFEFF')).toBe(false);
    const withBom = renderCsv(makeReport(), { color: false, csvBom: true });
    expect(withBom.startsWith('\uFEFFsource,')).toBe(true);
    expect(withBom.slice(1)).toBe(render());
  });

  it('quotes only what needs quoting', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('')).toBe('');
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
  });

  it('adds a change column when the report was compared', () => {
    const report = makeReport({
      findings: [makeFinding({ change: 'new' }), makeFinding({ itemKey: 'PAY-13', change: 'old' })],
      comparison: { file: 'previous.json', previousGeneratedAt: null, new: 1, old: 1, fixed: 0 },
    });
    const rows = parseCsv(render(report));
    expect(rows.map((row) => row.at(-1))).toEqual(['change', 'new', 'old']);
  });

  it('writes just the header when there are no findings', () => {
    expect(parseCsv(render())).toHaveLength(1);
  });

  it('says where the owner came from in an owner source column after the earlier ones, and keeps the team', () => {
    const report = makeReport({
      findings: [makeFinding({ itemKey: 'PAY-2', ownerSource: 'roster', team: 'Payments' }), makeFinding({ itemKey: 'PAY-3', ownerSource: 'field' }), makeFinding({ itemKey: 'PAY-4' }), makeTeamFinding()],
      comparison: { file: 'previous.json', previousGeneratedAt: null, new: 0, old: 0, fixed: 0 },
    });
    const rows = parseCsv(render(report));
    const column = (name: string) => rows.slice(1).map((row) => row[rows[0]!.indexOf(name)]);
    expect(rows[0]!.slice(-3)).toEqual(['fingerprint', 'owner source', 'change']);
    expect(column('owner source')).toEqual(['roster', 'field', '', '']);
    expect(column('team')).toEqual(['Payments', 'PAY', 'PAY', 'Payments']);
    expect(rows[4]!.slice(0, 5)).toEqual(['pay', 'team/Payments', 'Team', 'team', 'Payments']);
  });
});
