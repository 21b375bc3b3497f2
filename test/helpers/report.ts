// Builders for Findings and Reports in reporter and baseline tests: only what a case is about needs writing down.
import { fingerprintOf } from '../../src/fingerprint.js';
import type { Finding, Report, SourceSummary } from '../../src/model.js';
import { person } from './items.js';

export function makeFinding(partial: Partial<Finding> = {}): Finding {
  const source = partial.source ?? 'pay';
  const itemKey = partial.itemKey ?? 'PAY-12';
  const ruleId = partial.ruleId ?? 'story-acceptance-criteria';
  return {
    ruleId,
    severity: 'error',
    source,
    itemKey,
    itemType: 'Story',
    kind: 'story',
    title: 'Checkout with a saved card',
    url: `https://acme.atlassian.net/browse/${itemKey}`,
    messageId: 'missing',
    message: 'Story has no acceptance criteria.',
    responsible: person('Ana Souza'),
    team: 'PAY',
    fingerprint: fingerprintOf(source, itemKey, ruleId),
    ...partial,
  };
}

export function makeSourceSummary(partial: Partial<SourceSummary> = {}): SourceSummary {
  return {
    name: 'pay',
    type: 'jira',
    itemsFetched: 45,
    itemsChecked: 40,
    notApplicable: [],
    notApplicableReasons: {},
    ...partial,
  };
}

/** A report around the given findings; the summary counts them unless the case says otherwise. */
export function makeReport(partial: Omit<Partial<Report>, 'summary'> & { summary?: Partial<Report['summary']> } = {}): Report {
  const findings = partial.findings ?? [];
  const byRule: Record<string, number> = {};
  for (const finding of findings) byRule[finding.ruleId] = (byRule[finding.ruleId] ?? 0) + 1;
  const { summary, ...rest } = partial;
  return {
    schemaVersion: 1,
    tool: { name: 'backlint', version: '1.0.0' },
    generatedAt: '2026-11-24T06:00:00.000Z',
    sources: [makeSourceSummary()],
    findings,
    rules: [
      { id: 'story-acceptance-criteria', description: 'Stories need acceptance criteria.', severity: 'error', docsUrl: 'https://example.com/rules/story-acceptance-criteria' },
      { id: 'story-po-owner', description: 'Stories need a Product Owner.', severity: 'error', docsUrl: 'https://example.com/rules/story-po-owner' },
      { id: 'owner-role-mismatch', description: 'Owners hold the role their item needs.', severity: 'warn', docsUrl: 'https://example.com/rules/owner-role-mismatch' },
    ],
    ...rest,
    summary: {
      itemsChecked: 40,
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warn').length,
      suppressed: 0,
      byRule,
      ...summary,
    },
  };
}
