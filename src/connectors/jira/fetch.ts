// `type: jira` (SPEC §3.1): a live Jira site through jira.js (behind jira/client.ts).
// Cloud: the enhanced search for ids only (large pages, nextPageToken), then bulk fetch in batches of
// 100 running concurrently, each batch mapped to WorkItems as it arrives (no raw payload is kept).
// Data Center: /rest/api/2/search with startAt; once the first page gives the total, the other pages
// run concurrently, scheduled as workers free up (never all at once: a `total` of 1e9 is only a number).
// Field names are resolved once per run through /field. Any failure fails the source: a partial fetch
// never becomes a report (SPEC §8, §12). Every answer is checked against what was asked and what the
// server announced: a bulk fetch must return exactly the ids asked (or list them in issueErrors), a Data
// Center page must add new issues until the announced total is reached, a Cloud search page must add new
// ids while it announces another page. An answer that does not is a fault that names the request.
import pLimit from 'p-limit';
import { z } from 'zod';
import type { JiraSourceConfig } from '../../config/schema.js';
import { BacklintError } from '../../errors.js';
import { formatPath } from '../../json-path.js';
import type { SourceInfo, WorkItem } from '../../model.js';
import { JiraClient, type JiraClientOptions } from './client.js';
import { createJiraCatalog, resolveJiraFields, resolvedFieldIds, type ResolvedJiraFields } from './fields.js';
import { BoardSprintFetcher } from './sprints.js';
import { jiraFieldSchema, jiraIssueSchema, validate, type JiraField } from './payload.js';
import { createKindResolver, type KindResolver } from '../kinds.js';
import { resolveParentKinds } from '../parents.js';
import { goneNotice, sourceInfoOf, type FetchContext, type SourceResult } from '../types.js';
import { loadOnce, onceUnderWay } from '../adapter.js';

/** Ids only: Cloud returns up to 5000 a page when nothing but ids is asked for. */
const ID_PAGE_SIZE = 5000;
/** Bulk fetch takes at most 100 ids a call. */
const BULK_SIZE = 100;
/**
 * The first page asks only for the ids the first round of bulk fetches takes (concurrency × 100): they leave
 * as soon as it is read, rather than after 5000 ids are parsed and checked (~60 ms), and the later pages
 * come while those fetches are out.
 */
const firstIdPageSize = (concurrency: number) => Math.min(ID_PAGE_SIZE, concurrency * BULK_SIZE);
/** Data Center pages with fields; the server may cap it lower (its answer's maxResults says). */
const DC_PAGE_SIZE = 250;
/** More issues than one run can hold (SPEC §11 measures 500,000): a selection announcing more is refused. */
export const MAX_ISSUES = 5_000_000;
/** Cloud search pages: every page must add new ids, so this only bounds a server that adds one at a time. */
export const MAX_ID_PAGES = 20_000;

/** The fields every item needs besides the configured ones (SPEC §2). */
const BASE_FIELDS = ['summary', 'issuetype', 'status', 'description', 'labels', 'parent', 'project', 'components', 'assignee', 'reporter', 'created', 'updated'];

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
  onPayload?: FetchContext['onPayload'],
): Promise<{ fields: ResolvedJiraFields; fieldList: JiraField[] }> {
  const body = await client.getFields();
  const fieldList = validate(source.name, `GET ${client.prefix}/field`, z.array(jiraFieldSchema), body, 'a list of fields');
  onPayload?.({ kind: 'fields', body });
  const catalog = createJiraCatalog({}, fieldList);
  const fields = resolveJiraFields(source.name, source.fields, catalog);
  // An id the site does not have would silently read nothing: on a live site that is a config error too.
  for (const key of ['productOwner', 'productManager', 'acceptanceCriteria', 'team', 'iteration'] as const) {
    const value = source.fields[key];
    for (const wanted of value === undefined ? [] : typeof value === 'string' ? [value] : value) {
      if (/^customfield_\d+$/.test(wanted) && !catalog.byId.has(wanted)) {
        throw new BacklintError('config', `Source ${source.name}: fields.${key}: the site has no field with the id '${wanted}'. Run backlint doctor to see its user fields.`);
      }
    }
  }
  return { fields, fieldList };
}

