// A summary for a CI job page ($GITHUB_STEP_SUMMARY, an Azure Pipelines summary), a pull request
// comment or a wiki: totals, a table by rule, coverage by team, then the findings grouped by owner (or
// item, rule or team), cut with "and N more" past a limit and always well under GitHub's 1 MiB
// step-summary cap.
import { isKnown, type Finding, type Report } from '../model.js';
import { shorten } from '../shorten.js';
import { baselineNote, DEMO_NOTE, groupByOwner, groupByRule, groupByTeam, knownFindings, NO_TEAM, openFindings, personLabel, plural, ruleIds, safeHttpUrl, share, suppressedWhat } from './common.js';
import { runCoverage, runTime, teamSeries, type TrendMetric } from './trend.js';
import { DEFAULT_MARKDOWN_LIMIT, type GroupBy, type Reporter } from './types.js';

/** Runs the "Last runs" table shows. */
const HISTORY_ROWS = 10;

/** GitHub refuses a step summary over 1 MiB; stop listing well before, leaving room for the rest. */
const MAX_BYTES = 900 * 1024;
const TITLE_LENGTH = 120;

export const renderMarkdown: Reporter = (report, options) => {
  const limit = options.markdownLimit ?? DEFAULT_MARKDOWN_LIMIT;
  const demo = report.demo ? [`> **Demo:** ${DEMO_NOTE}`, ''] : [];
  const scope = report.scope ? [`> **Scope:** ${report.scope.name === null ? "the config's scope" : `\`${cell(report.scope.name)}\``} left out ${plural(report.scope.outOfScope, 'item')}.`, ''] : [];
  const out: string[] = [headline(report), '', ...demo, ...scope, ...changeLines(report), ...sourceLines(report), ...ruleTable(report), ...teamTable(report), ...historyTables(report)];
  const groupBy = options.groupBy ?? 'owner';
  const open = openFindings(report);
  const known = knownFindings(report);
  if (open.length > 0) out.push(...findingSections(report, open, groupBy, limit, byteLength(out), `Findings by ${groupBy === 'owner' ? 'responsible person' : groupBy}`));
  if (known.length > 0) {
    const intro = `These ${plural(known.length, 'finding')} are in the baseline \`${code(report.baseline?.file ?? '')}\`: known debt, still owned, not counted for the result.`;
    out.push(...findingSections(report, known, groupBy, limit, byteLength(out), `Known debt (${known.length})`, intro));
  }
  out.push(...fixedSection(report, limit, byteLength(out)), ...suppressedSection(report, limit, byteLength(out)));
  return `${out.join('\n').trimEnd()}\n`;
};

function headline(report: Report): string {
  const { errors, warnings, itemsChecked } = report.summary;
  const total = errors + warnings;
  const known = report.baseline && report.baseline.known > 0 ? ` · ${plural(report.baseline.known, 'known finding')} (baseline)` : '';
  if (total === 0) return `## ✅ backlint: no ${report.baseline ? 'new ' : ''}problems in ${plural(itemsChecked, 'item')} checked${known}`;
  return `## ${errors > 0 ? '❌' : '⚠️'} backlint: ${plural(total, report.baseline ? 'new problem' : 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${plural(itemsChecked, 'item')} checked${known}`;
}

function changeLines(report: Report): string[] {
  const lines: string[] = [];
  if (report.comparison) {
    const { new: added, old, fixed, previousGeneratedAt } = report.comparison;
    const since = previousGeneratedAt ? ` (${cell(previousGeneratedAt)})` : '';
    lines.push(`**Since the previous report${since}:** ${added} new, ${old} still open, ${fixed} fixed.`, '');
  }
  if (report.baseline) {
    const { known, fixed, file, expired, hidden } = report.baseline;
    const where = hidden ? 'hidden by' : 'listed under "Known debt" from';
    const expiredNote = expired ? ` ${expired === 1 ? '1 entry' : `${expired} entries`} expired: ${expired === 1 ? 'its finding counts' : 'their findings count'} again (⌛).` : '';
    lines.push(`${plural(known, 'known finding')} ${where} the baseline \`${code(file)}\`, ${fixed} fixed since.${expiredNote}`, '');
  }
  return lines;
}

