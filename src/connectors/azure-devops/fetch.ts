// `type: azure-devops` (SPEC §3.2): the live Azure DevOps Boards source, Services and Server. WIQL selects
// ids in windows of at most 20,000; work items batch calls of 200 ids run side by side under p-limit,
// asking only for the fields backlint reads; each batch is mapped as it arrives, with the same mapping
// as the export source, so the same payload gives the same WorkItem whichever way it came.
import pLimit from 'p-limit';
import type { AzureDevOpsSourceConfig, TypesConfig } from '../../config/schema.js';
import { BacklintError } from '../../errors.js';
import type { Kind, SourceInfo, Sprint, StateCategory, WorkItem } from '../../model.js';
import { nearestNames } from '../../suggest.js';
import { iterationCalendar, withIterationSprints } from './iterations.js';
import { AdoClient, BATCH_SIZE, type AdoTypeCategory } from './client.js';
import { StateCategories } from './states.js';
import { resolveAdoFields, type ResolvedAdoFields } from './fields.js';
import { adoWorkItemSchema } from './payload.js';
import { defaultWiql, splitWiql, windowWiql } from './wiql.js';
import { ADO_DEFAULTS, createKindResolver } from '../kinds.js';
import { resolveParentKinds } from '../parents.js';
import { goneNotice, sourceInfoOf, type FetchContext, type SourceResult } from '../types.js';
import { loadOnce, onceUnderWay } from '../adapter.js';
import type { RetryPolicy } from '../retry.js';

/** The work item fields the mapping reads, besides the configured ones. */
const BASE_FIELDS = [
  'System.Id',
  'System.WorkItemType',
  'System.Title',
  'System.State',
  'System.TeamProject',
  'System.Tags',
  'System.Parent',
  'System.AreaPath',
  'System.IterationPath',
  'System.CreatedDate',
  'System.ChangedDate',
  'System.AssignedTo',
  'System.CreatedBy',
  'System.Description',
];

/** Process categories whose types take a kind when the config does not list that kind's types. */
const CATEGORY_KINDS = new Map<string, Exclude<Kind, 'other'>>([
  ['Microsoft.RequirementCategory', 'story'],
  ['Microsoft.EpicCategory', 'epic'],
  ['Microsoft.FeatureCategory', 'roadmap'],
]);

export interface AdoFetchOptions {
  /** Tests: a client with a lower WIQL window or faster retries. */
  client?: AdoClient;
}

export function createAdoClient(source: AzureDevOpsSourceConfig, options: { signal?: AbortSignal; policy?: Partial<RetryPolicy>; maxBodyBytes?: number } = {}): AdoClient {
  return new AdoClient({
    sourceName: source.name,
    orgUrl: source.orgUrl,
    project: source.project,
    team: source.team,
    token: source.auth.token,
    retries: source.maxTries - 1,
    timeoutMs: source.timeoutSeconds * 1000,
    maxWaitMs: source.maxWaitSeconds * 1000,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
  });
}

/** The mapping code, with the text parsers it uses (HTML, Markdown: ~400 KB to compile and run). */
const loadMapping = loadOnce(() => import('./map.js'));

