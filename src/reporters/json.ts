// The machine-readable report, schema version 1 (SPEC §9). Keys are written in a fixed order so the
// file diffs cleanly; fields may be added within a version, never renamed or removed.
import { teamCoverageOf, type CheckedItem, type Finding, type ItemSummary, type FixedFinding, type Person, type Report, type Suppression } from '../model.js';
import { escapeJsonForLogs } from '../terminal-text.js';
import type { Reporter } from './types.js';

// Escaped for logs (`\u0023#vso[`, `\u202e`, …): the same values, nothing a CI agent or terminal obeys.
export const renderJson: Reporter = (report) => [...jsonChunks(report)].join('');

const PIECE_SIZE = 1 << 16;

/** The lists that grow with the backlog: written entry by entry, each mapped only as it is written. */
const LISTS: Partial<Record<string, (entry: never) => unknown>> = {
  findings: findingToJson,
  checkedItems: checkedItemToJson,
  suppressions: suppressionToJson,
};

/** Entries in the first piece of a long list; later pieces hold as many as make about PIECE_SIZE. */
const FIRST_RUN = 32;

/**
 * The report as `JSON.stringify(…, null, 2)` writes it, in pieces: one per top-level key and one per about
 * 64 KB of the long lists' entries, so that a report of 500,000 items is never one string (SPEC §11). Each
 * piece holds whole JSON values, so escaping and secret redaction work on it alone.
 *
 * Each piece is one JSON.stringify of its values wrapped as deep as the report nests them, cut out of the
 * wrapper: the indentation comes out right without re-indenting every line (which cost a second copy of
 * every entry's text).
 */
export function* jsonChunks(report: Report): Generator<string> {
  const entries = Object.entries(toJson(report));
  yield '{\n';
  for (const [at, [key, value]] of entries.entries()) {
    const end = at < entries.length - 1 ? ',\n' : '\n';
    const map = LISTS[key];
    if (map === undefined || !Array.isArray(value) || value.length === 0) {
      // `{\n  "key": value\n}` → `  "key": value`
      yield escapeJsonForLogs(JSON.stringify({ [key]: value }, null, 2).slice(2, -2));
      yield end;
      continue;
    }
    yield `  ${JSON.stringify(key)}: [\n`;
    let run = FIRST_RUN;
    for (let from = 0; from < value.length; ) {
      const to = Math.min(value.length, from + run);
      const mapped: unknown[] = [];
      for (let index = from; index < to; index++) mapped.push(map(value[index] as never));
      // `{\n  "": [\n    entry,\n    entry\n  ]\n}` → `    entry,\n    entry`
      const text = JSON.stringify({ '': mapped }, null, 2);
      yield escapeJsonForLogs(text.slice(LIST_HEAD.length, -LIST_TAIL.length));
      yield to < value.length ? ',\n' : '\n';
      run = Math.max(1, Math.round((run * PIECE_SIZE) / text.length));
      from = to;
    }
    yield `  ]${end}`;
  }
  yield '}\n';
}

const LIST_HEAD = '{\n  "": [\n';
const LIST_TAIL = '\n  ]\n}';

