// The terminal report, after ESLint's stylish: findings grouped by item, owner or rule, aligned columns,
// notes for rules that could not run, and one summary line.
import { createColors } from 'picocolors';
import stringWidth from 'string-width';
import type { Finding, Person, Report } from '../model.js';
import { baselineNote, groupByItem, groupByOwner, groupByRule, groupByTeam, knownFindings, NO_TEAM, openFindings, share, suppressedWhat } from './common.js';
import { breakCiCommands, toTerminalText } from '../terminal-text.js';
import type { GroupBy, Reporter } from './types.js';

export { toTerminalText };

type Colors = ReturnType<typeof createColors>;

/** One table cell: its plain text (measured for alignment) and how to colour it. */
interface Cell {
  text: string;
  paint?: (text: string) => string;
  /** This column wraps to fit a terminal width (the message). */
  wrap?: boolean;
  /** This column may be cut (with …) to fit a terminal width (a title). */
  shrink?: boolean;
  /** The last column, moved to a line of its own under the message when a row does not fit (a URL). */
  below?: boolean;
}

interface Group {
  header: string;
  rows: Cell[][];
  /** 1 for an item inside a team (--group-by team): header and rows indented one step more. */
  depth?: number;
}

const TITLE_WIDTH = 50;
/** A wrapped message keeps at least this many columns, however narrow the terminal. */
const MIN_MESSAGE_WIDTH = 20;
/** Before titles are cut, the message keeps this many columns. */
const COMFORT_MESSAGE_WIDTH = 40;
/** A title cut to fit a terminal keeps at least this many columns. */
const MIN_SHRINK_WIDTH = 20;

export const renderStylish: Reporter = (report, options) => {
  const c = createColors(options.color);
  const out: string[] = [];
  const total = report.summary.errors + report.summary.warnings;

  const listGroups = (groups: Group[]) => {
    for (const group of groups) {
      const indent = '  '.repeat(group.depth ?? 0);
      out.push(indent + group.header);
      if (group.rows.length === 0) continue;
      for (const line of formatTable(group.rows, `${indent}  `, options.width)) out.push(line);
      out.push('');
    }
  };
  const open = openFindings(report);
  const known = knownFindings(report);
  if (open.length > 0) {
    out.push('');
    listGroups(groupFindings(report, open, options.groupBy, c));
  }
  // Known debt (SPEC §10): still listed for its owners, in a section of its own, never counted.
  if (known.length > 0 && report.baseline) {
    if (open.length === 0) out.push('');
    out.push(`${c.bold(`Known debt (${plural(known.length, 'finding')})`)}  ${c.dim(`in the baseline ${toTerminalText(report.baseline.file)}: not counted for the exit code`)}`, '');
    listGroups(groupFindings(report, known, options.groupBy, c));
  }
  for (const line of fixedList(report, c, options.width)) out.push(line);
  for (const line of suppressedList(report, c, options.width)) out.push(line);
  for (const line of coverage(report, c)) out.push(line);
  if (report.demo) out.push(`${c.cyan('note:')} this is the demo backlog bundled with backlint (no config was found), not yours.`);
  for (const line of notes(report, c)) out.push(line);
  if (report.scope) out.push(scopeLine(report.scope, c));
  if (report.baseline) {
    const { known, fixed, file, expired, hidden } = report.baseline;
    const expiredNote = expired ? `, ${expired} expired (counted again)` : '';
    out.push(`${plural(known, 'known finding')} ${hidden ? 'hidden by' : 'listed from'} baseline ${toTerminalText(file)}${expiredNote}, ${fixed} fixed since`);
  }
  out.push(summaryLine(report, total, c));
  return `${out.join('\n')}\n`;
};

function groupFindings(report: Report, listed: readonly Finding[], groupBy: GroupBy | undefined, c: Colors): Group[] {
  const label = itemLabeller(report);
  const byItem = (findings: readonly Finding[], depth: number): Group[] =>
    groupByItem(findings).map((group) => {
      const first = group[0]!;
      // A team finding is about the team itself: its label already names it, and it has no URL.
      const header = [
        c.bold(label(first)),
        ...(first.kind === 'team' ? [] : [toTerminalText(first.itemType), toTerminalText(first.title)]),
        ...(first.url === null ? [] : [c.dim(toTerminalText(first.url))]),
      ].join('  ');
      return {
        header,
        depth,
        rows: group.map((f) => [severityCell(f, c), messageCell(f), responsibleCell(f, c), ruleCell(f, c)]),
      };
    });
  switch (groupBy ?? 'item') {
    case 'item':
      return byItem(listed, 0);
    case 'team':
      return groupByTeam(listed).flatMap(({ team, findings }) => [
        { header: c.bold(team === null ? NO_TEAM : toTerminalText(team)), rows: [] },
        ...byItem(findings, 1),
      ]);
    case 'owner':
      return groupByOwner(listed).map(({ person, findings }) => {
        const header =
          person === null
            ? c.bold('Nobody responsible')
            : [c.bold(personName(person)), ...(person.email ? [c.dim(toTerminalText(person.email))] : [])].join('  ');
        return {
          header,
          // A person works through their list item by item: each row carries the link, as grouping by item does.
          rows: findings.map((f) => [severityCell(f, c), { text: label(f) }, titleCell(f), messageCell(f), ruleCell(f, c), urlCell(f, c)]),
        };
      });
    case 'rule':
      return groupByRule(report, listed).map(([ruleId, findings]) => {
        const description = report.rules.find((rule) => rule.id === ruleId)?.description;
        const header = [c.bold(toTerminalText(ruleId)), ...(description ? [c.dim(toTerminalText(description))] : [])].join('  ');
        return {
          header,
          rows: findings.map((f) => [severityCell(f, c), { text: label(f) }, titleCell(f), messageCell(f), responsibleCell(f, c)]),
        };
      });
  }
}