export async function fetchAzureDevOps(source: AzureDevOpsSourceConfig, context: FetchContext, options: AdoFetchOptions = {}): Promise<SourceResult> {
  const client = options.client ?? createAdoClient(source, { signal: context.signal });
  const states = new StateCategories(client, context.onPayload);
  // Fields and process categories load while an explicit WIQL already lists ids; the default WIQL needs
  // each type's states first.
  const setup = Promise.all([client.getFields(), client.getTypeCategories()]).then(([known, categories]) => {
    const fields = resolveLiveFields(source, known);
    context.onPayload?.({ kind: 'fields', body: { count: known.length, value: known } });
    context.onPayload?.({ kind: 'type-categories', body: { count: categories.length, value: categories } });
    return { fields, categories, wanted: fieldsToFetch(fields, known), kindOf: createKindResolver('azure-devops', typesWithCategories(source.types, categories)) };
  });
  setup.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  // The mapping code loads while the first requests are out, not before them.
  onceUnderWay(loadMapping);
  const iterations = context.sprints ? teamIterations(source, client, context.onPayload) : null;
  iterations?.catch(() => undefined);
  const explicit = context.wiql ?? source.wiql;
  const query = explicit ?? defaultWiql(await states.doneStatesOf(visibleTypes((await setup).categories), source.concurrency));
  const split = splitWiql(source.name, query);
  if (explicit !== undefined) {
    // Most items are of these types: their states are known before the first batch maps.
    setup.then(({ categories }) => states.load(visibleTypes(categories))).catch(() => undefined);
  }

  const limit = pLimit(source.concurrency);
  const seen = new Set<number>();
  // Kept for the result only when no one takes the batches as they come (`onItems`).
  const items: WorkItem[] = [];
  let info: SourceInfo | null = null;
  let listed = 0;
  let listing = true;
  // Every id the query lists, for the engine once listing is done (onListed); kept only for it.
  const listedIds = context.onListed ? new Set<number>() : null;
  let vanished = 0;
  const report = () => context.progress.update(source.name, seen.size, listing ? null : listed);

  const fetchBatch = async (ids: number[]) => {
    const { fields, kindOf, wanted } = await setup;
    // Only the request holds a slot: mapping runs while the next requests are in flight.
    const batch = await limit(() => (failed === null && !context.signal.aborted ? client.getBatch(ids, wanted) : Promise.resolve(null)));
    if (batch === null) return;
    const parsed = batch.values.map((raw, index) => {
      if (raw === null || raw === undefined) return null;
      const result = adoWorkItemSchema.safeParse(raw);
      if (!result.success) {
        const issue = result.error.issues[0];
        throw new BacklintError('source', `Source ${source.name}: POST workitemsbatch: Azure DevOps answered malformed data at value[${index}]${issue ? `.${issue.path.join('.')}: ${issue.message}` : ''}.`);
      }
      return result.data;
    });
    // A null is a deleted item only when the ids are gone for WIQL too; else the batch hid items.
    if (batch.missing.length > 0) await limit(() => client.confirmDeleted(ids, batch.missing, batch.what));
    context.onPayload?.({ kind: 'workitems', body: { count: batch.values.length, value: batch.values } });
    await states.load(parsed.flatMap((item) => (item ? [item.fields['System.WorkItemType']] : [])));
    const { mapAdoWorkItem } = await loadMapping();
    // Sprint conditions place each item in the team's iterations, read beside the first requests.
    const calendar = context.onItems && iterations !== null ? await iterations : null;
    const mapped: WorkItem[] = [];
    for (const item of parsed) {
      if (item === null || seen.has(item.id)) continue;
      seen.add(item.id);
      mapped.push(
        mapAdoWorkItem(item, {
          source: source.name,
          orgUrl: source.orgUrl.replace(/\/+$/, ''),
          project: source.project,
          fields,
          kindOf,
          stateCategoryOf: (type, state) => states.categoryOf(type, state),
          where: (path) => `Source ${source.name}: work item ${item.id}, ${path.join('.')}`,
        }),
      );
    }
    if (context.onItems === undefined) items.push(...mapped);
    else if (mapped.length > 0) context.onItems(calendar === null ? mapped : withIterationSprints(mapped, calendar), (info ??= sourceInfoOf(source, fields)));
    // Deleted (or moved out of reach) between the query and this batch: errorPolicy Omit gives null.
    vanished += ids.filter((id) => !seen.has(id)).length;
    report();
  };

  const pending: Promise<void>[] = [];
  let failed: unknown = null;
  try {
    for await (const ids of idWindows(client, split, source)) {
      if (failed !== null) break;
      listed += ids.length;
      if (listedIds !== null) for (const id of ids) listedIds.add(id);
      report();
      for (let at = 0; at < ids.length; at += BATCH_SIZE) {
        // Remember the first failure at once, so that no new request starts; it is rethrown below.
        pending.push(fetchBatch(ids.slice(at, at + BATCH_SIZE)).catch((error: unknown) => void (failed ??= error)));
      }
    }
  } catch (error) {
    failed ??= error; // a failed WIQL window: let the batches under way stop, then report it
  }
  listing = false;
  // A parent not listed (closed, or outside the query) will not come: the engine need not wait for it.
  if (failed === null && listedIds !== null) context.onListed!((key) => /^\d+$/.test(key) && listedIds.has(Number(key)));
  await Promise.all(pending);
  if (failed !== null) throw failed;
  if (context.signal.aborted) throw new BacklintError('source', `Source ${source.name}: stopped (another source failed).`);
  await setup; // an empty selection still checks the mapping
  report();

  items.sort((a, b) => Number(a.id) - Number(b.id));
  const notices = vanished > 0 ? [goneNotice(source.name, vanished, 'work item', '(deleted or moved meanwhile)')] : [];
  const byName = states.judgedByName(source.project);
  if (byName !== null) notices.push(`Source ${source.name}: ${byName}`);
  const calendar = iterations === null ? null : await iterations;
  const withSprints = calendar === null ? items : withIterationSprints(items, calendar);
  return { info: sourceInfoOf(source, (await setup).fields), items: resolveParentKinds(withSprints), fetched: seen.size, notices, ...(calendar === null ? {} : { sprints: [...calendar.values()] }) };
}

