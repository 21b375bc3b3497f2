// Several owners and several fields (SPEC §2, §4), raw Jira responses in, WorkItems out: a multi-user
// picker Product Manager holding a deactivated and an active account (Cloud by accountId, Data Center by
// name / key), a company-managed and a team-managed project each with its own "Acceptance Criteria"
// field, and owner fields given as a list.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jiraExportSourceSchema } from '../../src/config/schema.js';
import { fetchJiraExport } from '../../src/connectors/jira/read-export.js';
import type { WorkItem } from '../../src/model.js';
import { documentToPlainText, findAcceptanceCriteria } from '../../src/text/index.js';
import { SYSTEM_FIELD_NAMES, tempProject } from '../helpers/cli.js';

const MULTI_USER = 'com.atlassian.jira.plugin.system.customfieldtypes:multiuserpicker';
const USER = 'com.atlassian.jira.plugin.system.customfieldtypes:userpicker';
const TEXTAREA = 'com.atlassian.jira.plugin.system.customfieldtypes:textarea';

// ── Jira Cloud (REST v3: users by accountId, ADF text) ─────────────────────────────────────────────────
const cloudUser = (displayName: string, accountId: string, active = true) => ({
  self: `https://harbour.atlassian.net/rest/api/3/user?accountId=${accountId}`,
  accountId,
  avatarUrls: { '48x48': 'https://avatar.example/48.png' },
  displayName,
  active,
  timeZone: 'Europe/Lisbon',
  accountType: 'atlassian',
});
const jonas = cloudUser('Jonas Berg', '5b10ac8d82e05b22cc7d4ef5', false); // deactivated: Atlassian keeps the account, active false
const li = cloudUser('Li Wei', '712020:2f7c0a1e-8d4b-4c3e-9a21-6b5d4e3f2a10');
const ana = cloudUser('Ana Souza', '712020:0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f');
const adf = (...lines: string[]) => ({ type: 'doc', version: 1, content: lines.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) });

