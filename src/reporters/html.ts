// One self-contained page to share before sprint planning (SPEC §9): headline totals, bar charts of
// findings by rule, team and responsible person (inline SVG, labelled with names and numbers so they
// read without colour), and a filterable, sortable table that pages through any number of findings.
// No network: inline CSS and JS, and a Content-Security-Policy that allows nothing else, not even
// scripts other than ours (by hash). Item text reaches the page only as escaped HTML or as JSON read
// with textContent.
import { createHash } from 'node:crypto';
import type { Finding, Report } from '../model.js';
import { shorten } from '../shorten.js';
import { baselineNote, coveragePercent, DEMO_NOTE, openFindings, personLabel, plural, ruleIds, safeHttpUrl, suppressedWhat } from './common.js';
import { HTML_CLIENT_SCRIPT } from './html-client.js';
import { runTime, teamSeries, type TeamSeries, type TrendMetric } from './trend.js';
import { escapeJsonForLogs } from '../terminal-text.js';
import type { Reporter } from './types.js';

const MAX_BARS = 12;

export const renderHtml: Reporter = (report) => {
  const scriptHash = createHash('sha256').update(HTML_CLIENT_SCRIPT).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const title = `backlint report: ${plural(report.summary.errors + report.summary.warnings, 'problem')}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>backlint report</h1>
${report.demo ? `<p class="demo" role="note"><strong>Demo:</strong> ${escapeHtml(DEMO_NOTE)}</p>\n` : ''}${scopeNote(report)}<p class="meta">Generated <time datetime="${escapeHtml(report.generatedAt)}">${escapeHtml(formatTime(report.generatedAt))}</time> by backlint ${escapeHtml(report.tool.version)}</p>
</header>
<main>
${headline(report)}
${sourcesSection(report)}
${teamsSection(report)}${trendSection(report)}<section class="charts" aria-label="Charts">
${barChart('By rule', 'chart-rule', countBy(openFindings(report), (f) => f.ruleId, ruleIds(report)))}
${barChart('By team', 'chart-team', countBy(openFindings(report), (f) => f.team ?? '(no team)'))}
${barChart('By responsible person', 'chart-responsible', countBy(openFindings(report), (f) => (f.responsible ? personLabel(f.responsible) : '(nobody)')))}
</section>
<p class="legend">Bars: solid for errors, hatched for warnings; each bar names its total${report.baseline && !report.baseline.hidden ? '. Known (baselined) findings are in the table below, not in the bars' : ''}.</p>
${tableSection(report)}
${fixedSection(report)}${suppressedSection(report)}
</main>
<script type="application/json" id="backlint-data">${jsonForScript(clientData(report))}</script>
<script>${HTML_CLIENT_SCRIPT}</script>
</body>
</html>
`;
};

function headline(report: Report): string {
  const { errors, warnings, itemsChecked, suppressed } = report.summary;
  const tiles: [id: string, label: string, value: number, className?: string][] = [
    ['total-findings', 'problems', errors + warnings, errors > 0 ? 'bad' : warnings > 0 ? 'warn' : 'good'],
    ['total-errors', 'errors', errors],
    ['total-warnings', 'warnings', warnings],
    ['total-items', 'items checked', itemsChecked],
    ['total-suppressed', 'suppressed', suppressed],
  ];
  if (report.baseline) tiles.push(['total-known', report.baseline.hidden ? 'known (hidden)' : 'known (baseline)', report.baseline.known]);
  if (report.comparison) {
    tiles.push(['total-new', 'new since last report', report.comparison.new, report.comparison.new > 0 ? 'bad' : 'good'], ['total-fixed', 'fixed since last report', report.comparison.fixed, 'good']);
  }
  const since = report.comparison
    ? `<p class="change" id="change-line">Since the previous report${report.comparison.previousGeneratedAt ? ` of ${escapeHtml(formatTime(report.comparison.previousGeneratedAt))}` : ''}: <strong>${report.comparison.new} new</strong>, ${report.comparison.old} still open, <strong>${report.comparison.fixed} fixed</strong>.</p>`
    : '';
  const baseline = report.baseline
    ? `<p class="change" id="baseline-line">${escapeHtml(plural(report.baseline.known, 'known finding'))} ${report.baseline.hidden ? 'hidden by' : 'listed (marked known, not counted) from'} the baseline ${escapeHtml(report.baseline.file)}, ${report.baseline.fixed} fixed since.${report.baseline.expired ? ` ${escapeHtml(plural(report.baseline.expired, 'finding'))} whose baseline entry expired ${report.baseline.expired === 1 ? 'counts' : 'count'} again.` : ''}</p>`
    : '';
  return `<section class="headline" aria-label="Totals">
<div class="tiles">${tiles.map(([id, label, value, className]) => `<div class="tile${className ? ` ${className}` : ''}"><span class="number" id="${id}">${value}</span><span class="label">${escapeHtml(label)}</span></div>`).join('')}</div>
${since}${baseline}</section>`;
}

