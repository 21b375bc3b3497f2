// The one module that talks to azure-devops-node-api (SPEC §3.2): everything else in backlint sees plain
// data and BacklintErrors. Why it wraps the client's response processing:
// - the client resolves a 404 to `null`, a body that is not JSON to `null` and a 203 (the sign-in page a
//   bad PAT gets) to `null` too: here they become errors that say what was asked and what to check;
// - rate-limit headers on successful responses (X-RateLimit-Remaining, Retry-After on a 200) slow the
//   whole source before the server starts answering 429 TF400733;
// - its own retries are off (they ignore Retry-After and skip POSTs): every request goes through
//   retry.ts instead, with one SourceGate per source;
// - it follows redirects to any host and its PAT handler compares host names without the port: here no
//   redirect is followed and no request leaves orgUrl's origin, so the PAT goes nowhere else;
// - it bounds neither the time of a whole answer nor its size: http.ts does (a Deadline per request,
//   a body size cap).
import type { IncomingMessage } from 'node:http';
import { WebApi, getPersonalAccessTokenHandler } from 'azure-devops-node-api';
import { WorkItemTrackingApi, type IWorkItemTrackingApi } from 'azure-devops-node-api/WorkItemTrackingApi.js';
import type { ICoreApi } from 'azure-devops-node-api/CoreApi.js';
import type { IWorkApi } from 'azure-devops-node-api/WorkApi.js';
import { ClientApiBase } from 'azure-devops-node-api/ClientApiBases.js';
import { BacklintError } from '../../errors.js';
import { redactSecrets } from '../../redact.js';
import { cutAt } from '../../shorten.js';
import {
  DEFAULT_RETRY_POLICY,
  MAX_HEADER_PAUSE_MS,
  SourceGate,
  TRANSIENT_STATUSES,
  header,
  isNetworkFailure,
  parseDelaySeconds,
  parseRateLimitReset,
  parseRetryAfter,
  readBudget,
  tooLongWait,
  withRetry,
  type Classified,
  type Headers,
  type RetryPolicy,
} from '../retry.js';
import { MAX_BODY_BYTES } from '../../bytes.js';
import { AdoBodyTooLargeError, AdoDeadline, AdoTimeoutError, decodeBody, isUtf8Body, readBodyWithin } from './http.js';
import { readObjectInPieces } from '../read-json.js';
import type { Deadline } from '../deadline.js';

export interface AdoClientOptions {
  sourceName: string;
  orgUrl: string;
  project: string;
  team?: string | undefined;
  token: string;
  /** Tries after the first. */
  retries: number;
  /** The whole answer of one request, body included, must arrive within it. */
  timeoutMs: number;
  /** The largest body read (default MAX_BODY_BYTES). */
  maxBodyBytes?: number;
  /** The longest wait a server may ask for; see RetryPolicy.maxWaitMs. */
  maxWaitMs?: number;
  signal?: AbortSignal;
  policy?: Partial<RetryPolicy>;
}

export interface AdoTypeCategory {
  referenceName: string;
  name: string;
  workItemTypes: string[];
}

export interface AdoState {
  name: string;
  category: string;
}

/** A response the client would have hidden: what happened, for a person. */
export class AdoResponseError extends Error {
  constructor(
    readonly kind: 'auth' | 'not-found' | 'malformed' | 'redirect',
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A 404 after the client's tries: what was asked for is not there. A caller for whom absence is an answer
 * (a type the process no longer has, a server without a route) tells it by its class, not its text.
 */
export class AdoNotFoundError extends BacklintError {}

/** WIQL answers at most this many ids (VS402337); larger selections are read in id windows. */
export const WIQL_RESULT_CAP = 20_000;
export const BATCH_SIZE = 200;
/** Responses in the second before a 429 needed to learn a rate from it. */
const MIN_SAMPLE = 8;

interface RestLike {
  client: HttpClientLike;
  /** typed-rest-client's options: with either of these, its JSON.parse is more than a parse. */
  processResponse(res: HttpResponseLike, options: { deserializeDates?: boolean; responseProcessor?: unknown } | undefined): Promise<unknown>;
}
interface HttpClientLike {
  requestRaw(info: RequestInfoLike, data: unknown): Promise<HttpResponseLike>;
}
interface RequestInfoLike {
  parsedUrl: URL;
  options: { method?: string; headers?: Record<string, unknown>; signal?: AbortSignal };
}
interface HttpResponseLike {
  message: IncomingMessage;
  readBody(): Promise<string>;
}

export class AdoClient {
  readonly gate = new SourceGate();
  private readonly policy: RetryPolicy;
  private readonly connection: WebApi;
  /** Each client of the package, made once (and made again after a failure), by area. */
  private readonly apis = new Map<string, Promise<unknown>>();
  private ims: Promise<IdentitiesApi> | null = null;
  private witArea: Promise<string> | null = null;
  /** The only origin requests go to (the PAT with them): orgUrl's. */
  private readonly origin: string;
  /** Each response's deadline, started when its request was sent. */
  private readonly deadlines = new WeakMap<object, Deadline>();
  /** Requests sent so far; each response knows its request's number, to tell which were sent after it. */
  private sent = 0;
  private readonly sentAs = new WeakMap<object, number>();
  /** When the first request was sent, and how many the server has served since (location discovery included). */
  private firstSentAt: number | null = null;
  private servedCount = 0;
  /** When responses were served in the last seconds, to learn a limit from a 429 that says nothing of it. */
  private readonly served: number[] = [];

  /** Ids per WIQL window; lowered when a server caps results lower than Azure DevOps does. */
  windowSize = WIQL_RESULT_CAP;

  constructor(private readonly options: AdoClientOptions) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...(options.maxWaitMs === undefined ? {} : { maxWaitMs: options.maxWaitMs }), ...options.policy, maxTries: options.retries + 1 };
    const orgUrl = options.orgUrl.replace(/\/+$/, '');
    this.origin = new URL(orgUrl).origin;
    this.connection = new WebApi(orgUrl, getPersonalAccessTokenHandler(options.token, false), {
      socketTimeout: options.timeoutMs,
      allowRetries: false,
      allowRedirects: false,
      keepAlive: true,
    });
    this.guard(this.connection.rest as unknown as RestLike);
    // Resource area discovery (Services) runs through a LocationsApi the connection makes on demand.
    const getLocationsApi = this.connection.getLocationsApi.bind(this.connection);
    this.connection.getLocationsApi = async (...args) => {
      const api = await getLocationsApi(...args);
      this.guard(api.rest as unknown as RestLike);
      return api;
    };
  }

