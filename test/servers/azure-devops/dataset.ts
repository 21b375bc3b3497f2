// A deterministic Azure DevOps backlog of any size, for the loopback server and the bench: an Agile
// process project (Epic, Feature, User Story, Task, Bug) whose items mix good and bad ones the way real
// backlogs do: HTML descriptions and acceptance criteria (filled, empty `<div><br></div>`, placeholder,
// Gherkin in the description), identities with `inactive`, tags, parents, closed and removed items.
// Shapes follow Microsoft's published work item examples (wit 7.1 httpExamples, workItemsBatch).
import { writeFileSync } from 'node:fs';
import { seededRandom } from '../random.js';

export interface AdoDatasetItem {
  id: number;
  rev: number;
  fields: Record<string, unknown>;
}

export interface AdoDataset {
  org: string;
  project: string;
  projectId: string;
  items: AdoDatasetItem[];
}

export interface DatasetOptions {
  count: number;
  seed?: number;
  project?: string;
  /** The first id; ids then rise with gaps, as in a real collection. */
  firstId?: number;
}

export const AGILE_STATES: Record<string, { name: string; category: string }[]> = {
  Epic: [
    { name: 'New', category: 'Proposed' },
    { name: 'Active', category: 'InProgress' },
    { name: 'Resolved', category: 'Resolved' },
    { name: 'Closed', category: 'Completed' },
    { name: 'Removed', category: 'Removed' },
  ],
  Feature: [
    { name: 'New', category: 'Proposed' },
    { name: 'Active', category: 'InProgress' },
    { name: 'Resolved', category: 'Resolved' },
    { name: 'Closed', category: 'Completed' },
    { name: 'Removed', category: 'Removed' },
  ],
  'User Story': [
    { name: 'New', category: 'Proposed' },
    { name: 'Active', category: 'InProgress' },
    { name: 'Resolved', category: 'Resolved' },
    { name: 'Closed', category: 'Completed' },
    { name: 'Removed', category: 'Removed' },
  ],
  Task: [
    { name: 'New', category: 'Proposed' },
    { name: 'Active', category: 'InProgress' },
    { name: 'Closed', category: 'Completed' },
    { name: 'Removed', category: 'Removed' },
  ],
  Bug: [
    { name: 'New', category: 'Proposed' },
    { name: 'Active', category: 'InProgress' },
    { name: 'Resolved', category: 'Resolved' },
    { name: 'Closed', category: 'Completed' },
  ],
};

export const AGILE_CATEGORIES = [
  { referenceName: 'Microsoft.EpicCategory', name: 'Epic Category', types: ['Epic'] },
  { referenceName: 'Microsoft.FeatureCategory', name: 'Feature Category', types: ['Feature'] },
  { referenceName: 'Microsoft.RequirementCategory', name: 'Requirement Category', types: ['User Story'] },
  { referenceName: 'Microsoft.TaskCategory', name: 'Task Category', types: ['Task'] },
  { referenceName: 'Microsoft.BugCategory', name: 'Bug Category', types: ['Bug'] },
  { referenceName: 'Microsoft.HiddenCategory', name: 'Hidden Types Category', types: ['Code Review Request', 'Feedback Request'] },
];

/** The organization's fields (a subset of a real /_apis/wit/fields answer, plus two custom identity fields). */
export const ADO_FIELDS = [
  ['ID', 'System.Id', 'integer', false],
  ['Title', 'System.Title', 'string', false],
  ['State', 'System.State', 'string', false],
  ['Work Item Type', 'System.WorkItemType', 'string', false],
  ['Team Project', 'System.TeamProject', 'string', false],
  ['Area Path', 'System.AreaPath', 'treePath', false],
  ['Iteration Path', 'System.IterationPath', 'treePath', false],
  ['Tags', 'System.Tags', 'plainText', false],
  ['Parent', 'System.Parent', 'integer', false],
  ['Created Date', 'System.CreatedDate', 'dateTime', false],
  ['Changed Date', 'System.ChangedDate', 'dateTime', false],
  ['Assigned To', 'System.AssignedTo', 'string', true],
  ['Created By', 'System.CreatedBy', 'string', true],
  ['Changed By', 'System.ChangedBy', 'string', true],
  ['Description', 'System.Description', 'html', false],
  ['Acceptance Criteria', 'Microsoft.VSTS.Common.AcceptanceCriteria', 'html', false],
  ['Priority', 'Microsoft.VSTS.Common.Priority', 'integer', false],
  ['Story Points', 'Microsoft.VSTS.Scheduling.StoryPoints', 'double', false],
  ['Product Owner', 'Custom.ProductOwner', 'string', true],
  ['Product Manager', 'Custom.ProductManager', 'string', true],
  // A second owner field: identity fields hold one person, so several owners come from several fields.
  ['Deputy Product Manager', 'Custom.DeputyProductManager', 'string', true],
] as const;

