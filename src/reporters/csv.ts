// Findings for spreadsheets: RFC 4180 (CRLF line ends, fields quoted where needed, quotes doubled),
// a header row, one row a finding. A cell a spreadsheet would run as a formula is prefixed with `'`.
import type { Finding } from '../model.js';
import type { Reporter } from './types.js';

const COLUMNS: [header: string, value: (finding: Finding) => string][] = [
  ['source', (f) => f.source],
  ['item', (f) => f.itemKey],
  ['type', (f) => f.itemType],
  ['kind', (f) => f.kind],
  ['title', (f) => f.title],
  ['rule', (f) => f.ruleId],
  ['severity', (f) => (f.severity === 'warn' ? 'warning' : 'error')],
  ['message', (f) => f.message],
  ['responsible', (f) => f.responsible?.displayName ?? ''],
  ['responsible email', (f) => f.responsible?.email ?? ''],
  ['team', (f) => f.team ?? ''],
  ['url', (f) => f.url ?? ''],
  ['fingerprint', (f) => f.fingerprint],
];

export const renderCsv: Reporter = (report) => {
  const compared = report.comparison !== undefined;
  const header = [...COLUMNS.map(([name]) => name), ...(compared ? ['change'] : [])];
  const rows = report.findings.map((finding) => [
    ...COLUMNS.map(([, value]) => value(finding)),
    ...(compared ? [finding.change ?? ''] : []),
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
};

// OWASP's list for CSV injection: these leading characters start a formula (or a DDE call).
const FORMULA_START = /^[=+\-@\t\r]/;

/** One RFC 4180 field, formula-safe. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
