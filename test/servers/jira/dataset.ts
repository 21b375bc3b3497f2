// A deterministic Jira backlog at any size, rendered as Jira Cloud REST v3 (ADF descriptions, users by
// accountId, `parent`) or Data Center REST v2 (wiki markup, users by name/key, Epic Link and Parent Link
// custom fields). Shapes follow Atlassian's published REST schemas (IssueBean, FieldDetails, User) and
// real /field metadata of public Jira sites (custom field types as they report them).

import { seededRandom } from '../random.js';

export type Deployment = 'cloud' | 'datacenter';

type AcStyle = 'heading' | 'inline' | 'gherkin' | 'placeholder' | 'none' | 'field' | 'empty-section';

export interface DatasetIssue {
  id: number;
  key: string;
  project: string;
  type: 'Story' | 'Epic' | 'Initiative' | 'Task' | 'Bug';
  level: number;
  summary: string;
  category: 'new' | 'indeterminate' | 'done';
  po: number | null;
  pm: number | null;
  assignee: number | null;
  reporter: number;
  ac: AcStyle;
  labels: string[];
  parent: number | null;
  sprint: number | null;
  created: string;
  /** With `multiUserPickers`: the Product Manager picker's people, in order (default: `pm` alone). */
  pms?: number[];
}

/** How the site keeps its owner and criteria fields (issue 10); absent: one user picker each, one AC field. */
export interface DatasetShape {
  /** "Product Manager" is a multi-user picker (schema array of user), as many sites have it. */
  multiUserPickers?: boolean;
  /**
   * This project is team-managed: its stories carry their own "Acceptance Criteria" field
   * (TEAM_MANAGED_AC) and not the company-managed one.
   */
  teamManagedProject?: string;
  /** The site has the Atlassian Team field (TEAM_FIELD); some open issues carry a team (TEAMS). */
  atlassianTeams?: boolean;
  /**
   * A text field also named "Sprint" (SPRINT_TEXT_FIELD), listed before Jira Software's Sprint field, as a
   * site can have (a field an admin made before Jira Software came, or an app's). Empty on every issue.
   */
  sprintTextField?: boolean;
}

export interface Dataset {
  issues: DatasetIssue[];
  byId: Map<number, DatasetIssue>;
  shape?: DatasetShape;
  /** The Agile API's boards (GET /rest/agile/1.0/board/{id}/sprint); absent: DEFAULT_BOARDS. */
  boards?: DatasetBoard[];
}

/** A sprint as the Agile API lists it; `issues` count in the dataset only through DatasetIssue.sprint. */
export interface DatasetSprint {
  id: number;
  name: string;
  state: 'active' | 'future' | 'closed';
  startDate?: string;
  endDate?: string;
  goal?: string;
  /** The board the sprint was made on, where another board's filter shows it; default: this board. */
  originBoardId?: number;
}

export interface DatasetBoard {
  id: number;
  name: string;
  /** In the board's order (the backlog's), as the Agile API lists them. */
  sprints: DatasetSprint[];
  /** The token may not read the board (403) or it is gone (404). */
  /** 400: a Kanban board ("The board does not support sprints"). */
  status?: 400 | 403 | 404;
}

/**
 * Board 1 holds the dataset's sprints (issue.sprint: 1 active, 2 and 3 future) and Sprint 4, planned
 * but with no issue yet, after them: its next sprint is Sprint 2, as the items alone say.
 */
export const DEFAULT_BOARDS: readonly DatasetBoard[] = [
  {
    id: 1,
    name: 'PAY board',
    sprints: [
      { id: 1, name: 'Sprint 1', state: 'active', startDate: '2026-11-17T09:00:00.000Z', endDate: '2026-12-01T09:00:00.000Z', goal: 'Refunds' },
      { id: 2, name: 'Sprint 2', state: 'future' },
      { id: 3, name: 'Sprint 3', state: 'future' },
      { id: 4, name: 'Sprint 4', state: 'future', goal: 'Not planned yet' },
    ],
  },
];

/** The dataset with board 1's backlog showing `first`, a future sprint no issue is in yet, before Sprint 2. */
export function withEmptyNextSprint(dataset: Dataset, first: DatasetSprint = { id: 50, name: 'Sprint 1b', state: 'future', goal: 'Planned this morning' }): Dataset {
  const [board, ...others] = DEFAULT_BOARDS;
  const [active, ...future] = board!.sprints;
  return { ...dataset, boards: [{ ...board!, sprints: [active!, first, ...future] }, ...others] };
}

