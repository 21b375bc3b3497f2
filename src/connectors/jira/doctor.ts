// `backlint doctor` for a live Jira source: connection, auth, browse permission, the JQL, the field mapping.
// Each check runs only when the one before it passed (no point asking for fields with a bad token).
import { z } from 'zod';
import type { JiraSourceConfig } from '../../config/schema.js';
import { BacklintError } from '../../errors.js';
import { nearestNames } from '../../suggest.js';
import type { DoctorCheck } from '../adapter.js';
import { jiraQuery } from './fetch.js';
import type { FetchContext } from '../types.js';
import { JiraClient, type JiraClientOptions } from './client.js';
import { createJiraCatalog, isUserPicker, resolveJiraFields } from './fields.js';
import { sprintsOf } from './map.js';
import { jiraFieldSchema, validate, type JiraField } from './payload.js';

const serverInfoSchema = z.looseObject({
  version: z.string().optional(),
  versionNumbers: z.array(z.number()).optional(),
  deploymentType: z.string().optional(),
  serverTitle: z.string().optional(),
});

/** Personal access tokens came with Jira Data Center / Server 8.14. */
const FIRST_PAT_VERSION = [8, 14] as const;

const olderThan = (version: readonly number[], than: readonly number[]) => {
  for (let index = 0; index < than.length; index++) {
    const part = version[index] ?? 0;
    if (part !== than[index]) return part < than[index]!;
  }
  return false;
};
const myselfSchema = z.looseObject({ displayName: z.string().nullish(), emailAddress: z.string().nullish(), name: z.string().nullish(), accountId: z.string().nullish() });
const permissionsSchema = z.looseObject({ permissions: z.record(z.string(), z.looseObject({ havePermission: z.boolean().optional() })) });
const searchSchema = z.looseObject({ issues: z.array(z.unknown()), total: z.number().optional(), isLast: z.boolean().optional(), nextPageToken: z.string().nullish() });

const message = (error: unknown) => (error instanceof Error ? error.message.replace(/^Source [^:]+: /, '') : String(error));