  /** GET _apis/connectionData: the server answers and the PAT is valid (any scope). */
  async connect(): Promise<{ user: string | null }> {
    const data = await this.run('GET _apis/connectionData', () => this.connection.connect());
    if (data === null || data === undefined) throw this.malformed('GET _apis/connectionData', 'no connection data');
    const user = data.authenticatedUser?.providerDisplayName ?? data.authenticatedUser?.customDisplayName ?? null;
    return { user };
  }

  /** The fields of the project, or of the whole organization (collection). */
  async getFields(scope: 'project' | 'organization' = 'project'): Promise<{ name: string; referenceName: string; type?: string; isIdentity?: boolean }[]> {
    const project = scope === 'project' ? this.options.project : undefined;
    const what = `GET ${project ? `${project}/` : ''}_apis/wit/fields`;
    const fields = await this.witCall(what, (api) => api.getFields(project));
    if (!Array.isArray(fields)) throw this.malformed(what, 'expected a list of fields');
    return fields.map((field, index) => {
      if (typeof field?.referenceName !== 'string' || typeof field.name !== 'string') throw this.malformed(what, `value[${index}] has no name / referenceName`);
      return { name: field.name, referenceName: field.referenceName, ...(field.isIdentity === undefined ? {} : { isIdentity: field.isIdentity }) };
    });
  }

  async getTypeCategories(): Promise<AdoTypeCategory[]> {
    const what = `GET ${this.options.project}/_apis/wit/workitemtypecategories`;
    const categories = await this.witCall(what, (api) => api.getWorkItemTypeCategories(this.options.project));
    if (!Array.isArray(categories)) throw this.malformed(what, 'expected a list of categories');
    return categories.map((category) => ({
      referenceName: category.referenceName ?? '',
      name: category.name ?? '',
      workItemTypes: (category.workItemTypes ?? []).map((type) => type.name ?? '').filter(Boolean),
    }));
  }

  /**
   * GET workitemtypes: each type's states where the answer lists them (WorkItemType.states), by type name
   * in lower case; a type whose states are not listed, or not as a name and a category each, is left out
   * (its states are asked of getTypeStates).
   */
  async getListedTypeStates(): Promise<Map<string, AdoState[]>> {
    const what = `GET ${this.options.project}/_apis/wit/workitemtypes`;
    const types = await this.witCall(what, (api) => api.getWorkItemTypes(this.options.project));
    const listed = new Map<string, AdoState[]>();
    for (const type of Array.isArray(types) ? types : []) {
      const states: unknown = type?.states;
      if (typeof type?.name !== 'string' || !Array.isArray(states) || states.length === 0) continue;
      if (!states.every((state: { name?: unknown; category?: unknown } | null) => typeof state?.name === 'string' && typeof state.category === 'string')) continue;
      listed.set(type.name.toLowerCase(), (states as AdoState[]).map((state) => ({ name: state.name, category: state.category })));
    }
    return listed;
  }

  async getTypeStates(type: string): Promise<AdoState[]> {
    const what = `GET ${this.options.project}/_apis/wit/workitemtypes/${type}/states`;
    const states = await this.witCall(what, (api) => api.getWorkItemTypeStates(this.options.project, type));
    if (!Array.isArray(states)) throw this.malformed(what, 'expected a list of states');
    return states.map((state, index) => {
      if (typeof state?.name !== 'string' || typeof state.category !== 'string') throw this.malformed(what, `value[${index}] has no name / category`);
      return { name: state.name, category: state.category };
    });
  }

  /** POST wiql: the ids of one query (a flat query, FROM WorkItems). */
  async queryIds(query: string, top?: number): Promise<number[]> {
    const what = `POST ${this.options.project}/_apis/wit/wiql`;
    const teamContext = { project: this.options.project, ...(this.options.team ? { team: this.options.team } : {}) };
    const result = await this.witCall(what, (api) => api.queryByWiql({ query }, teamContext, undefined, top));
    if (!result || typeof result !== 'object') throw this.malformed(what, 'no query result');
    if (!Array.isArray(result.workItems)) {
      if (Array.isArray(result.workItemRelations)) {
        throw new BacklintError('config', `Source ${this.options.sourceName}: the WIQL is a link query (FROM WorkItemLinks); backlint needs a flat query: SELECT [System.Id] FROM WorkItems WHERE …`);
      }
      throw this.malformed(what, 'workItems is missing');
    }
    return result.workItems.map((ref, index) => {
      if (!Number.isInteger(ref?.id)) throw this.malformed(what, `workItems[${index}].id is not an integer`);
      return ref.id!;
    });
  }

  /**
   * POST workitemsbatch with errorPolicy Omit: an item deleted since the query comes back null, in its
   * place. The answer is checked against the ids asked: one value per id, no id twice, none not asked
   * for; the ids answered null are `missing` (deleted only if `confirmDeleted` says so).
   */
  async getBatch(ids: readonly number[], fields: readonly string[]): Promise<{ values: unknown[]; missing: number[]; what: string }> {
    const what = batchRequest(this.options.project, ids);
    // errorPolicy as Microsoft documents WorkItemErrorPolicy: the string "omit" (the service takes the
    // client's enum number, 2, too; a server built from the documentation may take only the name).
    const request = { ids: [...ids], fields: [...fields], errorPolicy: 'omit' as unknown as 2 };
    const result = await this.witCall(what, (api) => api.getWorkItemsBatch(request, this.options.project));
    if (!Array.isArray(result)) throw this.malformed(what, 'expected { count, value: [...] }');
    const asked = new Set(ids);
    const answered = new Set<number>();
    result.forEach((raw: unknown, index) => {
      if (raw === null || raw === undefined) return;
      const id = (raw as { id?: unknown }).id;
      if (typeof id !== 'number' || !Number.isInteger(id)) return; // the payload check names it
      if (!asked.has(id)) throw this.incomplete(what, `value[${index}] is work item ${id}, which was not asked for`);
      if (answered.has(id)) throw this.incomplete(what, `work item ${id} comes twice`);
      answered.add(id);
    });
    if (result.length !== ids.length) {
      throw this.incomplete(what, `${result.length} values for ${ids.length} ids asked (${ids.length - answered.size} work items neither returned nor answered null)`);
    }
    return { values: result, missing: ids.filter((id) => !answered.has(id)), what };
  }

