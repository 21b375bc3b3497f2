// The one module that knows jira.js (API-NOTES: keep the client behind one adapter, so a move to 6.x is a
// one-file change). Every request goes through withRetry with the source's gate; every failure leaves
// here as a BacklintError that names the source and the request (method and path), never the token:
// jira.js errors carry the axios config with the Authorization header, so none of them is passed on.
// Each try has a deadline for the whole answer, body included (timeoutSeconds: axios' own timeout only
// notices a silent socket, not a body trickling one byte a second), and a cap on the body's size; no
// redirect is followed, so the credentials never travel to another address.
// The two clients from their own modules: jira.js's root also loads the Agile and Service Management
// clients, a few hundred ms of start-up on every live run for APIs backlint calls through sendRequest.
import { Version2Client } from 'jira.js/version2/client/version2Client';
import { Version3Client } from 'jira.js/version3/client/version3Client';
import { z } from 'zod';
import type { JiraSourceConfig } from '../../config/schema.js';
import { BacklintError } from '../../errors.js';
import { Deadline } from '../deadline.js';
import { readJsonBody } from '../read-json.js';
import { formatBytes, MAX_BODY_BYTES } from '../../bytes.js';
import { redactSecrets, withoutCredentials } from '../../redact.js';
import { cutAt } from '../../shorten.js';
import {
  DEFAULT_RETRY_POLICY,
  header,
  isNetworkFailure,
  parseRateLimitReset,
  parseRetryAfter,
  readBudget,
  readRefill,
  SourceGate,
  TRANSIENT_STATUSES,
  withRetry,
  type Classified,
  type Headers,
  type RetryPolicy,
} from '../retry.js';

export interface JiraClientOptions {
  /** Tests shorten the backoff; the config sets only the number of tries. */
  policy?: Partial<RetryPolicy>;
  gate?: SourceGate;
  signal?: AbortSignal;
  /** The largest response body accepted (default MAX_BODY_BYTES); tests lower it. */
  maxBodyBytes?: number;
  /** Which of the source's credentials the client holds, for messages: `auth` (default), or `writeAuth` (annotate). */
  credentials?: 'auth' | 'writeAuth';
}


/** What backlint adds to each try's axios config: its abort signal, its order, and how to end its deadline. */
interface TryConfig {
  signal?: unknown;
  backlintSent?: number;
  backlintSettled?: () => void;
}

/** The slice of jira.js 5.4's BaseClient (its private axios `instance`) that sets a deadline on every try. */
interface WithAxiosInstance {
  instance?: {
    interceptors?: {
      request?: { use(onFulfilled: (config: TryConfig) => unknown): unknown };
      response?: { use(onFulfilled: (response: { headers?: unknown; config?: TryConfig }) => unknown, onRejected: (error: { config?: TryConfig }) => unknown): unknown };
    };
  };
}

type JiraClientSource = Pick<JiraSourceConfig, 'name' | 'deployment' | 'baseUrl' | 'auth' | 'maxTries' | 'timeoutSeconds' | 'maxWaitSeconds'>;

/** A request as people read it in an error message: `POST /rest/api/3/issue/bulkfetch`. */
interface RequestName {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
}

/** The response was not JSON (a proxy's error page, a truncated body): worth another try. */
class MalformedResponse extends Error {}

/** A 200 with an HTML page: a sign-in page (SSO, a proxy) answering for Jira. Retrying will not help. */
class HtmlPage extends Error {}

/** Why a request ended when the run was aborted (another source failed). */
const STOPPED = 'stopped because another source failed';

/** The answer is larger than the cap: not worth another try. */
const TOO_LARGE = /maxContentLength size of \d+ exceeded/;

/**
 * A read Jira refuses this account, answered as a value (see `refusedAsValue`): a 403, or Data Center's 401
 * whose X-Seraph-LoginReason says OK (the credentials were accepted; only this resource is refused).
 * `reason`: the status as messages give it; `details`: the server's errorMessages, redacted.
 */
export class Refused {
  constructor(
    readonly reason: string,
    readonly details: string | null,
  ) {}
}

/** Jira Server and Data Center (Seraph) say on a 401 whether the credentials were accepted: `OK` means they were. */
const credentialsAccepted = (headers: Headers): boolean => header(headers, 'x-seraph-loginreason')?.trim().toUpperCase() === 'OK';