function sourcesSection(report: Report): string {
  const rows = report.sources.map((s) => {
    const notes = s.notApplicable.map((id) => `<li><code>${escapeHtml(id)}</code> not applicable: ${escapeHtml(s.notApplicableReasons[id] ?? '')}</li>`).join('');
    return `<tr><td data-label="source">${escapeHtml(s.name)}</td><td data-label="type">${escapeHtml(s.type)}</td><td class="num" data-label="fetched">${s.itemsFetched}</td><td class="num" data-label="checked">${s.itemsChecked}</td><td data-label="notes">${notes ? `<ul>${notes}</ul>` : '—'}</td></tr>`;
  });
  return `<section aria-labelledby="sources-heading">
<h2 id="sources-heading">Sources</h2>
<table class="sources stack"><thead><tr><th>source</th><th>type</th><th class="num">fetched</th><th class="num">checked</th><th>notes</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>
</section>`;
}

/** Coverage per team (SPEC §4): one row a team, each share as "x of n" with a bar; absent teams, no section. */
function teamsSection(report: Report): string {
  if (!report.teams || report.teams.length === 0) return '';
  const rows = report.teams.map((t) => {
    const name = t.team === null ? '<span class="none">(no team)</span>' : escapeHtml(t.team);
    return `<tr${t.team === null ? '' : ` data-team="${escapeHtml(t.team)}"`}><th scope="row" data-label="team">${name}</th>\
<td data-label="from">${t.roster ? 'roster' : 'item value'}</td>\
<td data-label="sources">${t.sources.length === 0 ? '—' : t.sources.map(escapeHtml).join(', ')}</td>\
<td class="num" data-label="items checked">${t.itemsChecked}</td>\
${coverageCell('stories with acceptance criteria', t.storiesWithAcceptanceCriteria, t.stories, 'no stories')}\
${coverageCell('stories with an active PO', t.storiesWithActiveProductOwner, t.stories, 'no stories')}\
${coverageCell('epics and roadmap items with an active PM', t.epicsWithActiveProductManager, t.epics, 'no epics or roadmap items')}\
<td class="num${t.errors > 0 ? ' bad' : ''}" data-label="errors">${t.errors}</td><td class="num${t.warnings > 0 ? ' warn' : ''}" data-label="warnings">${t.warnings}</td></tr>`;
  });
  return `<section aria-labelledby="teams-heading" id="teams">
<h2 id="teams-heading">Teams</h2>
<table class="teams stack" id="teams-table"><thead><tr><th scope="col">team</th><th scope="col">from</th><th scope="col">sources</th><th scope="col" class="num">items checked</th>\
<th scope="col">stories with acceptance criteria</th><th scope="col">stories with an active PO</th><th scope="col">epics and roadmap items with an active PM</th><th scope="col" class="num">errors</th><th scope="col" class="num">warnings</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
</section>
`;
}