  /**
   * A batch's nulls are deleted items only when a WIQL for the batch's ids lists none of them. The WIQL
   * asks for the ids the batch did return too: those exist, so an answer without them is partial itself
   * and confirms nothing (an item deleted between the two calls then fails the run: the safe side). Not
   * limited to the project: an item that exists where this PAT can see it is not deleted, and a batch
   * that hides it is incomplete.
   */
  async confirmDeleted(ids: readonly number[], missing: readonly number[], what: string): Promise<void> {
    if (missing.length === 0) return;
    const found = await this.queryIds(`SELECT [System.Id] FROM WorkItems WHERE [System.Id] IN (${ids.join(', ')}) ORDER BY [System.Id]`);
    const asked = new Set(ids);
    const stray = found.find((id) => !asked.has(id));
    if (stray !== undefined) throw this.malformed(`POST ${this.options.project}/_apis/wit/wiql (${ids.length} ids from ${ids[0]})`, `work item ${stray} was not asked for`);
    const listed = new Set(found);
    const existing = missing.filter((id) => listed.has(id));
    if (existing.length > 0) {
      const one = existing.length === 1;
      throw this.incomplete(what, `null for ${existing.length} work item${one ? '' : 's'} that still exist${one ? 's' : ''} (${listIds(existing)})`);
    }
    const returned = ids.length - missing.length;
    const confirmed = ids.filter((id) => listed.has(id)).length;
    if (confirmed < returned) {
      throw this.incomplete(what, `null for ${missing.length} work item${missing.length === 1 ? '' : 's'}, and the WIQL asked to confirm ${missing.length === 1 ? 'it is' : 'they are'} deleted is partial too (it lists ${confirmed} of the ${returned} work items the batch returned)`);
    }
  }

  private incomplete(what: string, detail: string): BacklintError {
    return new BacklintError('source', `Source ${this.options.sourceName}: ${what}: Azure DevOps answered an incomplete batch: ${detail}; nothing is reported from a partial fetch.`);
  }

  // ── Where ownership lives (issue 10: discovery and roster people) ──────────────────────────────────────
  /** GET _apis/projects/{project}/teams, every page ($top/$skip). */
  async getTeams(): Promise<{ id: string; name: string }[]> {
    const what = `GET _apis/projects/${this.options.project}/teams`;
    const teams: { id: string; name: string }[] = [];
    for (let skip = 0, pages = 0; pages < MAX_TEAM_PAGES; pages++) {
      const page = await this.run(what, async () => (await this.coreApi()).getTeams(this.options.project, undefined, TEAM_PAGE, skip));
      if (!Array.isArray(page)) throw this.malformed(what, 'expected { count, value: [...] }');
      page.forEach((team, index) => {
        if (typeof team?.id !== 'string' || typeof team.name !== 'string') throw this.malformed(what, `value[${index}] has no id / name`);
        teams.push({ id: team.id, name: team.name });
      });
      if (page.length < TEAM_PAGE) return teams;
      skip += page.length;
    }
    throw this.malformed(what, `more than ${MAX_TEAM_PAGES * TEAM_PAGE} teams`);
  }

  /** GET _apis/projects/{project}/teams/{team}/members, every page: who is in the team and who administers it. */
  async getTeamMembers(team: { id: string; name: string }): Promise<{ isTeamAdmin: boolean; id: string; displayName: string; uniqueName: string | null; inactive: boolean }[]> {
    const what = `GET _apis/projects/${this.options.project}/teams/${team.name}/members`;
    const members: { isTeamAdmin: boolean; id: string; displayName: string; uniqueName: string | null; inactive: boolean }[] = [];
    for (let skip = 0, pages = 0; pages < MAX_TEAM_PAGES; pages++) {
      const page = await this.run(what, async () => (await this.coreApi()).getTeamMembersWithExtendedProperties(this.options.project, team.id, TEAM_PAGE, skip));
      if (!Array.isArray(page)) throw this.malformed(what, 'expected { count, value: [...] }');
      page.forEach((member, index) => {
        const identity = member?.identity;
        if (typeof identity?.id !== 'string' || typeof identity.displayName !== 'string') throw this.malformed(what, `value[${index}].identity has no id / displayName`);
        members.push({ isTeamAdmin: member.isTeamAdmin === true, id: identity.id, displayName: identity.displayName, uniqueName: identity.uniqueName ?? null, inactive: identity.inactive === true });
      });
      if (page.length < TEAM_PAGE) return members;
      skip += page.length;
    }
    throw this.malformed(what, `more than ${MAX_TEAM_PAGES * TEAM_PAGE} members`);
  }

  /** GET {project}/{team}/_apis/work/teamsettings/teamfieldvalues: the team's field (usually the area path) and its values. */
  async getTeamFieldValues(team: { id: string; name: string }): Promise<{ field: string; defaultValue: string | null; values: { value: string; includeChildren: boolean }[] }> {
    const what = `GET ${this.options.project}/${team.name}/_apis/work/teamsettings/teamfieldvalues`;
    const result = await this.run(what, async () => (await this.workApi()).getTeamFieldValues({ project: this.options.project, team: team.id }));
    if (!result || typeof result !== 'object' || !Array.isArray(result.values)) throw this.malformed(what, 'values is missing');
    return {
      field: result.field?.referenceName ?? 'System.AreaPath',
      defaultValue: result.defaultValue ?? null,
      values: result.values.map((entry, index) => {
        if (typeof entry?.value !== 'string') throw this.malformed(what, `values[${index}].value is not a string`);
        return { value: entry.value, includeChildren: entry.includeChildren === true };
      }),
    };
  }