/** What a fetch asks for: the fields every item needs, and every id the configured fields resolved to. */
export function requestedFields(fields: ResolvedJiraFields): string[] {
  return [...new Set([...BASE_FIELDS, ...resolvedFieldIds(fields)])];
}

export async function fetchJiraSource(source: JiraSourceConfig, context: FetchContext, options: JiraClientOptions = {}): Promise<SourceResult> {
  const client = new JiraClient(source, { ...options, signal: options.signal ?? context.signal });
  const jql = jiraQuery(source, context);
  const kindOf = createKindResolver('jira', source.types);
  // A sprint condition needs each board's next sprint, which may hold no fetched item yet (SPEC §5): each
  // board is asked as soon as an item names it, while the item pages are still coming.
  const boardSprints = context.sprints ? new BoardSprintFetcher(source.name, client, source.concurrency, context.onPayload) : null;
  const sink = new ItemSink(source, kindOf, context, boardSprints);
  const fetching = source.deployment === 'cloud' ? fetchCloud(source, client, jql, sink) : fetchDataCenter(source, client, jql, sink);
  // The mapping code loads while the first requests are out, not before them.
  onceUnderWay(loadMapping);
  const resolved = await fetching;
  const items = sink.finish();
  const boards = boardSprints === null ? null : await boardSprints.finish();
  const notices = [...sink.notices, ...(boards?.notices ?? [])];
  return {
    info: sourceInfoOf(source, resolved),
    items: resolveParentKinds(items),
    fetched: sink.size,
    ...(boards === null ? {} : { sprints: boards.sprints }),
    ...(notices.length > 0 ? { notices } : {}),
  };
}

/** The mapping code, with the text parsers it uses (ADF, wiki markup, HTML: ~400 KB to compile and run). */
const loadMapping = loadOnce(() => import('./map.js'));

/**
 * Maps issues as they arrive, drops repeats (an item seen on two pages), reports progress; hands each
 * batch on (`onItems`) or keeps the items for the result.
 */
class ItemSink {
  private readonly keys = new Set<string>();
  private readonly items: WorkItem[] = [];
  private info: SourceInfo | null = null;
  total: number | null = null;
  /** For the run's notices: what the fetch found gone since the search. */
  readonly notices: string[] = [];
  fields: ResolvedJiraFields | null = null;

  constructor(
    private readonly source: JiraSourceConfig,
    private readonly kindOf: KindResolver,
    readonly context: FetchContext,
    private readonly boardSprints: BoardSprintFetcher | null = null,
  ) {}

  /**
   * Validates and maps one answer's issues. `check` sees their ids first (in order, repeats included)
   * and throws when the answer is not what was asked; nothing of a rejected answer is kept.
   */
  async add(issues: unknown[], request: string, base: (string | number)[], check: (ids: string[]) => void = () => {}): Promise<void> {
    const { mapJiraIssue } = await loadMapping();
    const fields = this.fields!;
    const parsedIssues = issues.map((raw, index) => {
      const parsed = jiraIssueSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new BacklintError('source', `Source ${this.source.name}: ${request} answered a malformed issue at ${formatPath([...base, index, ...issue.path])}: ${issue.message}.`);
      }
      return parsed.data;
    });
    check(parsedIssues.map((issue) => issue.id));
    const batch: WorkItem[] = [];
    parsedIssues.forEach((issue, index) => {
      const at = [...base, index];
      const item = mapJiraIssue(issue, {
        source: this.source.name,
        baseUrl: this.source.baseUrl,
        fields,
        kindOf: this.kindOf,
        where: (path) => `Source ${this.source.name}: ${request}: ${formatPath([...at, ...path])}`,
      });
      if (this.keys.has(item.key)) return;
      this.keys.add(item.key);
      batch.push(item);
      this.boardSprints?.add(item);
    });
    const onItems = this.context.onItems;
    if (onItems === undefined) this.items.push(...batch);
    else if (batch.length > 0) onItems(batch, (this.info ??= sourceInfoOf(this.source, fields)));
    this.context.progress.update(this.source.name, this.keys.size, this.total);
  }

  get size(): number {
    return this.keys.size;
  }

  finish(): WorkItem[] {
    this.context.progress.update(this.source.name, this.keys.size, this.keys.size);
    return this.items;
  }
}

