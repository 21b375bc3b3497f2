// `type: jira` (SPEC §3.1): a live Jira site through jira.js (behind jira/client.ts).
// Cloud: the enhanced search for ids only (large pages, nextPageToken), then bulk fetch in batches of
// 100 running concurrently, each batch mapped to WorkItems as it arrives (no raw payload is kept).
// Data Center: /rest/api/2/search with startAt; once the first page gives the total, the other pages
// run concurrently. Field names are resolved once per run through /field. Any failure fails the
// source: a partial fetch never becomes a report (SPEC §8).
import pLimit from 'p-limit';
import { z } from 'zod';
import type { JiraSourceConfig } from '../config/schema.js';
import { BacklintError } from '../errors.js';
import { formatPath } from '../json-path.js';
import type { WorkItem } from '../model.js';
import { JiraClient, type JiraClientOptions } from './jira/client.js';
import { createJiraCatalog, resolveJiraFields, sameNamedFields, type FieldsPerIssue, type ResolvedJiraFields } from './jira/fields.js';
import { mapJiraIssue } from './jira/map.js';
import { jiraFieldSchema, jiraIssueSchema, type JiraField } from './jira/payload.js';
import { createKindResolver, type KindResolver } from './kinds.js';
import { resolveParentKinds } from './parents.js';
import { sourceInfoOf, type FetchContext, type SourceResult } from './types.js';

/** Ids only: Cloud returns up to 5000 a page when nothing but ids is asked for. */
const ID_PAGE_SIZE = 5000;
/** Bulk fetch takes at most 100 ids a call. */
const BULK_SIZE = 100;
/** Data Center pages with fields; the server may cap it lower (its answer's maxResults says). */
const DC_PAGE_SIZE = 250;

/** The fields every item needs besides the configured ones (SPEC §2). */
const BASE_FIELDS = ['summary', 'issuetype', 'status', 'description', 'labels', 'parent', 'project', 'assignee', 'reporter', 'created', 'updated'];

/** The JQL a run uses: --jql, else the config's, else the open items (all with checkDone) of the configured projects. */
export function jiraQuery(source: Pick<JiraSourceConfig, 'jql' | 'projects'>, context: Pick<FetchContext, 'jql' | 'includeDone'> = {}): string {
  if (context.jql !== undefined && context.jql.trim() !== '') return context.jql.trim();
  if (source.jql !== undefined) return source.jql;
  const projects = `project in (${(source.projects ?? []).join(', ')})`;
  return context.includeDone ? projects : `${projects} AND statusCategory != Done`;
}

export interface JiraRun {
  client: JiraClient;
  fields: ResolvedJiraFields;
  fieldList: JiraField[];
}

/** GET /field and resolve the configured names; an unknown name or id is a config error with suggestions. */
export async function resolveSiteFields(
  source: JiraSourceConfig,
  client: JiraClient,
): Promise<{ fields: ResolvedJiraFields; fieldList: JiraField[]; perIssue: FieldsPerIssue }> {
  const fieldList = validate(source.name, `GET ${client.prefix}/field`, z.array(jiraFieldSchema), await client.getFields(), 'a list of fields');
  const catalog = createJiraCatalog({}, fieldList);
  const fields = resolveJiraFields(source.name, source.fields, catalog);
  // An id the site does not have would silently read nothing: on a live site that is a config error too.
  for (const key of ['productOwner', 'productManager', 'acceptanceCriteria', 'team', 'iteration'] as const) {
    const wanted = source.fields[key];
    if (wanted !== undefined && /^customfield_\d+$/.test(wanted) && !catalog.byId.has(wanted)) {
      throw new BacklintError('config', `Source ${source.name}: fields.${key}: the site has no field with the id '${wanted}'. Run backlint doctor to see its user fields.`);
    }
  }
  return { fields, fieldList, perIssue: sameNamedFields(source.fields, fields, catalog) };
}

export function requestedFields(fields: ResolvedJiraFields, perIssue?: FieldsPerIssue): string[] {
  const wanted = [fields.productOwner, fields.productManager, fields.acceptanceCriteria, fields.team, fields.iteration, fields.epicLink, fields.parentLink];
  return [...new Set([...BASE_FIELDS, ...wanted.filter((id): id is string => id !== null), ...(perIssue?.ids ?? [])])];
}