  /** GET {project}/{team}/_apis/work/teamsettings/iterations: the team's iterations with their dates (SPEC §5 sprint conditions). */
  async getTeamIterations(team: string): Promise<{ id: string | null; name: string; path: string; start: string | null; end: string | null }[]> {
    const what = `GET ${this.options.project}/${team}/_apis/work/teamsettings/iterations`;
    const result = await this.run(what, async () => (await this.workApi()).getTeamIterations({ project: this.options.project, team }));
    if (result === null) throw new BacklintError('config', `Source ${this.options.sourceName}: ${what} found no team ${team} in project ${this.options.project}: check team in the source's config.`);
    if (!Array.isArray(result)) throw this.malformed(what, 'the iterations list is missing');
    const iso = (value: unknown): string | null => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : typeof value === 'string' && value !== '' ? value : null);
    return result.map((entry, index) => {
      if (typeof entry?.path !== 'string' || typeof entry.name !== 'string') throw this.malformed(what, `value[${index}].path or .name is not a string`);
      return { id: entry.id ?? null, name: entry.name, path: entry.path, start: iso(entry.attributes?.startDate), end: iso(entry.attributes?.finishDate) };
    });
  }

  /**
   * GET _apis/identities?searchFilter=General&filterValue=…&queryMembership=None. On Services the identity
   * service has its own host (vssps.dev.azure.com/{org}), found as the IMS resource area; the PAT goes
   * there and nowhere else (see identityOrigin).
   */
  async searchIdentities(filterValue: string): Promise<{ id: string; displayName: string; account: string | null; mail: string | null; active: boolean }[]> {
    const what = `GET _apis/identities?searchFilter=General&filterValue=${filterValue}`;
    const found = await this.run(what, async () => (await this.identitiesApi()).readIdentities('General', filterValue));
    if (!Array.isArray(found)) throw this.malformed(what, 'expected { count, value: [...] }');
    return found.flatMap((identity: IdentityLike, index) => {
      if (identity === null || typeof identity !== 'object' || typeof identity.id !== 'string') throw this.malformed(what, `value[${index}] has no id`);
      if (identity.isContainer === true) return []; // a group
      const property = (name: string) => {
        const value = identity.properties?.[name]?.$value;
        return typeof value === 'string' && value !== '' ? value : null;
      };
      return [{ id: identity.id, displayName: identity.customDisplayName ?? identity.providerDisplayName ?? identity.id, account: property('Account'), mail: property('Mail'), active: identity.isActive !== false }];
    });
  }

  // ── Write-back (SPEC §13, backlint annotate) ─────────────────────────────────────────────────────────
  /** The identity the PAT acts as (connectionData's authenticatedUser): the author of backlint's comments. */
  async identityId(): Promise<string> {
    const data = await this.run('GET _apis/connectionData', () => this.connection.connect());
    const id = data?.authenticatedUser?.id;
    if (typeof id !== 'string' || id === '') throw this.malformed('GET _apis/connectionData', 'authenticatedUser.id is missing');
    return id;
  }

  /** GET {project}/_apis/wit/workItems/{id}/comments, one page (continuationToken). */
  async getComments(workItemId: number, continuationToken?: string): Promise<{ comments: { id: number; text: string; authorId: string | null }[]; continuationToken: string | null }> {
    const what = `GET ${this.options.project}/_apis/wit/workItems/${workItemId}/comments`;
    const list = await this.run(what, async () => (await this.locatedWitApi()).getComments(this.options.project, workItemId, 200, continuationToken));
    if (!list || !Array.isArray(list.comments)) throw this.malformed(what, 'comments is missing');
    return {
      comments: list.comments.map((comment, index) => {
        const id = commentIdOf(comment);
        if (id === null) throw this.malformed(what, `comments[${index}].id is not an integer`);
        return { id, text: typeof comment.text === 'string' ? comment.text : '', authorId: comment.createdBy?.id ?? null };
      }),
      continuationToken: typeof list.continuationToken === 'string' && list.continuationToken !== '' ? list.continuationToken : null,
    };
  }

  /**
   * POST {project}/_apis/wit/workItems/{id}/comments `{ text }` (HTML): sent once but for 429s; after a
   * failure that may have reached the service, UncertainWrite (writeOnce looks first).
   */
  async addComment(workItemId: number, text: string): Promise<number> {
    const what = `POST ${this.options.project}/_apis/wit/workItems/${workItemId}/comments`;
    const comment = await this.run(what, async () => (await this.locatedWitApi()).addComment({ text }, this.options.project, workItemId), { once: true });
    const id = commentIdOf(comment);
    if (id === null) throw this.malformed(what, 'the new comment has no id');
    return id;
  }

  /** PATCH {project}/_apis/wit/workItems/{id}/comments/{commentId} `{ text }`. */
  async updateComment(workItemId: number, commentId: number, text: string): Promise<void> {
    const what = `PATCH ${this.options.project}/_apis/wit/workItems/${workItemId}/comments/${commentId}`;
    await this.run(what, async () => (await this.locatedWitApi()).updateComment({ text }, this.options.project, workItemId, commentId));
  }

  /** GET {project}/_apis/wit/workitems/{id}?fields=System.Tags: the item's tags as they are now, and the revision they are at. */
  async getTags(workItemId: number): Promise<{ rev: number; tags: string[] }> {
    const what = `GET ${this.options.project}/_apis/wit/workitems/${workItemId}?fields=System.Tags`;
    const item = await this.witCall(what, (api) => api.getWorkItem(workItemId, ['System.Tags'], undefined, undefined, this.options.project));
    if (!item || !Number.isInteger(item.rev)) throw this.malformed(what, 'no revision (rev)');
    const tags: unknown = item.fields?.['System.Tags'];
    if (tags !== undefined && tags !== null && typeof tags !== 'string') throw this.malformed(what, 'System.Tags is not text');
    return { rev: item.rev!, tags: (tags ?? '').split(';').map((tag) => tag.trim()).filter(Boolean) };
  }

  /**
   * PATCH {project}/_apis/wit/workitems/{id}: the tags replaced only if the item is still at `rev` (a JSON
   * Patch `test` of /rev, as Work Items - Update documents it). False when someone changed it since: the
   * server answers 412 (or 409) and nothing is saved.
   */
  async replaceTagsAt(workItemId: number, rev: number, tags: readonly string[]): Promise<boolean> {
    const what = `PATCH ${this.options.project}/_apis/wit/workitems/${workItemId}`;
    const patch = [
      { op: 'test', path: '/rev', value: rev },
      { op: 'replace', path: '/fields/System.Tags', value: tags.join('; ') },
    ];
    return this.run(what, async () => {
      try {
        await (await this.locatedWitApi()).updateWorkItem(null, patch, workItemId, this.options.project, false, false, true);
        return true;
      } catch (error) {
        const status = (error as ClientError | null)?.statusCode;
        if (status === 412 || status === 409) return false;
        throw error;
      }
    });
  }

  /** PATCH {project}/_apis/wit/workitems/{id}: a JSON Patch, without notifications; with validateOnly nothing is saved. */
  async patchWorkItem(workItemId: number, patch: { op: 'add' | 'replace' | 'test'; path: string; value: unknown }[], options: { validateOnly?: boolean } = {}): Promise<void> {
    const what = `PATCH ${this.options.project}/_apis/wit/workitems/${workItemId}${options.validateOnly ? '?validateOnly=true' : ''}`;
    await this.run(what, async () => (await this.locatedWitApi()).updateWorkItem(null, patch, workItemId, this.options.project, options.validateOnly === true, false, true));
  }

  private coreApi(): Promise<ICoreApi> {
    return this.api('core', () => this.connection.getCoreApi());
  }

  private workApi(): Promise<IWorkApi> {
    return this.api('work', () => this.connection.getWorkApi());
  }

  /** One of the package's typed clients, guarded as every request of this client is. */
  private api<T extends { rest: unknown }>(area: string, make: () => Promise<T>): Promise<T> {
    let made = this.apis.get(area) as Promise<T> | undefined;
    if (made === undefined) {
      made = make().then((api) => {
        this.guard(api.rest as unknown as RestLike);
        return api;
      });
      made.catch(() => this.apis.delete(area));
      this.apis.set(area, made);
    }
    return made;
  }

  private identitiesApi(): Promise<IdentitiesApi> {
    this.ims ??= (async () => {
      // WebApi finds a resource area's host as its typed getters do (Server: the collection itself).
      const connection = this.connection as unknown as { _getResourceAreaUrl(serverUrl: string, areaId: string): Promise<string> };
      const url = await connection._getResourceAreaUrl(this.connection.serverUrl, IMS_AREA);
      const origin = new URL(url).origin;
      const allowed = origin === this.origin || origin === identityOrigin(this.origin);
      if (!allowed) throw new AdoResponseError('redirect', 0, `Azure DevOps named ${origin} as its identity service; backlint sends the personal access token only to orgUrl's origin (${this.origin}) and its identity host`);
      // A handler of its own: the PAT handler sends the token only to the host of its first request.
      const api = new IdentitiesApi(url, [getPersonalAccessTokenHandler(this.options.token, false)], 'node-Identities-api', { socketTimeout: this.options.timeoutMs, allowRetries: false, allowRedirects: false, keepAlive: true });
      this.guard(api.rest as unknown as RestLike, origin);
      return api;
    })();
    this.ims.catch(() => (this.ims = null));
    return this.ims;
  }

  /**
   * A work item tracking call. The package finds the wit area's host first (the location service, then
   * its resource areas: two round trips one after the other), yet on Services and on Server alike it is
   * orgUrl itself. So the call goes to orgUrl at once while that lookup runs alongside, and its answer is
   * used only once the lookup agrees; should the lookup name another place, the call is made again there
   * (and, as for every request, another origin than orgUrl's gets nothing).
   */
  private async witCall<T>(what: string, call: (api: IWorkItemTrackingApi) => Promise<T>): Promise<T> {
    const located = this.run(what, () => this.witAreaUrl());
    const home = this.connection.serverUrl;
    const speculative = this.run(what, async () => call(await this.witApi(home)));
    speculative.catch(() => undefined); // awaited below, unless the lookup fails first
    const url = await located;
    if (sameUrl(url, home)) return speculative;
    return this.run(what, async () => call(await this.witApi(url)));
  }

  /** Where the wit resource area lives, asked once (and again after a failure). */
  private witAreaUrl(): Promise<string> {
    if (this.witArea === null) {
      const connection = this.connection as unknown as { _getResourceAreaUrl(serverUrl: string, areaId: string): Promise<string> };
      const lookup = connection._getResourceAreaUrl(this.connection.serverUrl, WorkItemTrackingApi.RESOURCE_AREA_ID);
      lookup.catch(() => (this.witArea = null));
      this.witArea = lookup;
    }
    return this.witArea;
  }

  /** The wit client where the lookup says it lives, for writes and what they read first: never sent on speculation. */
  private async locatedWitApi(): Promise<IWorkItemTrackingApi> {
    return this.witApi(await this.witAreaUrl());
  }

  private witApi(url: string): Promise<IWorkItemTrackingApi> {
    return this.api(`wit ${url}`, async () => shareLocations(new WorkItemTrackingApi(url, [this.connection.authHandler], this.connection.options, this.connection.userAgent)));
  }

  /** One request with retries; `once`: a write that must not happen twice (see RetryOptions.once). */
  private run<T>(what: string, request: () => Promise<T>, options: { once?: boolean } = {}): Promise<T> {
    const { signal } = this.options;
    return withRetry(
      async () => {
        if (signal?.aborted) throw new BacklintError('source', `Source ${this.options.sourceName}: stopped (another source failed).`);
        try {
          return await request();
        } catch (error) {
          if ((error as ClientError | null)?.statusCode === 429) this.learnRate(Date.now(), (error as ClientError).responseHeaders);
          throw error;
        }
      },
      {
        policy: this.policy,
        gate: this.gate,
        classify: (error) => classifyAdoError(error),
        onGiveUp: (error, classified, tries) => this.giveUp(what, error, classified, tries),
        ...(options.once ? { once: true } : {}),
      },
    );
  }

  /**
   * A 429 (or a response the server delayed): pace the source below what the server allows, never faster
   * than before, rather than meet a 429 again after every Retry-After. A 429 stating the budget
   * (X-RateLimit-Limit) tells how many may start at once after the pause, and the server refills at least
   * what it served beyond that budget since the first request. Else the responses served in the second
   * before are about what it allows: four fifths of that.
   */
  private learnRate(at: number, headers?: Headers): void {
    const budget = readBudget(headers, at);
    const span = this.firstSentAt === null ? 0 : at - this.firstSentAt;
    const beyond = budget !== null && span >= 1_000 ? ((this.servedCount - budget.limit) * 1000) / span : 0;
    if (budget !== null && beyond >= 1) {
      const paced = Math.max(1, beyond * 0.95);
      this.gate.setRate(this.gate.rate > 0 ? Math.min(paced, this.gate.rate) : paced, budget.limit);
      return;
    }
    const allowed = this.served.filter((time) => time > at - 1_000 && time <= at).length;
    // Too few to say anything (the budget may have been spent by another client of the same user):
    // Retry-After alone decides.
    if (allowed < MIN_SAMPLE) return;
    const rate = Math.max(1, allowed * 0.8);
    this.gate.setRate(this.gate.rate > 0 ? Math.min(rate, this.gate.rate) : rate);
  }

  /**
   * Wraps a rest client: every request it sends must go to orgUrl's origin and gets a Deadline; its
   * response processing reads the body once (within the deadline and the size cap), turns what the
   * client would hide into errors, refuses redirects, and reads rate-limit headers on every response.
   */
  private guard(rest: RestLike, origin = this.origin): void {
    const http = rest.client;
    const requestRaw = http.requestRaw.bind(http);
    http.requestRaw = async (info, data) => {
      const target = info.parsedUrl;
      if (target.origin !== this.origin && target.origin !== origin) {
        throw new AdoResponseError('redirect', 0, `Azure DevOps pointed this request to another origin (${target.origin}); backlint sends the personal access token only to orgUrl's origin (${this.origin})`);
      }
      const deadline = new AdoDeadline(this.options.timeoutMs);
      info.options.signal = deadline.signal;
      const sent = ++this.sent;
      this.firstSentAt ??= Date.now();
      try {
        const res = await requestRaw(info, data);
        this.deadlines.set(res, deadline);
        this.sentAs.set(res, sent);
        return res;
      } catch (error) {
        deadline.clear();
        throw deadline.expired ? deadline.error() : error;
      }
    };
    const original = rest.processResponse.bind(rest);
    rest.processResponse = async (res, options) => {
      const status = res.message.statusCode ?? 0;
      const headers = res.message.headers as Headers;
      if (status >= 300 && status < 400) {
        res.message.destroy();
        this.deadlines.get(res)?.clear();
        throw new AdoResponseError('redirect', status, `${status} redirect${redirectTarget(header(headers, 'location'), this.origin)}; backlint follows no redirect, so that the personal access token goes nowhere but orgUrl's origin (${this.origin}). If the organization or collection moved, set orgUrl to its new address`);
      }
      const deadline = this.deadlines.get(res) ?? new AdoDeadline(this.options.timeoutMs);
      // A large JSON answer (a batch of work items) is parsed in pieces, never as one string (../read-json.ts),
      // where the client would do nothing but JSON.parse it; anything else takes the client's own way, as text.
      const inPieces = status >= 200 && status < 300 && isUtf8Body(res.message) && !options?.deserializeDates && !options?.responseProcessor;
      const answer = await readBodyWithin(res.message, deadline, this.options.maxBodyBytes ?? MAX_BODY_BYTES, (bytes) => {
        const result = inPieces ? readObjectInPieces(bytes) : null;
        return result !== null ? { result } : { text: decodeBody(bytes, res.message) };
      });
      if (status >= 200 && status < 300) {
        const now = Date.now();
        this.served.push(now);
        this.servedCount += 1;
        while (this.served.length > 0 && this.served[0]! < now - 2_000) this.served.shift();
        this.onSuccessHeaders(headers, this.sentAs.get(res) ?? this.sent);
      }
      if (status === 401 || status === 203) throw new AdoResponseError('auth', status, this.authHint(status));
      if ('result' in answer) return { statusCode: status, result: answer.result, headers: res.message.headers };
      const body = answer.text;
      res.readBody = () => Promise.resolve(body);
      // (The client resolves a 404 to a response whose result it then fills with the error body.)
      if (status === 404) throw new AdoResponseError('not-found', 404, notFoundMessage(body));
      const isSuccess = status >= 200 && status < 300 && body.trim().length > 0;
      if (isSuccess && /^\s*</.test(body)) throw new AdoResponseError('auth', status, this.authHint(status, 'an HTML page instead of JSON (a sign-in page?)'));
      const response = (await original(res, options)) as { result?: unknown } | undefined;
      // The client leaves `result` null when the body does not parse.
      if (isSuccess && (response?.result === null || response?.result === undefined)) {
        throw new AdoResponseError('malformed', status, `the response is not valid JSON (${body.length} bytes, starting ${JSON.stringify(body.slice(0, 40))})`);
      }
      return response;
    };
  }

  /**
   * Rate-limit headers on an answer pace the source before the server starts answering 429 TF400733: as
   * many requests start as X-RateLimit-Remaining leaves (the requests sent after this one spend it too),
   * the others once X-RateLimit-Reset has passed or a later answer states more. Retry-After on a 200
   * pauses the source. The answer came: these pauses are hints, each at most a few seconds, whatever the
   * headers say.
   */
  private onSuccessHeaders(headers: Headers, sent: number): void {
    const now = Date.now();
    const retryAfter = parseRetryAfter(header(headers, 'retry-after'), now);
    if (retryAfter !== null && retryAfter > 0) this.gate.pauseFor(Math.min(retryAfter, this.policy.maxDelayMs, this.policy.maxWaitMs));
    // Azure DevOps delays requests (X-RateLimit-Delay on a 200) before it blocks them: slow down now,
    // once (every response after it may carry the header; a 429 still lowers the pace further).
    const delayed = parseDelaySeconds(header(headers, 'x-ratelimit-delay'));
    if (delayed !== null && delayed > 0 && this.gate.rate === 0) this.learnRate(now);
    const budget = readBudget(headers, now);
    if (budget === null) return;
    // Azure DevOps' own headers count TSTUs (resource units, not requests) over a sliding five minutes:
    // X-RateLimit-Remaining 0 means "already delayed", not "blocked", and X-RateLimit-Reset is when the
    // usage would drain, minutes away. No request budget to pace by; X-RateLimit-Delay and Retry-After do.
    if (budget.resetMs !== null && budget.resetMs > MAX_HEADER_PAUSE_MS) return;
    const since = this.sent - sent;
    const reset = budget.resetMs ?? delayed;
    this.gate.setBudget(budget.remaining - since, budget.limit, reset === null ? null : Math.min(reset, this.policy.maxDelayMs), since);
  }

  private authHint(status: number, what?: string): string {
    return (
      `Azure DevOps refused the personal access token (${what ?? (status === 203 ? '203, the sign-in page' : '401 Unauthorized')}). ` +
      `Check that the PAT is valid and not expired, that it has the scope Work Items (Read), that it belongs to this organization, and that orgUrl is right (${this.options.orgUrl}).`
    );
  }

  private malformed(what: string, detail: string): BacklintError {
    return new BacklintError('source', `Source ${this.options.sourceName}: ${what}: Azure DevOps answered malformed data: ${detail}.`);
  }

  private giveUp(what: string, error: unknown, classified: Classified, tries: number): Error {
    if (error instanceof BacklintError) return new BacklintError(error.code, this.redact(error.message));
    const prefix = `Source ${this.options.sourceName}: ${what}`;
    if (error instanceof AdoResponseError) {
      if (error.kind === 'auth' || error.kind === 'redirect') return new BacklintError('source', this.redact(`${prefix}: ${error.message}.`.replace(/\.\.$/, '.')));
      if (error.kind === 'not-found') {
        return new AdoNotFoundError(
          'source',
          this.redact(`${prefix}: 404 Not Found (${error.message}). Check orgUrl (${this.options.orgUrl}) and that project '${this.options.project}'${this.options.team ? ` and team '${this.options.team}' exist` : ' exists'}.`),
        );
      }
      return new BacklintError('source', this.redact(`${prefix}: Azure DevOps answered malformed data: ${error.message}.`));
    }
    // The client library reading an answer of a shape it does not expect (a location list of null) throws
    // a TypeError of its own: that is malformed data, said as such, not a bare "Cannot read properties".
    if (error instanceof TypeError) return new BacklintError('source', this.redact(`${prefix}: Azure DevOps answered malformed data (the client could not read it: ${error.message}).`));
    const said = error instanceof AdoTimeoutError || error instanceof AdoBodyTooLargeError ? '' : serverMessage(error, (text) => this.redact(text));
    // A network failure's message is the reason already (getaddrinfo ENOTFOUND host): not twice.
    const detail = said !== '' && classified.reason.includes(said) ? '' : said;
    if (error instanceof Error && /Failed to find api location|Could not find information for resource area|Failed to retrieve resource areas/.test(error.message)) {
      return new BacklintError(
        'source',
        this.redact(`${prefix}: ${this.options.orgUrl} does not answer as an Azure DevOps organization or collection (${error.message}). Check orgUrl: https://dev.azure.com/{organization} or https://host/tfs/{collection}.`),
      );
    }
    const status = (error as ClientError | null)?.statusCode;
    if (status === 403) {
      return new BacklintError(
        'source',
        this.redact(`${prefix}: 403 Forbidden${detail ? `: ${detail}` : ''}. Check that the PAT has the scope Work Items (Read) and that its user may read project '${this.options.project}'.`),
      );
    }
    const after = classified.transient ? ` after ${tries} ${tries === 1 ? 'try' : 'tries'}` : '';
    // Out of tries on a wait too long anyway (maxTries 1): still say what the server asked for.
    const asked = classified.transient && classified.serverDelayMs !== null && !(classified.serverDelayMs <= this.policy.maxWaitMs) ? `; ${tooLongWait(classified.serverDelayMs, this.policy.maxWaitMs)}` : '';
    return new BacklintError('source', this.redact(`${prefix} failed${after}: ${classified.reason}${asked}${detail ? `: ${detail}` : ''}`));
  }

  private redact(text: string): string {
    const token = this.options.token;
    return redactSecrets(text, [token, Buffer.from(`PAT:${token}`).toString('base64'), Buffer.from(`:${token}`).toString('base64')]);
  }
}