/** The team-managed project's own "Acceptance Criteria" field (same name as FIELD_IDS.acceptanceCriteria). */
export const TEAM_MANAGED_AC = 'customfield_10300';

const PEOPLE = [
  ['Ana Souza', true],
  ['Li Wei', true],
  ['Priya Raman', true],
  ['Tomás Ortega', true],
  ['Grace Okafor', true],
  ['Jonas Berg', false], // a deactivated account
  ['Mei Tanaka', true],
  ['Omar Haddad', true],
] as const;

/**
 * People of the site who own no issue (so the generated backlog does not change): two accounts with the
 * same display name, for lookups that must say "ambiguous". [display name, active, handle].
 */
const EXTRA_PEOPLE: readonly (readonly [string, boolean, string, ('app' | 'customer')?])[] = [
  ['Sam Lee', true, 'sam.lee'],
  ['Sam Lee', true, 'samuel.lee'],
  // Cloud only (User.accountType): an app's system account, and a service desk customer who shares a
  // team member's name; neither can own a backlog.
  ['Automation for Jira', true, 'automation', 'app'],
  ['Priya Raman', true, 'priya.customer', 'customer'],
];

/** Every account of the site: PEOPLE, then EXTRA_PEOPLE (indexes continue). */
export const SITE_PEOPLE_COUNT = PEOPLE.length + EXTRA_PEOPLE.length;

const ROLES = ['shopper', 'store manager', 'support agent', 'finance clerk', 'new customer'];
const WANTS = ['pay with a saved card', 'export the monthly statement', 'reset my password by SMS', 'see delivery dates at checkout', 'merge duplicate accounts', 'refund part of an order'];
const STATUS = {
  new: { name: 'To Do', id: '10000', catId: 2, colorName: 'blue-gray', catName: 'To Do' },
  indeterminate: { name: 'In Progress', id: '3', catId: 4, colorName: 'yellow', catName: 'In Progress' },
  done: { name: 'Done', id: '10001', catId: 3, colorName: 'green', catName: 'Done' },
} as const;
const ISSUE_TYPES = {
  Story: { id: '10001', level: 0 },
  Epic: { id: '10000', level: 1 },
  Initiative: { id: '10200', level: 2 },
  Task: { id: '10002', level: 0 },
  Bug: { id: '10004', level: 0 },
} as const;

