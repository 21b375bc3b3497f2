// The team roster end to end (SPEC §4, §5; issue 10 "Done means"): the spawned CLI on export files in each
// tracker's own shape (Jira Cloud v3 search with `names`, Jira Data Center v2, an Azure DevOps work items
// batch), with the roster in the config or in a teams file.
import { createHash } from 'node:crypto';
import type { TeamCoverage } from '../../src/model.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adfWithCriteria, jiraIssue, jiraUser, runCli, SYSTEM_FIELD_NAMES, tempProject } from '../helpers/cli.js';

interface JsonFinding {
  ruleId: string;
  kind: string;
  itemKey: string;
  messageId: string;
  message: string;
  team: string | null;
  ownerSource?: string;
  fingerprint: string;
  responsible: { displayName: string } | null;
}
type JsonTeam = Omit<TeamCoverage, 'sources'>;
interface JsonReport {
  sources: { name: string; notApplicable: string[] }[];
  findings: JsonFinding[];
  teams: JsonTeam[];
  summary: { itemsChecked: number };
}

/** `backlint check` with a JSON report, as a CI job runs it. */
function check(files: Record<string, string | object>, args: string[] = []) {
  const cwd = tempProject(files);
  const run = runCli(['check', '--format', 'json:report.json', '--format', 'stylish', ...args], { cwd });
  const report = run.code === 2 ? null : (JSON.parse(readFileSync(path.join(cwd, 'report.json'), 'utf8')) as JsonReport);
  return { run, report: report! };
}

const rows = (report: JsonReport) => report.findings.map((f) => [f.itemKey, f.ruleId, f.responsible?.displayName ?? null]);
const coverage = (report: JsonReport) =>
  report.teams.map((t) => [t.team, t.roster, t.itemsChecked, `${t.storiesWithAcceptanceCriteria}/${t.stories} AC`, `${t.storiesWithActiveProductOwner}/${t.stories} PO`, `${t.epicsWithActiveProductManager}/${t.epics} PM`, t.errors, t.warnings]);

// ---- Jira Cloud (REST v3 /search/jql with expand=names)

const gone = jiraUser('Jonas Berg', false);
const li = jiraUser('Li Wei');
const ana = jiraUser('Ana Souza');
const formerPm = jiraUser('Former PM', false);
const criteria = (text: string) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

/** A Cloud issue with its own fields only: the helper's owner fields are left out unless the test gives them. */
function cloudIssue(key: string, options: Parameters<typeof jiraIssue>[1] & { fields?: Record<string, unknown> } = {}) {
  const issue = jiraIssue(key, options);
  const { customfield_10050: po, customfield_10051: pm, ...fields } = issue.fields;
  return {
    ...issue,
    fields: {
      ...fields,
      ...(options.po !== undefined ? { customfield_10050: po } : {}),
      ...(options.pm !== undefined ? { customfield_10051: pm } : {}),
      project: { self: `https://acme.atlassian.net/rest/api/3/project/${key.split('-')[0]}`, id: '10000', key: key.split('-')[0], name: key.split('-')[0] === 'PAY' ? 'Payments' : 'Identity', projectTypeKey: 'software', simplified: key.startsWith('IAM') },
      ...options.fields,
    },
  };
}

const cloudSearch = (issues: object[], names: Record<string, string> = {}, schema: Record<string, object> = {}) => ({
  issues,
  names: { ...SYSTEM_FIELD_NAMES, ...names },
  schema,
  isLast: true,
});

