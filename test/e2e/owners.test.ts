// Several owners end to end (SPEC §4, §5; issue 10): a Jira Cloud export whose "Product Manager" is a
// multi-user picker holding a deactivated and an active account, and whose two projects each have their
// own "Acceptance Criteria" field, linted by the spawned CLI as a user runs it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adfWithCriteria, jiraIssue, jiraUser, runCli, SYSTEM_FIELD_NAMES, tempProject } from '../helpers/cli.js';

const gone = jiraUser('Jonas Berg', false);
const li = jiraUser('Li Wei');
const ana = jiraUser('Ana Souza');
const formerPm = jiraUser('Former PM', false);
const criteria = (text: string) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
const withFields = (issue: ReturnType<typeof jiraIssue>, fields: Record<string, unknown>) => ({ ...issue, fields: { ...issue.fields, ...fields } });

const exportFile = {
  issues: [
    jiraIssue('PAY-1', { type: 'Epic', level: 1, pm: [gone, li] }),
    jiraIssue('PAY-2', { type: 'Epic', level: 1, pm: [li, gone] }),
    jiraIssue('PAY-3', { type: 'Epic', level: 1, pm: [gone, formerPm] }),
    // No PO: the finding goes to the parent epic's active PM, not the deactivated one listed first.
    jiraIssue('PAY-4', { parent: 'PAY-1', description: adfWithCriteria }),
    jiraIssue('PAY-5', { po: [gone, ana], parent: 'PAY-2', description: adfWithCriteria }),
    withFields(jiraIssue('PAY-6', { po: [ana] }), { customfield_10060: criteria('Refunds show on the next statement') }),
    withFields(jiraIssue('APP-1', { po: [ana] }), { customfield_10160: criteria('The app opens the saved card screen') }),
  ],
  names: {
    ...SYSTEM_FIELD_NAMES,
    customfield_10050: 'Product Owner',
    customfield_10051: 'Product Manager',
    customfield_10060: 'Acceptance Criteria',
    customfield_10160: 'Acceptance Criteria',
  },
  schema: {
    customfield_10050: { type: 'array', items: 'user', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:multiuserpicker', customId: 10050 },
    customfield_10051: { type: 'array', items: 'user', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:multiuserpicker', customId: 10051 },
    customfield_10060: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textarea', customId: 10060 },
    customfield_10160: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textarea', customId: 10160 },
  },
  isLast: true,
};

interface JsonFinding {
  ruleId: string;
  itemKey: string;
  message: string;
  responsible: { displayName: string } | null;
}

describe('backlint check on an export with multi-user pickers and two Acceptance Criteria fields', () => {
  it.each([
    ['both fields by their shared name', 'Acceptance Criteria'],
    ['both fields as a list of ids', '[customfield_10060, customfield_10160]'],
  ])('reports the active PM as responsible, owner-inactive only where every PM is deactivated, and reads %s', (_name, acceptanceCriteria) => {
    const config = [
      'sources:',
      '  - name: pay',
      '    type: jira-export',
      '    path: export.json',
      '    fields:',
      '      productOwner: Product Owner',
      '      productManager: [Product Manager]',
      `      acceptanceCriteria: ${acceptanceCriteria}`,
      '',
    ].join('\n');
    const cwd = tempProject({ 'backlint.config.yaml': config, 'export.json': exportFile });
    const run = runCli(['check', '--format', 'json:report.json'], { cwd });
    expect(run.stderr).toMatch(/Report written: report\.json/);
    expect(run.code).toBe(1);
    const report = JSON.parse(readFileSync(path.join(cwd, 'report.json'), 'utf8'));
    const findings = (report.findings as JsonFinding[]).map((f) => [f.itemKey, f.ruleId, f.responsible?.displayName ?? null]);
    expect(findings).toEqual([
      ['PAY-3', 'owner-inactive', null],
      ['PAY-4', 'story-po-owner', 'Li Wei'],
    ]);
    const inactive = (report.findings as JsonFinding[]).find((f) => f.ruleId === 'owner-inactive')!;
    expect(inactive.message).toContain('Jonas Berg, Former PM');
    // Every owner rule applies (owner-role-mismatch only needs roles, which this config does not list).
    expect(report.sources[0].notApplicable).toEqual(['owner-role-mismatch']);
    expect(report.summary.itemsChecked).toBe(7);
  });
});