let nextId = 40000;
function cloudIssue(key: string, type: 'Story' | 'Epic', fields: Record<string, unknown>) {
  nextId += 1;
  const [project] = key.split('-');
  return {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: String(nextId),
    self: `https://harbour.atlassian.net/rest/api/3/issue/${nextId}`,
    key,
    fields: {
      summary: `${type} ${key}`,
      issuetype: { id: type === 'Epic' ? '10000' : '10001', name: type, subtask: false, hierarchyLevel: type === 'Epic' ? 1 : 0 },
      status: { name: 'To Do', id: '10000', statusCategory: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' } },
      description: adf(`The ${type.toLowerCase()} ${key}.`),
      labels: [],
      project: { id: project === 'SHIP' ? '10000' : '10077', key: project, name: project, simplified: project === 'DOCK' },
      ...fields,
    },
  };
}

/**
 * SHIP is company-managed: a "Product Manager" multi-user picker and the site's "Acceptance Criteria"
 * (customfield_10201). DOCK is team-managed: its stories carry their own "Acceptance Criteria"
 * (customfield_10301) and never the company-managed one.
 */
const cloudSearch = {
  issues: [
    cloudIssue('SHIP-1', 'Epic', { customfield_10200: [jonas, li] }),
    cloudIssue('SHIP-2', 'Epic', { customfield_10200: [li, jonas] }),
    cloudIssue('SHIP-3', 'Epic', { customfield_10200: [jonas, { ...cloudUser('Former PM', '5c0a1b2c3d4e5f6a7b8c9d0e', false) }] }),
    cloudIssue('SHIP-4', 'Story', { customfield_10200: null, customfield_10201: adf('Given a route, when it is late, then it turns red'), parent: { id: '1', key: 'SHIP-1' } }),
    cloudIssue('DOCK-1', 'Story', { customfield_10301: adf('Every berth shows its next arrival time'), parent: { id: '2', key: 'SHIP-2' } }),
    cloudIssue('DOCK-2', 'Story', { customfield_10301: null }),
  ],
  names: {
    ...SYSTEM_FIELD_NAMES,
    customfield_10200: 'Product Manager',
    customfield_10201: 'Acceptance Criteria',
    customfield_10301: 'Acceptance Criteria',
  },
  schema: {
    customfield_10200: { type: 'array', items: 'user', custom: MULTI_USER, customId: 10200 },
    customfield_10201: { type: 'string', custom: TEXTAREA, customId: 10201 },
    customfield_10301: { type: 'string', custom: TEXTAREA, customId: 10301 },
  },
  isLast: true,
};

const load = async (file: object, fields: Record<string, unknown> = {}) => {
  const cwd = tempProject({ 'export.json': file });
  const result = await fetchJiraExport(jiraExportSourceSchema.parse({ name: 'ship', type: 'jira-export', path: path.join(cwd, 'export.json'), fields }));
  return { ...result, byKey: new Map(result.items.map((item) => [item.key, item])) };
};
const names = (people: WorkItem['productManagers']) => people.map((person) => `${person.displayName}${person.active ? '' : ' (deactivated)'}`);
const criteriaText = (item: WorkItem | undefined) => (item?.acceptanceCriteria ? documentToPlainText(item.acceptanceCriteria).trim() : null);

describe('Jira Cloud: a multi-user picker Product Manager', () => {
  it('gives every user in it, in order, and productManager is the active one whichever comes first', async () => {
    const { byKey, info } = await load(cloudSearch);
    expect(info.mappedFields.has('productManager')).toBe(true);
    expect(names(byKey.get('SHIP-1')!.productManagers)).toEqual(['Jonas Berg (deactivated)', 'Li Wei']);
    expect(names(byKey.get('SHIP-2')!.productManagers)).toEqual(['Li Wei', 'Jonas Berg (deactivated)']);
    expect(byKey.get('SHIP-1')!.productManager?.displayName).toBe('Li Wei');
    expect(byKey.get('SHIP-2')!.productManager?.displayName).toBe('Li Wei');
    expect(byKey.get('SHIP-1')!.productManagers[1]).toEqual({ id: li.accountId, displayName: 'Li Wei', active: true });
  });

  it('with every account deactivated, productManager is the first of them; an empty picker (null) gives nobody', async () => {
    const { byKey } = await load(cloudSearch);
    expect(names(byKey.get('SHIP-3')!.productManagers)).toEqual(['Jonas Berg (deactivated)', 'Former PM (deactivated)']);
    expect(byKey.get('SHIP-3')!.productManager?.displayName).toBe('Jonas Berg');
    expect(byKey.get('SHIP-4')!.productManagers).toEqual([]);
    expect(byKey.get('SHIP-4')!.productManager).toBeNull();
  });

  it("leaves out an app's system account and a service desk customer: they own nothing", async () => {
    const app = { ...cloudUser('Automation for Jira', '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077'), accountType: 'app' };
    const customer = { ...cloudUser('Priya Raman', 'qm:1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d:6e7f8a9b-0c1d-4e2f-8a3b-4c5d6e7f8a9b'), accountType: 'customer' };
    const { byKey } = await load({ ...cloudSearch, issues: [cloudIssue('SHIP-90', 'Epic', { customfield_10200: [app, customer, li] }), cloudIssue('SHIP-91', 'Epic', { customfield_10200: [app] })] });
    expect(names(byKey.get('SHIP-90')!.productManagers)).toEqual(['Li Wei']);
    expect(byKey.get('SHIP-91')!.productManagers).toEqual([]);
    expect(byKey.get('SHIP-91')!.productManager).toBeNull();
  });

  it('names the broken entry of a picker that holds something else than users', async () => {
    const broken = { ...cloudSearch, issues: [cloudIssue('SHIP-9', 'Epic', { customfield_10200: [li, { value: 'Payments', id: '10401' }] })] };
    await expect(load(broken)).rejects.toThrow(/issues\[0\]\.fields\.customfield_10200\[1\]: expected a Jira user/);
  });
});

describe('Jira Cloud: a company-managed and a team-managed "Acceptance Criteria" field', () => {
  const expectBothRead = (byKey: Map<string, WorkItem>) => {
    expect(criteriaText(byKey.get('SHIP-4'))).toBe('Given a route, when it is late, then it turns red');
    expect(criteriaText(byKey.get('DOCK-1'))).toBe('Every berth shows its next arrival time');
    expect(byKey.get('DOCK-2')!.acceptanceCriteria).toBeNull();
  };

  it('reads each project\'s own field when the config names it by its shared name', async () => {
    expectBothRead((await load(cloudSearch, { acceptanceCriteria: 'Acceptance Criteria' })).byKey);
  });

  it('reads each project\'s own field when the config lists both ids', async () => {
    expectBothRead((await load(cloudSearch, { acceptanceCriteria: ['customfield_10201', 'customfield_10301'] })).byKey);
  });

  it('reads the first listed field that holds text when an item carries both', async () => {
    const both = { ...cloudSearch, issues: [cloudIssue('SHIP-8', 'Story', { customfield_10201: adf(''), customfield_10301: adf('The arrival board refreshes every minute') })] };
    const { byKey } = await load(both, { acceptanceCriteria: ['customfield_10201', 'customfield_10301'] });
    expect(criteriaText(byKey.get('SHIP-8'))).toBe('The arrival board refreshes every minute');
  });

  it('gives every listed field it carries to the finder: a first field left at a placeholder hides no criteria in the second (SPEC §6 case 1)', async () => {
    const issues = [
      cloudIssue('SHIP-10', 'Story', { customfield_10201: 'TBD', customfield_10301: '* Export lists every payout of the month' }),
      cloudIssue('SHIP-11', 'Story', { customfield_10201: '-', customfield_10301: '# The arrival board refreshes every minute' }),
      cloudIssue('SHIP-12', 'Story', { customfield_10201: '', customfield_10301: 'TBD' }),
    ];
    const { byKey } = await load({ ...cloudSearch, issues }, { acceptanceCriteria: ['customfield_10201', 'customfield_10301'] });
    const verdict = (key: string) => {
      const item = byKey.get(key)!;
      return findAcceptanceCriteria({ field: item.acceptanceCriteria, fields: item.acceptanceCriteriaFields, description: null });
    };
    expect(verdict('SHIP-10')).toEqual({ status: 'ok', via: 'field' });
    expect(verdict('SHIP-11')).toEqual({ status: 'ok', via: 'field' });
    expect(verdict('SHIP-12')).toEqual({ status: 'placeholder', text: 'TBD' });
  });
});

describe('Jira Cloud: a list of team fields', () => {
  it('reads the first listed team field the item carries with a value, and the project key only when none is mapped', async () => {
    const teams = {
      ...cloudSearch,
      issues: [
        cloudIssue('SHIP-20', 'Story', { customfield_10500: { id: '9e1f7c2a-0b1d-4c5e-8f3a-2d4b6c8e0a1f', name: 'Harbour Ops', title: 'Harbour Ops', isVisible: true, isShared: true }, customfield_10501: { value: 'Ops', id: '10320' } }),
        cloudIssue('DOCK-20', 'Story', { customfield_10500: null, customfield_10501: { value: 'Berths', id: '10321' } }),
        cloudIssue('DOCK-21', 'Story', {}),
      ],
      names: { ...cloudSearch.names, customfield_10500: 'Team', customfield_10501: 'Squad' },
    };
    const { byKey } = await load(teams, { team: ['Team', 'Squad'] });
    expect([...byKey.values()].map((item) => [item.key, item.team])).toEqual([
      ['SHIP-20', 'Harbour Ops'],
      ['DOCK-20', 'Berths'],
      ['DOCK-21', null],
    ]);
  });
});

// ── Jira Data Center (REST v2: users by name / key, wiki markup) ──────────────────────────────────────
const dcUser = (displayName: string, name: string, key: string, active = true) => ({
  self: `https://jira.harbour.example/rest/api/2/user?username=${name}`,
  name,
  key,
  emailAddress: `${name}@harbour.example`,
  avatarUrls: { '48x48': `https://jira.harbour.example/secure/useravatar?ownerId=${key}` },
  displayName,
  active,
  timeZone: 'Europe/Lisbon',
});
const dcIssue = (key: string, type: 'Story' | 'Epic', fields: Record<string, unknown>) => {
  nextId += 1;
  return {
    expand: 'operations,versionedRepresentations,editmeta,changelog,renderedFields',
    id: String(nextId),
    self: `https://jira.harbour.example/rest/api/2/issue/${nextId}`,
    key,
    fields: {
      summary: `${type} ${key}`,
      issuetype: { id: type === 'Epic' ? '10000' : '10001', name: type, subtask: false },
      status: { name: 'Open', id: '1', statusCategory: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' } },
      description: `h3. ${key}`,
      labels: [],
      project: { id: '10000', key: key.split('-')[0], name: 'Harbour' },
      ...fields,
    },
  };
};
const tomas = dcUser('Tomás Herrera', 'tomas.herrera', 'JIRAUSER10102');
const retired = dcUser('Retired PM', 'r.pm', 'rpm', false);
const ines = dcUser('Inês Carvalho', 'ines.carvalho', 'JIRAUSER10200');

const dcSearch = {
  startAt: 0,
  maxResults: 50,
  total: 3,
  issues: [
    dcIssue('HAR-1', 'Epic', { customfield_10400: [retired, tomas] }),
    dcIssue('HAR-2', 'Epic', { customfield_10400: [tomas, retired] }),
    dcIssue('HAR-3', 'Story', { customfield_10410: ines, customfield_10411: [tomas, ines], customfield_10402: '* Berths list arrivals\n* Late ships are red' }),
  ],
  names: { customfield_10400: 'Product Manager', customfield_10410: 'Product Owner', customfield_10411: 'Deputy Product Owners', customfield_10402: 'Acceptance Criteria' },
  schema: {
    customfield_10400: { type: 'array', items: 'user', custom: MULTI_USER, customId: 10400 },
    customfield_10410: { type: 'user', custom: USER, customId: 10410 },
    customfield_10411: { type: 'array', items: 'user', custom: MULTI_USER, customId: 10411 },
  },
};

describe('Jira Data Center: multi-user pickers and lists of owner fields', () => {
  it('gives every user of a multi-user picker by username, the active one as productManager in either order', async () => {
    const { byKey } = await load(dcSearch);
    for (const key of ['HAR-1', 'HAR-2']) {
      expect(byKey.get(key)!.productManagers.map((person) => person.id).sort()).toEqual(['r.pm', 'tomas.herrera']);
      expect(byKey.get(key)!.productManager).toMatchObject({ id: 'tomas.herrera', active: true });
    }
    expect(byKey.get('HAR-1')!.productManagers.map((person) => person.active)).toEqual([false, true]);
  });

  it('reads the union of a list of owner fields, in list order, each person once', async () => {
    const { byKey, info } = await load(dcSearch, { productOwner: ['Product Owner', 'customfield_10411', 'reporter'] });
    expect(info.mappedFields.has('productOwner')).toBe(true);
    expect(byKey.get('HAR-3')!.productOwners.map((person) => person.id)).toEqual(['ines.carvalho', 'tomas.herrera']);
    expect(byKey.get('HAR-3')!.productOwner?.id).toBe('ines.carvalho');
    expect(criteriaText(byKey.get('HAR-3'))).toMatch(/Berths list arrivals/);
  });
});