export async function fetchJiraSource(source: JiraSourceConfig, context: FetchContext, options: JiraClientOptions = {}): Promise<SourceResult> {
  const client = new JiraClient(source, { ...options, signal: options.signal ?? context.signal });
  const jql = jiraQuery(source, context);
  const kindOf = createKindResolver('jira', source.types);
  const sink = new ItemSink(source, kindOf, context);
  const resolved =
    source.deployment === 'cloud' ? await fetchCloud(source, client, jql, sink) : await fetchDataCenter(source, client, jql, sink);
  const items = sink.finish();
  return { info: sourceInfoOf(source, resolved), items: resolveParentKinds(items), fetched: items.length };
}

/** Maps issues as they arrive, drops repeats (an item seen on two pages), reports progress. */
class ItemSink {
  private readonly items = new Map<string, WorkItem>();
  total: number | null = null;
  fields: FieldsPerIssue | null = null;

  constructor(
    private readonly source: JiraSourceConfig,
    private readonly kindOf: KindResolver,
    private readonly context: FetchContext,
  ) {}

  add(issues: unknown[], request: string, base: (string | number)[]): void {
    const fields = this.fields!;
    issues.forEach((raw, index) => {
      const at = [...base, index];
      const parsed = jiraIssueSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new BacklintError('source', `Source ${this.source.name}: ${request} answered a malformed issue at ${formatPath([...at, ...issue.path])}: ${issue.message}.`);
      }
      const item = mapJiraIssue(parsed.data, {
        source: this.source.name,
        baseUrl: this.source.baseUrl,
        fields: fields.forIssue(parsed.data),
        kindOf: this.kindOf,
        where: (path) => `Source ${this.source.name}: ${request}: ${formatPath([...at, ...path])}`,
      });
      this.items.set(item.key, item);
    });
    this.context.progress.update(this.source.name, this.items.size, this.total);
  }

  get size(): number {
    return this.items.size;
  }

  finish(): WorkItem[] {
    this.context.progress.update(this.source.name, this.items.size, this.items.size);
    return [...this.items.values()];
  }
}

const idPageSchema = z.looseObject({
  issues: z.array(z.looseObject({ id: z.union([z.string(), z.number()]).transform(String) })),
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().optional(),
});

const bulkSchema = z.looseObject({
  issues: z.array(z.unknown()).default([]),
  issueErrors: z.array(z.looseObject({ id: z.union([z.string(), z.number()]).transform(String).optional(), errorMessage: z.string().optional() })).default([]),
});

async function fetchCloud(source: JiraSourceConfig, client: JiraClient, jql: string, sink: ItemSink): Promise<ResolvedJiraFields> {
  const limit = pLimit(source.concurrency);
  const batches: Promise<void>[] = [];
  let failure: unknown = null;
  const fail = (error: unknown) => {
    failure ??= error;
  };
  // /field and the first page of ids in parallel: both are needed before the first batch.
  const fieldsReady = resolveSiteFields(source, client);
  fieldsReady.catch(fail);
  const schedule = (ids: string[]) => {
    const batch = limit(async () => {
      if (failure !== null) return;
      const { fields, perIssue } = await fieldsReady;
      sink.fields = perIssue;
      await fetchBatch(source, client, ids, requestedFields(fields, perIssue), sink);
    });
    batches.push(batch.catch(fail));
  };

  const seen = new Set<string>();
  let pending: string[] = [];
  let token: string | undefined;
  const tokens = new Set<string>();
  try {
    for (;;) {
      const page = validate(source.name, 'GET /rest/api/3/search/jql', idPageSchema, await client.searchJql({ jql, maxResults: ID_PAGE_SIZE, ...(token ? { nextPageToken: token } : {}) }), 'an enhanced search response');
      for (const { id } of page.issues) {
        if (seen.has(id)) continue;
        seen.add(id);
        pending.push(id);
        if (pending.length === BULK_SIZE) {
          schedule(pending);
          pending = [];
        }
      }
      if (failure !== null) break;
      // Stop when the token is absent (jira.js's type lacks isLast, the server sends both).
      token = page.nextPageToken ?? undefined;
      if (!token || page.isLast === true) break;
      if (tokens.has(token)) throw new BacklintError('source', `Source ${source.name}: GET /rest/api/3/search/jql returned the same nextPageToken twice; the search would never end.`);
      tokens.add(token);
    }
    if (pending.length > 0 && failure === null) schedule(pending);
    sink.total = seen.size;
  } catch (error) {
    fail(error);
  }
  await Promise.all(batches);
  if (failure !== null) throw failure;
  return (await fieldsReady).fields;
}