const PEOPLE = [
  { displayName: 'Ana Souza', uniqueName: 'ana.souza@fabrikam.example' },
  { displayName: 'Li Wei', uniqueName: 'li.wei@fabrikam.example' },
  { displayName: 'Jamal Hartnett', uniqueName: 'jamal.hartnett@fabrikam.example' },
  { displayName: 'Chuck Reinhart', uniqueName: 'chuck.reinhart@fabrikam.example' },
  { displayName: 'Norman Paulk', uniqueName: 'norman.paulk@fabrikam.example', inactive: true },
  { displayName: 'Christie Church', uniqueName: 'christie.church@fabrikam.example' },
];

function identity(org: string, person: (typeof PEOPLE)[number], index: number) {
  const id = `d291b0c4-a05c-4ea6-8df1-4b41d5f39e${String(10 + index).padStart(2, '0')}`;
  return {
    displayName: person.displayName,
    url: `https://spsprodeus27.vssps.visualstudio.com/A1bd2e8c1/_apis/Identities/${id}`,
    _links: { avatar: { href: `https://dev.azure.com/${org}/_apis/GraphProfile/MemberAvatars/aad.${id}` } },
    id,
    uniqueName: person.uniqueName,
    imageUrl: `https://dev.azure.com/${org}/_apis/GraphProfile/MemberAvatars/aad.${id}`,
    descriptor: `aad.${Buffer.from(id).toString('base64url').slice(0, 40)}`,
    ...('inactive' in person ? { inactive: true } : {}),
  };
}

/** The identity of the dataset's person `index` (4 is Norman Paulk, an inactive identity), as work items carry it. */
export const personIdentity = (index: number, org = 'fabrikam') => identity(org, PEOPLE[index]!, index);

const GOOD_CRITERIA = [
  '<div><ul><li>The customer can pay with a saved card</li><li>A declined card shows the bank&#39;s reason</li></ul></div>',
  '<div>Given a signed-in customer<br>When they open the invoice list<br>Then they see invoices of the last 12 months</div>',
  '<ol><li>Export finishes within one minute for 10,000 rows</li><li>The file opens in Excel without warnings</li></ol>',
];
const EMPTY_CRITERIA = ['<div></div>', '<div><br></div>', '&nbsp;', '', '<div>TBD</div>'];
const DESCRIPTIONS = [
  '<div>As a customer I want to see my invoices so that I can reconcile payments.</div>',
  '<div><h3>Acceptance criteria</h3><ul><li>Totals match the ledger to the cent</li><li>Currency is shown with each amount</li></ul></div>',
  '<div>Improve the <b>checkout</b> flow.</div><div><b>Notes:</b> see the design review.</div>',
  '<p>Given a merchant with two stores</p><p>When the report runs</p><p>Then both stores appear in one file</p>',
  '<div>Support <i>SEPA</i> direct debit for recurring plans &amp; one-off payments.</div>',
];