/** Item keys alone, unless several sources are in the report and two could share a key. */
function itemLabeller(report: Report): (finding: Finding) => string {
  const sources = new Set(report.findings.map((f) => f.source));
  const key = (f: Finding) => (sources.size > 1 ? `${toTerminalText(f.source)}/${toTerminalText(f.itemKey)}` : toTerminalText(f.itemKey));
  // A team spans sources, so its label needs none: `team Payments`.
  return (f) => (f.kind === 'team' ? `team ${toTerminalText(f.team ?? f.title)}` : key(f));
}

const severityCell = (f: Finding, c: Colors): Cell => {
  const isNew = f.change === 'new' ? ' new' : '';
  const severity = f.severity === 'error' ? 'error' : 'warning';
  if (f.baseline?.state === 'known') return { text: `known ${severity}${isNew}`, paint: c.dim };
  return f.severity === 'error' ? { text: `error${isNew}`, paint: c.red } : { text: `warning${isNew}`, paint: c.yellow };
};

const responsibleCell = (f: Finding, c: Colors): Cell => ({
  text: `→ ${f.responsible === null ? 'nobody' : personName(f.responsible)}`,
  paint: c.dim,
});

const ruleCell = (f: Finding, c: Colors): Cell => ({ text: toTerminalText(f.ruleId), paint: c.dim });

const urlCell = (f: Finding, c: Colors): Cell => (f.url === null ? { text: '', below: true } : { text: toTerminalText(f.url), paint: c.dim, below: true });

const titleCell = (f: Finding): Cell => ({ text: f.kind === 'team' ? '' : truncate(toTerminalText(f.title), TITLE_WIDTH), shrink: true });

/** The message: the one cell that wraps when a terminal width is given; with what its baseline entry says, if it has one. */
const messageCell = (f: Finding): Cell => {
  const note = baselineNote(f);
  return { text: toTerminalText(note === null || note === 'known' ? f.message : `${f.message} (${note})`), wrap: true };
};

/** With --compare: the previous report's findings that are gone, one line each. */
function fixedList(report: Report, c: Colors, width: number | undefined): string[] {
  const fixed = report.comparison?.fixedFindings ?? [];
  if (fixed.length === 0) return [];
  const rows = fixed.map((f): Cell[] => [
    { text: 'fixed', paint: c.green },
    { text: f.kind === 'team' ? `team ${toTerminalText(f.team ?? f.title)}` : `${toTerminalText(f.source)}/${toTerminalText(f.itemKey)}` },
    { text: f.kind === 'team' ? '' : truncate(toTerminalText(f.title), TITLE_WIDTH), shrink: true },
    { text: toTerminalText(f.message), wrap: true },
    { text: toTerminalText(f.ruleId), paint: c.dim },
  ]);
  return [c.bold(`Fixed since the previous report (${fixed.length})`), ...formatTable(rows, '  ', width), ''];
}

/** What suppression labels kept out, each item with its label, so a coach can audit them (SPEC §10). */
function suppressedList(report: Report, c: Colors, width: number | undefined): string[] {
  const entries = report.suppressions ?? [];
  if (entries.length === 0) return [];
  const rows = entries.map((entry): Cell[] => [
    { text: toTerminalText(entry.label), paint: c.cyan },
    { text: `${toTerminalText(entry.source)}/${toTerminalText(entry.itemKey)}` },
    { text: truncate(toTerminalText(entry.title), TITLE_WIDTH), shrink: true },
    { text: suppressedWhat(entry), wrap: true },
    { text: `→ ${entry.responsible === null ? 'nobody' : personName(entry.responsible)}`, paint: c.dim },
  ]);
  return [c.bold(`Suppressed by labels (${entries.length})`), ...formatTable(rows, '  ', width), ''];
}

function personName(person: Person): string {
  return toTerminalText(person.displayName) || toTerminalText(person.email ?? '') || toTerminalText(person.id) || 'unknown';
}