function sourceLines(report: Report): string[] {
  const lines = report.sources.map((source) => {
    const notes = source.notApplicable.length > 0 ? `; not applicable: ${source.notApplicable.map((id) => `\`${code(id)}\``).join(', ')}` : '';
    return `- **${cell(source.name)}** (${cell(source.type)}): ${plural(source.itemsChecked, 'item')} checked of ${source.itemsFetched} fetched${notes}`;
  });
  return lines.length > 0 ? [...lines, `- generated ${cell(report.generatedAt)} by backlint ${cell(report.tool.version)}`, ''] : [];
}

function ruleTable(report: Report): string[] {
  const compared = report.comparison !== undefined;
  const withKnown = report.baseline !== undefined && !report.baseline.hidden;
  const open = openFindings(report);
  const rows = ruleIds(report).flatMap((id) => {
    const findings = open.filter((f) => f.ruleId === id);
    const known = report.findings.filter((f) => f.ruleId === id && isKnown(f)).length;
    const rule = report.rules.find((r) => r.id === id);
    if (findings.length === 0 && known === 0 && rule?.severity === 'off') return [];
    const severity = rule ? (rule.severity === 'warn' ? 'warning' : rule.severity) : (findings[0] ?? report.findings.find((f) => f.ruleId === id))?.severity === 'warn' ? 'warning' : 'error';
    const name = rule && safeHttpUrl(rule.docsUrl) ? `[\`${code(id)}\`](${href(rule.docsUrl)})` : `\`${code(id)}\``;
    const added = compared ? ` ${findings.filter((f) => f.change === 'new').length} |` : '';
    return [`| ${name} | ${severity} | ${findings.length} |${added}${withKnown ? ` ${known} |` : ''}`];
  });
  const total = compared ? ` **${report.comparison!.new}** |` : '';
  const knownTotal = withKnown ? ` **${report.findings.length - open.length}** |` : '';
  return [
    `| rule | severity | findings |${compared ? ' new |' : ''}${withKnown ? ' known |' : ''}`,
    `| --- | --- | ---: |${compared ? ' ---: |' : ''}${withKnown ? ' ---: |' : ''}`,
    ...rows,
    `| **total** | | **${open.length}** |${total}${knownTotal}`,
    '',
  ];
}

/** Coverage per team (SPEC §4), when the report has it: counts with their share, so "3/4 (75%)". */
function teamTable(report: Report): string[] {
  if (!report.teams || report.teams.length === 0) return [];
  const rows = report.teams.map(
    (t) =>
      `| ${t.team === null ? NO_TEAM : cell(t.team)} | ${t.itemsChecked} | ${share(t.storiesWithAcceptanceCriteria, t.stories)} | ${share(t.storiesWithActiveProductOwner, t.stories)} | ${share(t.epicsWithActiveProductManager, t.epics)} | ${t.errors} | ${t.warnings} |`,
  );
  return [
    '### Coverage by team',
    '',
    '| team | items checked | stories with acceptance criteria | stories with an active PO | epics and roadmap items with an active PM | errors | warnings |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
  ];
}

/** With --history: the last runs, then each team's figures from the first of them to the last (SPEC §10). */
function historyTables(report: Report): string[] {
  const history = report.history ?? [];
  if (history.length === 0) return [];
  const runs = history.slice(-HISTORY_ROWS);
  const pct = (value: number | null) => (value === null ? '–' : `${value}%`);
  const rows = runs.map((run) => {
    const coverage = runCoverage(run);
    const { itemsChecked, errors, warnings, known, suppressed } = run.summary;
    return `| ${cell(runTime(run.generatedAt))} | ${itemsChecked} | ${errors} | ${warnings} | ${known} | ${suppressed} | ${pct(coverage.acceptanceCriteria)} | ${pct(coverage.activeProductOwner)} | ${pct(coverage.activeProductManager)} |`;
  });
  const out = [
    `### Last runs (${runs.length} of ${plural(history.length, 'run')} recorded)`,
    '',
    'Findings count known (baselined) ones too: the trend is of the backlog.',
    '',
    '| run | items checked | errors | warnings | known | suppressed | stories with acceptance criteria | stories with an active PO | epics with an active PM |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
  ];
  if (runs.length < 2) return out;
  const metrics: [TrendMetric, (value: number | null) => string][] = [
    ['findings', (value) => (value === null ? '–' : String(value))],
    ['acceptanceCriteria', pct],
    ['activeProductOwner', pct],
    ['activeProductManager', pct],
  ];
  const series = metrics.map(([metric, format]) => ({ format, teams: teamSeries(runs, metric) }));
  const teamRows = series[0]!.teams.map((team, index) => {
    const cells = series.map(({ format, teams }) => {
      const values = teams[index]!.values;
      const first = values.find((value) => value !== null) ?? null;
      const last = values.at(-1) ?? null;
      return first === last ? format(last) : `${format(first)} → ${format(last)}`;
    });
    return `| ${cell(team.team)} | ${cells.join(' | ')} |`;
  });
  return [
    ...out,
    `### Trend by team (${cell(runTime(runs[0]!.generatedAt))} → ${cell(runTime(runs.at(-1)!.generatedAt))})`,
    '',
    '| team | findings | stories with acceptance criteria | stories with an active PO | epics with an active PM |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...teamRows,
    '',
  ];
}