const errorBodySchema = z.looseObject({ errorMessages: z.array(z.string()).optional(), errors: z.record(z.string(), z.unknown()).optional() });

export class JiraClient {
  readonly gate: SourceGate;
  readonly api: 'v2' | 'v3';
  private readonly client: Version2Client | Version3Client;
  private readonly policy: RetryPolicy;
  private readonly secrets: string[];
  private readonly signal: AbortSignal | undefined;
  /** Which of the source's credentials this client holds, as messages name them. */
  private readonly credentials: 'auth' | 'writeAuth';
  private readonly maxBodyBytes: number;
  /** Requests sent, tries included (for the bench and doctor). */
  requests = 0;
  /** Start times of the requests the site accepted in about the last second, to estimate its limit. */
  private accepted: number[] = [];
  /** Requests handed to axios so far: each carries its number, to tell which were sent after it. */
  private sent = 0;

  constructor(
    private readonly source: JiraClientSource,
    options: JiraClientOptions = {},
  ) {
    this.gate = options.gate ?? new SourceGate();
    this.policy = { ...DEFAULT_RETRY_POLICY, maxTries: source.maxTries, maxWaitMs: source.maxWaitSeconds * 1000, ...options.policy };
    this.signal = options.signal;
    this.credentials = options.credentials ?? 'auth';
    const host = source.baseUrl.replace(/\/+$/, '');
    this.maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
    const baseRequestConfig = {
      timeout: Math.round(source.timeoutSeconds * 1000),
      maxRedirects: 0,
      maxContentLength: this.maxBodyBytes,
      // Answers come as bytes and are read as axios would read them, but without one large string (see read-json.ts).
      responseType: 'arraybuffer' as const,
      transformResponse: [readJsonBody],
    };
    if ('email' in source.auth) {
      this.secrets = [source.auth.token, Buffer.from(`${source.auth.email}:${source.auth.token}`).toString('base64')];
      const config = { host, authentication: { basic: { email: source.auth.email, apiToken: source.auth.token } }, baseRequestConfig };
      this.client = source.deployment === 'cloud' ? new Version3Client(config) : new Version2Client(config);
    } else if ('username' in source.auth) {
      // Data Center / Server before 8.14 has no personal access tokens: basic auth with a user's password.
      this.secrets = [source.auth.password, Buffer.from(`${source.auth.username}:${source.auth.password}`).toString('base64')];
      const config = { host, authentication: { basic: { email: source.auth.username, apiToken: source.auth.password } }, baseRequestConfig };
      this.client = source.deployment === 'cloud' ? new Version3Client(config) : new Version2Client(config);
    } else {
      // Data Center personal access tokens are Bearer tokens; jira.js has no PAT option (API-NOTES).
      this.secrets = [source.auth.bearer];
      const config = { host, baseRequestConfig: { ...baseRequestConfig, headers: { Authorization: `Bearer ${source.auth.bearer}` } } };
      this.client = source.deployment === 'cloud' ? new Version3Client(config) : new Version2Client(config);
    }
    this.api = source.deployment === 'cloud' ? 'v3' : 'v2';
    this.setDeadlines(Math.round(source.timeoutSeconds * 1000));
  }

  /**
   * Every axios request (one a try) gets its own AbortSignal: the deadline, and the run's signal so a
   * failed sibling source stops this one's requests in flight. jira.js 5.4 has no per-request config,
   * so this uses its axios instance; a jira.js without one fails here, in every test, not in a CI job.
   */
  private setDeadlines(timeoutMs: number): void {
    const request = (this.client as unknown as WithAxiosInstance).instance?.interceptors?.request;
    if (!request) throw new BacklintError('internal', 'jira.js has no axios instance to set request deadlines on (jira.js 5.4 has).');
    const run = this.signal;
    request.use((config) => {
      // A Deadline, not AbortSignal.timeout: see ../deadline.ts for the timeout Node 20 let go unfired.
      const deadline = new Deadline(timeoutMs);
      config.signal = run ? AbortSignal.any([deadline.signal, run]) : deadline.signal;
      config.backlintSent = ++this.sent;
      config.backlintSettled = () => deadline.clear();
      return config;
    });
    // The answers' rate-limit headers, where the site sends them before any 429 (see paceByBudget).
    (this.client as unknown as WithAxiosInstance).instance?.interceptors?.response?.use(
      (response) => {
        response.config?.backlintSettled?.();
        this.paceByBudget(response.headers as Headers, response.config?.backlintSent);
        return response;
      },
      (error) => {
        error?.config?.backlintSettled?.();
        throw error;
      },
    );
  }