/** Coverage per team (SPEC §4), after the findings: a table under its own heading, when the report has teams. */
function coverage(report: Report, c: Colors): string[] {
  if (!report.teams || report.teams.length === 0) return [];
  const head = ['team', 'items', 'acceptance criteria', 'active PO', 'active PM', 'errors', 'warnings'].map((text): Cell => ({ text, paint: c.dim }));
  const rows = report.teams.map((t): Cell[] => [
    { text: t.team === null ? NO_TEAM : toTerminalText(t.team) },
    { text: String(t.itemsChecked) },
    { text: share(t.storiesWithAcceptanceCriteria, t.stories) },
    { text: share(t.storiesWithActiveProductOwner, t.stories) },
    { text: share(t.epicsWithActiveProductManager, t.epics) },
    { text: String(t.errors), ...(t.errors > 0 ? { paint: c.red } : {}) },
    { text: String(t.warnings), ...(t.warnings > 0 ? { paint: c.yellow } : {}) },
  ]);
  return [c.bold('Coverage by team'), ...formatTable([head, ...rows], '  ', undefined), ''];
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

/**
 * Aligns columns by their display width; colour is applied after padding is measured. Given a terminal
 * width and a row that does not fit, in this order: a trailing `below` column (the owner table's URL)
 * moves to a line of its own under the message; the message narrows to COMFORT_MESSAGE_WIDTH; `shrink`
 * columns (titles) are cut to MIN_SHRINK_WIDTH; the message narrows to MIN_MESSAGE_WIDTH. The message
 * wraps, continuation lines under it, so the columns after it (→ owner) stay aligned.
 */
function formatTable(rows: readonly Cell[][], indent: string, width: number | undefined): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell.text));
    });
  }
  const first = rows[0] ?? [];
  const wrapAt = width === undefined ? -1 : first.findIndex((cell) => cell.wrap === true);
  let columns = widths.length;
  if (width !== undefined && wrapAt >= 0) {
    const used = () => indent.length + widths.slice(0, columns).reduce((sum, w) => sum + w, 0) + 2 * (columns - 1);
    const narrow = (i: number, floor: number) => {
      widths[i] = Math.min(widths[i]!, Math.max(floor, widths[i]! - (used() - width)));
    };
    if (used() > width && columns - 1 > wrapAt && first[columns - 1]?.below) columns -= 1;
    if (used() > width) narrow(wrapAt, COMFORT_MESSAGE_WIDTH);
    first.forEach((cell, i) => {
      if (cell.shrink && i < columns && used() > width) narrow(i, MIN_SHRINK_WIDTH);
    });
    if (used() > width) narrow(wrapAt, MIN_MESSAGE_WIDTH);
  }
  const pad = (cell: Cell, i: number, last: boolean, text = cell.text) => {
    const painted = cell.paint ? cell.paint(text) : text;
    return last ? painted : painted + ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(text)));
  };
  const under = indent + ' '.repeat(widths.slice(0, Math.max(0, wrapAt)).reduce((sum, w) => sum + w + 2, 0));
  const lines: string[] = [];
  for (const row of rows) {
    // A continuation starts a line of its own: `::error::` there would be a CI command (terminal-text.ts).
    const wrapped = wrapAt >= 0 ? wrapText(row[wrapAt]!.text, widths[wrapAt]!).map((line, i) => (i === 0 ? line : breakCiCommands(line))) : [];
    const shown = row.slice(0, columns);
    const text = (cell: Cell, i: number) => (i === wrapAt ? wrapped[0]! : cell.shrink ? truncate(cell.text, widths[i]!) : cell.text);
    lines.push((indent + shown.map((cell, i) => pad(cell, i, i === shown.length - 1, text(cell, i))).join('  ')).trimEnd());
    for (const more of wrapped.slice(1)) lines.push((under + pad(row[wrapAt]!, wrapAt, true, more)).trimEnd());
    for (const moved of row.slice(columns)) if (moved.text !== '') lines.push(under + pad(moved, 0, true));
  }
  return lines;
}

/** Terminal columns a string takes (East Asian wide characters and emoji two, marks none), by string-width. */
export const displayWidth = (text: string): number => stringWidth(text);

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Text wrapped at spaces into lines of at most `width` columns; a word longer than a line is cut between characters. */
export function wrapText(text: string, width: number): string[] {
  if (displayWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter((w) => w !== '')) {
    if (line !== '' && displayWidth(line) + 1 + displayWidth(word) <= width) {
      line += ` ${word}`;
      continue;
    }
    if (line !== '') lines.push(line);
    line = '';
    for (const { segment } of graphemes.segment(word)) {
      if (line !== '' && displayWidth(line) + displayWidth(segment) > width) {
        lines.push(line);
        line = '';
      }
      line += segment;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = displayWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out.trimEnd()}…`;
}