/** A comment's id: `id` in the 7.1 definitions, `commentId` in Microsoft's (5.1-era) examples. */
function commentIdOf(comment: unknown): number | null {
  const record = (comment ?? {}) as { id?: unknown; commentId?: unknown };
  const id = record.id ?? record.commentId;
  return typeof id === 'number' && Number.isInteger(id) ? id : null;
}

/** Teams and members a page. */
const TEAM_PAGE = 100;
/**
 * The package keeps an area's resource locations only once they have come, so calls made together (fields,
 * type categories and types, at the start of a fetch) each asked for them: three OPTIONS where one does.
 * Here the first lookup is kept as soon as it is asked and shared; a failed one is forgotten, so a retry
 * asks again, as the package does.
 */
function shareLocations<T extends object>(api: T): T {
  const vso = (api as { vsoClient?: { beginGetAreaLocations?: (area: string) => Promise<unknown>; _locationsByAreaPromises?: Record<string, Promise<unknown>> } }).vsoClient;
  const ask = vso?.beginGetAreaLocations?.bind(vso);
  const cache = vso?._locationsByAreaPromises;
  if (vso === undefined || ask === undefined || cache === undefined) return api;
  vso.beginGetAreaLocations = (area) => {
    const known = cache[area];
    if (known !== undefined) return known;
    const asked = ask(area);
    cache[area] = asked;
    asked.catch(() => {
      if (cache[area] === asked) delete cache[area];
    });
    return asked;
  };
  return api;
}