export async function doctorJiraSource(source: JiraSourceConfig, context: FetchContext, options: JiraClientOptions = {}): Promise<DoctorCheck[]> {
  // Doctor should answer quickly: a couple of tries, not a long backoff.
  const client = new JiraClient({ ...source, maxTries: Math.min(source.maxTries, 2) }, { policy: { baseDelayMs: 200, maxDelayMs: 2000 }, ...options, signal: context.signal });
  const checks: DoctorCheck[] = [];
  const step = async (name: string, run: () => Promise<Omit<DoctorCheck, 'name'>>): Promise<boolean> => {
    try {
      const outcome = await run();
      checks.push({ name, ...outcome });
      return outcome.ok;
    } catch (error) {
      checks.push({ name, ok: false, detail: message(error) });
      return false;
    }
  };

  // Each answer is checked as check's are (validate): a drifted one is one line naming the request and the field.
  const answer = <T extends z.ZodType>(path: string, schema: T, body: unknown, expected: string) => validate(source.name, `GET ${client.prefix}${path}`, schema, body, expected);

  const connected = await step('connection', async () => {
    const info = answer('/serverInfo', serverInfoSchema, await client.getServerInfo(), 'server information');
    const type = info.deploymentType ?? 'unknown';
    const isCloud = type.toLowerCase() === 'cloud';
    const mismatch = type !== 'unknown' && isCloud !== (source.deployment === 'cloud');
    if (!mismatch && !isCloud && 'bearer' in source.auth && info.versionNumbers && olderThan(info.versionNumbers, FIRST_PAT_VERSION)) {
      return {
        ok: false,
        detail: `${source.baseUrl} is Jira ${type} ${info.version ?? info.versionNumbers.join('.')}, older than 8.14: it has no personal access tokens, so auth: { bearer } cannot work. Use auth: { username, password: \${env:JIRA_PASSWORD} } (basic authentication), or upgrade the site.`,
      };
    }
    return {
      ok: !mismatch,
      detail: mismatch
        ? `${source.baseUrl} is Jira ${type}${info.version ? ` ${info.version}` : ''}, but the source says deployment: ${source.deployment}; set deployment: ${isCloud ? 'cloud' : 'datacenter'}.`
        : `${source.baseUrl} answers: Jira ${type}${info.version ? ` ${info.version}` : ''}`,
    };
  });
  if (!connected) return checks;

  const authenticated = await step('auth', async () => {
    const me = answer('/myself', myselfSchema, await client.getMyself(), 'a user');
    const who = me.displayName ?? me.name ?? me.accountId ?? 'unknown';
    return { ok: true, detail: `signed in as ${who}${me.emailAddress ? ` <${me.emailAddress}>` : ''}` };
  });
  if (!authenticated) return checks;

  await step('browse permission', async () => {
    // Asked without a project, Jira answers whether the account may browse *some* project; the projects
    // to lint are asked one by one (a 404: the project does not exist, or the account cannot see it).
    const projects = source.projects ?? [];
    if (projects.length === 0) {
      const body = answer('/mypermissions', permissionsSchema, await client.getMyPermissions('BROWSE_PROJECTS'), 'a list of permissions');
      const allowed = body.permissions.BROWSE_PROJECTS?.havePermission === true;
      return {
        ok: allowed,
        detail: allowed ? 'the account may browse projects (the JQL decides which: see below)' : 'the account lacks Browse projects: ask a Jira admin to grant it on the projects to lint',
      };
    }
    const denied: string[] = [];
    for (const project of projects) {
      const raw = await client.getMyProjectPermissions('BROWSE_PROJECTS', project, { notFoundAsNull: true });
      if (raw === null || answer('/mypermissions', permissionsSchema, raw, 'a list of permissions').permissions.BROWSE_PROJECTS?.havePermission !== true) denied.push(project);
    }
    return {
      ok: denied.length === 0,
      detail:
        denied.length === 0
          ? `the account may browse ${projects.join(', ')}`
          : `the account cannot browse ${denied.join(', ')} (no Browse projects permission there, or no such project): ask a Jira admin to grant it, or correct projects`,
    };
  });

  const jql = jiraQuery(source, context);
  await step('jql', async () => {
    const body = answer(
      source.deployment === 'cloud' ? '/search/jql' : '/search',
      searchSchema,
      source.deployment === 'cloud' ? await client.searchJql({ jql, maxResults: 1 }) : await client.searchPage({ jql, startAt: 0, maxResults: 1, fields: ['summary'] }),
      'a search response',
    );
    const count = body.total !== undefined ? `${body.total} items` : body.issues.length > 0 ? 'at least one item' : 'no items';
    return { ok: true, detail: `${jql} — parses and selects ${count}` };
  });

  let fieldList: JiraField[];
  try {
    fieldList = answer('/field', z.array(jiraFieldSchema), await client.getFields(), 'a list of fields');
  } catch (error) {
    checks.push({ name: 'fields', ok: false, detail: message(error) });
    return checks;
  }
  checks.push(...fieldChecks(source, fieldList));
  if (context.sprints) checks.push(await boardSprintsCheck(source, client, jql, fieldList));
  return checks;
}

/** How many boards doctor asks about: enough to catch a token without board access, few enough to stay quick. */
const BOARDS_SAMPLED = 5;

/**
 * With sprint conditions in the config (SPEC §5): the Sprint field exists, and the future sprints of the
 * boards the first items are on can be read through the Agile API ("next" is that board's earliest).
 */