export function generateAdoDataset(options: DatasetOptions): AdoDataset {
  const rand = seededRandom(options.seed ?? 42);
  const org = 'fabrikam';
  const project = options.project ?? 'Fabrikam Fiber';
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const items: AdoDatasetItem[] = [];
  let id = options.firstId ?? 1;
  const epics: number[] = [];
  const features: number[] = [];
  const stories: number[] = [];
  for (let n = 0; n < options.count; n++) {
    id += rand() < 0.1 ? 2 + Math.floor(rand() * 5) : 1;
    const roll = rand();
    const type = n === 0 || roll < 0.04 ? 'Epic' : roll < 0.12 ? 'Feature' : roll < 0.7 ? 'User Story' : roll < 0.9 ? 'Task' : 'Bug';
    const stateRoll = rand();
    const states = AGILE_STATES[type]!;
    const state = stateRoll < 0.1 ? 'Closed' : stateRoll < 0.13 && states.some((s) => s.name === 'Removed') ? 'Removed' : stateRoll < 0.55 ? 'New' : 'Active';
    const person = (chance: number) => {
      if (rand() >= chance) return undefined;
      const index = Math.floor(rand() * PEOPLE.length);
      return identity(org, PEOPLE[index]!, index);
    };
    const created = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
    const fields: Record<string, unknown> = {
      'System.Id': id,
      'System.AreaPath': `${project}\\${pick(['Payments', 'Checkout', 'Reporting'])}`,
      'System.TeamProject': project,
      'System.IterationPath': `${project}\\Sprint ${1 + (n % 12)}`,
      'System.WorkItemType': type,
      'System.State': state,
      'System.Reason': state === 'New' ? 'New' : 'Work started',
      'System.CreatedDate': created,
      'System.CreatedBy': identity(org, PEOPLE[n % 4]!, n % 4),
      'System.ChangedDate': created,
      'System.ChangedBy': identity(org, PEOPLE[(n + 1) % 4]!, (n + 1) % 4),
      'System.Title': `${type} ${id}: ${pick(['Pay by card', 'Invoice list <beta>', 'Export | CSV', 'SEPA direct debit', 'Refund flow'])}`,
      'Microsoft.VSTS.Common.Priority': 1 + Math.floor(rand() * 4),
    };
    const assignee = person(0.6);
    if (assignee) fields['System.AssignedTo'] = assignee;
    if (rand() < 0.85) fields['System.Description'] = pick(DESCRIPTIONS);
    if (rand() < 0.2) fields['System.Tags'] = rand() < 0.3 ? 'backlint-ignore; payments' : 'payments; q3';
    if (type === 'User Story') {
      const criteria = rand();
      if (criteria < 0.55) fields['Microsoft.VSTS.Common.AcceptanceCriteria'] = pick(GOOD_CRITERIA);
      else if (criteria < 0.8) fields['Microsoft.VSTS.Common.AcceptanceCriteria'] = pick(EMPTY_CRITERIA);
      const po = person(0.8);
      if (po) fields['Custom.ProductOwner'] = po;
      fields['Microsoft.VSTS.Scheduling.StoryPoints'] = pick([1, 2, 3, 5, 8]);
      if (features.length > 0 && rand() < 0.8) fields['System.Parent'] = pick(features);
      stories.push(id);
    } else if (type === 'Epic' || type === 'Feature') {
      const pm = person(0.75);
      if (pm) fields['Custom.ProductManager'] = pm;
      if (type === 'Feature' && epics.length > 0 && rand() < 0.85) fields['System.Parent'] = pick(epics);
      (type === 'Epic' ? epics : features).push(id);
    } else if (stories.length > 0) {
      fields['System.Parent'] = pick(stories);
    }
    items.push({ id, rev: 1 + Math.floor(rand() * 9), fields });
  }
  return { org, project, projectId: '6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c', items };
}

/** The REST shape of one item as a work items batch returns it, with only `fields` when given. */
export function workItemJson(dataset: AdoDataset, item: AdoDatasetItem, baseUrl: string, fields?: readonly string[]) {
  let selected = item.fields;
  if (fields) {
    selected = {};
    for (const name of fields) {
      const key = Object.keys(item.fields).find((k) => k.toLowerCase() === name.toLowerCase());
      if (key !== undefined) selected[key] = item.fields[key];
    }
  }
  return { id: item.id, rev: item.rev, fields: selected, url: `${baseUrl}/${dataset.projectId}/_apis/wit/workItems/${item.id}` };
}

/** The same data as an `azure-devops-export` file: a work items batch response with every field. */
export function writeAdoExport(dataset: AdoDataset, file: string, baseUrl = `https://dev.azure.com/${dataset.org}`): void {
  const value = dataset.items.map((item) => workItemJson(dataset, item, baseUrl));
  writeFileSync(file, JSON.stringify({ count: value.length, value }));
}

// ── Teams and identities (issue 10 discovery and roster people) ─────────────────────────────────────────
/** Two identities that own no item, with the same display name: a lookup by that name is ambiguous. */
const EXTRA_PEOPLE = [
  { displayName: 'Sam Lee', uniqueName: 'sam.lee@fabrikam.example' },
  { displayName: 'Sam Lee', uniqueName: 'samuel.lee@fabrikam.example' },
];

/** Everyone the organization knows: PEOPLE, then EXTRA_PEOPLE (indexes continue). */
const DIRECTORY = [...PEOPLE, ...EXTRA_PEOPLE];