// Atlassian's schema (SearchAndReconcileResults) makes every member optional. A last page may leave out
// an empty `issues`; any other page without it is not an answer to read as "no more issues".
const idPageSchema = z
  .looseObject({
    issues: z.array(z.looseObject({ id: z.union([z.string(), z.number()]).transform(String) })).optional(),
    nextPageToken: z.string().nullish(),
    isLast: z.boolean().optional(),
  })
  .superRefine((page, context) => {
    if (page.issues === undefined && !(page.isLast === true && !page.nextPageToken)) {
      context.addIssue({ code: 'custom', path: ['issues'], message: 'missing, and the page is not marked the last (isLast: true)' });
    }
  })
  .transform(({ issues, ...page }) => ({ ...page, issues: issues ?? [] }));

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
  const fieldsReady = resolveSiteFields(source, client, sink.context.onPayload);
  fieldsReady.catch(fail);
  // Only the request holds a slot: validation and mapping run while the next requests are in flight.
  const inSlot = (send: () => Promise<unknown>) => limit(() => (failure === null ? send() : Promise.resolve(null)));
  let vanished = 0;
  const schedule = (ids: string[]) => {
    const batch = (async () => {
      const { fields } = await fieldsReady;
      sink.fields = fields;
      vanished += await fetchBatch(source, client, ids, requestedFields(fields), sink, inSlot);
    })();
    batches.push(batch.catch(fail));
  };

  const request = 'GET /rest/api/3/search/jql';
  const seen = new Set<string>();
  let pending: string[] = [];
  let token: string | undefined;
  const tokens = new Set<string>();
  /** The page before said isLast: true, yet gave a nextPageToken. */
  let saidLast = false;
  try {
    for (let pageNumber = 1; ; pageNumber++) {
      const name = `${request} (page ${pageNumber})`;
      const page = validate(source.name, name, idPageSchema, await client.searchJql({ jql, maxResults: pageNumber === 1 ? firstIdPageSize(source.concurrency) : ID_PAGE_SIZE, ...(token ? { nextPageToken: token } : {}) }), 'an enhanced search response');
      const before = seen.size;
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
      // The token decides: Atlassian leaves it out on the last page ("If this result represents the last
      // or the only page this token will be null"), so a token means more, whatever isLast says (it has
      // been wrong); stopping at isLast would pass the rest as if the backlog ended there.
      token = page.nextPageToken ?? undefined;
      if (!token) break;
      const fault = (what: string) => new BacklintError('source', `Source ${source.name}: ${name} ${what}; the search would never end, so the selection cannot be known complete.`);
      // A page that adds nothing yet announces another one (the same ids under a new token, or empty
      // pages forever) is a server going round in circles: stopping there would pass a partial list.
      // After a page that said it was the last, though, an empty page confirms it.
      if (seen.size === before && saidLast && page.issues.length === 0) break;
      if (tokens.has(token)) throw fault('returned a nextPageToken it had returned before');
      if (seen.size === before) throw fault(page.issues.length === 0 ? 'returned no issues but another nextPageToken' : 'returned only issues of earlier pages, with another nextPageToken');
      saidLast = page.isLast === true;
      if (seen.size > MAX_ISSUES) throw fault(`has listed more than ${MAX_ISSUES.toLocaleString('en-US')} issues, more than backlint fetches from one source (narrow the JQL)`);
      if (pageNumber >= MAX_ID_PAGES) throw fault(`is still announcing pages after ${MAX_ID_PAGES.toLocaleString('en-US')} of them`);
      tokens.add(token);
    }
    if (pending.length > 0 && failure === null) schedule(pending);
    sink.total = seen.size;
  } catch (error) {
    fail(error);
  }
  await Promise.all(batches);
  if (failure !== null) throw failure;
  // Every id listed came back from a bulk fetch (or is gone, as a search confirmed), each as its own item
  // (a key answered for two ids would merge them).
  if (sink.size + vanished !== seen.size) {
    throw new BacklintError('source', `Source ${source.name}: POST /rest/api/3/issue/bulkfetch answered ${sink.size} distinct issues for the ${seen.size} ids the search listed${vanished > 0 ? ` (${vanished} of them gone since)` : ''}.`);
  }
  if (vanished > 0) sink.notices.push(goneNotice(source.name, vanished, 'issue', 'or can no longer be seen (deleted, moved or hidden meanwhile)'));
  return (await fieldsReady).fields;
}