async function fetchBatch(source: JiraSourceConfig, client: JiraClient, ids: string[], fields: string[], sink: ItemSink): Promise<void> {
  const request = 'POST /rest/api/3/issue/bulkfetch';
  let wanted = ids;
  // issueErrors are issues Jira could not return this time ("a retriable error or payload constraint"):
  // ask again for those, a bounded number of times; after that the fetch is incomplete and fails.
  for (let attempt = 1; ; attempt++) {
    const body = validate(source.name, request, bulkSchema, await client.bulkFetch(wanted, fields), 'a bulk fetch response');
    sink.add(body.issues, request, ['issues']);
    if (body.issueErrors.length === 0) return;
    const failed = body.issueErrors.map((entry) => entry.id).filter((id): id is string => id !== undefined && wanted.includes(id));
    if (failed.length === 0 || attempt >= source.maxTries) {
      const sample = body.issueErrors.slice(0, 3).map((entry) => `${entry.id ?? '?'}: ${entry.errorMessage ?? 'no message'}`);
      throw new BacklintError('source', `Source ${source.name}: ${request} could not return ${body.issueErrors.length} issues after ${attempt} tries (${sample.join('; ')}).`);
    }
    wanted = failed;
  }
}

const dcPageSchema = z.looseObject({
  startAt: z.number().int().min(0).optional(),
  maxResults: z.number().int().min(0).optional(),
  total: z.number().int().min(0),
  issues: z.array(z.unknown()),
});

async function fetchDataCenter(source: JiraSourceConfig, client: JiraClient, jql: string, sink: ItemSink): Promise<ResolvedJiraFields> {
  const { fields, perIssue } = await resolveSiteFields(source, client);
  sink.fields = perIssue;
  const wanted = requestedFields(fields, perIssue);
  const request = 'GET /rest/api/2/search';
  const page = async (startAt: number, maxResults: number) => {
    const body = validate(source.name, request, dcPageSchema, await client.searchPage({ jql, startAt, maxResults, fields: wanted }), 'a search response');
    sink.add(body.issues, request, ['issues']);
    return body;
  };
  const first = await page(0, DC_PAGE_SIZE);
  sink.total = first.total;
  // The server may cap the page size below what was asked: its answer says what it used.
  const stride = Math.max(1, Math.min(first.maxResults ?? first.issues.length, DC_PAGE_SIZE) || first.issues.length || 1);
  if (first.issues.length === 0 || first.issues.length >= first.total) return fields;

  const limit = pLimit(source.concurrency);
  let failure: unknown = null;
  /** Fetches [start, end); a short page (the server gave fewer than asked) continues where it stopped. */
  const range = async (start: number, end: number): Promise<void> => {
    for (let at = start; at < end && failure === null; ) {
      const body = await page(at, Math.min(stride, end - at));
      if (body.issues.length === 0) return; // the selection shrank meanwhile
      at += body.issues.length;
    }
  };
  const tasks: Promise<void>[] = [];
  for (let start = first.issues.length; start < first.total; start += stride) {
    const end = Math.min(start + stride, first.total);
    tasks.push(
      limit(() => (failure === null ? range(start, end) : Promise.resolve())).catch((error: unknown) => {
        failure ??= error;
      }),
    );
  }
  await Promise.all(tasks);
  if (failure !== null) throw failure;
  return fields;
}

function validate<T extends z.ZodType>(sourceName: string, request: string, schema: T, body: unknown, expected: string): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 3).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  throw new BacklintError('source', `Source ${sourceName}: ${request} did not answer ${expected}: ${issues.join('; ')}.`);
}