/**
 * Windows of ids in id order: `[System.Id] > last`, `$top`, until a window comes back empty. Each
 * window must be what it asked for, ids ascending past `last` with none twice: a server that ignores
 * the window could otherwise repeat a window forever or skip ids unseen.
 */
/** The team's iterations by path (lower case), for sprint conditions; "current" and "next" come from their dates. */
async function teamIterations(source: AzureDevOpsSourceConfig, client: AdoClient, onPayload: FetchContext['onPayload']): Promise<Map<string, Sprint>> {
  if (source.team === undefined) {
    throw new BacklintError('config', `Source ${source.name}: sprint conditions need the team whose iterations (sprints and their dates) to read: set team: in the source's config.`);
  }
  const iterations = await client.getTeamIterations(source.team);
  // Saved in the response's own shape, as iterationsFile reads it.
  const value = iterations.map(({ id, name, path, start, end }) => ({ ...(id === null ? {} : { id }), name, path, attributes: { startDate: start, finishDate: end } }));
  onPayload?.({ kind: 'iterations', of: source.team, body: { count: value.length, value } });
  return iterationCalendar(iterations, source.team);
}

async function* idWindows(client: AdoClient, split: ReturnType<typeof splitWiql>, source: AzureDevOpsSourceConfig): AsyncGenerator<number[]> {
  let last = 0;
  // The first window holds only the ids of the first round of batches (concurrency × 200): they leave as
  // soon as it is read, rather than after 20,000 ids are (~35 ms), and the next window comes while they are out.
  let first = true;
  for (;;) {
    const top = first ? Math.min(client.windowSize, source.concurrency * BATCH_SIZE) : client.windowSize;
    let ids: number[];
    try {
      ids = await client.queryIds(windowWiql(split, last), top);
    } catch (error) {
      // VS402337: this server caps results below our window (or will not cut at $top): smaller windows.
      const cap = tooManyResults(error);
      if (cap !== null && top > 1) {
        client.windowSize = cap > 0 && cap < top ? cap : Math.floor(top / 2);
        continue;
      }
      throw error;
    }
    let previous = last;
    for (const id of ids) {
      if (id <= previous) {
        const problem = id <= last ? `work item ${id} is not after ${last}` : `work item ${id} comes after ${previous}, out of id order or twice`;
        throw new BacklintError('source', `Source ${source.name}: POST ${source.project}/_apis/wit/wiql (the ids after ${last}): Azure DevOps answered a window it was not asked for: ${problem}; nothing is reported from a partial fetch.`);
      }
      previous = id;
    }
    // Done only when a window comes back empty: a server that cuts results short without VS402337
    // must not cut the selection short. The last query overlaps the batches, so it costs no time.
    if (ids.length === 0) return;
    first = false;
    yield ids;
    last = previous;
  }
}