async function boardSprintsCheck(source: JiraSourceConfig, client: JiraClient, jql: string, fieldList: readonly JiraField[]): Promise<DoctorCheck> {
  const name = 'board sprints';
  try {
    const sprintField = resolveJiraFields(source.name, { ...(source.fields.iteration === undefined ? {} : { iteration: source.fields.iteration }) }, createJiraCatalog({}, fieldList)).iteration;
    if (sprintField === null) {
      return { name, ok: false, detail: 'the site has no Sprint field (Jira Software), so sprint conditions (sprint: next, current, …) cannot be judged: select items by states or labels instead.' };
    }
    const body = validate(
      source.name,
      `GET ${client.prefix}${source.deployment === 'cloud' ? '/search/jql' : '/search'}`,
      searchSchema,
      source.deployment === 'cloud' ? await client.searchJql({ jql, maxResults: 100, fields: [sprintField] }) : await client.searchPage({ jql, startAt: 0, maxResults: 100, fields: [sprintField] }),
      'a search response',
    );
    const sprintsOfItems = body.issues.map((issue) => sprintsOf((issue as { fields?: Record<string, unknown> }).fields?.[sprintField]).sprints);
    // The check's own test (engine calendarOf): an item that does not carry the field fails the run.
    const without = sprintsOfItems.findIndex((sprints) => sprints === undefined);
    if (without !== -1) {
      const key = (body.issues[without] as { key?: unknown }).key;
      return { name, ok: false, detail: `the items do not carry the Sprint field ${sprintField} (item ${typeof key === 'string' ? key : without + 1} carries none), so check fails on sprint conditions: name Jira Software's Sprint field under fields.iteration.` };
    }
    const boards = [...new Set(sprintsOfItems.flatMap((sprints) => sprints ?? []).flatMap((sprint) => (sprint.board === null ? [] : [sprint.board])))];
    if (boards.length === 0) return { name, ok: true, detail: `none of the query's first ${body.issues.length} items is on a sprint board yet: "next" comes from the boards of the items that are` };
    const sampled = boards.slice(0, BOARDS_SAMPLED);
    const readable = await Promise.all(sampled.map(async (board) => (await client.getBoardFutureSprints(board, 0, 1)) !== null));
    const unreadable = sampled.filter((_board, index) => !readable[index]);
    const more = boards.length > sampled.length ? ` (${sampled.length} of the ${boards.length} boards of the first items)` : '';
    return unreadable.length === 0
      ? { name, ok: true, detail: `the future sprints of board${plural(sampled)} ${sampled.join(', ')} can be read${more}` }
      : {
          name,
          ok: false,
          detail: `GET /rest/agile/1.0/board/{id}/sprint answered 403, 404 or 400 for board${plural(unreadable)} ${unreadable.join(', ')}${more}: the token may not see the board (a scoped Cloud token needs read:sprint:jira-software), it was deleted, or it is a Kanban board. "next" for its items then comes from their own sprints and misses a next sprint nobody has planned into yet.`,
        };
  } catch (error) {
    return { name, ok: false, detail: message(error) };
  }
}

const plural = (list: readonly unknown[]) => (list.length === 1 ? '' : 's');

function fieldChecks(source: JiraSourceConfig, fieldList: JiraField[]): DoctorCheck[] {
  const catalog = createJiraCatalog({}, fieldList);
  const userFields = fieldList.filter(isUserPicker).map((field) => `${field.name} (${field.id})`);
  const checks: DoctorCheck[] = [];
  const defaults = { productOwner: 'Product Owner', productManager: 'Product Manager', acceptanceCriteria: 'Acceptance Criteria' } as const;
  for (const key of ['productOwner', 'productManager', 'acceptanceCriteria'] as const) {
    const wanted = source.fields[key];
    const name = `${key} field`;
    const tag = key === 'acceptanceCriteria' ? {} : { field: key };
    let ids: string[];
    try {
      ids = resolveJiraFields(source.name, wanted === undefined ? {} : { [key]: wanted }, catalog)[key];
      const unknown = ids.find((id) => /^customfield_\d+$/.test(id) && !catalog.byId.has(id));
      if (unknown !== undefined) throw new BacklintError('config', `the site has no field with the id '${unknown}'`);
    } catch (error) {
      const isUser = key !== 'acceptanceCriteria';
      checks.push({
        name,
        ...tag,
        ok: false,
        detail: message(error).replace(/^fields\.\w+: /, ''),
        suggestions: isUser ? userFields : nearestNames(typeof wanted === 'string' ? wanted : (wanted?.[0] ?? defaults[key]), fieldList.map((field) => field.name)),
      });
      continue;
    }
    if (ids.length === 0) {
      const isUser = key !== 'acceptanceCriteria';
      checks.push(
        isUser
          ? {
              name,
              ...tag,
              ok: false,
              detail: `not mapped, and the site has no field named '${defaults[key]}': the rules that need it are not applicable. Set fields.${key} to one of the site's user fields.`,
              suggestions: userFields,
            }
          : { name, ok: true, detail: "none: acceptance criteria are looked for in the description's AC section" },
      );
      continue;
    }
    const described = ids.map((id) => {
      const field = catalog.byId.get(id);
      return field ? `${field.name} (${id})` : id;
    });
    checks.push({ name, ...tag, ok: true, detail: described.join(', ') });
  }
  return checks;
}