/** More pages than any project has: only a server that never stops paging reaches it. */
const MAX_TEAM_PAGES = 100;
/** The identity service's resource area (IMS). */
const IMS_AREA = '8a3d49b8-91f9-4fcd-b2d0-0d3b7bbec5b2';
/** GET _apis/identities (area IMS). */
const IDENTITIES_LOCATION = '28010c54-d0c0-4c89-a5b0-1c9e188b9fb7';

/** Services' identity host for an organization's origin: dev.azure.com → vssps.dev.azure.com, {org}.visualstudio.com → {org}.vssps.visualstudio.com. */
export function identityOrigin(origin: string): string | null {
  const url = new URL(origin);
  if (url.protocol !== 'https:') return null;
  if (url.hostname === 'dev.azure.com') return 'https://vssps.dev.azure.com';
  const legacy = /^([a-z0-9-]+)\.visualstudio\.com$/i.exec(url.hostname);
  return legacy ? `https://${legacy[1]}.vssps.visualstudio.com` : null;
}

interface IdentityLike {
  id?: unknown;
  providerDisplayName?: string;
  customDisplayName?: string;
  isActive?: boolean;
  isContainer?: boolean;
  properties?: Record<string, { $value?: unknown } | undefined>;
}

/** azure-devops-node-api has no identities client: this one is built as its generated clients are. */
class IdentitiesApi extends ClientApiBase {
  async readIdentities(searchFilter: string, filterValue: string): Promise<unknown> {
    const data = await this.vsoClient.getVersioningData('7.1', 'IMS', IDENTITIES_LOCATION, {}, { searchFilter, filterValue, queryMembership: 'None' });
    const response = await this.rest.get<unknown>(data.requestUrl!, this.createRequestOptions('application/json', data.apiVersion));
    return this.formatResponse(response.result, null, true);
  }
}