/** "3 of 4 (75%)" with a bar; "no stories" instead of a bar when there is nothing to count. */
function coverageCell(label: string, covered: number, total: number, none: string): string {
  if (total === 0) return `<td class="coverage empty" data-label="${label}">${none}</td>`;
  const percent = coveragePercent(covered, total) ?? 0;
  const tone = percent === 100 ? 'good' : percent >= 50 ? 'warn' : 'bad';
  return `<td class="coverage" data-label="${label}" data-covered="${covered}" data-total="${total}">\
<span class="meter ${tone}" aria-hidden="true"><span style="width:${percent}%"></span></span><span class="share">${covered} of ${total} (${percent}%)</span></td>`;
}

interface Bar {
  label: string;
  errors: number;
  warnings: number;
}

function countBy(findings: readonly Finding[], keyOf: (f: Finding) => string, order: string[] = []): Bar[] {
  const bars = new Map<string, Bar>(order.map((label) => [label, { label, errors: 0, warnings: 0 }]));
  for (const f of findings) {
    const label = keyOf(f);
    const bar = bars.get(label) ?? { label, errors: 0, warnings: 0 };
    if (f.severity === 'error') bar.errors += 1;
    else bar.warnings += 1;
    bars.set(label, bar);
  }
  const list = [...bars.values()].filter((bar) => bar.errors + bar.warnings > 0);
  if (order.length === 0) list.sort((a, b) => b.errors + b.warnings - (a.errors + a.warnings) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  if (list.length <= MAX_BARS) return list;
  const rest = list.slice(MAX_BARS - 1);
  const others = rest.reduce((sum, bar) => ({ ...sum, errors: sum.errors + bar.errors, warnings: sum.warnings + bar.warnings }), { label: `${rest.length} others`, errors: 0, warnings: 0 });
  return [...list.slice(0, MAX_BARS - 1), others];
}

/** A horizontal bar chart: errors solid, warnings hatched, each bar labelled with its name and numbers. */
function barChart(heading: string, id: string, bars: Bar[]): string {
  const rowHeight = 26;
  const labelWidth = 185;
  const barWidth = 150;
  const width = labelWidth + barWidth + 95;
  const height = Math.max(1, bars.length) * rowHeight + 4;
  const max = bars.reduce((most, bar) => Math.max(most, bar.errors + bar.warnings), 1);
  const rows = bars.map((bar, i) => {
    const y = i * rowHeight + 2;
    const errorWidth = (bar.errors / max) * barWidth;
    const warnWidth = (bar.warnings / max) * barWidth;
    const total = bar.errors + bar.warnings;
    const detail = bar.warnings === 0 ? `${total}` : bar.errors === 0 ? `${total} (warnings)` : `${total} (${bar.warnings} warn)`;
    const label = shorten(bar.label, 26);
    return `<g class="bar" data-label="${escapeHtml(bar.label)}" data-count="${total}"><title>${escapeHtml(`${bar.label}: ${plural(bar.errors, 'error')}, ${plural(bar.warnings, 'warning')}`)}</title>
<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end" class="label">${escapeHtml(label)}</text>
<rect x="${labelWidth}" y="${y + 4}" width="${errorWidth.toFixed(1)}" height="${rowHeight - 10}" class="errors"/>
<rect x="${(labelWidth + errorWidth).toFixed(1)}" y="${y + 4}" width="${warnWidth.toFixed(1)}" height="${rowHeight - 10}" class="warnings" fill="url(#hatch-${id})"/>
<text x="${(labelWidth + errorWidth + warnWidth + 6).toFixed(1)}" y="${y + 17}" class="count">${escapeHtml(detail)}</text></g>`;
  });
  const body = bars.length === 0 ? `<text x="8" y="18" class="label">No findings</text>` : rows.join('\n');
  return `<figure class="chart" id="${id}">
<figcaption>${escapeHtml(heading)}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(`Findings ${heading.toLowerCase()}`)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">
<defs><pattern id="hatch-${id}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="hatch-bg"/><line x1="0" y1="0" x2="0" y2="6" class="hatch-line"/></pattern></defs>
${body}
</svg>
</figure>`;
}

/** Lines a trend chart draws at most: the teams with the most findings in the last run. */
const MAX_LINES = 8;
/** Colours and dash patterns of the lines, so they tell apart without colour too. */
const LINE_COLOURS = ['#0969da', '#b42318', '#1a7f37', '#8250df', '#9a6700', '#bf3989', '#0a7ea4', '#59636e'];
const LINE_DASHES = ['', '6 3', '2 3', '8 3 2 3', '', '6 3', '2 3', '8 3 2 3'];

/** With --history: coverage and findings over time per team, one line chart a figure (SPEC §10). */
function trendSection(report: Report): string {
  const runs = report.history ?? [];
  if (runs.length === 0) return '';
  const findings = teamSeries(runs, 'findings');
  const last = (series: TeamSeries) => series.values.at(-1) ?? -1;
  const shown = [...findings].sort((a, b) => last(b) - last(a)).slice(0, MAX_LINES).map((series) => series.team);
  const pick = (all: TeamSeries[]) => all.filter((series) => shown.includes(series.team)).sort((a, b) => shown.indexOf(a.team) - shown.indexOf(b.team));
  const charts: [TrendMetric, string, boolean][] = [
    ['findings', 'Findings by team', false],
    ['activeProductOwner', 'Stories with an active PO', true],
    ['activeProductManager', 'Epics and roadmap items with an active PM', true],
    ['acceptanceCriteria', 'Stories with acceptance criteria', true],
  ];
  const more = findings.length > shown.length ? ` The ${findings.length - shown.length} teams with the fewest findings are left out of the charts.` : '';
  return `<section aria-labelledby="trend-heading" id="trend">
<h2 id="trend-heading">Over time</h2>
<p class="legend">${escapeHtml(plural(runs.length, 'run'))} from ${escapeHtml(runTime(runs[0]!.generatedAt))} to ${escapeHtml(runTime(runs.at(-1)!.generatedAt))} (the history file). Findings count known (baselined) ones too; coverage is in percent.${escapeHtml(more)}</p>
<div class="charts trend">
${charts.map(([metric, heading, isPercent]) => lineChart(heading, `trend-${metric}`, pick(metric === 'findings' ? findings : teamSeries(runs, metric)), runs.map((run) => run.generatedAt), isPercent)).join('\n')}
</div>
</section>
`;
}

/** A line chart over the runs: one line a team, each labelled at its end with its name and last value. */
function lineChart(heading: string, id: string, series: readonly TeamSeries[], times: readonly string[], isPercent: boolean): string {
  const [left, top, plotWidth, plotHeight, labelWidth] = [36, 10, 250, 150, 150];
  const width = left + plotWidth + labelWidth;
  const height = top + plotHeight + 34;
  const values = series.flatMap((line) => line.values.filter((value): value is number => value !== null));
  const max = isPercent ? 100 : niceCeiling(Math.max(1, ...values));
  const x = (index: number) => left + (times.length === 1 ? plotWidth / 2 : (index / (times.length - 1)) * plotWidth);
  const y = (value: number) => top + plotHeight - (value / max) * plotHeight;
  const unit = isPercent ? '%' : '';
  const grid = [0, max / 2, max].map(
    (value) => `<line x1="${left}" x2="${left + plotWidth}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" class="grid"/><text x="${left - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end" class="axis">${formatValue(value)}${unit}</text>`,
  );
  const axis = `<text x="${left}" y="${top + plotHeight + 18}" class="axis">${escapeHtml(runTime(times[0]!).slice(0, 10))}</text>${times.length > 1 ? `<text x="${left + plotWidth}" y="${top + plotHeight + 18}" text-anchor="end" class="axis">${escapeHtml(runTime(times.at(-1)!).slice(0, 10))}</text>` : ''}`;
  // End labels, pushed apart so none overlaps the next.
  const ends = series.flatMap((line, index) => {
    const at = lastIndex(line.values);
    return at < 0 ? [] : [{ index, y: y(line.values[at]!), x: x(at) }];
  });
  ends.sort((a, b) => a.y - b.y);
  for (let i = 1; i < ends.length; i += 1) ends[i]!.y = Math.max(ends[i]!.y, ends[i - 1]!.y + 13);
  // …and back up from the bottom, so the lowest stays inside the chart.
  for (let i = ends.length - 1; i >= 0; i -= 1) ends[i]!.y = Math.min(ends[i]!.y, i === ends.length - 1 ? height - 8 : ends[i + 1]!.y - 13);
  const labelY = new Map(ends.map((end) => [end.index, end.y]));
  const lines = series.map((line, index) => {
    const colour = LINE_COLOURS[index % LINE_COLOURS.length]!;
    const dash = LINE_DASHES[index % LINE_DASHES.length]!;
    const segments = segmentsOf(line.values).map((segment) => `<polyline points="${segment.map((i) => `${x(i).toFixed(1)},${y(line.values[i]!).toFixed(1)}`).join(' ')}" stroke="${colour}"${dash ? ` stroke-dasharray="${dash}"` : ''} class="line"/>`);
    const points = times.length <= 60 ? line.values.flatMap((value, i) => (value === null ? [] : [`<circle cx="${x(i).toFixed(1)}" cy="${y(value).toFixed(1)}" r="2.5" fill="${colour}"/>`])) : [];
    const at = lastIndex(line.values);
    const label = at < 0 ? '' : `<text x="${left + plotWidth + 8}" y="${(labelY.get(index)! + 4).toFixed(1)}" class="end" fill="${colour}">${escapeHtml(shortLabel(line.team))} ${formatValue(line.values[at]!)}${unit}</text>`;
    const described = line.values.map((value, i) => `${runTime(times[i]!)}: ${value === null ? '–' : `${formatValue(value)}${unit}`}`).join(', ');
    return `<g class="series" data-team="${escapeHtml(line.team)}" data-last="${at < 0 ? '' : line.values[at]}"><title>${escapeHtml(`${line.team}: ${described}`)}</title>${segments.join('')}${points.join('')}${label}</g>`;
  });
  const body = series.length === 0 ? `<text x="${left}" y="${top + 20}" class="axis">No teams to chart</text>` : lines.join('\n');
  return `<figure class="chart line-chart" id="${id}">
<figcaption>${escapeHtml(heading)}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(`${heading} over ${plural(times.length, 'run')}, one line a team`)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">
${grid.join('\n')}
${axis}
${body}
</svg>
</figure>`;
}

/** Runs of consecutive indexes with a value: a team missing from a run breaks its line there. */
function segmentsOf(values: readonly (number | null)[]): number[][] {
  const segments: number[][] = [];
  let current: number[] = [];
  values.forEach((value, index) => {
    if (value === null) {
      if (current.length > 0) segments.push(current);
      current = [];
    } else current.push(index);
  });
  if (current.length > 0) segments.push(current);
  return segments;
}

const lastIndex = (values: readonly (number | null)[]): number => {
  for (let i = values.length - 1; i >= 0; i -= 1) if (values[i] !== null) return i;
  return -1;
};

/** 1, 2, 5 times a power of ten, at least the value: a chart's top. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * power).find((nice) => nice >= value)!;
}

const formatValue = (value: number): string => (Number.isInteger(value) ? String(value) : value.toFixed(1));
const shortLabel = (label: string): string => shorten(label, 16);

function tableSection(report: Report): string {
  const compared = report.comparison !== undefined;
  const filters = [
    ['rule', 'Rule'],
    ['severity', 'Severity'],
    ['source', 'Source'],
    ['responsible', 'Responsible'],
    ['kind', 'Kind'],
    ...(compared ? [['change', 'Change']] : []),
    ...(report.baseline && !report.baseline.hidden ? [['baseline', 'Baseline']] : []),
  ].map(([name, label]) => `<label>${label} <select id="filter-${name}"><option value="">all</option></select></label>`);
  const columns: [sort: string, label: string][] = [
    ['item', 'Item'],
    ['title', 'Title'],
    ['severity', 'Severity'],
    ['rule', 'Problem'],
    ['responsible', 'Responsible'],
    ['kind', 'Kind'],
    ['team', 'Team'],
  ];
  return `<section aria-labelledby="findings-heading">
<h2 id="findings-heading">Findings</h2>
<form class="filters" role="search" id="filters">
${filters.join('\n')}
<label>Text <input type="search" id="filter-text" placeholder="key, title, message, person"></label>
<button type="button" id="filter-reset">Reset</button>
</form>
<noscript><p>The findings table needs JavaScript; the totals and charts above do not.</p></noscript>
<p id="table-status" role="status" aria-live="polite"></p>
<table id="findings">
<thead><tr>${columns.map(([sort, label]) => `<th scope="col"><button type="button" data-sort="${sort}">${label}</button></th>`).join('')}</tr></thead>
<tbody></tbody>
</table>
<nav class="pager" aria-label="Pages"><button type="button" id="page-previous">← Previous</button> <span id="page-label"></span> <button type="button" id="page-next">Next →</button></nav>
</section>`;
}

/** The findings for the script, compact: people once, each finding an array. */
function clientData(report: Report) {
  const people: { name: string; email: string | null }[] = [];
  const personIndex = new Map<string, number>();
  const findings = report.findings.map((f) => {
    let index = -1;
    if (f.responsible) {
      const known = personIndex.get(f.responsible.id);
      if (known === undefined) {
        index = people.length;
        personIndex.set(f.responsible.id, index);
        people.push({ name: personLabel(f.responsible), email: f.responsible.email ?? null });
      } else index = known;
    }
    return [f.source, f.itemKey, f.itemType, f.kind, f.title, safeHttpUrl(f.url), f.ruleId, f.severity, f.message, index, f.team, f.change ?? null, f.ownerSource ?? null, f.baseline?.state ?? null, baselineNote(f)];
  });
  return { compared: report.comparison !== undefined, baselined: report.baseline !== undefined && !report.baseline.hidden, people, findings };
}

/** With --compare: the previous report's findings that are gone, as a plain table (no script needed). */
function fixedSection(report: Report): string {
  const fixed = report.comparison?.fixedFindings ?? [];
  if (fixed.length === 0) return '';
  const rows = fixed.map(
    (f) =>
      `<tr><td class="item" data-label="item">${itemCell(f)}</td><td data-label="title">${escapeHtml(f.title)}</td><td data-label="rule"><code>${escapeHtml(f.ruleId)}</code></td><td data-label="was">${escapeHtml(f.message)}</td><td data-label="was responsible">${f.responsible ? escapeHtml(personLabel(f.responsible)) : '<span class="none">(nobody)</span>'}</td></tr>`,
  );
  return `<section aria-labelledby="fixed-heading" id="fixed">
<h2 id="fixed-heading">Fixed since the previous report (${fixed.length})</h2>
<table class="stack list" id="fixed-table"><thead><tr><th scope="col">item</th><th scope="col">title</th><th scope="col">rule</th><th scope="col">was</th><th scope="col">was responsible</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
</section>
`;
}

/** What suppression labels kept out, each with its label, so a coach can audit the labels (SPEC §10). */
function suppressedSection(report: Report): string {
  const entries = report.suppressions ?? [];
  if (entries.length === 0) return '';
  const rows = entries.map(
    (entry) =>
      `<tr><td class="item" data-label="item">${itemCell(entry)}</td><td data-label="title">${escapeHtml(entry.title)}</td><td data-label="label"><code>${escapeHtml(entry.label)}</code></td><td data-label="suppressed">${escapeHtml(suppressedWhat(entry))}</td><td data-label="responsible">${entry.responsible ? escapeHtml(personLabel(entry.responsible)) : '<span class="none">(nobody)</span>'}</td></tr>`,
  );
  return `<section aria-labelledby="suppressed-heading" id="suppressed">
<h2 id="suppressed-heading">Suppressed by labels (${entries.length})</h2>
<table class="stack list" id="suppressed-table"><thead><tr><th scope="col">item</th><th scope="col">title</th><th scope="col">label</th><th scope="col">suppressed</th><th scope="col">responsible</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
</section>
`;
}

/** An item as a link (http(s) only) named `source/KEY`, or the team a team finding is about. */
function itemCell(item: { source: string; itemKey: string; url: string | null; kind: string; team: string | null; title: string }): string {
  const label = escapeHtml(item.kind === 'team' ? `team ${item.team ?? item.title}` : `${item.source}/${item.itemKey}`);
  const url = safeHttpUrl(item.url);
  return url ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${label}</a>` : label;
}

/** JSON that cannot end its <script> element or open a comment: `<`, `>`, `&` and the JS line separators as escapes. */
export function jsonForScript(value: unknown): string {
  return escapeJsonForLogs(JSON.stringify(value)).replace(/[<>&]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function formatTime(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
}

const STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #fff; --soft: #f6f8fa; --error: #b42318; --warn: #9a6700; --good: #1a7f37; --accent: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 20px 28px 8px; border-bottom: 1px solid var(--line); }
h1 { margin: 0; font-size: 22px; }
h2 { font-size: 17px; margin: 24px 0 10px; }
.meta { margin: 4px 0 8px; color: var(--muted); }
.demo { margin: 8px 0; padding: 8px 12px; border-left: 4px solid var(--warn); background: var(--soft); }
main { padding: 8px 28px 40px; }
.tiles { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 16px; }
.tile { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 120px; background: var(--soft); }
.tile .number { display: block; font-size: 26px; font-weight: 700; font-variant-numeric: tabular-nums; }
.tile .label { color: var(--muted); }
.tile.bad { border-color: var(--error); } .tile.bad .number { color: var(--error); }
.tile.warn .number { color: var(--warn); } .tile.good .number { color: var(--good); }
.change { margin: 12px 0 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.sources { width: auto; min-width: 50%; } .sources ul { margin: 0; padding-left: 18px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(390px, 100%), 1fr)); gap: 16px; margin-top: 20px; }
.chart { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.chart figcaption { font-weight: 600; margin-bottom: 6px; }
.chart svg { display: block; max-width: 100%; height: auto; }
.chart .label, .chart .count { font-size: 12.5px; fill: var(--fg); }
.chart .count { fill: var(--muted); font-variant-numeric: tabular-nums; }
.chart .errors { fill: var(--error); } .chart .hatch-bg { fill: #fff; } .chart .hatch-line { stroke: var(--warn); stroke-width: 3; }
.chart .warnings { stroke: var(--warn); stroke-width: 1; }
.filters { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: end; margin-bottom: 8px; }
.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
.filters select, .filters input, .filters button, .pager button { font: inherit; padding: 4px 6px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); }
.filters select { max-width: 260px; }
#findings th button { all: unset; cursor: pointer; }
#findings th button::after { content: " ↕"; color: var(--muted); }
#findings th[aria-sort="ascending"] button::after { content: " ↑"; color: var(--fg); }
#findings th[aria-sort="descending"] button::after { content: " ↓"; color: var(--fg); }
#findings td.item { white-space: nowrap; font-weight: 600; }
#findings .sub { font-weight: 400; font-size: 12px; color: var(--muted); }
#findings .rule { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
#findings td.title { min-width: 150px; max-width: 320px; overflow-wrap: anywhere; }
#findings td.message { max-width: 480px; }
#findings tr.error td.severity { color: var(--error); white-space: nowrap; }
#findings tr.warn td.severity { color: var(--warn); white-space: nowrap; }
#findings td.nobody { color: var(--error); font-style: italic; }
#findings td.responsible .via { font-style: normal; }
.teams td.coverage { font-variant-numeric: tabular-nums; } .teams .share { white-space: nowrap; }
.teams td.coverage.empty { color: var(--muted); font-style: italic; }
.teams td.bad { color: var(--error); font-weight: 600; } .teams td.warn { color: var(--warn); font-weight: 600; }
.teams tbody th { background: none; } .teams td[data-label="from"] { white-space: nowrap; }
.teams .none { color: var(--muted); font-style: italic; font-weight: 400; }
.meter { display: block; width: 80px; height: 10px; margin: 4px 0 3px; border: 1px solid var(--line); border-radius: 3px; background: var(--bg); overflow: hidden; }
.meter > span { display: block; height: 100%; }
.meter.good > span { background: var(--good); } .meter.warn > span { background: var(--warn); } .meter.bad > span { background: var(--error); }
a { color: var(--accent); }
.charts.trend { grid-template-columns: repeat(auto-fit, minmax(min(460px, 100%), 1fr)); margin-top: 8px; }
.line-chart .grid { stroke: var(--line); stroke-width: 1; } .line-chart .axis { font-size: 11px; fill: var(--muted); }
.line-chart .line { fill: none; stroke-width: 2; } .line-chart .end { font-size: 12px; font-weight: 600; }
table.list { margin-top: 4px; } table.list .none { color: var(--muted); font-style: italic; }
#findings tr.baseline-known td { color: var(--muted); } #findings tr.baseline-known td.severity { color: var(--muted); }
#findings .baseline-note { font-style: italic; }
.pager { margin-top: 10px; display: flex; gap: 10px; align-items: center; }
#table-status, .legend { color: var(--muted); }
.legend { font-size: 12px; margin: 6px 0 0; }
/* Phones (issue 12): tables become stacked cards, each cell under its column's name; the sort buttons wrap in a row above. */
@media (max-width: 900px) {
  header { padding: 14px 12px 6px; }
  main { padding: 4px 12px 32px; }
  .tile { min-width: 0; flex: 1 1 96px; padding: 8px 10px; }
  .filters label, .filters select, .filters input { max-width: 100%; }
  table.stack, table.stack tbody, table.stack tr, table.stack td, table.stack tbody th, #findings, #findings tbody, #findings tr, #findings td { display: block; width: auto; min-width: 0; max-width: none; }
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  #findings thead { display: block; }
  #findings thead tr { display: flex; flex-wrap: wrap; gap: 4px 14px; border: 0; padding: 0 0 6px; }
  #findings thead th { display: block; padding: 4px 0; border: 0; background: none; }
  #findings tbody tr, table.stack tbody tr { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 0 12px; border: 1px solid var(--line); border-radius: 8px; margin: 0 0 10px; padding: 6px 10px; }
  #findings td.item, #findings td.title, #findings td.message, table.stack tbody th, table.stack td.coverage, .sources td[data-label="notes"] { grid-column: 1 / -1; }
  table.stack tbody th { background: none; font-size: 15px; }
  #findings td, table.stack td, table.stack tbody th { border: 0; padding: 3px 0; text-align: left; overflow-wrap: anywhere; }
  #findings td[data-label]::before, table.stack td[data-label]::before, table.stack tbody th[data-label]::before { content: attr(data-label); display: block; font-size: 11px; font-weight: 400; font-style: normal; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
  #findings td.item, #findings td.title, #findings td.message { white-space: normal; max-width: none; }
  #findings td.item::before, table.stack tbody th::before { display: none; }
  #findings td.item { font-size: 15px; }
}
`;

/** Which scope ran and how many items it left out, so a reader knows the page is not the whole backlog. */
function scopeNote(report: Report): string {
  if (!report.scope) return '';
  const which = report.scope.name === null ? "the config's scope" : `scope <code>${escapeHtml(report.scope.name)}</code>`;
  return `<p class="scope" role="note"><strong>Scope:</strong> ${which} left out ${plural(report.scope.outOfScope, 'item')}.</p>\n`;
}
