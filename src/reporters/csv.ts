// Findings for spreadsheets: RFC 4180 (CRLF line ends, fields quoted where needed, quotes doubled),
// a header row, one row a finding. A cell a spreadsheet would run as a formula is prefixed with `'` and quoted.
// Every report lists what suppression labels kept out and, with --compare, the fixed findings (SPEC §10):
// here as rows after the findings, with a `suppressed by` label or the change `fixed`.
import type { Finding, FixedFinding, Severity, Suppression } from '../model.js';
import { DEMO_NOTE, suppressedWhat } from './common.js';
import type { Reporter } from './types.js';

/** A finding, one of the previous report that is fixed now (which has no owner source), or a suppressed item (no severity). */
type Row = Omit<FixedFinding, 'severity'> & { severity: Severity | null } & Partial<Pick<Finding, 'ownerSource'>>;

const COLUMNS: [header: string, value: (finding: Row) => string][] = [
  ['source', (f) => f.source],
  ['item', (f) => f.itemKey],
  ['type', (f) => f.itemType],
  ['kind', (f) => f.kind],
  ['title', (f) => f.title],
  ['rule', (f) => f.ruleId],
  ['severity', (f) => (f.severity === 'warn' ? 'warning' : f.severity === 'error' ? 'error' : '')],
  ['message', (f) => f.message],
  ['responsible', (f) => f.responsible?.displayName ?? ''],
  ['responsible email', (f) => f.responsible?.email ?? ''],
  ['team', (f) => f.team ?? ''],
  ['url', (f) => f.url ?? ''],
  ['fingerprint', (f) => f.fingerprint],
  // Columns added later go last (before the optional `change`), so a sheet reading by position still works.
  ['owner source', (f) => f.ownerSource ?? ''],
];

export const renderCsv: Reporter = (report, options) => {
  const compared = report.comparison !== undefined;
  // With a scope (SPEC §5), each row says which scope ran: a sheet pasted elsewhere still tells a sprint's findings from the backlog's.
  const scope = report.scope ? (report.scope.name ?? 'config') : null;
  // Known debt (SPEC §10): a column of its own, `known` or `expired`, with the entry's reason and date.
  const baselined = report.baseline !== undefined;
  const suppressions = report.suppressions ?? [];
  const header = [
    ...COLUMNS.map(([name]) => name),
    ...(compared ? ['change'] : []),
    ...(scope === null ? [] : ['scope']),
    ...(baselined ? ['baseline', 'baseline reason', 'baseline expires'] : []),
    ...(suppressions.length > 0 ? ['suppressed by'] : []),
    // A demo run says so on every row: a sheet pasted elsewhere still tells it from a real backlog.
    ...(report.demo ? ['demo'] : []),
  ];
  const row = (finding: Row, change: string, baseline: string[], label: string) => [
    ...COLUMNS.map(([, value]) => value(finding)),
    ...(compared ? [change] : []),
    ...(scope === null ? [] : [scope]),
    ...(baselined ? baseline : []),
    ...(suppressions.length > 0 ? [label] : []),
    ...(report.demo ? [DEMO_NOTE] : []),
  ];
  const rows = [
    ...report.findings.map((finding) => row(finding, finding.change ?? '', [finding.baseline?.state ?? '', finding.baseline?.reason ?? '', finding.baseline?.expires ?? ''], '')),
    ...(report.comparison?.fixedFindings ?? []).map((finding) => row(finding, 'fixed', ['', '', ''], '')),
    ...suppressions.map((entry) => row(suppressionRow(entry), '', ['', '', ''], entry.label)),
  ];
  const bom = options.csvBom ? '\uFEFF' : '';
  return bom + [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
};

/** A suppressed item as a row: its rule (none for a whole item), no severity, what the label kept out. */
function suppressionRow(entry: Suppression): Row {
  return { ...entry, ruleId: entry.ruleId ?? '', severity: null, message: `suppressed: ${suppressedWhat(entry)}`, fingerprint: '' };
}

// OWASP's CSV injection guidance: a cell a spreadsheet could read as a formula (or a DDE call) starts
// with `=`, `+`, `-`, `@` (or their fullwidth forms, which some spreadsheets accept too), a tab or a CR,
// also after leading whitespace, which spreadsheets skip. Such a cell gets a leading `'` and quotes.
// Where `;` is the list separator (much of Europe), a spreadsheet splits our rows at every `;` and at
// line breaks, quotes or not (a quote only counts at the start of its field): so whatever follows a
// `;`, CR or LF inside a cell is a cell start too, and gets the same `'`.
const FORMULA = /^[\s\u0000-\u001f]*[=+\-@\uff1d\uff0b\uff0d\uff20]/;
/** Each stretch a `;` locale could read as a cell of its own. */
const SEGMENT = /(?<=^|[;\r\n])[^;\r\n]*/g;
const NEEDS_QUOTES = /[",;\r\n]/;

/** One RFC 4180 field, formula-safe in `,` and `;` locales. */
export function csvCell(value: string): string {
  const defused = value.replace(SEGMENT, (segment) => (FORMULA.test(segment) ? `'${segment}` : segment));
  const safe = /^[\t\r]/.test(defused) ? `'${defused}` : defused;
  return safe !== value || NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