const listIds = (ids: readonly number[]) => (ids.length > 10 ? `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more` : ids.join(', '));

const batchRequest = (project: string, ids: readonly number[]) => `POST ${project}/_apis/wit/workitemsbatch (${ids.length} ids from ${ids[0]})`;

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

interface ClientError {
  statusCode?: number;
  code?: string;
  message?: string;
  result?: { message?: string; typeKey?: string } | null;
  responseHeaders?: Headers;
  rateLimit?: { retryAfter?: number; delay?: number };
}

export function classifyAdoError(error: unknown): Classified {
  if (error instanceof AdoResponseError || error instanceof BacklintError || error instanceof AdoBodyTooLargeError) return { transient: false, serverDelayMs: null, throttled: false, reason: error.message };
  if (error instanceof AdoTimeoutError) return { transient: true, serverDelayMs: null, throttled: false, reason: error.message };
  const e = (error ?? {}) as ClientError;
  const status = typeof e.statusCode === 'number' ? e.statusCode : null;
  if (status !== null) {
    const headers = e.responseHeaders;
    const now = Date.now();
    // Not e.rateLimit: the client reads these with parseInt (`Retry-After: 1e9` would be one second).
    const retryAfter = parseRetryAfter(header(headers, 'retry-after'), now);
    const rateDelay = parseDelaySeconds(header(headers, 'x-ratelimit-delay'));
    const serverDelayMs = retryAfter ?? (status === 429 ? (rateDelay ?? parseRateLimitReset(header(headers, 'x-ratelimit-reset'), now)) : null);
    return {
      transient: TRANSIENT_STATUSES.has(status),
      serverDelayMs,
      throttled: status === 429,
      refused: status === 429,
      reason: `${status} ${STATUS_TEXT[status] ?? 'HTTP error'}`,
    };
  }
  if (isNetworkFailure(e.code, e.message)) {
    return { transient: true, serverDelayMs: null, throttled: false, reason: /timeout/i.test(e.message ?? '') ? 'request timed out' : `connection failed (${e.code ?? e.message})` };
  }
  return { transient: false, serverDelayMs: null, throttled: false, reason: e.message ?? String(error) };
}