/**
 * One bulk fetch of up to 100 ids, checked against what was asked: every issue answered must be one asked
 * for, once; every id asked must come back or be listed in issueErrors. issueErrors are issues Jira could
 * not return this time ("a retriable error or payload constraint"): they are asked again, up to maxTries.
 * An id that is neither answered nor listed is asked again once. Missing twice, it is gone only if the
 * search no longer finds it either (Jira leaves out issues deleted or hidden since the search, and says
 * so nowhere else); one the search still finds makes the fetch incomplete, and it fails (a cut answer).
 * Returns how many ids were gone.
 */
async function fetchBatch(source: JiraSourceConfig, client: JiraClient, ids: string[], fields: string[], sink: ItemSink, send: (request: () => Promise<unknown>) => Promise<unknown>): Promise<number> {
  const request = 'POST /rest/api/3/issue/bulkfetch';
  const where = (what: string) => new BacklintError('source', `Source ${source.name}: ${request} ${what}.`);
  const sample = (list: string[]) => `${list.slice(0, 5).join(', ')}${list.length > 5 ? ', …' : ''}`;
  let wanted = ids;
  let silentlyMissed = false;
  let gone = 0;
  for (let attempt = 1; ; attempt++) {
    const asked = new Set(wanted);
    const raw = await send(() => client.bulkFetch(wanted, fields));
    if (raw === null) return gone; // another batch failed: the fetch stops
    const body = validate(source.name, request, bulkSchema, raw, 'a bulk fetch response');
    const answered = new Set<string>();
    await sink.add(body.issues, request, ['issues'], (returned) => {
      for (const id of returned) {
        if (!asked.has(id)) throw where(`answered issue ${id}, which was not asked for (asked for ${wanted.length} ids: ${sample(wanted)})`);
        if (answered.has(id)) throw where(`answered issue ${id} twice in one answer`);
        answered.add(id);
      }
    });
    sink.context.onPayload?.({ kind: 'issues', body: raw });
    const errored = [...new Set(body.issueErrors.map((entry) => entry.id).filter((id): id is string => id !== undefined && asked.has(id) && !answered.has(id)))];
    const listed = new Set(errored);
    let missing = wanted.filter((id) => !answered.has(id) && !listed.has(id));
    if (missing.length > 0 && silentlyMissed) {
      const found = await stillFound(source.name, client, missing, send);
      if (found === null) return gone;
      if (found.length > 0) {
        throw where(
          `left ${found.length} of the ${wanted.length} issues asked out of its answer twice, without listing them in issueErrors, though the search still finds them (${sample(found)}): the fetch is incomplete`,
        );
      }
      gone += missing.length;
      missing = [];
    }
    if (errored.length === 0 && missing.length === 0) return gone;
    if (missing.length > 0) silentlyMissed = true;
    if (errored.length > 0 && attempt >= source.maxTries) {
      const messages = body.issueErrors.filter((entry) => entry.id !== undefined && listed.has(entry.id)).slice(0, 3).map((entry) => `${entry.id}: ${entry.errorMessage ?? 'no message'}`);
      throw where(`could not return ${errored.length} issues after ${attempt} tries (${messages.join('; ')})`);
    }
    wanted = [...errored, ...missing];
  }
}

/** Of these ids, those the search still finds (ids only, one page: at most 100 ids); null when the fetch stopped meanwhile. */
async function stillFound(sourceName: string, client: JiraClient, ids: string[], send: (request: () => Promise<unknown>) => Promise<unknown>): Promise<string[] | null> {
  const raw = await send(() => client.searchJql({ jql: `id in (${ids.join(', ')})`, maxResults: ids.length }));
  if (raw === null) return null;
  const page = validate(sourceName, 'GET /rest/api/3/search/jql (the ids left out of a bulk fetch)', idPageSchema, raw, 'an enhanced search response');
  const asked = new Set(ids);
  return [...new Set(page.issues.map((issue) => issue.id).filter((id) => asked.has(id)))];
}