const MULTI_USER = (customId: number) => ({ type: 'array', items: 'user', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:multiuserpicker', customId });
const TEXTAREA = (customId: number) => ({ type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textarea', customId });

// Stories here have no parents on purpose: story-has-parent is another rule's business.
const jiraConfig = (roster: string, extra = '') => `sources:\n  - name: pay\n    type: jira-export\n    path: export.json\n${extra}rules:\n  story-has-parent: off\n${roster}`;

describe('a Jira Cloud site with no owner fields and a roster', () => {
  const roster = [
    'teams:',
    '  - name: Payments',
    '    match: { project: PAY }',
    `    productOwner: ${ana.emailAddress}`,
    `    productManager: ${li.emailAddress}`,
    '  - name: Identity',
    '    match: { project: IAM }',
    `    productManager: ${li.emailAddress}`,
    '',
  ].join('\n');
  const exportFile = cloudSearch([
    cloudIssue('PAY-1', { type: 'Epic', level: 1 }),
    cloudIssue('PAY-2', { parent: 'PAY-1', description: adfWithCriteria, fields: { assignee: ana, reporter: li } }),
    cloudIssue('PAY-3', { parent: 'PAY-1' }),
    cloudIssue('IAM-1', { description: adfWithCriteria }),
    cloudIssue('IAM-2', { description: adfWithCriteria }),
  ]);

  it('gets every owner rule: no not-applicable notes for them, and a team finding in JSON for the team without a PO', () => {
    const { run, report } = check({ 'backlint.config.yaml': jiraConfig(roster), 'export.json': exportFile });
    expect(run.code).toBe(1);
    expect(report.sources[0]!.notApplicable).toEqual(['owner-role-mismatch']);
    expect(run.stdout).not.toMatch(/story-po-owner not applicable|epic-pm-owner not applicable/);
    expect(rows(report)).toEqual([
      ['PAY-3', 'story-acceptance-criteria', ana.displayName],
      ['team/Identity', 'team-owners', li.displayName],
    ]);
    const team = report.findings.find((f) => f.kind === 'team')!;
    expect(team).toMatchObject({ kind: 'team', itemKey: 'team/Identity', messageId: 'noProductOwner', team: 'Identity', ownerSource: 'roster' });
    expect(report.findings[0]).toMatchObject({ ownerSource: 'roster', team: 'Payments' });
    // Stylish names a team finding by its team, not by its key.
    expect(run.stdout).toContain('\nteam Identity\n');
    expect(coverage(report)).toEqual([
      ['Identity', true, 2, '2/2 AC', '0/2 PO', '0/0 PM', 1, 0],
      ['Payments', true, 3, '1/2 AC', '2/2 PO', '1/1 PM', 1, 0],
    ]);
  });

  it('without the roster the same site has its owner rules not applicable, and says so', () => {
    const { run, report } = check({ 'backlint.config.yaml': jiraConfig(''), 'export.json': exportFile });
    expect(report.sources[0]!.notApplicable).toEqual(expect.arrayContaining(['story-po-owner', 'epic-pm-owner']));
    expect(run.stdout).toMatch(/story-po-owner not applicable/);
    expect(report.findings.some((f) => f.kind === 'team')).toBe(false);
  });
});

describe('a multi-user picker PM holding a deactivated and an active account, with a roster', () => {
  it.each([
    ['deactivated first', [gone, li]],
    ['active first', [li, gone]],
  ])('%s: the epic is owned, and the active PM is responsible for its story', (_order, pms) => {
    const exportFile = cloudSearch(
      [
        cloudIssue('PAY-1', { type: 'Epic', level: 1, pm: pms }),
        cloudIssue('PAY-2', { type: 'Epic', level: 1, pm: [gone, formerPm] }),
        // No PO of its own, and its team has none: the team finding covers it; its AC finding goes to the epic's active PM.
        cloudIssue('PAY-3', { parent: 'PAY-1', po: [] }),
      ],
      { customfield_10050: 'Product Owner', customfield_10051: 'Product Manager' },
      { customfield_10050: MULTI_USER(10050), customfield_10051: MULTI_USER(10051) },
    );
    const roster = `teams:\n  - name: Payments\n    match: { project: PAY }\n    productManager: ${li.emailAddress}\n`;
    const { run, report } = check({ 'backlint.config.yaml': jiraConfig(roster), 'export.json': exportFile });
    expect(run.code).toBe(1);
    expect(rows(report)).toEqual([
      // The field wins: both of the epic's own PMs are deactivated, whatever the team's PM.
      ['PAY-2', 'owner-inactive', null],
      ['PAY-3', 'story-acceptance-criteria', li.displayName],
      ['team/Payments', 'team-owners', li.displayName],
    ]);
    expect(report.findings[0]!.message).toContain('Jonas Berg, Former PM');
    expect(report.findings[0]!.ownerSource).toBe('field');
    expect(report.findings[2]!.messageId).toBe('noProductOwner');
    expect(coverage(report)).toEqual([['Payments', true, 3, '0/1 AC', '0/1 PO', '1/2 PM', 3, 0]]);
  });
});

describe('a company-managed and a team-managed project each with its own "Acceptance Criteria" field', () => {
  it('reads both with no fields config, beside a roster', () => {
    const exportFile = cloudSearch(
      [
        cloudIssue('PAY-1', { fields: { customfield_10060: criteria('Refunds show on the next statement') } }),
        cloudIssue('IAM-1', { fields: { customfield_10160: criteria('The login page offers SSO first') } }),
        cloudIssue('IAM-2'),
      ],
      { customfield_10060: 'Acceptance Criteria', customfield_10160: 'Acceptance Criteria' },
      { customfield_10060: TEXTAREA(10060), customfield_10160: TEXTAREA(10160) },
    );
    const roster = `teams:\n  - name: Payments\n    match: { project: PAY }\n    productOwner: ${ana.emailAddress}\n  - name: Identity\n    match: { project: IAM }\n    productOwner: ${ana.emailAddress}\n`;
    const { report } = check({ 'backlint.config.yaml': jiraConfig(roster), 'export.json': exportFile });
    expect(rows(report)).toEqual([['IAM-2', 'story-acceptance-criteria', ana.emailAddress]]);
    expect(coverage(report)).toEqual([
      ['Identity', true, 2, '1/2 AC', '2/2 PO', '0/0 PM', 1, 0],
      ['Payments', true, 1, '1/1 AC', '1/1 PO', '0/0 PM', 0, 0],
    ]);
  });
});

// ---- Jira Data Center (REST v2 /search with expand=names; users are { name, key, displayName, active })

const dcUser = (name: string, displayName: string, active = true, key = `JIRAUSER${10100 + name.length}`) => ({
  self: `https://jira.acme-logistics.example/rest/api/2/user?username=${name}`,
  name,
  key,
  emailAddress: `${name}@acme-logistics.example`,
  avatarUrls: { '48x48': `https://jira.acme-logistics.example/secure/useravatar?ownerId=${key}` },
  displayName,
  active,
  timeZone: 'Europe/Berlin',
});

let dcId = 31600;
function dcIssue(key: string, type: string, fields: Record<string, unknown> = {}) {
  dcId += 1;
  return {
    expand: 'operations,versionedRepresentations,editmeta,changelog,renderedFields',
    id: String(dcId),
    self: `https://jira.acme-logistics.example/rest/api/2/issue/${dcId}`,
    key,
    fields: {
      summary: `Summary of ${key}`,
      issuetype: { self: 'https://jira.acme-logistics.example/rest/api/2/issuetype/10001', id: type === 'Epic' ? '10000' : '10001', name: type, subtask: false },
      status: { name: 'Open', id: '1', statusCategory: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' } },
      description: 'h3. Acceptance criteria\r\n* The pick list shows the bin first\r\n* A wrong scan beeps twice',
      labels: [],
      project: { self: 'https://jira.acme-logistics.example/rest/api/2/project/10200', id: '10200', key: key.split('-')[0], name: 'Scanning' },
      components: [],
      assignee: null,
      reporter: null,
      ...fields,
    },
  };
}

describe('a Jira Data Center export with a roster of usernames', () => {
  it('takes DC usernames, reports a deactivated roster PO once on the team, and names the team PM', () => {
    const jberg = dcUser('jberg', 'Jonas Berg', false);
    const ejohansson = dcUser('ejohansson', 'Erik Johansson');
    const mnowak = dcUser('mnowak', 'Marta Nowak');
    const exportFile = {
      expand: 'names,schema',
      startAt: 0,
      maxResults: 50,
      total: 4,
      issues: [
        dcIssue('SCAN-1', 'Epic', { customfield_10009: 'Scanner pick lists', reporter: ejohansson }),
        dcIssue('SCAN-2', 'Story', { customfield_10008: 'SCAN-1', assignee: jberg }),
        dcIssue('SCAN-3', 'Story', { customfield_10008: 'SCAN-1' }),
        // Its own PO (a single user picker on Data Center): the field wins.
        dcIssue('SCAN-4', 'Story', { customfield_12100: mnowak }),
      ],
      names: { summary: 'Summary', issuetype: 'Issue Type', status: 'Status', description: 'Description', labels: 'Labels', project: 'Project', components: 'Component/s', assignee: 'Assignee', reporter: 'Reporter', customfield_10008: 'Epic Link', customfield_10009: 'Epic Name', customfield_12100: 'Product Owner' },
      schema: { customfield_10008: { type: 'any', custom: 'com.pyxis.greenhopper.jira:gh-epic-link', customId: 10008 }, customfield_12100: { type: 'user', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:userpicker', customId: 12100 } },
    };
    const roster = `teams:\n  - name: Scanning\n    match: { project: scan }\n    productOwner: jberg\n    productManager: Erik Johansson\n`;
    const { run, report } = check({ 'backlint.config.yaml': jiraConfig(roster), 'export.json': exportFile });
    expect(run.code).toBe(1);
    expect(report.sources[0]!.notApplicable).toEqual(['owner-role-mismatch']);
    expect(report.findings.map((f) => [f.itemKey, f.ruleId, f.messageId, f.responsible?.displayName ?? null])).toEqual([
      ['team/Scanning', 'team-owners', 'noProductOwner', 'Erik Johansson'],
      ['team/Scanning', 'team-owners', 'inactivePerson', 'Erik Johansson'],
    ]);
    expect(report.findings[1]!.message).toContain('Product Owner Jonas Berg of team Scanning in the roster is a deactivated account');
    expect(new Set(report.findings.map((f) => f.fingerprint)).size).toBe(2);
    expect(coverage(report)).toEqual([['Scanning', true, 4, '3/3 AC', '1/3 PO', '1/1 PM', 2, 0]]);
  });
});

// ---- Azure DevOps (work items batch { count, value }), the roster in a CSV teams file

const ORG = 'https://dev.azure.com/fabrikam';
const identity = (displayName: string, uniqueName: string, inactive = false) => ({
  displayName,
  url: `https://spsprodweu5.vssps.visualstudio.com/A1/_apis/Identities/${uniqueName}`,
  _links: { avatar: { href: `${ORG}/_apis/GraphProfile/MemberAvatars/aad.${uniqueName}` } },
  id: createHash('md5').update(uniqueName).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
  uniqueName,
  imageUrl: `${ORG}/_apis/GraphProfile/MemberAvatars/aad.${uniqueName}`,
  descriptor: `aad.${Buffer.from(uniqueName).toString('base64url')}`,
  ...(inactive ? { inactive: true } : {}),
});

function adoItem(id: number, type: string, areaPath: string, fields: Record<string, unknown> = {}) {
  return {
    id,
    rev: 3,
    fields: {
      'System.Id': id,
      'System.AreaPath': areaPath,
      'System.TeamProject': 'Fabrikam',
      'System.IterationPath': 'Fabrikam\\Sprint 14',
      'System.WorkItemType': type,
      'System.State': 'New',
      'System.Title': `${type} ${id}`,
      'System.CreatedDate': '2026-10-01T08:00:00.0Z',
      'System.ChangedDate': '2026-11-20T08:00:00.0Z',
      'Microsoft.VSTS.Common.AcceptanceCriteria': type === 'User Story' ? '<div><ul><li>The card is charged once</li><li>A receipt is emailed</li></ul></div>' : undefined,
      ...fields,
    },
    url: `${ORG}/_apis/wit/workItems/${id}`,
  };
}

describe('an Azure DevOps export with a CSV teams file matched on area paths', () => {
  const lea = identity('Lea Novak', 'lea.novak@fabrikam.example', true);
  const tomas = identity('Tomás Rivera', 'tomas.rivera@fabrikam.example');
  const mia = identity('Mia Chen', 'mia.chen@fabrikam.example');
  const batch = {
    count: 5,
    value: [
      adoItem(101, 'Feature', 'Fabrikam\\Web', { 'System.CreatedBy': mia }),
      adoItem(102, 'User Story', 'Fabrikam\\Web\\Checkout\\Cards', { 'System.Parent': 101, 'System.AssignedTo': lea }),
      adoItem(103, 'User Story', 'Fabrikam\\Web\\Search', { 'System.Parent': 101 }),
      adoItem(104, 'User Story', 'Fabrikam\\Website', { 'System.Parent': 101 }),
      adoItem(105, 'User Story', 'Fabrikam\\Web\\Checkout', { 'Custom.ProductOwner': tomas }),
    ],
  };
  // The broad team first: the most specific area path wins whatever the order.
  const csv = [
    'Name,Area Path,Product Owner,Product Manager',
    '# one row a team; several people in a cell separated by ;',
    `Web,Fabrikam\\Web,${tomas.uniqueName},"${mia.uniqueName}; ${tomas.uniqueName}"`,
    `Checkout,Fabrikam\\Web\\Checkout,${lea.uniqueName},${mia.uniqueName}`,
    '',
  ].join('\r\n');
  const config = `sources:\n  - name: boards\n    type: azure-devops-export\n    path: batch.json\n    orgUrl: ${ORG}\n    fields:\n      productOwner: Custom.ProductOwner\nteamsFile: teams/roster.csv\nrules:\n  story-has-parent: off\n`;

  it('gives each item the most specific team, and reports the team whose only PO is deactivated once', () => {
    const { run, report } = check({ 'backlint.config.yaml': config, 'batch.json': batch, 'teams/roster.csv': `\uFEFF${csv}` });
    expect(run.code).toBe(1);
    expect(report.sources[0]!.notApplicable).toEqual(['owner-role-mismatch']);
    expect(report.findings.map((f) => [f.itemKey, f.ruleId, f.messageId, f.team, f.responsible?.displayName ?? null])).toEqual([
      // 104 is under Fabrikam\Website, not Fabrikam\Web: no team, no owner, the usual finding; its parent's PM is responsible.
      ['104', 'story-po-owner', 'missing', 'Fabrikam\\Website', 'Mia Chen'],
      ['team/Checkout', 'team-owners', 'noProductOwner', 'Checkout', 'Mia Chen'],
      ['team/Checkout', 'team-owners', 'inactivePerson', 'Checkout', 'Mia Chen'],
    ]);
    expect(coverage(report)).toEqual([
      ['Checkout', true, 2, '2/2 AC', '1/2 PO', '0/0 PM', 2, 0],
      ['Fabrikam\\Website', false, 1, '1/1 AC', '0/1 PO', '0/0 PM', 1, 0],
      ['Web', true, 2, '1/1 AC', '1/1 PO', '1/1 PM', 0, 0],
    ]);
  });

  it('a broken teams file stops the run with exit 2, naming the file and the row', () => {
    const bad = 'name,area path,product owner\nWeb,Fabrikam\\Web,tomas@fabrikam.example\n,Fabrikam\\Web\\Checkout,lea@fabrikam.example\n';
    const { run } = check({ 'backlint.config.yaml': config, 'batch.json': batch, 'teams/roster.csv': bad });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/roster\.csv row 3: name: required/);
  });

  it('a missing teams file stops the run with exit 2, naming it', () => {
    const { run } = check({ 'backlint.config.yaml': config, 'batch.json': batch });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/teams[/\\]roster\.csv/);
    expect(run.stderr).toMatch(/file not found/);
  });
});