export function generateDataset(count: number, options: { seed?: number; projects?: string[] } = {}): Dataset {
  const rand = seededRandom(options.seed ?? 42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const projects = options.projects ?? ['PAY', 'WEB'];
  const issues: DatasetIssue[] = [];
  const counters = new Map<string, number>();
  let lastEpic: Record<string, number | null> = {};
  let lastInitiative: number | null = null;
  for (let index = 0; index < count; index++) {
    const project = projects[index % projects.length]!;
    const number = (counters.get(project) ?? 0) + 1;
    counters.set(project, number);
    const id = 10_000 + index;
    const type: DatasetIssue['type'] = index % 97 === 0 ? 'Initiative' : index % 19 === 1 ? 'Epic' : rand() < 0.8 ? 'Story' : rand() < 0.5 ? 'Task' : 'Bug';
    const roll = rand();
    const category: DatasetIssue['category'] = roll < 0.7 ? 'new' : roll < 0.9 ? 'indeterminate' : 'done';
    const owner = () => (rand() < 0.75 ? Math.floor(rand() * PEOPLE.length) : null);
    const parent = type === 'Initiative' ? null : type === 'Epic' ? lastInitiative : (lastEpic[project] ?? null);
    issues.push({
      id,
      key: `${project}-${number}`,
      project,
      type,
      level: ISSUE_TYPES[type].level,
      summary: type === 'Story' ? `As a ${pick(ROLES)} I want to ${pick(WANTS)}` : `${type} ${number}: ${pick(WANTS)}`,
      category,
      po: type === 'Story' ? owner() : null,
      pm: type === 'Epic' || type === 'Initiative' ? owner() : null,
      assignee: rand() < 0.6 ? Math.floor(rand() * PEOPLE.length) : null,
      reporter: Math.floor(rand() * PEOPLE.length),
      ac: type === 'Story' ? pick(['heading', 'heading', 'inline', 'gherkin', 'placeholder', 'none', 'field', 'empty-section'] as const) : 'none',
      labels: rand() < 0.05 ? ['backlint-ignore'] : rand() < 0.3 ? ['checkout'] : [],
      parent: parent !== null && parent !== id ? parent : null,
      sprint: rand() < 0.5 ? 1 + Math.floor(rand() * 3) : null,
      created: new Date(Date.UTC(2026, 0, 1) + index * 3_600_000).toISOString().replace('Z', '+0000'),
    });
    if (type === 'Epic') lastEpic = { ...lastEpic, [project]: id };
    if (type === 'Initiative') lastInitiative = id;
  }
  return { issues, byId: new Map(issues.map((issue) => [issue.id, issue])) };
}

export const FIELD_IDS = {
  productOwner: 'customfield_10050',
  productManager: 'customfield_10051',
  acceptanceCriteria: 'customfield_10052',
  techLead: 'customfield_10053',
  epicLink: 'customfield_10014',
  parentLink: 'customfield_10018',
  sprint: 'customfield_10020',
} as const;

/** GET /rest/api/{2,3}/field, shaped as FieldDetails. */
export function fieldList(deployment: Deployment, shape: DatasetShape = {}): object[] {
  const system = (id: string, name: string, type: string, extra: object = {}) => ({
    id,
    key: id,
    name,
    custom: false,
    orderable: true,
    navigable: true,
    searchable: true,
    clauseNames: [id],
    schema: { type, system: id, ...extra },
  });
  const custom = (id: string, name: string, type: string, custom: string, extra: object = {}) => ({
    id,
    key: id,
    name,
    untranslatedName: name,
    custom: true,
    orderable: true,
    navigable: true,
    searchable: true,
    clauseNames: [`cf[${id.slice(12)}]`, name],
    schema: { type, custom, customId: Number(id.slice(12)), ...extra },
  });
  return [
    system('summary', 'Summary', 'string'),
    system('issuetype', 'Issue Type', 'issuetype'),
    system('status', 'Status', 'status'),
    system('description', 'Description', 'string'),
    system('labels', 'Labels', 'array', { items: 'string' }),
    ...(deployment === 'cloud' ? [system('parent', 'Parent', 'issuelink')] : []),
    system('project', 'Project', 'project'),
    system('assignee', 'Assignee', 'user'),
    system('reporter', 'Reporter', 'user'),
    system('created', 'Created', 'datetime'),
    system('updated', 'Updated', 'datetime'),
    system('priority', 'Priority', 'priority'),
    ...(shape.sprintTextField ? [custom(SPRINT_TEXT_FIELD, 'Sprint', 'string', 'com.atlassian.jira.plugin.system.customfieldtypes:textfield')] : []),
    custom(FIELD_IDS.productOwner, 'Product Owner', 'user', 'com.atlassian.jira.plugin.system.customfieldtypes:userpicker'),
    shape.multiUserPickers
      ? custom(FIELD_IDS.productManager, 'Product Manager', 'array', 'com.atlassian.jira.plugin.system.customfieldtypes:multiuserpicker', { items: 'user' })
      : custom(FIELD_IDS.productManager, 'Product Manager', 'user', 'com.atlassian.jira.plugin.system.customfieldtypes:userpicker'),
    custom(FIELD_IDS.acceptanceCriteria, 'Acceptance Criteria', 'string', 'com.atlassian.jira.plugin.system.customfieldtypes:textarea'),
    // A team-managed project's own field: Cloud shows it with the same name and a project-scoped context.
    ...(shape.teamManagedProject ? [custom(TEAM_MANAGED_AC, 'Acceptance Criteria', 'string', 'com.atlassian.jira.plugin.system.customfieldtypes:textarea')] : []),
    custom(FIELD_IDS.techLead, 'Tech Lead', 'user', 'com.atlassian.jira.plugin.system.customfieldtypes:userpicker'),
    custom('customfield_10060', 'Reviewers', 'array', 'com.atlassian.jira.plugin.system.customfieldtypes:multiuserpicker', { items: 'user' }),
    custom(FIELD_IDS.epicLink, 'Epic Link', 'any', 'com.pyxis.greenhopper.jira:gh-epic-link'),
    custom(FIELD_IDS.parentLink, 'Parent Link', 'any', 'com.atlassian.jpo:jpo-custom-field-parent'),
    custom(FIELD_IDS.sprint, 'Sprint', 'array', 'com.pyxis.greenhopper.jira:gh-sprint', { items: 'json' }),
    custom('customfield_10016', 'Story point estimate', 'number', 'com.pyxis.greenhopper.jira:jsw-story-points'),
    // The Atlassian Team field: a per-site id; recognised by its schema, as Atlassian documents it.
    ...(shape.atlassianTeams ? [custom(TEAM_FIELD, 'Team', deployment === 'cloud' ? 'team' : 'any', deployment === 'cloud' ? 'com.atlassian.jira.plugin.system.customfieldtypes:atlassian-team' : 'com.atlassian.teams:rm-teams-custom-field-team')] : []),
  ];
}

export function user(index: number, deployment: Deployment, baseUrl: string): object {
  const extra = index >= PEOPLE.length ? EXTRA_PEOPLE[index - PEOPLE.length]! : null;
  const [displayName, active] = extra ?? PEOPLE[index]!;
  const handle = extra ? extra[2] : displayName.toLowerCase().normalize('NFD').replace(/[^a-z ]/g, '').replace(/ /g, '.');
  if (deployment === 'cloud') {
    const accountId = `712020:${(index + 1).toString(16).padStart(8, '0')}-aaaa-4bbb-8ccc-${String(index).padStart(12, '0')}`;
    return {
      self: `${baseUrl}/rest/api/3/user?accountId=${accountId}`,
      accountId,
      emailAddress: `${handle}@acme.example`,
      avatarUrls: { '48x48': `https://avatar.example/${index}.png` },
      displayName,
      active,
      timeZone: 'Europe/Berlin',
      accountType: extra?.[3] ?? 'atlassian',
    };
  }
  return {
    self: `${baseUrl}/rest/api/2/user?username=${handle}`,
    name: handle,
    key: `JIRAUSER${10100 + index}`,
    emailAddress: `${handle}@acme.example`,
    avatarUrls: { '48x48': `${baseUrl}/secure/useravatar?avatarId=${10300 + index}` },
    displayName,
    active,
    timeZone: 'Europe/Berlin',
  };
}

export const myself = (deployment: Deployment, baseUrl: string) => user(0, deployment, baseUrl);

// ── Descriptions ────────────────────────────────────────────────────────────────────────────────────────
const text = (value: string, marks?: object[]) => ({ type: 'text', text: value, ...(marks ? { marks } : {}) });
const paragraph = (...content: object[]) => ({ type: 'paragraph', content });
const heading = (level: number, value: string) => ({ type: 'heading', attrs: { level }, content: [text(value)] });
const bullets = (...items: string[]) => ({ type: 'bulletList', content: items.map((item) => ({ type: 'listItem', content: [paragraph(text(item))] })) });
const doc = (...content: object[]) => ({ type: 'doc', version: 1, content });

const CRITERIA = ['The saved card is offered first at checkout', 'The shopper can remove a saved card at any time'];

function descriptionParts(issue: DatasetIssue): { adf: object[]; wiki: string[] } {
  const story = `${issue.summary}, so that I spend less time on it.`;
  switch (issue.ac) {
    case 'heading':
      return {
        adf: [paragraph(text(story)), heading(3, 'Acceptance criteria'), bullets(...CRITERIA), heading(3, 'Notes'), paragraph(text('Design is in Figma.'))],
        wiki: [story, '', 'h3. Acceptance criteria', ...CRITERIA.map((c) => `* ${c}`), '', 'h3. Notes', 'Design is in Figma.'],
      };
    case 'inline':
      return {
        adf: [paragraph(text(story)), paragraph(text('Acceptance criteria', [{ type: 'strong' }]), text(': the total is shown before the shopper pays'))],
        wiki: [story, '', '*Acceptance criteria*: the total is shown before the shopper pays'],
      };
    case 'gherkin':
      return {
        adf: [paragraph(text(story)), paragraph(text('Given a signed-in shopper with a saved card')), paragraph(text('When they open the checkout')), paragraph(text('Then the saved card is selected'))],
        wiki: [story, '', 'Given a signed-in shopper with a saved card', 'When they open the checkout', 'Then the saved card is selected'],
      };
    case 'placeholder':
      return { adf: [paragraph(text(story)), heading(3, 'Acceptance Criteria'), paragraph(text('TBD'))], wiki: [story, '', 'h3. Acceptance Criteria', 'TBD'] };
    case 'empty-section':
      return { adf: [paragraph(text(story)), heading(3, 'Acceptance criteria'), heading(3, 'Out of scope'), paragraph(text('Refunds.'))], wiki: [story, '', 'h3. Acceptance criteria', 'h3. Out of scope', 'Refunds.'] };
    default:
      return { adf: [paragraph(text(story))], wiki: [story] };
  }
}

// ── Issues ──────────────────────────────────────────────────────────────────────────────────────────────
/** Every field of an issue, as the site would return it with fields=*all. */
function allFields(issue: DatasetIssue, dataset: Dataset, deployment: Deployment, baseUrl: string): Record<string, unknown> {
  const api = deployment === 'cloud' ? 3 : 2;
  const status = STATUS[issue.category];
  const type = ISSUE_TYPES[issue.type];
  const person = (index: number | null) => (index === null ? null : user(index, deployment, baseUrl));
  const parts = descriptionParts(issue);
  const ac = issue.ac === 'field' ? (deployment === 'cloud' ? doc(bullets(...CRITERIA)) : CRITERIA.map((c) => `* ${c}`).join('\n')) : null;
  // An empty multi-user picker is null, as Jira sends it.
  const people = (indexes: number[]) => (indexes.length === 0 ? null : indexes.map((index) => user(index, deployment, baseUrl)));
  const parent = issue.parent === null ? null : dataset.byId.get(issue.parent)!;
  const fields: Record<string, unknown> = {
    summary: issue.summary,
    issuetype: {
      self: `${baseUrl}/rest/api/${api}/issuetype/${type.id}`,
      id: type.id,
      description: '',
      name: issue.type,
      subtask: false,
      ...(deployment === 'cloud' ? { hierarchyLevel: type.level, avatarId: 10315 } : {}),
    },
    status: {
      self: `${baseUrl}/rest/api/${api}/status/${status.id}`,
      description: '',
      name: status.name,
      id: status.id,
      statusCategory: { self: `${baseUrl}/rest/api/${api}/statuscategory/${status.catId}`, id: status.catId, key: issue.category, colorName: status.colorName, name: status.catName },
    },
    description: deployment === 'cloud' ? doc(...parts.adf) : parts.wiki.join('\n'),
    labels: issue.labels,
    project: { self: `${baseUrl}/rest/api/${api}/project/${issue.project}`, id: issue.project === 'PAY' ? '10000' : '10001', key: issue.project, name: issue.project === 'PAY' ? 'Payments' : 'Web shop', projectTypeKey: 'software' },
    assignee: person(issue.assignee),
    reporter: person(issue.reporter),
    created: issue.created,
    updated: issue.created,
    priority: { self: `${baseUrl}/rest/api/${api}/priority/3`, id: '3', name: 'Medium' },
    [FIELD_IDS.productOwner]: person(issue.po),
    [FIELD_IDS.productManager]: dataset.shape?.multiUserPickers ? people(issue.pms ?? (issue.pm === null ? [] : [issue.pm])) : person(issue.pm),
    [FIELD_IDS.acceptanceCriteria]: ac,
    [FIELD_IDS.techLead]: null,
    customfield_10060: null,
    customfield_10016: issue.type === 'Story' ? 3 : null,
    [FIELD_IDS.sprint]:
      issue.sprint === null
        ? null
        : deployment === 'cloud'
          ? [{ id: issue.sprint, name: `Sprint ${issue.sprint}`, state: issue.sprint === 1 ? 'active' : 'future', boardId: 1 }]
          : [`com.atlassian.greenhopper.service.sprint.Sprint@5a3c${issue.sprint}[id=${issue.sprint},rapidViewId=1,state=${issue.sprint === 1 ? 'ACTIVE' : 'FUTURE'},name=Sprint ${issue.sprint},startDate=<null>,endDate=<null>,sequence=${issue.sprint}]`],
  };
  if (dataset.shape?.atlassianTeams) fields[TEAM_FIELD] = teamOf(issue);
  if (dataset.shape?.sprintTextField) fields[SPRINT_TEXT_FIELD] = null;
  if (dataset.shape?.teamManagedProject !== undefined) {
    // Each project carries only its own criteria field.
    const teamManaged = issue.project === dataset.shape.teamManagedProject;
    if (teamManaged) {
      fields[TEAM_MANAGED_AC] = fields[FIELD_IDS.acceptanceCriteria];
      delete fields[FIELD_IDS.acceptanceCriteria];
    }
  }
  if (deployment === 'cloud') {
    if (parent) {
      fields.parent = {
        id: String(parent.id),
        key: parent.key,
        self: `${baseUrl}/rest/api/3/issue/${parent.id}`,
        fields: {
          summary: parent.summary,
          status: fields.status,
          issuetype: { id: ISSUE_TYPES[parent.type].id, name: parent.type, subtask: false, hierarchyLevel: parent.level },
        },
      };
    }
  } else {
    // Data Center: a story's epic is in Epic Link (the key); an epic's initiative in Parent Link.
    fields[FIELD_IDS.epicLink] = parent && parent.type === 'Epic' ? parent.key : null;
    fields[FIELD_IDS.parentLink] =
      parent && parent.type !== 'Epic' ? { hasEpicLinkFieldDependency: false, showField: true, data: { id: parent.id, key: parent.key, keyNum: Number(parent.key.split('-')[1]), summary: parent.summary } } : null;
  }
  return fields;
}

const jsonCache = new WeakMap<Dataset, Map<string, Buffer>>();

/** Forgets the rendered issues of a dataset: after a write (labels) or a test changed an issue. */
export function forgetRendered(dataset: Dataset): void {
  jsonCache.delete(dataset);
}

/** renderIssue as the UTF-8 bytes of its JSON, cached per issue, deployment, site and field list. */
export function renderIssueJson(issue: DatasetIssue, dataset: Dataset, deployment: Deployment, baseUrl: string, wanted: string[] | null): Buffer {
  let cache = jsonCache.get(dataset);
  if (!cache) jsonCache.set(dataset, (cache = new Map()));
  const key = `${deployment} ${baseUrl} ${wanted?.join(',') ?? '*all'} ${issue.id}`;
  let bytes = cache.get(key);
  if (bytes === undefined) cache.set(key, (bytes = Buffer.from(JSON.stringify(renderIssue(issue, dataset, deployment, baseUrl, wanted)))));
  return bytes;
}

/** An issue with the requested fields (`*all`, `*navigable`, or a list; `id` alone gives ids only). */
export function renderIssue(issue: DatasetIssue, dataset: Dataset, deployment: Deployment, baseUrl: string, wanted: string[] | null): Record<string, unknown> {
  const api = deployment === 'cloud' ? 3 : 2;
  const head = { expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations', id: String(issue.id), self: `${baseUrl}/rest/api/${api}/issue/${issue.id}`, key: issue.key };
  const all = allFields(issue, dataset, deployment, baseUrl);
  if (wanted === null || wanted.includes('*all') || wanted.includes('*navigable')) return { ...head, fields: all };
  const fields: Record<string, unknown> = {};
  for (const name of wanted) if (name in all) fields[name] = all[name];
  return { ...head, fields };
}

/** The whole dataset as a saved search response (fields=*all, expand=names): a `jira-export` file. */
export function exportFile(dataset: Dataset, deployment: Deployment, baseUrl: string): object {
  const names = Object.fromEntries(fieldList(deployment, dataset.shape).map((field) => [(field as { id: string }).id, (field as { name: string }).name]));
  return { issues: dataset.issues.map((issue) => renderIssue(issue, dataset, deployment, baseUrl, null)), names, isLast: true };
}

// ── The site's directory (issue 10 discovery): projects, components, roles, teams, user search ──────────
/** The text field named "Sprint" (with `shape.sprintTextField`). */
export const SPRINT_TEXT_FIELD = 'customfield_10061';

/** The Atlassian Team field's id on this site (with `shape.atlassianTeams`). */
export const TEAM_FIELD = 'customfield_10001';

/** Atlassian teams as the Team field carries them; the third is only on done issues. */
export const TEAMS = [
  { id: '36885b3c-1bf0-4f85-a357-c5b858c31de4', name: 'Checkout Crew' },
  { id: '9d1c7f5e-58a5-4bb1-8b3b-0a8f6f2b7c11', name: 'Storefront Squad' },
  { id: 'c2f6e0d4-7d6e-4d0b-9c8e-5b3f2a1e9d07', name: 'Legacy Guild' },
] as const;

/** The Team field's value on an issue: open issues carry the first two teams, some done ones the third. */
export function teamOf(issue: DatasetIssue): object | null {
  const slot = issue.id % 3;
  const team = issue.category === 'done' ? (slot === 2 ? TEAMS[2] : null) : slot === 2 ? null : TEAMS[slot];
  if (!team) return null;
  return { id: team.id, name: team.name, title: team.name, avatarUrl: `https://avatar-management.services.atlassian.com/team/${team.id}`, isVisible: true, isShared: true };
}

export interface SiteProject {
  id: string;
  key: string;
  name: string;
  lead: number;
  components: { id: string; name: string; lead: number | null; assigneeType: 'PROJECT_DEFAULT' | 'COMPONENT_LEAD' | 'PROJECT_LEAD' | 'UNASSIGNED' }[];
  /** Role name → people (indexes) and groups in it. */
  roles: Record<string, { users: number[]; groups: string[] }>;
}

/** Role ids as the site numbers them (shared by every project). */
export const ROLE_IDS: Record<string, number> = { Administrators: 10002, Developers: 10000, Users: 10001, 'Product Owner': 10100, 'Product manager': 10101 };

/** PAY's lead is active, WEB's deactivated; OPS is a project the config does not name. */
export const SITE_PROJECTS: SiteProject[] = [
  {
    id: '10000',
    key: 'PAY',
    name: 'Payments',
    lead: 0,
    components: [
      { id: '10100', name: 'Checkout', lead: 1, assigneeType: 'COMPONENT_LEAD' },
      { id: '10101', name: 'Refunds', lead: null, assigneeType: 'PROJECT_DEFAULT' },
    ],
    roles: {
      Administrators: { users: [0], groups: [] },
      Developers: { users: [], groups: ['jira-software-users'] },
      Users: { users: [], groups: [] },
      'Product Owner': { users: [3], groups: ['pay-product'] },
      'Product manager': { users: [6], groups: [] },
    },
  },
  {
    id: '10001',
    key: 'WEB',
    name: 'Web shop',
    lead: 5,
    components: [{ id: '10102', name: 'Storefront', lead: 2, assigneeType: 'COMPONENT_LEAD' }],
    roles: {
      Administrators: { users: [0], groups: [] },
      Developers: { users: [], groups: ['jira-software-users'] },
      Users: { users: [], groups: [] },
      'Product Owner': { users: [4], groups: [] },
      'Product manager': { users: [], groups: [] },
    },
  },
  {
    id: '10002',
    key: 'OPS',
    name: 'Operations',
    lead: 7,
    components: [],
    roles: { Administrators: { users: [7], groups: [] }, 'Product Owner': { users: [7], groups: [] } },
  },
];

const avatarUrls = (baseUrl: string, id: string) => Object.fromEntries(['16x16', '24x24', '32x32', '48x48'].map((size) => [size, `${baseUrl}/secure/projectavatar?size=${size}&pid=${id}`]));

/** A project as GET /project/{key} returns it (`lead` always), or as /project/search lists it (`lead` with expand=lead). */
export function renderProject(project: SiteProject, deployment: Deployment, baseUrl: string, withLead: boolean): object {
  const api = deployment === 'cloud' ? 3 : 2;
  return {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    self: `${baseUrl}/rest/api/${api}/project/${project.id}`,
    id: project.id,
    key: project.key,
    name: project.name,
    avatarUrls: avatarUrls(baseUrl, project.id),
    projectTypeKey: 'software',
    ...(deployment === 'cloud' ? { simplified: false, style: 'classic', isPrivate: false } : { archived: false }),
    ...(withLead ? { lead: user(project.lead, deployment, baseUrl) } : {}),
  };
}

/** GET /project/{key}: the full project (lead, components, roles as URLs). */
export function renderProjectDetail(project: SiteProject, deployment: Deployment, baseUrl: string): object {
  return {
    ...renderProject(project, deployment, baseUrl, true),
    description: '',
    assigneeType: 'UNASSIGNED',
    components: renderComponents(project, deployment, baseUrl),
    roles: roleLinks(project, deployment, baseUrl),
  };
}

/** GET /project/{key}/components: ProjectComponent[] (Cloud: lead and leadAccountId; DC: lead with name/key and leadUserName). */
export function renderComponents(project: SiteProject, deployment: Deployment, baseUrl: string): object[] {
  const api = deployment === 'cloud' ? 3 : 2;
  return project.components.map((component) => {
    const lead = component.lead === null ? null : (user(component.lead, deployment, baseUrl) as { accountId?: string; name?: string });
    const real = component.assigneeType === 'COMPONENT_LEAD' ? lead : component.assigneeType === 'PROJECT_LEAD' ? user(project.lead, deployment, baseUrl) : null;
    return {
      self: `${baseUrl}/rest/api/${api}/component/${component.id}`,
      id: component.id,
      name: component.name,
      description: `${component.name} work`,
      ...(lead ? { lead, ...(deployment === 'cloud' ? { leadAccountId: lead.accountId } : { leadUserName: lead.name }) } : {}),
      assigneeType: component.assigneeType,
      ...(real ? { assignee: real } : {}),
      realAssigneeType: real ? component.assigneeType : 'UNASSIGNED',
      ...(real ? { realAssignee: real } : {}),
      isAssigneeTypeValid: component.assigneeType !== 'COMPONENT_LEAD' || lead !== null,
      project: project.key,
      projectId: Number(project.id),
      ...(deployment === 'datacenter' ? { archived: false } : {}),
    };
  });
}

/** GET /project/{key}/role: role name → its URL. */
export function roleLinks(project: SiteProject, deployment: Deployment, baseUrl: string): Record<string, string> {
  const api = deployment === 'cloud' ? 3 : 2;
  return Object.fromEntries(Object.keys(project.roles).map((name) => [name, `${baseUrl}/rest/api/${api}/project/${project.key}/role/${ROLE_IDS[name]}`]));
}

/** GET /project/{key}/role/{id}: the role with its actors (Cloud: actorUser.accountId; DC: name is the username). */
export function renderRole(project: SiteProject, roleId: number, deployment: Deployment, baseUrl: string): object | null {
  const name = Object.keys(project.roles).find((candidate) => ROLE_IDS[candidate] === roleId);
  if (name === undefined) return null;
  const api = deployment === 'cloud' ? 3 : 2;
  const { users, groups } = project.roles[name]!;
  let actorId = 10240;
  const actors = [
    ...groups.map((group) =>
      deployment === 'cloud'
        ? { id: actorId++, displayName: group, type: 'atlassian-group-role-actor', name: group, actorGroup: { name: group, displayName: group, groupId: `952d12c3-5b5b-4d04-bb32-${String(actorId).padStart(12, '0')}` } }
        : { id: actorId++, displayName: group, type: 'atlassian-group-role-actor', name: group, avatarUrl: `${baseUrl}/secure/useravatar?size=xsmall&avatarId=10123` },
    ),
    ...users.map((index) => {
      const person = user(index, deployment, baseUrl) as { accountId?: string; name?: string; displayName: string };
      return deployment === 'cloud'
        ? { id: actorId++, displayName: person.displayName, type: 'atlassian-user-role-actor', actorUser: { accountId: person.accountId } }
        : { id: actorId++, displayName: person.displayName, type: 'atlassian-user-role-actor', name: person.name, avatarUrl: `${baseUrl}/secure/useravatar?size=xsmall&avatarId=10122` };
    }),
  ];
  return {
    self: `${baseUrl}/rest/api/${api}/project/${project.key}/role/${roleId}`,
    name,
    id: roleId,
    description: `A project role that represents ${name.toLowerCase()} in a project`,
    actors,
    ...(deployment === 'cloud' ? { scope: { type: 'PROJECT', project: { id: project.id, key: project.key, name: project.name } } } : {}),
  };
}

/** Every account of the site, as /user/search returns them. */
export function siteUsers(deployment: Deployment, baseUrl: string): Record<string, unknown>[] {
  const indexes = Array.from({ length: SITE_PEOPLE_COUNT }, (_unused, index) => index);
  // Data Center has no app or customer accounts in its user directory.
  const onSite = deployment === 'cloud' ? indexes : indexes.filter((index) => index < PEOPLE.length || EXTRA_PEOPLE[index - PEOPLE.length]![3] === undefined);
  return onSite.map((index) => user(index, deployment, baseUrl) as Record<string, unknown>);
}