const dcPageSchema = z.looseObject({
  startAt: z.number().int().min(0).optional(),
  maxResults: z.number().int().min(0).optional(),
  total: z.number().int().min(0),
  issues: z.array(z.unknown()),
});

async function fetchDataCenter(source: JiraSourceConfig, client: JiraClient, jql: string, sink: ItemSink): Promise<ResolvedJiraFields> {
  const { fields } = await resolveSiteFields(source, client, sink.context.onPayload);
  sink.fields = fields;
  const wanted = requestedFields(fields);
  const request = 'GET /rest/api/2/search';
  const seen = new Set<string>();
  let total: number | null = null;
  const page = async (startAt: number, maxResults: number) => {
    const name = `${request} (startAt=${startAt})`;
    const fault = (what: string) => new BacklintError('source', `Source ${source.name}: ${name} ${what}.`);
    const raw = await client.searchPage({ jql, startAt, maxResults, fields: wanted });
    const body = validate(source.name, name, dcPageSchema, raw, 'a search response');
    if (body.startAt !== undefined && body.startAt !== startAt) throw fault(`answered the page at startAt=${body.startAt}`);
    if (total !== null && body.total !== total) throw fault(`announced ${body.total} issues where the first page announced ${total}: the selection changed during the fetch; run again`);
    if (body.issues.length > maxResults) throw fault(`answered ${body.issues.length} issues where ${maxResults} were asked`);
    const announced = total ?? body.total;
    if (body.issues.length === 0 && startAt < announced) {
      throw fault(`answered no issues, though the search announced ${announced}: only ${seen.size} arrived, so the fetch is incomplete (the server may have dropped the rest, or the selection shrank meanwhile; run again)`);
    }
    await sink.add(body.issues, name, ['issues'], (ids) => {
      for (const id of ids) {
        if (seen.has(id)) throw fault(`answered issue ${id} again, which an earlier page had: the server ignores startAt, or the selection changed during the fetch; run again`);
        seen.add(id);
      }
    });
    sink.context.onPayload?.({ kind: 'issues', of: String(startAt), body: raw });
    return body;
  };
  const first = await page(0, DC_PAGE_SIZE);
  total = first.total;
  if (total > MAX_ISSUES) {
    throw new BacklintError('source', `Source ${source.name}: ${request} (startAt=0) announced ${total} issues, more than the ${MAX_ISSUES.toLocaleString('en-US')} backlint fetches from one source (narrow the JQL).`);
  }
  sink.total = total;
  // The server may cap the page size below what was asked: its answer says what it used.
  const stride = Math.max(1, Math.min(first.maxResults ?? first.issues.length, DC_PAGE_SIZE) || first.issues.length || 1);

  // Workers take the next page when they are free: at most `concurrency` pages in flight, however many
  // the total announces. A page that comes back short is continued where it stopped; an empty one, or
  // one repeating issues, fails the fetch (see `page`), so every page adds issues and the loop ends.
  let failure: unknown = null;
  let next = first.issues.length;
  const all = total;
  const range = async (start: number, end: number): Promise<void> => {
    for (let at = start; at < end && failure === null; ) {
      const body = await page(at, Math.min(stride, end - at));
      at += body.issues.length;
    }
  };
  const worker = async (): Promise<void> => {
    while (failure === null && next < all) {
      const start = next;
      const end = Math.min(start + stride, all);
      next = end;
      await range(start, end).catch((error: unknown) => {
        failure ??= error;
      });
    }
  };
  await Promise.all(Array.from({ length: source.concurrency }, worker));
  if (failure !== null) throw failure;
  if (seen.size !== total || sink.size !== total) {
    throw new BacklintError('source', `Source ${source.name}: ${request} answered ${sink.size} distinct issues where it announced ${total}: the fetch is incomplete; run again.`);
  }
  return fields;
}
