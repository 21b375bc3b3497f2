// The terminal report, after ESLint's stylish: findings grouped by item, owner or rule, aligned columns,
// notes for rules that could not run, and one summary line.
import { createColors } from 'picocolors';
import type { Finding, Person, Report } from '../model.js';
import { groupByItem, groupByOwner, groupByRule } from './common.js';
import { toTerminalText } from '../terminal-text.js';
import type { GroupBy, Reporter } from './types.js';

export { toTerminalText };

type Colors = ReturnType<typeof createColors>;

/** One table cell: its plain text (measured for alignment) and how to colour it. */
interface Cell {
  text: string;
  paint?: (text: string) => string;
}

interface Group {
  header: string;
  rows: Cell[][];
}

const TITLE_WIDTH = 50;

export const renderStylish: Reporter = (report, options) => {
  const c = createColors(options.color);
  const out: string[] = [];
  const total = report.summary.errors + report.summary.warnings;

  if (report.findings.length > 0) {
    out.push('');
    for (const group of groupFindings(report, options.groupBy, c)) {
      out.push(group.header);
      for (const line of formatTable(group.rows, '  ')) out.push(line);
      out.push('');
    }
  }
  if (report.demo) out.push(`${c.cyan('note:')} this is the demo backlog bundled with backlint (no config was found), not yours.`);
  for (const line of notes(report, c)) out.push(line);
  if (report.scope) out.push(scopeLine(report.scope, c));
  if (report.baseline) {
    const { known, fixed, file } = report.baseline;
    out.push(`${plural(known, 'finding')} hidden by baseline ${toTerminalText(file)}, ${fixed} fixed since`);
  }
  out.push(summaryLine(report, total, c));
  return `${out.join('\n')}\n`;
};

function groupFindings(report: Report, groupBy: GroupBy | undefined, c: Colors): Group[] {
  const label = itemLabeller(report);
  switch (groupBy ?? 'item') {
    case 'item':
      return groupByItem(report.findings).map((findings) => {
        const first = findings[0]!;
        const header = [
          c.bold(label(first)),
          toTerminalText(first.itemType),
          toTerminalText(first.title),
          ...(first.url === null ? [] : [c.dim(toTerminalText(first.url))]),
        ].join('  ');
        return {
          header,
          rows: findings.map((f) => [severityCell(f, c), { text: toTerminalText(f.message) }, responsibleCell(f, c), ruleCell(f, c)]),
        };
      });
    case 'owner':
      return groupByOwner(report.findings).map(({ person, findings }) => {
        const header =
          person === null
            ? c.bold('Nobody responsible')
            : [c.bold(personName(person)), ...(person.email ? [c.dim(toTerminalText(person.email))] : [])].join('  ');
        return {
          header,
          // A person works through their list item by item: each row carries the link, as grouping by item does.
          rows: findings.map((f) => [severityCell(f, c), { text: label(f) }, titleCell(f), { text: toTerminalText(f.message) }, ruleCell(f, c), urlCell(f, c)]),
        };
      });
    case 'rule':
      return groupByRule(report).map(([ruleId, findings]) => {
        const description = report.rules.find((rule) => rule.id === ruleId)?.description;
        const header = [c.bold(toTerminalText(ruleId)), ...(description ? [c.dim(toTerminalText(description))] : [])].join('  ');
        return {
          header,
          rows: findings.map((f) => [severityCell(f, c), { text: label(f) }, titleCell(f), { text: toTerminalText(f.message) }, responsibleCell(f, c)]),
        };
      });
  }
}

/** Item keys alone, unless several sources are in the report and two could share a key. */
function itemLabeller(report: Report): (finding: Finding) => string {
  const sources = new Set(report.findings.map((f) => f.source));
  return sources.size > 1
    ? (f) => `${toTerminalText(f.source)}/${toTerminalText(f.itemKey)}`
    : (f) => toTerminalText(f.itemKey);
}

const severityCell = (f: Finding, c: Colors): Cell => {
  const isNew = f.change === 'new' ? ' new' : '';
  return f.severity === 'error' ? { text: `error${isNew}`, paint: c.red } : { text: `warning${isNew}`, paint: c.yellow };
};

const responsibleCell = (f: Finding, c: Colors): Cell => ({
  text: `→ ${f.responsible === null ? 'nobody' : personName(f.responsible)}`,
  paint: c.dim,
});

const ruleCell = (f: Finding, c: Colors): Cell => ({ text: toTerminalText(f.ruleId), paint: c.dim });

const urlCell = (f: Finding, c: Colors): Cell => (f.url === null ? { text: '' } : { text: toTerminalText(f.url), paint: c.dim });

const titleCell = (f: Finding): Cell => ({ text: truncate(toTerminalText(f.title), TITLE_WIDTH) });

function personName(person: Person): string {
  return toTerminalText(person.displayName) || toTerminalText(person.email ?? '') || toTerminalText(person.id) || 'unknown';
}

function notes(report: Report, c: Colors): string[] {
  return report.sources.flatMap((source) =>
    source.notApplicable.map((ruleId) => {
      const reason = source.notApplicableReasons[ruleId];
      const why = reason ? ` (${toTerminalText(reason)})` : '';
      return `${c.cyan('note:')} ${toTerminalText(source.name)}: ${toTerminalText(ruleId)} not applicable${why}`;
    }),
  );
}

function scopeLine(scope: NonNullable<Report['scope']>, c: Colors): string {
  const which = scope.name === null ? 'the config\'s scope' : `scope ${toTerminalText(scope.name)}`;
  return `${c.cyan('note:')} ${which} left out ${plural(scope.outOfScope, 'item')}`;
}

function summaryLine(report: Report, total: number, c: Colors): string {
  const { errors, warnings, itemsChecked, suppressed } = report.summary;
  const change = report.comparison ? ` · ${report.comparison.new} new, ${report.comparison.fixed} fixed since the previous report` : '';
  const tail = `in ${plural(itemsChecked, 'item')} checked${suppressed > 0 ? `, ${suppressed} suppressed` : ''}${change}`;
  // --quiet lists errors only; the headline still says warnings were found, since --max-warnings counts them.
  const hidden = report.summary.hiddenWarnings ?? 0;
  if (total === 0 && hidden > 0) return c.yellow(c.bold(`✔ No errors ${tail} (${plural(hidden, 'warning')} not shown: --quiet)`));
  if (total === 0) return c.green(`✔ No problems ${tail}`);
  const line = `✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) ${tail}${hidden > 0 ? ` (${plural(hidden, 'warning')} not shown: --quiet)` : ''}`;
  return errors > 0 ? c.red(c.bold(line)) : c.yellow(c.bold(line));
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** Aligns columns by their visible width; colour is applied after padding is measured. */
function formatTable(rows: readonly Cell[][], indent: string): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell.text));
    });
  }
  return rows.map((row) =>
    (
      indent +
      row
        .map((cell, i) => {
          const painted = cell.paint ? cell.paint(cell.text) : cell.text;
          const last = i === row.length - 1;
          return last ? painted : painted + ' '.repeat((widths[i] ?? 0) - displayWidth(cell.text));
        })
        .join('  ')
    ).trimEnd(),
  );
}

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200b-\u200d\ufe00-\ufe0f]$/u;

/** Terminal columns a string takes: East Asian wide characters and most emoji take two, marks none. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (ZERO_WIDTH.test(char)) continue;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = displayWidth(char);
    if (used + w > width - 1) break;
    out += char;
    used += w;
  }
  return `${out.trimEnd()}…`;
}