function findingSections(report: Report, findings: readonly Finding[], groupBy: GroupBy, limit: number, used: number, title: string, intro?: string): string[] {
  const sections: { heading: string | null; findings: Finding[] }[] =
    groupBy === 'owner'
      ? groupByOwner(findings).map((group) => ({
          heading: group.person === null ? 'Nobody responsible' : ownerHeading(group.person),
          findings: group.findings,
        }))
      : groupBy === 'rule'
        ? groupByRule(report, findings).map(([id, group]) => ({ heading: `\`${code(id)}\``, findings: group }))
        : groupBy === 'team'
          ? groupByTeam(findings).map((group) => ({ heading: group.team === null ? NO_TEAM : cell(group.team), findings: group.findings }))
          : [{ heading: null, findings: [...findings] }];
  const compared = report.comparison !== undefined;
  const withRule = groupBy !== 'rule';
  const withOwner = groupBy !== 'owner';
  const out: string[] = [`### ${title}`, '', ...(intro ? [intro, ''] : [])];
  let bytes = used + byteLength(out);
  let listed = 0;
  let cut = false;
  for (const section of sections) {
    if (cut) break;
    const head = [
      ...(section.heading === null ? [] : [`#### ${section.heading} (${section.findings.length})`, '']),
      `| item | title | problem |${withRule ? ' rule |' : ''}${withOwner ? ' responsible |' : ''}`,
      `| --- | --- | --- |${withRule ? ' --- |' : ''}${withOwner ? ' --- |' : ''}`,
    ];
    const rows: string[] = [];
    let rowBytes = byteLength(head);
    for (const f of section.findings) {
      const marks = `${f.severity === 'error' ? '🔴' : '🟡'}${compared && f.change === 'new' ? ' 🆕' : ''}${f.baseline?.state === 'expired' ? ' ⌛' : ''}`;
      const note = baselineNote(f);
      const message = note === null || note === 'known' ? f.message : `${f.message} (${note})`;
      const row = `| ${itemLink(f)} | ${cell(shortTitle(f.title))} | ${marks} ${cell(message)} |${withRule ? ` \`${code(f.ruleId)}\` |` : ''}${withOwner ? ` ${f.responsible ? cell(personLabel(f.responsible)) : '_nobody_'} |` : ''}`;
      const size = byteLength([row]);
      if (listed >= limit || bytes + rowBytes + size > MAX_BYTES) {
        cut = true;
        break;
      }
      rows.push(row);
      rowBytes += size;
      listed += 1;
    }
    if (rows.length > 0) {
      for (const line of [...head, ...rows, '']) out.push(line);
      bytes += rowBytes + 1;
    }
  }
  if (listed < findings.length) {
    out.push(`_…and ${plural(findings.length - listed, 'more finding')}, not listed here (the limit is ${limit}): see the full report._`, '');
  }
  const expired = findings.some((f) => f.baseline?.state === 'expired');
  out.push(`Legend: 🔴 error · 🟡 warning${compared ? ' · 🆕 new since the previous report' : ''}${expired ? ' · ⌛ baseline entry expired' : ''}`, '');
  return out;
}

/** With --compare: the previous report's findings that are gone, as a table (cut past the limit). */
function fixedSection(report: Report, limit: number, used: number): string[] {
  const fixed = report.comparison?.fixedFindings ?? [];
  if (fixed.length === 0) return [];
  const rows = fixed.map((f) => `| ${itemLink({ ...f, kind: f.kind === 'team' ? 'team' : 'other' })} | ${cell(shortTitle(f.title))} | \`${code(f.ruleId)}\` | ${f.responsible ? cell(personLabel(f.responsible)) : '_nobody_'} |`);
  return limitedTable(`Fixed since the previous report (${fixed.length})`, ['| item | title | rule | was responsible |', '| --- | --- | --- | --- |'], rows, limit, used, 'fixed finding');
}

