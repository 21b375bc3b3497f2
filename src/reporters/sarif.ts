// SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, Azure DevOps' SARIF viewer). Code
// scanning rejects `https:` artifact locations ("unrecognized SARIF location URI scheme"), so each
// item is located at a relative pseudo-path (`jira/payments/PAY/PAY-123`, `azure-devops/boards/Platform/501`); the
// item URL goes into the message and `properties`. `partialFingerprints` carry the finding's
// fingerprint so an alert keeps its identity across runs.
import type { Finding, ItemSummary, Person, Report } from '../model.js';
import { DEMO_NOTE, docsReference, isAbsoluteUri, itemPath, openFindings, personLabel, ruleIds } from './common.js';
import { escapeJsonForLogs } from '../terminal-text.js';
import type { Reporter } from './types.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/backlint/backlint';

export const renderSarif: Reporter = (report) => `${escapeJsonForLogs(JSON.stringify(toSarif(report), null, 2))}\n`;

/** GitHub code scanning takes at most this many results in one run; more are split across runs. */
export const MAX_RESULTS_PER_RUN = 25_000;

function toSarif(report: Report) {
  const ids = ruleIds(report);
  // Known (baselined) findings stay out, as they stay out of the exit code (SPEC §10): code scanning alerts on new ones.
  const results = openFindings(report).map((finding) => toResult(report, finding, ids.indexOf(finding.ruleId)));
  const parts = Math.max(1, Math.ceil(results.length / MAX_RESULTS_PER_RUN));
  const tool = {
    driver: {
      name: 'backlint',
      version: report.tool.version,
      semanticVersion: report.tool.version,
      informationUri: INFORMATION_URI,
      rules: ids.map((id) => {
        const rule = report.rules.find((r) => r.id === id);
        const severity = rule?.severity ?? report.findings.find((f) => f.ruleId === id)?.severity ?? 'warn';
        return {
          id,
          name: pascalCase(id),
          shortDescription: { text: rule?.description ?? id },
          // helpUri must be an absolute URI; a built-in rule's page ships in the package, so its help text names it.
          ...(rule?.docsUrl ? { ...(isAbsoluteUri(rule.docsUrl) ? { helpUri: rule.docsUrl } : {}), help: { text: `${rule.description} See ${docsReference(rule.docsUrl)}` } } : {}),
          defaultConfiguration: { level: level(severity), enabled: severity !== 'off' },
        };
      }),
    },
  };
  const properties = {
    sources: report.sources.map((s) => ({ name: s.name, type: s.type, itemsChecked: s.itemsChecked, itemsFetched: s.itemsFetched, notApplicable: s.notApplicable })),
    summary: report.summary,
    ...(report.comparison ? { comparison: report.comparison } : {}),
    ...(report.baseline ? { baseline: report.baseline } : {}),
    // Coverage per team (SPEC §4), as the JSON report's teams[].
    ...(report.teams ? { teams: report.teams } : {}),
    // Which scope ran and what it left out, as the JSON report's scope.
    ...(report.scope ? { scope: { name: report.scope.name, outOfScope: report.scope.outOfScope } } : {}),
    // What suppression labels kept out, with the label (SPEC §10), as the JSON report's suppressions (people as the results name them).
    ...(report.suppressions && report.suppressions.length > 0
      ? {
          suppressions: report.suppressions.map((entry) => ({ ...itemProperties(entry), label: entry.label, ruleId: entry.ruleId, findings: entry.findings })),
        }
      : {}),
    ...(report.demo ? { demo: true, note: `Demo: ${DEMO_NOTE}` } : {}),
  };
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: Array.from({ length: parts }, (_, part) => ({
      tool,
      invocations: [{ executionSuccessful: true, endTimeUtc: report.generatedAt }],
      results: results.slice(part * MAX_RESULTS_PER_RUN, (part + 1) * MAX_RESULTS_PER_RUN),
      properties: {
        ...properties,
        ...(parts > 1
          ? {
              split: {
                part: part + 1,
                of: parts,
                note: `GitHub code scanning takes at most ${MAX_RESULTS_PER_RUN.toLocaleString('en')} results in one run: this report's ${results.length.toLocaleString('en')} results are split across ${parts} runs.`,
              },
            }
          : {}),
      },
    })),
  };
}

function toResult(report: Report, f: Finding, ruleIndex: number) {
  const where = f.kind === 'team' ? `team "${f.title}"` : `${f.source} ${f.itemKey} (${f.itemType}) "${f.title}"`;
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: level(f.severity),
    message: { text: `${f.message} ${where}${f.url ? `: ${f.url}` : ''}` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: itemPath(report, f) }, region: { startLine: 1 } },
        logicalLocations: [{ name: f.itemKey, fullyQualifiedName: `${f.source}/${f.itemKey}`, kind: 'object' }],
      },
    ],
    partialFingerprints: { 'backlintFingerprint/v1': f.fingerprint },
    ...(f.change ? { baselineState: f.change === 'new' ? 'new' : 'unchanged' } : {}),
    properties: { ...itemProperties(f), messageId: f.messageId },
  };
}

/** An item as a result's (or a suppression's) properties name it; the responsible person by label and email. */
function itemProperties(item: ItemSummary & { responsible: Person | null }) {
  return {
    url: item.url,
    source: item.source,
    itemKey: item.itemKey,
    itemType: item.itemType,
    kind: item.kind,
    title: item.title,
    team: item.team,
    responsible: item.responsible ? personLabel(item.responsible) : null,
    ...(item.responsible?.email ? { responsibleEmail: item.responsible.email } : {}),
  };
}

const level = (severity: 'error' | 'warn' | 'off') => (severity === 'error' ? 'error' : severity === 'warn' ? 'warning' : 'none');

const pascalCase = (id: string) => id.replace(/(^|[-_\s]+)(\w)/g, (_, __, char: string) => char.toUpperCase());