export interface AdoTeam {
  id: string;
  name: string;
  description: string;
  /** Indexes into the directory; admins are members too. */
  members: number[];
  admins: number[];
  /** The team field (System.AreaPath unless said) and its values, relative to the project. */
  field?: string;
  defaultValue: string | null;
  values: { value: string; includeChildren: boolean }[];
}

/** The day the tests' clock reads (SOURCE_DATE_EPOCH 1795500000): the team's current iteration holds it. */
export const ITERATIONS_TODAY = Date.UTC(2026, 10, 24);

/**
 * A team's iterations, as GET {project}/{team}/_apis/work/teamsettings/iterations lists them: Sprint 1 to
 * 12 (the items' iteration paths), two weeks each, Sprint 5 current on 2026-11-24, so Sprint 6 is next.
 * Every team of the project follows the same cadence here.
 */
export function adoIterations(project: string, base: string, projectId: string, teamId: string) {
  const day = 86_400_000;
  const fifth = Date.UTC(2026, 10, 16);
  return Array.from({ length: 12 }, (_, index) => {
    const number = index + 1;
    const start = fifth + (number - 5) * 14 * day;
    const finish = start + 11 * day;
    const timeFrame = finish < ITERATIONS_TODAY ? 'past' : start > ITERATIONS_TODAY ? 'future' : 'current';
    const id = `1c6e7f3a-0b2d-4c8e-9f1a-${String(number).padStart(12, '0')}`;
    return {
      id,
      name: `Sprint ${number}`,
      path: `${project}\\Sprint ${number}`,
      attributes: { startDate: new Date(start).toISOString(), finishDate: new Date(finish).toISOString(), timeFrame },
      url: `${base}/${projectId}/${teamId}/_apis/work/teamsettings/iterations/${id}`,
    };
  });
}

/** The project's teams: the default team on the root area only, two teams on sub-areas (one with a second area), one with no area yet. */
export function adoTeams(project: string): AdoTeam[] {
  return [
    { id: '564e8204-a90b-4432-883b-d4363c6125ca', name: `${project} Team`, description: 'The default project team.', members: [0, 2], admins: [0], defaultValue: project, values: [{ value: project, includeChildren: false }] },
    {
      id: '8b4e3c2a-1f0d-4e5b-9a7c-6d2e1f0a9b8c',
      name: 'Payments',
      description: 'Payments and refunds',
      members: [1, 3, 4],
      admins: [1, 4],
      defaultValue: `${project}\\Payments`,
      values: [{ value: `${project}\\Payments`, includeChildren: true }],
    },
    {
      id: 'a7d3f1e2-4c5b-4a69-8e7d-2f1c0b9a8d7e',
      name: 'Checkout Crew',
      description: 'Checkout and reporting',
      members: [2, 5],
      admins: [5],
      defaultValue: `${project}\\Checkout`,
      values: [
        { value: `${project}\\Checkout`, includeChildren: true },
        { value: `${project}\\Reporting`, includeChildren: false },
      ],
    },
    { id: 'f0e1d2c3-b4a5-4968-8776-655443322110', name: 'Platform Guild', description: 'New team, no area yet', members: [3], admins: [3], defaultValue: null, values: [] },
  ];
}

/** An IdentityRef as team members carry it. */
export function directoryIdentityRef(index: number, org = 'fabrikam') {
  return identity(org, DIRECTORY[index]!, index);
}

/** Every identity of the organization as _apis/identities returns them (Identity, not IdentityRef). */
export function directoryIdentities(org = 'fabrikam') {
  return DIRECTORY.map((person, index) => {
    const ref = identity(org, person, index);
    const text = (value: string) => ({ $type: 'System.String', $value: value });
    return {
      id: ref.id,
      descriptor: `Microsoft.IdentityModel.Claims.ClaimsIdentity;72f988bf-86f1-41af-91ab-2d7cd011db47\\${person.uniqueName}`,
      subjectDescriptor: ref.descriptor,
      providerDisplayName: person.displayName,
      isActive: !('inactive' in person),
      isContainer: false,
      members: [],
      memberOf: [],
      memberIds: [],
      properties: {
        SchemaClassName: text('User'),
        Description: text(''),
        Domain: text('72f988bf-86f1-41af-91ab-2d7cd011db47'),
        Account: text(person.uniqueName),
        Mail: text(person.uniqueName),
        'http://schemas.microsoft.com/identity/claims/objectidentifier': text(ref.id),
      },
      resourceVersion: 2,
      metaTypeId: 0,
    };
  });
}