/** What suppression labels kept out, with the label, so a coach can audit each one (SPEC §10). */
function suppressedSection(report: Report, limit: number, used: number): string[] {
  const entries = report.suppressions ?? [];
  if (entries.length === 0) return [];
  const rows = entries.map(
    (entry) =>
      `| ${itemLink({ ...entry, kind: entry.kind })} | ${cell(shortTitle(entry.title))} | \`${code(entry.label)}\` | ${suppressedWhat(entry)} | ${entry.responsible ? cell(personLabel(entry.responsible)) : '_nobody_'} |`,
  );
  return limitedTable(`Suppressed by labels (${entries.length})`, ['| item | title | label | suppressed | responsible |', '| --- | --- | --- | --- | --- |'], rows, limit, used, 'more suppressed item');
}

/** A table under a heading, cut at `limit` rows or the byte budget with "and N more". */
function limitedTable(title: string, head: string[], rows: readonly string[], limit: number, used: number, noun: string): string[] {
  const out = [`### ${title}`, '', ...head];
  let bytes = used + byteLength(out);
  let listed = 0;
  for (const row of rows) {
    const size = byteLength([row]);
    if (listed >= limit || bytes + size > MAX_BYTES) break;
    out.push(row);
    bytes += size;
    listed += 1;
  }
  if (listed === 0) out.splice(2);
  out.push('');
  if (listed < rows.length) out.push(`_…and ${plural(rows.length - listed, noun)}, not listed here: see the full report._`, '');
  return out;
}

function ownerHeading(person: NonNullable<Finding['responsible']>): string {
  return `${cell(personLabel(person))}${person.email ? ` · ${cell(person.email)}` : ''}`;
}

function itemLink(f: Pick<Finding, 'kind' | 'team' | 'title' | 'source' | 'itemKey' | 'url'>): string {
  // A team finding is about the team itself (`team/<name>` is its key): it reads `team Payments`.
  const label = cell(f.kind === 'team' ? `team ${f.team ?? f.title}` : `${f.source}/${f.itemKey}`);
  const url = safeHttpUrl(f.url);
  return url ? `[${label}](${href(url)})` : label;
}

const byteLength = (lines: readonly string[]) => lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);

const shortTitle = (text: string) => shorten(text, TITLE_LENGTH);

/** A link target that cannot end the link or the table cell early. */
function href(url: string): string {
  return url.replace(/[()|<>\s"'`\\]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

// Control characters (line breaks included) become one space; they cannot end a table row.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * Item text as literal Markdown in a table cell: HTML as entities, Markdown punctuation backslashed
 * (a `|` cannot end the cell, a backtick cannot open code), `@` defused so a title mentions nobody, and
 * no GFM autolink: `https://…` and `www.…` get an escaped `\:` / `\.` (GitHub's autolinker matches the
 * raw text and an escape hides the character from it), and an email goes into a code span (GitHub finds
 * emails after merging text nodes, where no escape survives).
 */
export function cell(text: string): string {
  const flat = text.replace(CONTROL, ' ').replace(/ {2,}/g, ' ').trim();
  let out = '';
  let at = 0;
  for (const email of flat.matchAll(EMAIL_LIKE)) {
    out += escapeCellText(flat.slice(at, email.index)) + `\`${email[0]}\``;
    at = email.index + email[0].length;
  }
  return out + escapeCellText(flat.slice(at));
}

/** A word (no space, `|`, backtick or angle bracket: they would end the code span or the cell) holding `x@y`. */
const EMAIL_LIKE = /[^\s|`<>]*[\w.+-]@[\w-][^\s|`<>]*/g;

function escapeCellText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;')
    .replace(/[\\`*_[\]|~]/g, (char) => `\\${char}`)
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/(www)\./gi, '$1\\.');
}

/** Text inside a code span: a backtick would end it, a `|` the table cell. */
function code(text: string): string {
  return text.replace(CONTROL, ' ').replace(/`/g, "'").replace(/\|/g, '¦');
}