  /** `/rest/api/3` or `/rest/api/2`, for messages. */
  get prefix(): string {
    return `/rest/api/${this.api === 'v3' ? 3 : 2}`;
  }

  /** GET /field: every field of the site, once per run. */
  getFields(): Promise<unknown> {
    return this.call({ method: 'GET', path: `${this.prefix}/field` }, () => this.client.issueFields.getFields());
  }

  getServerInfo(): Promise<unknown> {
    return this.call({ method: 'GET', path: `${this.prefix}/serverInfo` }, () => this.client.serverInfo.getServerInfo());
  }

  getMyself(): Promise<unknown> {
    return this.call({ method: 'GET', path: `${this.prefix}/myself` }, () => (this.client instanceof Version3Client ? this.client.myself.getCurrentUser() : this.client.myself.getCurrentUser()));
  }

  getMyPermissions(permissions: string): Promise<unknown> {
    return this.call({ method: 'GET', path: `${this.prefix}/mypermissions` }, () => this.client.permissions.getMyPermissions({ permissions }));
  }

  /** Cloud: GET /search/jql (the enhanced search). Without fields it returns ids only. */
  searchJql(params: { jql: string; nextPageToken?: string; maxResults: number; fields?: string[] }): Promise<unknown> {
    const client = this.client;
    if (!(client instanceof Version3Client)) throw new BacklintError('internal', 'The enhanced search is a Jira Cloud (REST v3) call.');
    return this.call({ method: 'GET', path: `${this.prefix}/search/jql` }, () =>
      client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
        jql: params.jql,
        maxResults: params.maxResults,
        ...(params.nextPageToken === undefined ? {} : { nextPageToken: params.nextPageToken }),
        ...(params.fields === undefined ? {} : { fields: params.fields }),
      }),
    );
  }

  /** Cloud: POST /issue/bulkfetch, at most 100 ids a call. */
  bulkFetch(ids: string[], fields: string[]): Promise<unknown> {
    const client = this.client;
    if (!(client instanceof Version3Client)) throw new BacklintError('internal', 'Bulk fetch is a Jira Cloud (REST v3) call.');
    return this.call({ method: 'POST', path: `${this.prefix}/issue/bulkfetch` }, () => client.issues.bulkFetchIssues({ issueIdsOrKeys: ids, fields }));
  }

  /** Data Center: GET /rest/api/2/search with startAt, as documented (every DC and Server version has it). */
  searchPage(params: { jql: string; startAt: number; maxResults: number; fields: string[] }): Promise<unknown> {
    const client = this.client;
    if (!(client instanceof Version2Client)) throw new BacklintError('internal', 'The startAt search is a Jira Data Center (REST v2) call.');
    return this.call({ method: 'GET', path: `${this.prefix}/search` }, () =>
      client.issueSearch.searchForIssuesUsingJql({ jql: params.jql, startAt: params.startAt, maxResults: params.maxResults, fields: params.fields }),
    );
  }

  // ── Where ownership lives (issue 10: discovery and roster people) ──────────────────────────────────────
  /** Cloud: GET /project/search with expand=lead, one page (startAt/maxResults/isLast/values). */
  searchProjects(startAt: number, maxResults: number): Promise<unknown> {
    const client = this.client;
    if (!(client instanceof Version3Client)) throw new BacklintError('internal', 'The paginated project search is a Jira Cloud (REST v3) call.');
    return this.call({ method: 'GET', path: `${this.prefix}/project/search` }, () => client.projects.searchProjects({ startAt, maxResults, expand: 'lead' }));
  }

  /** Data Center: GET /rest/api/2/project?expand=lead, every project in a plain array (jira.js 5 knows only Cloud's search). */
  getAllProjects(): Promise<unknown> {
    return this.call({ method: 'GET', path: `${this.prefix}/project` }, () => this.client.sendRequest({ url: `${this.prefix}/project`, method: 'GET', params: { expand: 'lead' } }, undefined as never));
  }

  /** GET /project/{key}: the project with its lead. */
  getProject(key: string): Promise<unknown> {
    return this.call({ method: 'GET', path: `${this.prefix}/project/${key}` }, () => {
      const client = this.client;
      return client instanceof Version3Client ? client.projects.getProject({ projectIdOrKey: key }) : client.projects.getProject({ projectIdOrKey: key });
    });
  }

  /** GET /project/{key}/components: each with its lead and assigneeType. */
  getProjectComponents(key: string): Promise<unknown> {
    return this.call({ method: 'GET', path: `${this.prefix}/project/${key}/components` }, () => {
      const client = this.client;
      return client instanceof Version3Client ? client.projectComponents.getProjectComponents({ projectIdOrKey: key }) : client.projectComponents.getProjectComponents({ projectIdOrKey: key });
    });
  }

  /** GET /project/{key}/role: role name → role URL. */
  getProjectRoles(key: string): Promise<unknown> {
    return this.call({ method: 'GET', path: `${this.prefix}/project/${key}/role` }, () => this.client.projectRoles.getProjectRoles({ projectIdOrKey: key }));
  }

  /**
   * GET /project/{key}/role/{id}: the role's actors (users and groups). Refused (a Refused value) to an
   * account that is no project admin: Data Center shows role details to project admins only (JRASERVER-40816).
   */
  getProjectRole(key: string, id: number): Promise<unknown> {
    return this.call({ method: 'GET', path: `${this.prefix}/project/${key}/role/${id}` }, () => this.client.projectRoles.getProjectRole({ projectIdOrKey: key, id }), { refusedAsValue: true });
  }

  /**
   * GET /user/search: Cloud by `query` (display name and email); Data Center by `username` (username,
   * display name and email, by prefix), inactive users included, which Data Center leaves out by default.
   */
  searchUsers(text: string, maxResults = 50): Promise<unknown> {
    const client = this.client;
    const path = `${this.prefix}/user/search`;
    if (client instanceof Version3Client) return this.call({ method: 'GET', path }, () => client.userSearch.findUsers({ query: text, maxResults }));
    return this.call({ method: 'GET', path }, () => client.sendRequest({ url: path, method: 'GET', params: { username: text, includeActive: true, includeInactive: true, maxResults } }, undefined as never));
  }

  /** Cloud: GET /user?accountId=; null when the site has no such account (404). */
  getUserByAccountId(accountId: string): Promise<unknown> {
    const client = this.client;
    if (!(client instanceof Version3Client)) throw new BacklintError('internal', 'Account ids are a Jira Cloud notion.');
    return this.call({ method: 'GET', path: `${this.prefix}/user` }, () => client.users.getUser({ accountId }), { notFoundAsNull: true });
  }

  /**
   * Agile API: GET /rest/agile/1.0/board/{boardId}/sprint?state=future, one page (startAt/maxResults/isLast/values),
   * the same path on Cloud and Data Center. Null when the token may not read the board (403) or it is gone (404).
   */
  getBoardFutureSprints(boardId: string, startAt: number, maxResults: number): Promise<unknown> {
    const path = `/rest/agile/1.0/board/${encodeURIComponent(boardId)}/sprint`;
    return this.call({ method: 'GET', path }, () => this.client.sendRequest({ url: path, method: 'GET', params: { state: 'future', startAt, maxResults } }, undefined as never), {
      unreadableAsNull: true,
    });
  }

  // ── Write-back (SPEC §13, backlint annotate) ─────────────────────────────────────────────────────────
  /** GET /issue/{key}/comment with expand=properties: one page (startAt, maxResults, total, comments). */
  getComments(issueKey: string, startAt: number, maxResults: number): Promise<unknown> {
    const path = `${this.prefix}/issue/${encodeURIComponent(issueKey)}/comment`;
    return this.call({ method: 'GET', path }, () => this.client.sendRequest({ url: path, method: 'GET', params: { startAt, maxResults, expand: 'properties' } }, undefined as never));
  }

  /**
   * POST /issue/{key}/comment: the body as Jira takes it (ADF on Cloud, wiki markup on Data Center),
   * properties and visibility. Sent once but for 429s: a comment POST that may have reached the site
   * throws UncertainWrite rather than post a second comment.
   */
  addComment(issueKey: string, data: object): Promise<unknown> {
    const path = `${this.prefix}/issue/${encodeURIComponent(issueKey)}/comment`;
    return this.call({ method: 'POST', path }, () => this.client.sendRequest({ url: path, method: 'POST', data }, undefined as never), { once: true });
  }

  /** PUT /issue/{key}/comment/{id}. */
  updateComment(issueKey: string, commentId: string, data: object): Promise<unknown> {
    const path = `${this.prefix}/issue/${encodeURIComponent(issueKey)}/comment/${encodeURIComponent(commentId)}`;
    return this.call({ method: 'PUT', path }, () => this.client.sendRequest({ url: path, method: 'PUT', data }, undefined as never));
  }

  /** PUT /comment/{id}/properties/{key}: a comment's property, on any version (some Data Center versions drop the properties of a comment POST). */
  setCommentProperty(commentId: string, key: string, value: object): Promise<unknown> {
    const path = `${this.prefix}/comment/${encodeURIComponent(commentId)}/properties/${encodeURIComponent(key)}`;
    return this.call({ method: 'PUT', path }, () => this.client.sendRequest({ url: path, method: 'PUT', data: value }, undefined as never), { emptyOk: true });
  }

  /**
   * PUT /issue/{key} with `update.labels` add / remove operations (204, no body). Cloud is asked not to
   * email watchers (it ignores that for an account that may not); Data Center answers 403 to an account
   * that is no (project) admin, so it is not asked there.
   */
  updateLabels(issueKey: string, operations: ({ add: string } | { remove: string })[]): Promise<unknown> {
    const path = `${this.prefix}/issue/${encodeURIComponent(issueKey)}`;
    const params = this.source.deployment === 'cloud' ? { notifyUsers: false } : {};
    return this.call({ method: 'PUT', path }, () => this.client.sendRequest({ url: path, method: 'PUT', params, data: { update: { labels: operations } } }, undefined as never), { emptyOk: true });
  }

  /**
   * GET /mypermissions for one project (Cloud requires a project or issue for project permissions). With
   * `notFoundAsNull`, null for a 404: Jira's answer for a project that does not exist or the account cannot see.
   */
  getMyProjectPermissions(permissions: string, projectKey: string, options: { notFoundAsNull?: boolean } = {}): Promise<unknown> {
    return this.call({ method: 'GET', path: `${this.prefix}/mypermissions` }, () => this.client.sendRequest({ url: `${this.prefix}/mypermissions`, method: 'GET', params: { permissions, projectKey } }, undefined as never), options);
  }

  /**
   * One request with retries; the body must be JSON (an object or an array); with notFoundAsNull a 404 is
   * null, with unreadableAsNull a 403, a 404 or a board without sprints (400); `once`: a write that must
   * not happen twice (see RetryOptions.once); with refusedAsValue a refusal (see Refused) is a Refused value.
   */
  private async call(
    request: RequestName,
    send: () => Promise<unknown>,
    options: { notFoundAsNull?: boolean; unreadableAsNull?: boolean; emptyOk?: boolean; once?: boolean; refusedAsValue?: boolean } = {},
  ): Promise<unknown> {
    return withRetry(
      async () => {
        if (this.signal?.aborted) throw new BacklintError('source', `Source ${this.source.name}: ${STOPPED}.`);
        this.requests += 1;
        const started = Date.now();
        let body: unknown;
        try {
          body = await send();
        } catch (error) {
          const { status, data, headers } = errorParts(error);
          if (options.refusedAsValue && (status === 403 || (status === 401 && credentialsAccepted(headers)))) {
            return new Refused(statusText(status), jiraErrorMessages(data, (text) => redactSecrets(text, this.secrets)));
          }
          if ((options.notFoundAsNull || options.unreadableAsNull) && status === 404) return null;
          if (options.unreadableAsNull && status === 403) return null;
          // A Kanban board has no sprints: Jira answers 400 "The board does not support sprints".
          if (options.unreadableAsNull && status === 400 && /does not support sprints/i.test(JSON.stringify(data ?? ''))) return null;
          throw error;
        }
        this.noteAccepted(started);
        if (typeof body === 'string' && /^\s*</.test(body)) throw new HtmlPage();
        // A write answered 204 No Content.
        if (options.emptyOk && (body === undefined || body === null || body === '')) return {};
        if (body === null || typeof body !== 'object') throw new MalformedResponse();
        return body;
      },
      {
        policy: this.policy,
        gate: this.gate,
        classify: (error) => this.classify(error),
        onGiveUp: (error, classified, tries) => this.toError(request, error, classified, tries),
        ...(options.once ? { once: true } : {}),
      },
    );
  }

  private classify(error: unknown): Classified {
    if (error instanceof BacklintError) return { transient: false, serverDelayMs: null, throttled: false, reason: error.message };
    if (error instanceof MalformedResponse) return { transient: true, serverDelayMs: null, throttled: false, reason: 'the response was not valid JSON' };
    if (error instanceof HtmlPage) {
      return {
        transient: false,
        serverDelayMs: null,
        throttled: false,
        reason: `the site answered with an HTML page instead of JSON, probably a sign-in page (single sign-on or a proxy in front of Jira). Check that baseUrl is the Jira site's own address and that the ${this.source.deployment === 'cloud' ? 'API token' : 'personal access token'} is accepted`,
      };
    }
    const { status, headers, code, message } = errorParts(error);
    if (code === 'ERR_CANCELED') {
      // Our own signal: the run stopped (another source failed), or this try's deadline passed.
      if (this.signal?.aborted) return { transient: false, serverDelayMs: null, throttled: false, reason: STOPPED };
      return { transient: true, serverDelayMs: null, throttled: false, reason: this.timeoutReason() };
    }
    if (typeof message === 'string' && TOO_LARGE.test(message)) {
      return { transient: false, serverDelayMs: null, throttled: false, reason: `the answer was larger than ${formatBytes(this.maxBodyBytes)}, the most backlint reads from one response` };
    }
    if (status !== null) {
      const now = Date.now();
      const retryAfter = parseRetryAfter(header(headers, 'retry-after') ?? header(headers, 'beta-retry-after'), now);
      const reset = status === 429 ? parseRateLimitReset(header(headers, 'x-ratelimit-reset'), now) : null;
      // Honour the later of the two: never come back before the server said.
      const delays = [retryAfter, reset].filter((value): value is number => value !== null);
      const serverDelayMs = delays.length > 0 ? Math.max(...delays) : null;
      // A per-issue write limit (RateLimit-Reason: jira-per-issue-on-write) holds back writes to that issue
      // only: the request waits its delay, the source neither pauses nor slows down.
      const perIssue = /per-issue/i.test(header(headers, 'ratelimit-reason') ?? '');
      const throttled = status === 429 && !perIssue;
      if (throttled) this.adaptRate(headers);
      return { transient: TRANSIENT_STATUSES.has(status), serverDelayMs, throttled, reason: statusText(status), refused: status === 429 };
    }
    if (isNetworkFailure(code, message)) {
      const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(String(message));
      const reason = timedOut ? this.timeoutReason() : code === 'ECONNREFUSED' ? `the connection to ${siteAddress(this.source.baseUrl)} was refused` : 'the connection was reset';
      return { transient: true, serverDelayMs: null, throttled: false, reason };
    }
    return { transient: false, serverDelayMs: null, throttled: false, reason: networkReason(code) };
  }

  private timeoutReason(): string {
    return `no complete answer within ${this.source.timeoutSeconds} s (timeoutSeconds)`;
  }

  private noteAccepted(started: number): void {
    this.accepted.push(started);
    const horizon = Date.now() - 1000;
    while (this.accepted.length > 0 && this.accepted[0]! < horizon) this.accepted.shift();
  }

  /**
   * After a 429, pace request starts below the site's limit: the X-RateLimit-Limit it announces (per
   * second for Jira's burst limits, and as many at once), else what it accepted in the last second.
   * Never faster than before.
   */
  private adaptRate(headers: Headers): void {
    // Data Center states its bucket on every answer: paced by it already (paceByBudget).
    if (readRefill(headers) !== null) return;
    const announced = Number(header(headers, 'x-ratelimit-limit'));
    const stated = Number.isFinite(announced) && announced > 0;
    const horizon = Date.now() - 1000;
    const observed = this.accepted.filter((started) => started >= horizon).length;
    const limit = stated ? announced : observed;
    if (limit <= 0) return;
    const paced = Math.max(1, limit * (stated ? 0.95 : 0.9));
    this.gate.setRate(this.gate.rate === 0 ? paced : Math.min(paced, this.gate.rate), stated ? limit : paced);
  }

  /**
   * A site that announces its budget on every answer (X-RateLimit-Limit, -Remaining and -Reset, as Jira's
   * burst limits can) is used as it says: as many requests as remain start at once, the others when it
   * resets. What remains was counted when this request arrived: the requests sent after it spend it too.
   * The source meets no 429 and loses no Retry-After.
   */
  private paceByBudget(headers: Headers, sent: number | undefined): void {
    const since = sent === undefined ? 0 : this.sent - sent;
    const budget = readBudget(headers, Date.now());
    if (budget === null) return;
    const refill = readRefill(headers);
    if (refill !== null) {
      // Data Center's bucket gets its tokens in batches, `fillRate` every interval (at a moment no header
      // tells): what remains starts now, the rest one interval after the last answer that said so.
      this.gate.setBudget(budget.remaining - since, refill.fill, refill.intervalMs, since);
      return;
    }
    this.gate.setBudget(budget.remaining - since, budget.limit, budget.resetMs, since);
  }

  private toError(request: RequestName, error: unknown, classified: Classified, tries: number): Error {
    if (error instanceof BacklintError) return error;
    const where = `Source ${this.source.name}: ${request.method} ${request.path}`;
    if (classified.reason === STOPPED) return new BacklintError('source', `Source ${this.source.name}: ${STOPPED}.`);
    const { status, data } = errorParts(error);
    const after = tries > 1 ? ` after ${tries} tries` : '';
    let message: string;
    if (status === 403 && request.method !== 'GET') {
      // A write (backlint annotate) refused: the account may read but not comment or edit.
      const details = jiraErrorMessages(data, (text) => redactSecrets(text, this.secrets));
      message = `${where} failed: ${classified.reason}${details ? `: ${details}` : ''}. The write account (writeAuth, else auth) needs the Add Comments and Edit Issues permissions in the item's project${this.source.deployment === 'cloud' ? ' (a scoped API token: write:jira-work)' : ''}; backlint doctor checks them.`;
    } else if (status === 401 && credentialsAccepted(errorParts(error).headers)) {
      // Seraph accepted the credentials: the account may not read this one resource, the token is fine.
      const details = jiraErrorMessages(data, (text) => redactSecrets(text, this.secrets));
      message = `${where} failed: ${classified.reason}${asSentence(details)} Jira accepted the credentials (X-Seraph-LoginReason: OK) but refuses this request to the account: it lacks a permission this request needs; the credentials in ${this.credentials} are fine.`;
    } else if (status === 401) {
      message = `${where} failed: ${classified.reason}. ${this.authAdvice(status, request.method !== 'GET')}`;
    } else if (status === 403) {
      const details = jiraErrorMessages(data, (text) => redactSecrets(text, this.secrets));
      message = `${where} failed: ${classified.reason}${asSentence(details)} ${this.authAdvice(status, request.method !== 'GET')}`;
    } else if (status !== null && status >= 300 && status < 400) {
      // Redirects are not followed, so that credentials never travel to another address.
      const location = header(errorParts(error).headers, 'location');
      // Named without its userinfo, query or fragment (they may carry credentials), and not at any length.
      const bare = location ? withoutCredentials(location.trim()).replace(/^\/\/[^/?#@]*@/, '//').split(/[?#]/)[0]!.slice(0, 200) : '';
      const target = bare ? ` to ${bare}` : '';
      message = `${where} failed: ${status} redirect${target}. backlint follows no redirect, so that the credentials never reach another address: set baseUrl to the address the site answers on.`;
    } else if (status === 410 && this.api === 'v2') {
      message = `${where} failed: 410 Gone. This site has removed the Data Center search API, so it is probably Jira Cloud: set deployment: cloud and auth: { email, token }.`;
    } else if (status === 404 && this.api === 'v3') {
      message = `${where} failed: 404 Not Found. The site has no REST API v3, so it is probably Jira Data Center or Server: set deployment: datacenter and auth: { bearer }.`;
    } else if (status !== null) {
      const details = jiraErrorMessages(data, (text) => redactSecrets(text, this.secrets));
      message = `${where} failed${after}: ${classified.reason}${details ? `: ${details}` : ''}.`;
    } else {
      message = `${where} failed${after}: ${classified.reason}.`;
    }
    return new BacklintError('source', redactSecrets(message, this.secrets));
  }

  /** What to check after a 401 or 403, naming the credentials the client holds (`writeAuth` for annotate) and, for a write, the write scope. */
  private authAdvice(status: number, write: boolean): string {
    const auth = this.credentials;
    if (status === 401 && 'username' in this.source.auth) {
      return `Jira did not accept the user name and password: check ${auth}.username and the password in ${auth}.password, that the user is active and not locked out by CAPTCHA after failed logins (sign in once in a browser), and that the site allows basic authentication.`;
    }
    if (status === 401) {
      const scopes = write ? 'write:jira-work and read:jira-work' : 'read:jira-work and read:jira-user';
      return this.source.deployment === 'cloud'
        ? `Jira did not accept the credentials: check that ${auth}.email is the email of the Atlassian account that owns the API token, that ${auth}.token holds a current API token (id.atlassian.com › Security › API tokens; a scoped token needs ${scopes}), and that the site is Jira Cloud (for Data Center set deployment: datacenter and ${auth}: { bearer }).`
        : `Jira did not accept the personal access token: check that ${auth}.bearer holds a current PAT (Profile › Personal Access Tokens, Jira 8.14 or later) of an active user, and that the site is Data Center or Server (for Jira Cloud set deployment: cloud and ${auth}: { email, token }).`;
    }
    // Scoped API tokens are a Jira Cloud thing: no such hint for Data Center.
    const scopes = this.source.deployment === 'cloud' ? ' (and, for a scoped API token, the read:jira-work and read:jira-user scopes)' : '';
    return `The account is known but not allowed: it needs the Browse projects permission on every project the JQL selects${scopes}. Check also that deployment matches the site.`;
  }
}

/** Status, headers and body of a jira.js HttpException (its cause is the AxiosError), or an AxiosError's code. */
function errorParts(error: unknown): { status: number | null; headers: Headers; data: unknown; code: unknown; message: unknown } {
  const record = (error ?? {}) as Record<string, unknown>;
  const cause = (record.cause ?? {}) as Record<string, unknown>;
  const response = (cause.response ?? record.response ?? null) as Record<string, unknown> | null;
  const status = typeof response?.status === 'number' ? response.status : typeof record.status === 'number' && response ? record.status : null;
  return {
    status,
    headers: (response?.headers ?? null) as Headers,
    data: response?.data,
    code: record.code ?? cause.code,
    message: typeof record.message === 'string' ? record.message : cause.message,
  };
}


/** `host:port` of the site, for messages (never its credentials or path). */
function siteAddress(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
  } catch {
    return 'the site';
  }
}

