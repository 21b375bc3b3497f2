// A summary for a CI job page ($GITHUB_STEP_SUMMARY, an Azure Pipelines summary), a pull request
// comment or a wiki: totals, a table by rule, coverage by team, then the findings grouped by owner (or
// item, rule or team), cut with "and N more" past a limit and always well under GitHub's 1 MiB
// step-summary cap.
import type { Finding, Report } from '../model.js';
import { groupByOwner, groupByRule, groupByTeam, NO_TEAM, personLabel, plural, ruleIds, safeHttpUrl, share } from './common.js';
import { DEFAULT_MARKDOWN_LIMIT, type GroupBy, type Reporter } from './types.js';

/** GitHub refuses a step summary over 1 MiB; stop listing well before, leaving room for the rest. */
const MAX_BYTES = 900 * 1024;
const TITLE_LENGTH = 120;

export const renderMarkdown: Reporter = (report, options) => {
  const limit = options.markdownLimit ?? DEFAULT_MARKDOWN_LIMIT;
  const demo = report.demo ? ['> **Demo:** this report lints the demo backlog bundled with backlint (no config was found), not yours.', ''] : [];
  const scope = report.scope ? [`> **Scope:** ${report.scope.name === null ? "the config's scope" : `\`${cell(report.scope.name)}\``} left out ${plural(report.scope.outOfScope, 'item')}.`, ''] : [];
  const out: string[] = [headline(report), '', ...demo, ...scope, ...changeLines(report), ...sourceLines(report), ...ruleTable(report), ...teamTable(report)];
  const sections = report.findings.length > 0 ? findingSections(report, options.groupBy ?? 'owner', limit, byteLength(out)) : [];
  return `${out.concat(sections).join('\n').trimEnd()}\n`;
};

function headline(report: Report): string {
  const { errors, warnings, itemsChecked } = report.summary;
  const total = errors + warnings;
  if (total === 0) return `## ✅ backlint: no problems in ${plural(itemsChecked, 'item')} checked`;
  return `## ${errors > 0 ? '❌' : '⚠️'} backlint: ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${plural(itemsChecked, 'item')} checked`;
}

function changeLines(report: Report): string[] {
  const lines: string[] = [];
  if (report.comparison) {
    const { new: added, old, fixed, previousGeneratedAt } = report.comparison;
    const since = previousGeneratedAt ? ` (${cell(previousGeneratedAt)})` : '';
    lines.push(`**Since the previous report${since}:** ${added} new, ${old} still open, ${fixed} fixed.`, '');
  }
  if (report.baseline) {
    lines.push(`${plural(report.baseline.known, 'finding')} hidden by the baseline \`${code(report.baseline.file)}\`, ${report.baseline.fixed} fixed since.`, '');
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
  const rows = ruleIds(report).flatMap((id) => {
    const findings = report.findings.filter((f) => f.ruleId === id);
    const rule = report.rules.find((r) => r.id === id);
    if (findings.length === 0 && rule?.severity === 'off') return [];
    const severity = rule ? (rule.severity === 'warn' ? 'warning' : rule.severity) : findings[0]?.severity === 'warn' ? 'warning' : 'error';
    const name = rule && safeHttpUrl(rule.docsUrl) ? `[\`${code(id)}\`](${href(rule.docsUrl)})` : `\`${code(id)}\``;
    const added = compared ? ` ${findings.filter((f) => f.change === 'new').length} |` : '';
    return [`| ${name} | ${severity} | ${findings.length} |${added}`];
  });
  const total = compared ? ` **${report.comparison!.new}** |` : '';
  return [
    compared ? '| rule | severity | findings | new |' : '| rule | severity | findings |',
    compared ? '| --- | --- | ---: | ---: |' : '| --- | --- | ---: |',
    ...rows,
    `| **total** | | **${report.findings.length}** |${total}`,
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

function findingSections(report: Report, groupBy: GroupBy, limit: number, used: number): string[] {
  const sections: { heading: string | null; findings: Finding[] }[] =
    groupBy === 'owner'
      ? groupByOwner(report.findings).map((group) => ({
          heading: group.person === null ? 'Nobody responsible' : ownerHeading(group.person),
          findings: group.findings,
        }))
      : groupBy === 'rule'
        ? groupByRule(report).map(([id, findings]) => ({ heading: `\`${code(id)}\``, findings }))
        : groupBy === 'team'
          ? groupByTeam(report.findings).map((group) => ({ heading: group.team === null ? NO_TEAM : cell(group.team), findings: group.findings }))
          : [{ heading: null, findings: report.findings }];
  const compared = report.comparison !== undefined;
  const withRule = groupBy !== 'rule';
  const withOwner = groupBy !== 'owner';
  const out: string[] = [`### Findings by ${groupBy === 'owner' ? 'responsible person' : groupBy}`, ''];
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
      const marks = `${f.severity === 'error' ? '🔴' : '🟡'}${compared && f.change === 'new' ? ' 🆕' : ''}`;
      const row = `| ${itemLink(f)} | ${cell(shorten(f.title))} | ${marks} ${cell(f.message)} |${withRule ? ` \`${code(f.ruleId)}\` |` : ''}${withOwner ? ` ${f.responsible ? cell(personLabel(f.responsible)) : '_nobody_'} |` : ''}`;
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
  if (listed < report.findings.length) {
    out.push(`_…and ${plural(report.findings.length - listed, 'more finding')}, not listed here (the limit is ${limit}): see the full report._`, '');
  }
  out.push(`Legend: 🔴 error · 🟡 warning${compared ? ' · 🆕 new since the previous report' : ''}`);
  return out;
}

function ownerHeading(person: NonNullable<Finding['responsible']>): string {
  return `${cell(personLabel(person))}${person.email ? ` · ${cell(person.email)}` : ''}`;
}

function itemLink(f: Finding): string {
  // A team finding is about the team itself (`team/<name>` is its key): it reads `team Payments`.
  const label = cell(f.kind === 'team' ? `team ${f.team ?? f.title}` : `${f.source}/${f.itemKey}`);
  const url = safeHttpUrl(f.url);
  return url ? `[${label}](${href(url)})` : label;
}

const byteLength = (lines: readonly string[]) => lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);

const shorten = (text: string) => (text.length > TITLE_LENGTH ? `${text.slice(0, TITLE_LENGTH - 1)}…` : text);

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
