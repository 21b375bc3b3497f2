// A Jira issue (Cloud v3 or Data Center v2 JSON) → WorkItem (SPEC §2). Shared by the export and live sources.
import { BacklintError } from '../../errors.js';
import { withoutCredentials } from '../../redact.js';
import type { Person, Sprint, SprintState, StateCategory, WorkItem } from '../../model.js';
import { primaryOwner, uniquePeople } from '../../owners.js';
import { cutAt } from '../../shorten.js';
import { acceptanceCriteriaOf, parseJiraText } from '../../text/index.js';
import type { KindResolver } from '../kinds.js';
import type { ResolvedJiraFields } from './fields.js';
import { isTeamMember, jiraUserValueSchema, type JiraIssue, type JiraUser } from './payload.js';

export interface JiraMapContext {
  source: string;
  /** Site URL for browse links; null: derived from the issue's self link. */
  baseUrl: string | null;
  fields: ResolvedJiraFields;
  kindOf: KindResolver;
  /** For error messages: where this issue came from (file, request) and its JSON path. */
  where: (path: (string | number)[]) => string;
}

const STATUS_CATEGORIES: ReadonlyMap<string, StateCategory> = new Map([
  ['new', 'todo'],
  ['indeterminate', 'in-progress'],
  ['done', 'done'],
]);

/**
 * A field of the issue by id. Ids are the site's text: `constructor` or `toString` must read the issue's
 * own field or nothing, never an Object.prototype member.
 */
const fieldOf = (raw: Record<string, unknown>, id: string): unknown => (Object.hasOwn(raw, id) ? raw[id] : undefined);

export function mapJiraIssue(issue: JiraIssue, context: JiraMapContext): WorkItem {
  const { fields } = issue;
  const raw = fields as Record<string, unknown>;
  /** The people in one user or multi-user picker field: none, one, or several. */
  const peopleIn = (fieldId: string): Person[] => {
    const value = fieldOf(raw, fieldId);
    const parsed = jiraUserValueSchema.safeParse(value);
    if (!parsed.success) {
      throw new BacklintError('source', `${context.where(['fields', fieldId])}: expected a Jira user (or a list of users), found ${describe(value)}.`);
    }
    const users = parsed.data === null || parsed.data === undefined ? [] : Array.isArray(parsed.data) ? parsed.data : [parsed.data];
    return users.flatMap((user, index) => {
      if (!user.accountId && !user.key && !user.name && !user.displayName && !user.emailAddress) {
        // A select option ({ value, id }) or an empty object: no person to own the item, and no silent "owner".
        const path = Array.isArray(parsed.data) ? ['fields', fieldId, index] : ['fields', fieldId];
        throw new BacklintError('source', `${context.where(path)}: expected a Jira user (accountId, or name / key on Data Center), found ${describe(Array.isArray(value) ? value[index] : value)}.`);
      }
      // An automation app or a service desk customer in an owner field owns nothing: nobody to answer for it.
      return isTeamMember(user) ? [toPerson(user)] : [];
    });
  };
  const owners = (fieldIds: readonly string[]): Person[] => uniquePeople(fieldIds.flatMap(peopleIn));
  const productOwners = owners(context.fields.productOwner);
  const productManagers = owners(context.fields.productManager);
  return {
    source: context.source,
    id: issue.id,
    key: issue.key,
    url: browseUrl(issue, context.baseUrl),
    type: fields.issuetype.name,
    kind: context.kindOf(fields.issuetype.name, fields.issuetype.hierarchyLevel),
    title: fields.summary ?? '',
    state: fields.status?.name ?? '',
    stateCategory: STATUS_CATEGORIES.get(fields.status?.statusCategory?.key ?? '') ?? 'todo',
    description: parseJiraText(fieldOf(raw, 'description')),
    ...acceptanceCriteriaOf(context.fields.acceptanceCriteria.map((id) => parseJiraText(fieldOf(raw, id)))),
    productOwners,
    productManagers,
    productOwner: primaryOwner(productOwners),
    productManager: primaryOwner(productManagers),
    assignee: fields.assignee ? toPerson(fields.assignee) : null,
    reporter: fields.reporter ? toPerson(fields.reporter) : null,
    parent: parentOf(issue, context),
    labels: fields.labels ?? [],
    team: firstValue(context.fields.team.map((id) => nameOf(fieldOf(raw, id)))) ?? (context.fields.teamFromProject ? (fields.project?.key ?? null) : null),
    project: fields.project?.key ?? null,
    components: (fields.components ?? []).flatMap((component) => (component?.name ? [component.name] : [])),
    areaPath: null,
    iteration: context.fields.iteration ? sprintName(fieldOf(raw, context.fields.iteration)) : null,
    ...sprintsOf(context.fields.iteration === null ? undefined : fieldOf(raw, context.fields.iteration)),
    created: fields.created ?? null,
    updated: fields.updated ?? null,
  };
}

/** The first value given; a team field listed several times reads the first the item carries. */
const firstValue = (values: readonly (string | null)[]): string | null => values.find((value) => value !== null) ?? null;

export function toPerson(user: JiraUser): Person {
  // Cloud identifies people by accountId; Data Center by username (`name`), which is what a `roles` list
  // names; `key` is an internal id (JIRAUSER10100 on newer sites) and the last resort.
  const id = user.accountId ?? user.name ?? user.key ?? '';
  const displayName = user.displayName ?? user.name ?? id;
  // Atlassian: a user record whose accountId is `unknown` "can only happen to deleted users".
  const active = user.active !== false && user.accountId !== 'unknown';
  // Two literals rather than a spread of the email: several people per item, and spreads cost more.
  return user.emailAddress ? { id, displayName, email: user.emailAddress, active } : { id, displayName, active };
}