/** A network error that retrying will not fix, in words that say what to check. */
function networkReason(code: unknown): string {
  if (code === 'ENOTFOUND') return 'the host name does not resolve (check baseUrl)';
  if (typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return `the site's TLS certificate is not trusted (${code}); for a private CA set NODE_EXTRA_CA_CERTS to its bundle`;
  }
  return typeof code === 'string' ? `network error ${code}` : 'network error';
}

/**
 * Jira's error body: `{ errorMessages: [...], errors: { field: message } }`, redacted before it is cut to
 * length (a secret cut in two would no longer be found whole).
 */
function jiraErrorMessages(data: unknown, redact: (text: string) => string): string | null {
  const parsed = errorBodySchema.safeParse(data);
  if (!parsed.success) return null;
  const messages = [...(parsed.data.errorMessages ?? []), ...Object.entries(parsed.data.errors ?? {}).map(([field, text]) => `${field}: ${String(text)}`)];
  const text = redact(messages.join('; ').trim());
  return text === '' ? null : text.length > 500 ? `${cutAt(text, 500)}…` : text;
}

/** The server's words after the status, as the end of a sentence: `: You cannot edit … project.`, else `.`. */
const asSentence = (details: string | null): string => (details ? `: ${details.replace(/[.\s]+$/, '')}.` : '.');

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  410: 'Gone',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const statusText = (status: number) => `${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ''}`;