/** The report's top-level keys in order; the long lists (LISTS) still as the report holds them. */
function toJson(report: Report) {
  return {
    schemaVersion: report.schemaVersion,
    tool: { name: report.tool.name, version: report.tool.version },
    generatedAt: report.generatedAt,
    ...(report.demo ? { demo: true } : {}),
    ...(report.scope ? { scope: { name: report.scope.name, outOfScope: report.scope.outOfScope } } : {}),
    sources: report.sources.map((source) => ({
      name: source.name,
      type: source.type,
      itemsChecked: source.itemsChecked,
      itemsFetched: source.itemsFetched,
      notApplicable: source.notApplicable,
      notApplicableReasons: source.notApplicableReasons,
      ...(source.outOfScope === undefined ? {} : { outOfScope: source.outOfScope }),
    })),
    summary: {
      itemsChecked: report.summary.itemsChecked,
      errors: report.summary.errors,
      warnings: report.summary.warnings,
      suppressed: report.summary.suppressed,
      byRule: report.summary.byRule,
    },
    findings: report.findings,
    rules: report.rules.map((rule) => ({
      id: rule.id,
      description: rule.description,
      severity: rule.severity,
      docsUrl: rule.docsUrl,
    })),
    // Coverage per team (SPEC §4), when the run computed it.
    ...(report.teams
      ? {
          teams: report.teams.map(teamCoverageOf),
        }
      : {}),
    ...(report.baseline
      ? {
          baseline: {
            file: report.baseline.file,
            known: report.baseline.known,
            fixed: report.baseline.fixed,
            ...(report.baseline.expired === undefined ? {} : { expired: report.baseline.expired }),
            ...(report.baseline.hidden ? { hidden: true } : {}),
          },
        }
      : {}),
    ...(report.comparison
      ? {
          comparison: {
            file: report.comparison.file,
            previousGeneratedAt: report.comparison.previousGeneratedAt,
            new: report.comparison.new,
            old: report.comparison.old,
            fixed: report.comparison.fixed,
            ...(report.comparison.fixedFindings ? { fixedFindings: report.comparison.fixedFindings.map(fixedToJson) } : {}),
          },
        }
      : {}),
    // Every checked item and the rules that ran on it: what `backlint merge` needs to rebuild a JUnit
    // report with its passing cases, as one run over all the shards' sources would write it.
    ...(report.checkedItems
      ? {
          checkedItems: report.checkedItems,
        }
      : {}),
    // What suppression labels kept out (SPEC §10), listed so a coach can audit each label.
    ...(report.suppressions ? { suppressions: report.suppressions } : {}),
  };
}

/** The item fields a checked item and a suppression share, in the report's key order. */
function summaryToJson(item: ItemSummary) {
  return {
    source: item.source,
    itemKey: item.itemKey,
    itemType: item.itemType,
    kind: item.kind,
    title: item.title,
    url: item.url,
    team: item.team,
  };
}

function checkedItemToJson(item: CheckedItem) {
  return Object.assign(summaryToJson(item), { rules: item.rules });
}

function suppressionToJson(entry: Suppression) {
  return {
    ...summaryToJson(entry),
    label: entry.label,
    ruleId: entry.ruleId,
    findings: entry.findings,
    responsible: entry.responsible === null ? null : personToJson(entry.responsible),
  };
}

/** The fields a finding and a fixed finding share, in the report's key order. */
function findingBaseToJson(finding: Finding | FixedFinding) {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    source: finding.source,
    itemKey: finding.itemKey,
    itemType: finding.itemType,
    kind: finding.kind,
    title: finding.title,
    url: finding.url,
    message: finding.message,
    responsible: finding.responsible === null ? null : personToJson(finding.responsible),
    fingerprint: finding.fingerprint,
  };
}

const fixedToJson = (finding: FixedFinding) => ({ ...findingBaseToJson(finding), team: finding.team });

function findingToJson(finding: Finding) {
  // Added member by member, not spread: V8 builds spreads (conditional ones above all) several times slower
  // than literals, and a large backlog has a finding per item or more.
  const json: ReturnType<typeof findingBaseToJson> & Record<string, unknown> = findingBaseToJson(finding);
  json.messageId = finding.messageId;
  json.team = finding.team;
  // Where the owners of the item's role came from (SPEC §4); absent when it has none.
  if (finding.ownerSource !== undefined) json.ownerSource = finding.ownerSource;
  if (finding.change !== undefined) json.change = finding.change;
  // Known debt (SPEC §10): listed, but out of the exit code and the summary's counts.
  if (finding.baseline !== undefined) json.baseline = { ...finding.baseline };
  return json;
}

function personToJson(person: Person) {
  return person.email === undefined ? { displayName: person.displayName, id: person.id } : { displayName: person.displayName, email: person.email, id: person.id };
}