function tooManyResults(error: unknown): number | null {
  if (!(error instanceof BacklintError) || !/VS402337/.test(error.message)) return null;
  const size = /size limit of (\d+)/i.exec(error.message);
  return size ? Number(size[1]) : 0;
}

/** Field references resolved against the organization's /fields; a mapped field it lacks is a config error. */
export function resolveLiveFields(source: AzureDevOpsSourceConfig, known: { name: string; referenceName: string; isIdentity?: boolean }[]): ResolvedAdoFields {
  const fields = resolveAdoFields(source.name, source.fields, known, new Set());
  const exists = new Set(known.map((field) => field.referenceName.toLowerCase()));
  for (const key of ['productOwner', 'productManager', 'acceptanceCriteria', 'team', 'iteration'] as const) {
    const value = source.fields[key];
    if (value === undefined) continue;
    const resolved = fields[key];
    const references = typeof resolved === 'string' ? [resolved] : resolved;
    (typeof value === 'string' ? [value] : value).forEach((wanted, index) => {
      const reference = references[index];
      if (reference === undefined || exists.has(reference.toLowerCase())) return;
      const candidates = key === 'productOwner' || key === 'productManager' ? known.filter((field) => field.isIdentity) : known;
      const suggestions = nearestNames(wanted, candidates.flatMap((field) => [field.referenceName, field.name]));
      const hint = suggestions.length > 0 ? ` The nearest ${candidates === known ? '' : 'identity '}fields it has: ${suggestions.map((s) => `'${s}'`).join(', ')}.` : '';
      throw new BacklintError('config', `Source ${source.name}: fields.${key}: the organization has no field '${wanted}'.${hint}`);
    });
  }
  return fields;
}

function fieldsToFetch(fields: ResolvedAdoFields, known: { referenceName: string }[]): string[] {
  const exists = new Map(known.map((field) => [field.referenceName.toLowerCase(), field.referenceName]));
  const wanted = [...BASE_FIELDS, ...fields.acceptanceCriteria, ...fields.productOwner, ...fields.productManager, ...fields.team, fields.iteration];
  const out = new Set<string>();
  for (const reference of wanted) {
    // A field the organization lacks (System.Parent on older Servers) would fail the whole batch.
    const found = reference ? exists.get(reference.toLowerCase()) : undefined;
    if (found) out.add(found);
  }
  return [...out];
}

/** Kinds the config does not list take the default names plus the types of the process's categories. */
export function typesWithCategories(config: TypesConfig, categories: readonly AdoTypeCategory[]): TypesConfig {
  const types: TypesConfig = { ...config };
  for (const kind of ['story', 'epic', 'roadmap'] as const) {
    if (config[kind]) continue;
    const fromCategories = categories.filter((category) => CATEGORY_KINDS.get(category.referenceName) === kind).flatMap((category) => category.workItemTypes);
    types[kind] = [...new Set([...ADO_DEFAULTS[kind], ...fromCategories])];
  }
  return types;
}

/** The process's work item types, except its hidden ones (Microsoft.HiddenCategory: test cases, code reviews, …). */
export function visibleTypes(categories: readonly AdoTypeCategory[]): string[] {
  return [...new Set(categories.filter((category) => category.referenceName !== 'Microsoft.HiddenCategory').flatMap((category) => category.workItemTypes))].sort();
}