/** The server's message on one line, redacted before it is cut to length (a secret cut in two would no longer be found whole). */
function serverMessage(error: unknown, redact: (text: string) => string): string {
  const e = (error ?? {}) as ClientError;
  const text = typeof e.result?.message === 'string' ? e.result.message : typeof e.statusCode === 'number' ? '' : (e.message ?? '');
  const oneLine = redact(text.replace(/\s+/g, ' ').trim());
  return oneLine.length > 300 ? `${cutAt(oneLine, 300)}…` : oneLine;
}

/** ` to http://host:port`: where a redirect pointed, without its path, query or credentials. */
function redirectTarget(location: string | null, base: string): string {
  if (location === null) return ' without a Location';
  try {
    const target = new URL(location, base);
    return target.origin === 'null' ? ` to a ${target.protocol} URL` : ` to ${target.origin}`;
  } catch {
    return ' to an invalid Location';
  }
}

function notFoundMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: say nothing more
  }
  return 'no such resource';
}

/** The same address, but for a trailing slash and case (Azure DevOps reads organization and collection names in any case). */
function sameUrl(a: string, b: string): boolean {
  const normal = (url: string) => {
    try {
      const parsed = new URL(url);
      return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`.toLowerCase();
    } catch {
      return url.replace(/\/+$/, '').toLowerCase();
    }
  };
  return normal(a) === normal(b);
}