function browseUrl(issue: JiraIssue, baseUrl: string | null): string | null {
  const site = baseUrl ?? siteOf(issue.self);
  return site ? `${withoutCredentials(site).replace(/\/+$/, '')}/browse/${encodeURIComponent(issue.key)}` : null;
}

function siteOf(self: string | undefined): string | null {
  if (!self) return null;
  const at = self.indexOf('/rest/api/');
  return at > 0 ? self.slice(0, at) : null;
}

function parentOf(issue: JiraIssue, context: JiraMapContext): WorkItem['parent'] {
  const { parent } = issue.fields;
  if (parent) {
    const type = parent.fields?.issuetype;
    return { key: parent.key, kind: type ? context.kindOf(type.name, type.hierarchyLevel) : null };
  }
  const raw = issue.fields as Record<string, unknown>;
  // Data Center: the Epic Link custom field holds the epic's key; Advanced Roadmaps' Parent Link the level above.
  const epicKey = context.fields.epicLink ? keyOf(fieldOf(raw, context.fields.epicLink)) : null;
  if (epicKey) return { key: epicKey, kind: 'epic' };
  const parentKey = context.fields.parentLink ? keyOf(fieldOf(raw, context.fields.parentLink)) : null;
  return parentKey ? { key: parentKey, kind: null } : null;
}

function keyOf(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const data = record.data as Record<string, unknown> | undefined;
    const key = record.key ?? data?.key;
    return typeof key === 'string' ? key : null;
  }
  return null;
}

/** A team-ish field: a string, an option ({ value }), a team ({ title / name }), or the first of a list. */
function nameOf(value: unknown): string | null {
  if (Array.isArray(value)) return value.length > 0 ? nameOf(value[0]) : null;
  if (typeof value === 'string') return value || null;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of ['name', 'title', 'value', 'displayName']) if (typeof record[key] === 'string') return record[key] as string;
  }
  return null;
}

const SPRINT_STATES = new Set(['active', 'future', 'closed']);

/**
 * Every sprint in the Sprint field, with state, board and dates: objects on Cloud and recent Data Center
 * (`{ id, name, state, boardId, startDate, endDate }`), `…Sprint@1a2b[id=1,rapidViewId=3,state=ACTIVE,…]`
 * strings on old servers. No `sprints` key when the item does not carry the field at all (an export saved
 * without it), so a sprint condition can say the data is missing rather than "in no sprint".
 */
export function sprintsOf(value: unknown): { sprints?: Sprint[] } {
  if (value === undefined) return {};
  if (!Array.isArray(value)) return { sprints: [] };
  const sprints = value.flatMap((entry): Sprint[] => {
    const record: Record<string, unknown> = typeof entry === 'string' ? oldSprintString(entry) : ((entry ?? {}) as Record<string, unknown>);
    const text = (key: string): string | null => (typeof record[key] === 'string' && record[key] !== '' && record[key] !== '<null>' ? (record[key] as string) : typeof record[key] === 'number' ? String(record[key]) : null);
    const name = text('name');
    if (name === null) return [];
    const state = text('state')?.toLowerCase() ?? null;
    const sequence = Number(text('sequence') ?? Number.NaN);
    return [{ id: text('id'), name, state: state !== null && SPRINT_STATES.has(state) ? (state as SprintState) : null, board: text('boardId') ?? text('rapidViewId'), start: text('startDate'), end: text('endDate'), sequence: Number.isFinite(sequence) ? sequence : null }];
  });
  return { sprints };
}

/** `com.atlassian.greenhopper.service.sprint.Sprint@5a3c[id=1,rapidViewId=1,state=ACTIVE,name=Sprint 1,…]` as key=value pairs. */
function oldSprintString(text: string): Record<string, unknown> {
  const body = /\[(.*)\]$/s.exec(text)?.[1] ?? '';
  const record: Record<string, unknown> = {};
  // A name may hold a comma: a key is a word followed by '=' after a comma.
  for (const match of body.matchAll(/(?:^|,)(\w+)=(.*?)(?=,\w+=|$)/gs)) record[match[1]!] = match[2];
  return record;
}

/** The Sprint field: objects on Cloud, `…Sprint@1a2b[id=1,state=ACTIVE,name=Sprint 1,…]` strings on old servers. */
function sprintName(value: unknown): string | null {
  if (!Array.isArray(value) || value.length === 0) return nameOf(value);
  const sprints = value.map((entry) => {
    if (typeof entry === 'string') {
      return { name: /[[,]name=([^,\]]*)/.exec(entry)?.[1] ?? null, state: /[[,]state=([^,\]]*)/.exec(entry)?.[1] ?? '' };
    }
    const record = (entry ?? {}) as Record<string, unknown>;
    return { name: typeof record.name === 'string' ? record.name : null, state: String(record.state ?? '') };
  });
  const active = sprints.find((sprint) => sprint.state.toLowerCase() === 'active');
  return (active ?? sprints[sprints.length - 1])?.name ?? null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${cutAt(value, 40)}…` : value)}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value as object).slice(0, 4);
    return keys.length > 0 ? `an object with the keys ${keys.map((key) => JSON.stringify(key)).join(', ')}` : 'an empty object';
  }
  return `${typeof value} ${String(value)}`;
}
