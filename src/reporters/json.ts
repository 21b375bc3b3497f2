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

/**
 * The report as `JSON.stringify(…, null, 2)` writes it, in pieces: one per top-level key and one per about
 * 64 KB of the long lists' entries, so that a report of 500,000 items is never one string (SPEC §11). Each
 * piece holds whole JSON values, so escaping and secret redaction work on it alone.
 */
export function* jsonChunks(report: Report): Generator<string> {
  const entries = Object.entries(toJson(report));
  yield '{\n';
  for (const [at, [key, value]] of entries.entries()) {
    const comma = at < entries.length - 1 ? ',' : '';
    const map = LISTS[key];
    const head = `  ${JSON.stringify(key)}: `;
    if (map === undefined || !Array.isArray(value) || value.length === 0) {
      yield `${head}${escapeJsonForLogs(JSON.stringify(value, null, 2).replace(/\n/g, '\n  '))}${comma}\n`;
      continue;
    }
    yield `${head}[\n`;
    // Entries gathered into pieces of about 64 KB: escaping and redaction run on fewer, longer strings.
    let group: string[] = [];
    let size = 0;
    for (const [index, entry] of value.entries()) {
      const text = `    ${JSON.stringify(map(entry as never), null, 2).replace(/\n/g, '\n    ')}${index < value.length - 1 ? ',' : ''}\n`;
      group.push(text);
      size += text.length;
      if (size < PIECE_SIZE) continue;
      yield escapeJsonForLogs(group.join(''));
      group = [];
      size = 0;
    }
    if (group.length > 0) yield escapeJsonForLogs(group.join(''));
    yield `  ]${comma}\n`;
  }
  yield '}\n';
}

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
  return { ...summaryToJson(item), rules: item.rules };
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
  return {
    ...findingBaseToJson(finding),
    messageId: finding.messageId,
    team: finding.team,
    // Where the owners of the item's role came from (SPEC §4); absent when it has none.
    ...(finding.ownerSource === undefined ? {} : { ownerSource: finding.ownerSource }),
    ...(finding.change === undefined ? {} : { change: finding.change }),
    // Known debt (SPEC §10): listed, but out of the exit code and the summary's counts.
    ...(finding.baseline === undefined ? {} : { baseline: { ...finding.baseline } }),
  };
}

function personToJson(person: Person) {
  return {
    displayName: person.displayName,
    ...(person.email === undefined ? {} : { email: person.email }),
    id: person.id,
  };
}
