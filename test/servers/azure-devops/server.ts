// A loopback Azure DevOps (Services and Server) for tests and the bench, answering what
// azure-devops-node-api sends: the OPTIONS location discovery and api-version negotiation of its
// VsoClient, resource areas, connection data, projects, fields, work item type categories and states,
// WIQL (with VS402337 over the result cap), work items batch (errorPolicy Omit) and work items.
// Modelled on Microsoft's published REST specs and examples (wit 7.1 / 7.2, Server 7.1).
// Services URLs look like http://127.0.0.1:port/fabrikam, Server URLs like …/tfs/DefaultCollection.
// Switches: latency, TSTU-style throttling (X-RateLimit-* headers, then 429 TF400733 with Retry-After),
// injected statuses, dropped connections, malformed bodies, the 203 sign-in page, vanishing items, and
// the hostile faults of issue 9: redirects to another 127.0.0.1 port that records what it was sent,
// batches with nulls / dropped / extra / repeated items, WIQL windows that ignore the window, extra
// headers on a normal answer, and bodies that are slow (1 byte every N ms), endless or huge (streamed,
// never held in memory). Every streamed body stops when the client goes away, after a byte count and
// after a time limit.
// Write-back (SPEC §13, backlint annotate), from the wit 7.1 spec: work item comments (GET list with
// continuationToken, POST { text }, PATCH {commentId} { text }; Comment { id, workItemId, version, text,
// createdBy, createdDate, modifiedBy, modifiedDate, isDeleted, url }) and PATCH workitems/{id} with a
// JSON Patch (add / replace / test on /fields/…; `add` on System.Tags appends a tag), validateOnly and
// suppressNotifications. Comments are written as the PAT's identity (connectionData's authenticatedUser).
// Every write is recorded in stats.writes, with the status it got.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADO_FIELDS, AGILE_CATEGORIES, AGILE_STATES, adoIterations, adoTeams, directoryIdentities, directoryIdentityRef, workItemJson, type AdoDataset } from './dataset.js';
import { parseWiql, WiqlError } from './wiql.js';
import { joinJsonBytes } from '../json-bytes.js';

export type Fault =
  | { kind: 'status'; status: number; match?: RegExp; times: number; headers?: Record<string, string> }
  | { kind: 'drop' | 'malformed' | 'signin'; match?: RegExp; times: number }
  /** The request is carried out, then the connection drops before the answer (a proxy's 504 after the service wrote). */
  | { kind: 'drop-answer'; match?: RegExp; times: number }
  /** A 3xx to the same path on the `elsewhere` listener (another port), with credentials and a query in the Location. */
  | { kind: 'redirect'; status: 301 | 302 | 303 | 307 | 308; match?: RegExp; times: number }
  /** The normal answer with these headers added (rate-limit headers on a 200). */
  | { kind: 'headers'; headers: Record<string, string>; match?: RegExp; times: number }
  /**
   * A work items batch answered wrong: `null` answers the first `count` items null although they exist,
   * `drop` leaves them out, `extra` adds an item not asked for, `duplicate` answers the first one twice.
   */
  | { kind: 'batch'; mode: 'null' | 'drop' | 'extra' | 'duplicate'; count?: number; times: number }
  /**
   * A WIQL answered wrong (the first query whose text matches `query`): `ignore-window` answers as if
   * `[System.Id] > 0`, `repeat` answers the first id twice, `unordered` reversed, `empty` with no ids.
   */
  | { kind: 'wiql'; mode: 'ignore-window' | 'repeat' | 'unordered' | 'empty'; query?: RegExp; times: number }
  /** The normal answer, one byte every `everyMs` ms (chunked). */
  | { kind: 'slow-body'; everyMs: number; match?: RegExp; times: number }
  /** A 200 whose chunked body never ends (`{"count":1,"value":[` then spaces), up to `limitBytes` (default 2 GiB). */
  | { kind: 'endless-body'; match?: RegExp; times: number; limitBytes?: number }
  /** A 200 of `bytes` bytes, streamed; with `declare`, announced in Content-Length. */
  | { kind: 'huge-body'; bytes: number; declare?: boolean; match?: RegExp; times: number }
  /** A 200 with this JSON text as its body (an answer of a shape the client does not expect). */
  | { kind: 'body'; json: string; match?: RegExp; times: number };

/** No streamed fault body outlives this, whatever the client does. */
const STREAM_TIME_LIMIT_MS = 60_000;
const CHUNK = 64 * 1024;

export interface AdoServerOptions {
  dataset: AdoDataset;
  /** Valid PATs and whether each may read work items (scope vso.work) and write them (vso.work_write; default: no). */
  tokens?: Record<string, { workItems: boolean; write?: boolean }>;
  /** What a wrong PAT gets: 401, or 203 with the sign-in page (as Services answers browsers). */
  badTokenStatus?: 401 | 203;
  latencyMs?: number;
  /** WIQL answers at most this many ids (Azure DevOps: 20,000). */
  wiqlCap?: number;
  /** Over the cap, answer the first `wiqlCap` ids instead of VS402337 (not what Azure DevOps does). */
  wiqlSilentCap?: boolean;
  /** Requests allowed per window; over it, 429 TF400733 until the window ends. */
  /**
   * `limit` requests per `windowMs`: a fixed window (TSTU-like, the default), or with `bucket` a token
   * bucket holding `limit` (a burst of that many) and refilled at `limit` per `windowMs`.
   */
  throttle?: { limit: number; windowMs: number; headersAlways?: boolean; delayAbove?: number; bucket?: boolean } | null;
  /** The highest api-version a Server collection supports (Services: 7.2). */
  serverMaxVersion?: string;
  faults?: Fault[];
  /** Services' resource areas point the wit area to the `elsewhere` listener (another origin). */
  resourceAreasElsewhere?: boolean;
  /** Services' resource areas point the identity service (IMS) to the `elsewhere` listener (a foreign host). */
  identitiesElsewhere?: boolean;
  /** Ids WIQL still selects but that are deleted by the time a batch asks for them. */
  vanishing?: Set<number>;
  /** The process: work item type categories and each type's states (default: Agile). */
  categories?: typeof AGILE_CATEGORIES;
  states?: typeof AGILE_STATES;
  /**
   * GET workitemtypes: each type 'with states' (WorkItemType.states, as the service answers; the
   * default), 'without states' (as the REST reference's example shows the list), or 'not found' (a 404,
   * as from a server without the route). Without states a client asks each type for its states.
   */
  typeList?: 'with states' | 'without states' | 'not found';
  /** Called as a write (anything but GET) to a work item or its comments arrives, before it is carried out: a person editing the item meanwhile. */
  onWrite?: (method: string, path: string) => void;
}

export interface AdoServerStats {
  requests: number;
  byRoute: Record<string, number>;
  throttled: number;
  /** Requests answered with neither a 429 nor an injected fault. */
  served: number;
  /** How often each id was returned by a batch or workitems call. */
  servedIds: Map<number, number>;
  batchSizes: number[];
  /** The errorPolicy of each batch, as sent. */
  errorPolicies: unknown[];
  /** api-versions the client sent, per route. */
  versions: Record<string, Set<string>>;
  maxInFlight: number;
  wiqlQueries: string[];
  /** Each WIQL's `$top`, in order (null when it had none). */
  wiqlTops: (string | null)[];
  authorization: string[];
  /** What the redirect target (another port of 127.0.0.1) received. */
  elsewhere: { requests: number; authorization: string[] };
  /** Bytes written by streamed fault bodies. */
  streamedBytes: number;
  /** Each request: its route, when it arrived (body read) and was answered (ms since the epoch), its status. */
  trace: { route: string; arrived: number; answered: number; status: number }[];
  /** Every POST / PATCH but queries and batches, as sent, with the status it got. */
  writes: { method: string; path: string; query: string; body: unknown; status: number }[];
}

/** A work item comment as the server keeps it. */
export interface StoredAdoComment {
  id: number;
  workItemId: number;
  version: number;
  text: string;
  createdBy: string;
  createdDate: string;
  modifiedDate: string;
}

export interface AdoServer {
  port: number;
  /** `http://127.0.0.1:port/fabrikam` */
  servicesUrl: string;
  /** `http://127.0.0.1:port/tfs/DefaultCollection` */
  serverUrl: string;
  options: AdoServerOptions;
  stats: AdoServerStats;
  resetStats(): void;
  /** Comments by work item id. */
  comments: Map<number, StoredAdoComment[]>;
  /** Forget the rendered work items (after a test changed one). */
  forgetRendered(): void;
  close(): Promise<void>;
}

/** The identity every valid PAT authenticates as (connectionData's authenticatedUser). */
export const PAT_IDENTITY = { id: 'd291b0c4-a05c-4ea6-8df1-4b41d5f39e10', displayName: 'Ana Souza', uniqueName: 'ana.souza@fabrikam.example' };

const WIT_AREA = '5264459e-e5e0-4bd8-b118-0985e68a4ec5';
const CORE_AREA = '79134c72-4a58-4b42-976c-04e7115f32bf';
const LOCATION = { id: 'e81700f7-3be2-46de-8624-2eb35882fcaa', area: 'Location', resourceName: 'ResourceAreas', routeTemplate: '_apis/{resource}/{areaId}', resourceVersion: 1 };
const WIT_LOCATIONS = [
  { id: '1a9c53f7-f243-4447-b110-35ef023636e4', resourceName: 'wiql', routeTemplate: '{project}/{team}/_apis/{area}/{resource}/{id}', resourceVersion: 2 },
  { id: '908509b6-4248-4475-a1cd-829139ba419f', resourceName: 'workitemsbatch', routeTemplate: '{project}/_apis/{area}/{resource}', resourceVersion: 1 },
  { id: '72c7ddf8-2cdc-4f60-90cd-ab71c14a399b', resourceName: 'workItems', routeTemplate: '{project}/_apis/{area}/{resource}/{id}', resourceVersion: 3 },
  { id: '608aac0a-32e1-4493-a863-b9cf4566d257', resourceName: 'comments', routeTemplate: '{project}/_apis/{area}/workItems/{workItemId}/{resource}/{commentId}', resourceVersion: 4 },
  { id: 'b51fd764-e5c2-4b9b-aaf7-3395cf4bdd94', resourceName: 'fields', routeTemplate: '{project}/_apis/{area}/{resource}/{fieldNameOrRefName}', resourceVersion: 2 },
  { id: '9b9f5734-36c8-415e-ba67-f83b45c31408', resourceName: 'workItemTypeCategories', routeTemplate: '{project}/_apis/{area}/{resource}/{category}', resourceVersion: 2 },
  { id: '7c8d7a76-4a09-43e8-b5df-bd792f4ac6aa', resourceName: 'workItemTypes', routeTemplate: '{project}/_apis/{area}/{resource}/{type}', resourceVersion: 2 },
  { id: '7c9d7a76-4a09-43e8-b5df-bd792f4ac6aa', resourceName: 'states', routeTemplate: '{project}/_apis/{area}/workitemtypes/{type}/{resource}', resourceVersion: 1 },
].map((location) => ({ ...location, area: 'wit' }));
const CORE_LOCATIONS = [
  { id: '603fe2ac-9723-48b9-88ad-09305aa6c6e1', area: 'core', resourceName: 'projects', routeTemplate: '_apis/{resource}/{*projectId}', resourceVersion: 4 },
  { id: 'd30a3dd1-f8ba-442a-b86a-bd0c0c383e59', area: 'core', resourceName: 'teams', routeTemplate: '_apis/projects/{projectId}/{resource}/{*teamId}', resourceVersion: 3 },
  { id: '294c494c-2600-4d7e-b76c-3dd50c3c95be', area: 'core', resourceName: 'members', routeTemplate: '_apis/projects/{projectId}/teams/{teamId}/{resource}', resourceVersion: 2 },
];
const WORK_AREA = '1d4f49f9-02b9-4e26-b826-2cdb6195f2a9';
const WORK_LOCATIONS = [
  { id: '07ced576-58ed-49e6-9c1e-5cb53ab8bf2a', area: 'work', resourceName: 'teamfieldvalues', routeTemplate: '{project}/{team}/_apis/{area}/teamsettings/{resource}', resourceVersion: 1 },
  { id: 'c9175577-28a1-4b06-9197-8636af9f64ad', area: 'work', resourceName: 'iterations', routeTemplate: '{project}/{team}/_apis/{area}/teamsettings/{resource}/{id}', resourceVersion: 1 },
];
/** Identities (area IMS): on Services they live on vssps.dev.azure.com/{org}, here under /vssps/{org} of the same listener. */
const IMS_AREA = '8a3d49b8-91f9-4fcd-b2d0-0d3b7bbec5b2';
const IMS_LOCATIONS = [{ id: '28010c54-d0c0-4c89-a5b0-1c9e188b9fb7', area: 'IMS', resourceName: 'Identities', routeTemplate: '_apis/{resource}/{identityId}', resourceVersion: 2 }];

const SIGN_IN_PAGE = '<!DOCTYPE html><html><head><title>Azure DevOps Services | Sign In</title></head><body><form id="signin">Sign in to your account</form></body></html>';

/** A body already serialised, as the bytes sent: the bench measures the client, not this server's encoding. */
class RawJson {
  constructor(readonly bytes: Buffer) {}
}

const NULL_BYTES = Buffer.from('null');

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly typeKey: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startAdoServer(options: AdoServerOptions): Promise<AdoServer> {
  const freshStats = (): AdoServerStats => ({
    requests: 0,
    byRoute: {},
    throttled: 0,
    served: 0,
    servedIds: new Map(),
    batchSizes: [],
    errorPolicies: [],
    versions: {},
    maxInFlight: 0,
    wiqlQueries: [],
    wiqlTops: [],
    authorization: [],
    elsewhere: { requests: 0, authorization: [] },
    streamedBytes: 0,
    trace: [],
    writes: [],
  });
  const comments = new Map<number, StoredAdoComment[]>();
  let commentIds = 100;
  let stats = freshStats();
  let inFlight = 0;
  let window = { start: 0, count: 0 };
  let bucket = { tokens: Number.NaN, at: 0 };
  const { dataset } = options;
  const byId = new Map(dataset.items.map((item) => [item.id, item]));
  const jsonCache = new Map<string, Map<number, Buffer>>();
  /** `vanishing` items are deleted once the first batch is asked for: WIQL no longer selects them. */
  let batchAsked = false;

  // The redirect target: another origin (same host, another port) that records what reaches it.
  const elsewhere = http.createServer((req, res) => {
    stats.elsewhere.requests += 1;
    stats.elsewhere.authorization.push(req.headers.authorization ?? '');
    req.resume();
    send(res, 200, { count: 0, value: [] });
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  const elsewherePort = (elsewhere.address() as AddressInfo).port;

  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      const arrived = Date.now();
      const finish = () => {
        inFlight -= 1;
        stats.trace.push({ route: `${req.method ?? 'GET'} ${req.url ?? '/'}`.replace(/\?.*$/, ''), arrived, answered: Date.now(), status: res.statusCode });
      };
      res.on('close', finish);
      const delay = options.latencyMs ?? 0;
      const go = () => handle(req, res, body);
      if (delay > 0) setTimeout(go, delay);
      else go();
    });
  });

  function send(res: http.ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}) {
    const text = payload instanceof RawJson ? payload.bytes : typeof payload === 'string' ? payload : JSON.stringify(payload);
    res.writeHead(status, { 'content-type': typeof text === 'string' && text.startsWith('<') ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8', ...headers });
    res.end(text);
  }

  /** A 200 body of `head`, then `fill` repeated to `fillBytes` bytes, then `tail`: streamed in chunks, with backpressure. */
  function streamBody(res: http.ServerResponse, head: string, fill: string, fillBytes: number, declare: boolean, tail = '') {
    const total = head.length + fillBytes + tail.length;
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...(declare ? { 'content-length': String(total) } : {}) });
    const chunk = Buffer.alloc(CHUNK, fill);
    let left = fillBytes;
    let stopped = false;
    const stop = () => {
      stopped = true;
      clearTimeout(limit);
    };
    const limit = setTimeout(() => {
      stopped = true;
      res.destroy();
    }, STREAM_TIME_LIMIT_MS);
    res.on('close', stop);
    res.write(head);
    const pump = () => {
      while (!stopped && left > 0) {
        const piece = left >= CHUNK ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        stats.streamedBytes += piece.length;
        if (!res.write(piece)) return void res.once('drain', pump);
      }
      if (!stopped) {
        stop();
        res.end(tail);
      }
    };
    pump();
  }

  /** The answer one byte every `everyMs` ms; stops when the client goes away or after the time limit. */
  function sendSlowly(res: http.ServerResponse, payload: unknown, everyMs: number, headers: Record<string, string>) {
    const text = payload instanceof RawJson ? payload.bytes : Buffer.from(JSON.stringify(payload));
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...headers });
    const started = performance.now();
    let at = 0;
    const timer = setInterval(() => {
      if (at >= text.length || res.destroyed || performance.now() - started > STREAM_TIME_LIMIT_MS) {
        clearInterval(timer);
        if (at >= text.length) res.end();
        else res.destroy();
        return;
      }
      stats.streamedBytes += 1;
      res.write(text.subarray(at, ++at));
    }, everyMs);
    res.on('close', () => clearInterval(timer));
  }

  function errorBody(typeKey: string, message: string) {
    return { $id: '1', innerException: null, message, typeName: `Microsoft.TeamFoundation.${typeKey}, Microsoft.TeamFoundation`, typeKey, errorCode: 0, eventId: 3000 };
  }

  function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string) {
    stats.requests += 1;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    if ((method === 'POST' || method === 'PATCH') && !/\/(wiql|workitemsbatch)$/i.test(url.pathname)) {
      let parsedBody: unknown = body;
      try {
        parsedBody = JSON.parse(body);
      } catch {
        // kept as text
      }
      res.on('finish', () => stats.writes.push({ method, path: decodeURIComponent(url.pathname), query: url.search, body: parsedBody, status: res.statusCode }));
    }
    // Services' identity host (vssps.dev.azure.com/{org}), stood in for by a path prefix.
    const onVssps = /^\/vssps\//i.test(url.pathname);
    if (onVssps) url.pathname = url.pathname.slice('/vssps'.length);
    const collection = /^\/tfs\/[^/]+/i.exec(url.pathname)?.[0] ?? /^\/[^/]+/.exec(url.pathname)?.[0] ?? '';
    const onServer = collection.toLowerCase().startsWith('/tfs/');
    if (!onServer && collection.toLowerCase() !== `/${dataset.org}`) return send(res, 404, errorBody('OrganizationNotFound', `VS800075: The organization ${collection.slice(1)} does not exist.`));
    const base = `http://127.0.0.1:${port}${collection}`;
    const rest = url.pathname.slice(collection.length).split('/').filter(Boolean).map(decodeURIComponent);
    const apis = rest.findIndex((segment) => segment.toLowerCase() === '_apis');
    const scope = apis < 0 ? rest : rest.slice(0, apis);
    const route = apis < 0 ? [] : rest.slice(apis + 1);
    const routeKey = `${method} ${route.map((s, i) => (i >= 2 && /^(workitemtypes)$/i.test(route[1] ?? '') && i === 2 ? '{type}' : i >= 2 && /^projects$/i.test(route[0] ?? '') ? '{id}' : s)).join('/')}`.toLowerCase();
    stats.byRoute[routeKey] = (stats.byRoute[routeKey] ?? 0) + 1;
    const version = /api-version=([\w.-]+)/.exec(req.headers.accept ?? '')?.[1] ?? url.searchParams.get('api-version');
    if (version) (stats.versions[routeKey] ??= new Set()).add(version);

    // TSTU-style throttling: a fixed window of requests; headers tell how much is left.
    const rateHeaders: Record<string, string> = {};
    if (options.throttle) {
      const now = Date.now();
      const { limit, windowMs } = options.throttle;
      // Whether this request may pass, what is left, and when the budget is whole again (ms since the epoch).
      let allowed: boolean;
      let remaining: number;
      let resetAt: number;
      let count = 0;
      if (options.throttle.bucket) {
        // A token bucket: `limit` at once, then `limit` per `windowMs`.
        const perMs = limit / windowMs;
        if (Number.isNaN(bucket.tokens)) bucket = { tokens: limit, at: now };
        bucket = { tokens: Math.min(limit, bucket.tokens + (now - bucket.at) * perMs), at: now };
        allowed = bucket.tokens >= 1;
        if (allowed) bucket.tokens -= 1;
        remaining = Math.floor(bucket.tokens);
        resetAt = now + (limit - bucket.tokens) / perMs;
      } else {
        // TSTU-style: a fixed window of requests.
        const start = Math.floor(now / windowMs) * windowMs;
        if (start !== window.start) window = { start, count: 0 };
        count = window.count += 1;
        allowed = count <= limit;
        remaining = Math.max(0, limit - count);
        resetAt = start + windowMs;
      }
      Object.assign(rateHeaders, {
        'X-RateLimit-Resource': 'ATCPU',
        'X-RateLimit-Limit': String(limit),
        'X-RateLimit-Remaining': String(remaining),
        'X-RateLimit-Reset': String(Math.ceil(resetAt / 1000)),
      });
      if (!allowed) {
        stats.throttled += 1;
        // A bucket frees a request with its next token, a window when it ends.
        const freeAt = options.throttle.bucket ? now + (1 - bucket.tokens) / (limit / windowMs) : resetAt;
        const retryAfter = Math.max(1, Math.ceil((freeAt - now) / 1000));
        return send(
          res,
          429,
          errorBody('RequestBlockedException', `TF400733: The request has been blocked because it exceeded the usage limits for this resource. Retry after ${retryAfter} seconds.`),
          { ...rateHeaders, 'Retry-After': String(retryAfter), 'X-RateLimit-Delay': '0' },
        );
      }
      if (options.throttle.headersAlways === false) for (const key of Object.keys(rateHeaders)) delete rateHeaders[key];
      // Past `delayAbove`, Azure DevOps first delays requests and says so.
      if (options.throttle.delayAbove !== undefined && count > options.throttle.delayAbove) rateHeaders['X-RateLimit-Delay'] = '0.05';
    }

    // Basic auth with the PAT as password (any user name).
    const authorization = req.headers.authorization ?? '';
    stats.authorization.push(authorization);
    const basic = /^Basic (.+)$/i.exec(authorization);
    const token = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').replace(/^[^:]*:/, '') : null;
    const grant = token !== null ? options.tokens?.[token] : undefined;
    if (!grant) {
      if ((options.badTokenStatus ?? 401) === 203) return send(res, 203, SIGN_IN_PAGE);
      return send(res, 401, SIGN_IN_PAGE, { 'WWW-Authenticate': 'Basic realm="https://dev.azure.com/"' });
    }

    let extraHeaders: Record<string, string> = {};
    let stream: Extract<Fault, { kind: 'slow-body' }> | null = null;
    let dropAnswer = false;
    for (const fault of options.faults ?? []) {
      if (fault.kind === 'batch' || fault.kind === 'wiql') continue; // applied to the answer below
      if (fault.times <= 0 || (fault.match && !fault.match.test(`${method} ${url.pathname}`))) continue;
      fault.times -= 1;
      if (fault.kind === 'status') return send(res, fault.status, errorBody('ServiceUnavailableException', `Injected ${fault.status}`), fault.headers ?? {});
      if (fault.kind === 'drop') return req.socket.destroy();
      if (fault.kind === 'malformed') return send(res, 200, '{"count":2,"value":[{"id":1,"fields":{');
      if (fault.kind === 'signin') return send(res, 203, SIGN_IN_PAGE);
      if (fault.kind === 'body') return send(res, 200, fault.json);
      if (fault.kind === 'redirect') {
        const location = `http://redirect-user:redirect-password@127.0.0.1:${elsewherePort}${url.pathname}?sig=secret-query-value`;
        return send(res, fault.status, errorBody('Redirect', 'Moved'), { Location: location });
      }
      if (fault.kind === 'endless-body') return streamBody(res, '{"count":1,"value":[', ' ', fault.limitBytes ?? 2 * 1024 ** 3, false);
      if (fault.kind === 'huge-body') {
        const head = '{"count":1,"value":[{"id":1,"fields":{"System.Title":"';
        const tail = '"}}]}';
        return streamBody(res, head, 'x', fault.bytes - head.length - tail.length, fault.declare ?? false, tail);
      }
      if (fault.kind === 'headers') extraHeaders = { ...extraHeaders, ...fault.headers };
      if (fault.kind === 'slow-body') stream = fault;
      if (fault.kind === 'drop-answer') dropAnswer = true;
    }

    try {
      const maxVersion = onServer ? (options.serverMaxVersion ?? '7.1') : '7.2';
      const releasedVersion = onServer ? maxVersion : '7.1';
      if (version) checkVersion(version, maxVersion, releasedVersion);
      // One work item (GET workitems/{id}, PATCH) and its comments; GET workitems?ids= is a list.
      const payload = /^wit$/i.test(route[0] ?? '') && /^workitems$/i.test(route[1] ?? '') && route[2] !== undefined || /comments/i.test(route[3] ?? '')
        ? writeBack(method, route, scope, url, body, base, grant)
        : answer(method, route, scope, url, body, base, onServer, maxVersion, releasedVersion, grant.workItems, onVssps);
      stats.served += 1;
      if (dropAnswer) return req.socket.destroy();
      if (stream) return sendSlowly(res, payload, stream.everyMs, { ...rateHeaders, ...extraHeaders });
      send(res, 200, payload, { ...rateHeaders, ...extraHeaders });
    } catch (error) {
      if (error instanceof HttpError) return send(res, error.status, errorBody(error.typeKey, error.message), rateHeaders);
      send(res, 500, errorBody('UnexpectedException', String(error)));
    }
  }

  function checkVersion(version: string, maxVersion: string, releasedVersion: string) {
    const match = /^(\d+\.\d+)(-preview(\.\d+)?)?$/.exec(version);
    if (!match) throw new HttpError(400, 'VssInvalidApiVersionException', `VS800071: The api-version '${version}' is not valid.`);
    const requested = Number(match[1]);
    if (requested > Number(maxVersion)) {
      throw new HttpError(400, 'VssVersionOutOfRangeException', `VS800073: The requested REST API version of ${match[1]} is out of range for this server. The latest REST API version for this server is ${maxVersion}.`);
    }
    if (requested > Number(releasedVersion) && !match[2]) {
      throw new HttpError(400, 'VssInvalidPreviewVersionException', `VS800074: The requested version "${version}" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests.`);
    }
  }

  function locations(area: string, maxVersion: string, releasedVersion: string) {
    const list = area === 'location' ? [LOCATION] : area === 'wit' ? WIT_LOCATIONS : area === 'core' ? CORE_LOCATIONS : area === 'work' ? WORK_LOCATIONS : area === 'ims' ? IMS_LOCATIONS : [];
    const value = list.map((location) => ({ ...location, minVersion: '1.0', maxVersion, releasedVersion }));
    return { count: value.length, value };
  }

  function findProject(name: string | undefined) {
    if (name === undefined) return null;
    const wanted = name.toLowerCase();
    if (wanted === dataset.project.toLowerCase() || wanted === dataset.projectId) return { id: dataset.projectId, name: dataset.project };
    throw new HttpError(404, 'ProjectDoesNotExistWithNameException', `TF200016: The following project does not exist: ${name}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`);
  }

  function needWorkItems(granted: boolean) {
    if (!granted) throw new HttpError(401, 'UnauthorizedRequestException', 'TF400813: The user is not authorized to access this resource (the PAT lacks the scope vso.work).');
  }

  function answer(method: string, route: string[], scope: string[], url: URL, body: string, base: string, onServer: boolean, maxVersion: string, releasedVersion: string, workItems: boolean, onVssps: boolean): unknown {
    const [area = '', resource = '', ...tail] = route.map((s) => s);
    const lowerArea = area.toLowerCase();
    // Services answers identities only on its identity host; Server on the collection.
    if (lowerArea === 'identities' || (method === 'OPTIONS' && lowerArea === 'ims')) {
      if (!onServer && !onVssps) throw new HttpError(404, 'NotFound', `No route for _apis/${route.join('/')} on this host: identities are served by vssps.dev.azure.com`);
      if (method === 'OPTIONS') return locations(lowerArea, maxVersion, releasedVersion);
      return identities(url);
    }
    if (onVssps) throw new HttpError(404, 'NotFound', `No route for _apis/${route.join('/')} on the identity host`);
    if (method === 'OPTIONS') return locations(lowerArea, maxVersion, releasedVersion);
    if (lowerArea === 'resourceareas') {
      if (onServer) return { count: 0, value: null };
      const witBase = options.resourceAreasElsewhere ? base.replace(`:${port}`, `:${elsewherePort}`) : base;
      const value = [
        { id: WIT_AREA, name: 'wit', locationUrl: `${witBase}/` },
        { id: CORE_AREA, name: 'core', locationUrl: `${base}/` },
        { id: WORK_AREA, name: 'work', locationUrl: `${base}/` },
        { id: IMS_AREA, name: 'IMS', locationUrl: options.identitiesElsewhere ? `${base.replace(`:${port}`, `:${elsewherePort}`)}/` : `${base.replace(`/${dataset.org}`, `/vssps/${dataset.org}`)}/` },
      ];
      return { count: value.length, value };
    }
    if (lowerArea === 'projects' && route[2]?.toLowerCase() === 'teams') return teams(route, url, base);
    if (lowerArea === 'work' && resource.toLowerCase() === 'teamsettings' && tail[0]?.toLowerCase() === 'teamfieldvalues') return teamFieldValues(scope, base);
    if (lowerArea === 'work' && resource.toLowerCase() === 'teamsettings' && tail[0]?.toLowerCase() === 'iterations') return teamIterations(scope, base);
    if (lowerArea === 'connectiondata') {
      return {
        authenticatedUser: { id: PAT_IDENTITY.id, descriptor: 'Microsoft.IdentityModel.Claims.ClaimsIdentity;ana', providerDisplayName: PAT_IDENTITY.displayName, isActive: true },
        authorizedUser: { id: PAT_IDENTITY.id, providerDisplayName: PAT_IDENTITY.displayName, isActive: true },
        instanceId: '2b8a2b3f-8d6f-4f31-9b4b-8a1d1c5c9a00',
        deploymentType: onServer ? 'onPremises' : 'hosted',
        locationServiceData: { serviceOwner: '00025394-6065-48ca-87d9-7f5672854ef7', defaultAccessMappingMoniker: 'PublicAccessMapping' },
      };
    }
    if (lowerArea === 'projects') {
      needWorkItems(workItems);
      const project = findProject(resource)!;
      return { ...project, url: `${base}/_apis/projects/${project.id}`, state: 'wellFormed', revision: 411, visibility: 'private', lastUpdateTime: '2026-10-01T10:00:00Z' };
    }
    if (lowerArea !== 'wit') throw new HttpError(404, 'NotFound', `No route for _apis/${route.join('/')}`);
    needWorkItems(workItems);
    const project = findProject(scope[0]);
    const lowerResource = resource.toLowerCase();
    if (lowerResource === 'fields' && method === 'GET') {
      const value = ADO_FIELDS.map(([name, referenceName, type, isIdentity]) => ({ name, referenceName, type, usage: 'workItem', readOnly: false, canSortBy: true, isQueryable: true, isIdentity, isPicklist: false, url: `${base}/_apis/wit/fields/${referenceName}` }));
      return { count: value.length, value };
    }
    if (lowerResource === 'workitemsbatch' && method === 'POST') {
      const request = JSON.parse(body) as { ids?: number[]; fields?: string[]; $expand?: unknown; errorPolicy?: unknown };
      return batch(request.ids ?? [], request.fields, request.$expand, request.errorPolicy, base);
    }
    if (lowerResource === 'workitems' && method === 'GET') {
      const ids = (url.searchParams.get('ids') ?? '').split(',').filter(Boolean).map(Number);
      const fields = url.searchParams.get('fields')?.split(',');
      return batch(ids, fields, url.searchParams.get('$expand') ?? undefined, url.searchParams.get('errorPolicy') ?? undefined, base);
    }
    if (!project) throw new HttpError(404, 'NotFound', `No route for _apis/${route.join('/')} without a project`);
    if (lowerResource === 'workitemtypecategories') {
      const value = (options.categories ?? AGILE_CATEGORIES).map((category) => ({
        name: category.name,
        referenceName: category.referenceName,
        defaultWorkItemType: { name: category.types[0], url: `${base}/${project.id}/_apis/wit/workItemTypes/${encodeURIComponent(category.types[0]!)}` },
        workItemTypes: category.types.map((name) => ({ name, url: `${base}/${project.id}/_apis/wit/workItemTypes/${encodeURIComponent(name)}` })),
        url: `${base}/${project.id}/_apis/wit/workItemTypeCategories/${category.referenceName}`,
      }));
      return { count: value.length, value };
    }
    if (lowerResource === 'workitemtypes' && tail.length === 0 && method === 'GET') {
      if (options.typeList === 'not found') throw new HttpError(404, 'NotFound', `No route for _apis/${route.join('/')}`);
      const value = Object.entries(options.states ?? AGILE_STATES).map(([name, states]) => ({
        name,
        referenceName: `Microsoft.VSTS.WorkItemTypes.${name.replace(/\s+/g, '')}`,
        description: `The ${name} work item type.`,
        color: '009CCC',
        icon: { id: 'icon_book', url: `${base}/_apis/wit/workItemIcons/icon_book?color=009CCC&v=2` },
        isDisabled: false,
        xmlForm: '<FORM><Layout HideReadOnlyEmptyFields="true" HideControlBorders="true" /></FORM>',
        ...(options.typeList === 'without states' ? {} : { states: states.map((state) => ({ name: state.name, color: state.category === 'Completed' ? '339933' : 'b2b2b2', category: state.category })) }),
        url: `${base}/${project.id}/_apis/wit/workItemTypes/${encodeURIComponent(name)}`,
      }));
      return { count: value.length, value };
    }
    if (lowerResource === 'workitemtypes' && tail[1]?.toLowerCase() === 'states') {
      const states = options.states ?? AGILE_STATES;
      const type = Object.keys(states).find((name) => name.toLowerCase() === (tail[0] ?? '').toLowerCase());
      if (!type) throw new HttpError(404, 'WorkItemTypeNotFoundException', `VS402323: Work item type ${tail[0]} does not exist.`);
      const value = states[type]!.map((state) => ({ ...state, color: state.category === 'Completed' ? '339933' : 'b2b2b2' }));
      return { count: value.length, value };
    }
    if (lowerResource === 'wiql' && method === 'POST') return wiql(body, url, base, project.name);
    throw new HttpError(404, 'NotFound', `No route for _apis/${route.join('/')}`);
  }

  /** Comments and work item updates (see the header). */
  function writeBack(method: string, route: string[], scope: string[], url: URL, body: string, base: string, grant: { workItems: boolean; write?: boolean }): unknown {
    needWorkItems(grant.workItems);
    const project = findProject(scope[0]);
    if (!project) throw new HttpError(404, 'NotFound', `No route for _apis/${route.join('/')} without a project`);
    const id = Number(route[2]);
    const item = byId.get(id);
    if (!item) throw new HttpError(404, 'WorkItemUnauthorizedAccessException', `TF401232: Work item ${route[2]} does not exist, or you do not have permissions to read it.`);
    if (method === 'GET' && route[3] === undefined) return workItemJson(dataset, item, base, url.searchParams.get('fields')?.split(','));
    if (method !== 'GET') options.onWrite?.(method, url.pathname);
    const needWrite = () => {
      if (grant.write !== true) throw new HttpError(401, 'UnauthorizedRequestException', 'TF400813: The user is not authorized to access this resource (the PAT lacks the scope vso.work_write).');
    };
    const identity = { displayName: PAT_IDENTITY.displayName, url: `${base}/_apis/Identities/${PAT_IDENTITY.id}`, id: PAT_IDENTITY.id, uniqueName: PAT_IDENTITY.uniqueName, descriptor: 'aad.YW5hLXNvdXphLWZhYnJpa2Ft' };
    const render = (comment: StoredAdoComment) => ({
      workItemId: comment.workItemId,
      id: comment.id,
      version: comment.version,
      text: comment.text,
      createdBy: comment.createdBy === PAT_IDENTITY.id ? identity : { displayName: 'Someone Else', id: comment.createdBy },
      createdDate: comment.createdDate,
      modifiedBy: identity,
      modifiedDate: comment.modifiedDate,
      isDeleted: false,
      url: `${base}/${project.id}/_apis/wit/workItems/${id}/comments/${comment.id}`,
    });
    const list = comments.get(id) ?? [];
    const text = () => {
      const parsed = JSON.parse(body || '{}') as { text?: unknown };
      if (typeof parsed.text !== 'string' || parsed.text.trim() === '') throw new HttpError(400, 'ArgumentNullException', 'Value cannot be null. Parameter name: text');
      return parsed.text;
    };
    if (route[3]?.toLowerCase() === 'comments') {
      if (method === 'GET' && route[4] === undefined) {
        const top = Math.max(1, Math.min(Number(url.searchParams.get('$top') ?? 200) || 200, 200));
        const from = Number(url.searchParams.get('continuationToken') ?? 0) || 0;
        const page = list.slice(from, from + top);
        const next = from + page.length < list.length ? String(from + page.length) : undefined;
        return { totalCount: list.length, count: page.length, comments: page.map(render), ...(next ? { continuationToken: next, nextPage: `${base}/${project.id}/_apis/wit/workItems/${id}/comments?continuationToken=${next}` } : {}) };
      }
      needWrite();
      const now = new Date().toISOString();
      if (method === 'POST' && route[4] === undefined) {
        const comment: StoredAdoComment = { id: (commentIds += 1), workItemId: id, version: 1, text: text(), createdBy: PAT_IDENTITY.id, createdDate: now, modifiedDate: now };
        comments.set(id, [...list, comment]);
        return render(comment);
      }
      const comment = list.find((candidate) => candidate.id === Number(route[4]));
      if (!comment) throw new HttpError(404, 'CommentNotFoundException', `VS403404: Comment ${route[4]} does not exist on work item ${id}.`);
      if (method !== 'PATCH') throw new HttpError(405, 'MethodNotAllowed', 'The requested resource does not support this method.');
      if (comment.createdBy !== PAT_IDENTITY.id) throw new HttpError(403, 'UnauthorizedAccessException', 'Only the author of a comment may edit it.');
      comment.text = text();
      comment.version += 1;
      comment.modifiedDate = now;
      return render(comment);
    }
    if (method !== 'PATCH') throw new HttpError(405, 'MethodNotAllowed', 'The requested resource does not support this method.');
    needWrite();
    const patch = JSON.parse(body || 'null') as { op?: string; path?: string; value?: unknown }[] | null;
    if (!Array.isArray(patch)) throw new HttpError(400, 'VssPropertyValidationException', 'You must pass a valid patch document in the body of the request.');
    const fields = { ...item.fields };
    for (const operation of patch) {
      const field = /^\/fields\/(.+)$/.exec(operation.path ?? '')?.[1];
      if (operation.op === 'test' && operation.path === '/rev') {
        // Work Items - Update: `test` on /rev makes the update conditional on the revision read.
        if (Number(operation.value) !== item.rev) throw new HttpError(412, 'TestOperationFailedException', `TF401320: Test operation on /rev failed: the work item is at revision ${item.rev}.`);
        continue;
      }
      if (!field) throw new HttpError(400, 'VssPropertyValidationException', `Invalid path ${operation.path}.`);
      if (operation.op === 'test') {
        if (String(fields[field] ?? '') !== String(operation.value ?? '')) throw new HttpError(412, 'TestOperationFailedException', `TF401320: Test operation on ${field} failed.`);
      } else if (operation.op === 'add' && field === 'System.Tags') {
        const tags = String(fields[field] ?? '').split(';').map((tag) => tag.trim()).filter(Boolean);
        for (const tag of String(operation.value ?? '').split(';').map((value) => value.trim()).filter(Boolean)) if (!tags.some((existing) => existing.toLowerCase() === tag.toLowerCase())) tags.push(tag);
        fields[field] = tags.join('; ');
      } else if (operation.op === 'add' || operation.op === 'replace') {
        fields[field] = operation.value;
      } else {
        throw new HttpError(400, 'VssPropertyValidationException', `Operation ${operation.op} is not supported here.`);
      }
      if (fields[field] === '') delete fields[field];
    }
    if (url.searchParams.get('validateOnly') !== 'true') {
      item.fields = fields;
      item.rev += 1;
      jsonCache.clear();
      return workItemJson(dataset, item, base);
    }
    return workItemJson(dataset, { ...item, fields }, base);
  }

  /** GET _apis/projects/{project}/teams[/{team}/members]: WebApiTeam / TeamMember lists in the count/value envelope, with $top/$skip. */
  function teams(route: string[], url: URL, base: string) {
    const project = findProject(route[1])!;
    const all = adoTeams(project.name);
    const page = <T>(list: T[]) => {
      const skip = Math.max(0, Number(url.searchParams.get('$skip') ?? 0) || 0);
      const top = Math.max(1, Number(url.searchParams.get('$top') ?? 100) || 100);
      const value = list.slice(skip, skip + top);
      return { count: value.length, value };
    };
    const teamUrl = (id: string) => `${base}/_apis/projects/${project.id}/teams/${id}`;
    if (route[3] === undefined) {
      return page(all.map((team) => ({ id: team.id, name: team.name, url: teamUrl(team.id), description: team.description, identityUrl: `https://spsprodeus27.vssps.visualstudio.com/_apis/Identities/${team.id}`, projectName: project.name, projectId: project.id })));
    }
    const team = all.find((candidate) => candidate.id === route[3] || candidate.name.toLowerCase() === route[3]!.toLowerCase());
    if (!team) throw new HttpError(404, 'TeamNotFoundException', `VS403044: The team with id or name ${route[3]} does not exist.`);
    if (route[4]?.toLowerCase() !== 'members') return { id: team.id, name: team.name, url: teamUrl(team.id), description: team.description, projectName: project.name, projectId: project.id };
    return page(team.members.map((index) => ({ isTeamAdmin: team.admins.includes(index), identity: directoryIdentityRef(index, dataset.org) })));
  }

  /** GET {project}/{team}/_apis/work/teamsettings/teamfieldvalues. */
  function teamFieldValues(scope: string[], base: string) {
    const project = findProject(scope[0])!;
    const team = adoTeams(project.name).find((candidate) => candidate.id === scope[1] || candidate.name.toLowerCase() === (scope[1] ?? '').toLowerCase());
    if (!team) throw new HttpError(404, 'TeamNotFoundException', `VS403044: The team with id or name ${scope[1]} does not exist.`);
    const field = team.field ?? 'System.AreaPath';
    return {
      field: { referenceName: field, url: `${base}/_apis/wit/fields/${field}` },
      defaultValue: team.defaultValue,
      values: team.values,
      url: `${base}/${project.id}/${team.id}/_apis/work/teamsettings/teamfieldvalues`,
      _links: { self: { href: `${base}/${project.id}/${team.id}/_apis/work/teamsettings/teamfieldvalues` } },
    };
  }

  /** GET {project}/{team}/_apis/work/teamsettings/iterations: the team's iterations with their dates. */
  function teamIterations(scope: string[], base: string) {
    const project = findProject(scope[0])!;
    const team = adoTeams(project.name).find((candidate) => candidate.id === scope[1] || candidate.name.toLowerCase() === (scope[1] ?? '').toLowerCase());
    if (!team) throw new HttpError(404, 'TeamNotFoundException', `VS403044: The team with id or name ${scope[1]} does not exist.`);
    const value = adoIterations(project.name, base, project.id, team.id);
    return { count: value.length, value };
  }

  /** GET _apis/identities?searchFilter=General&filterValue=…: display name words and account by prefix, case-insensitively. */
  function identities(url: URL) {
    const filter = url.searchParams.get('searchFilter');
    const wanted = (url.searchParams.get('filterValue') ?? '').trim().toLowerCase();
    if (!filter || wanted === '') throw new HttpError(400, 'ArgumentException', 'VS403431: searchFilter and filterValue must both be given, or descriptors or identityIds.');
    const starts = (text: string) => text.toLowerCase().split(/\s+/).concat(text.toLowerCase()).some((word) => word.startsWith(wanted));
    const value = directoryIdentities(dataset.org).filter((identity) => {
      const account = identity.properties.Account.$value;
      if (filter === 'MailAddress' || filter === 'AccountName') return account.toLowerCase() === wanted;
      if (filter === 'DisplayName') return starts(identity.providerDisplayName);
      return starts(identity.providerDisplayName) || starts(account);
    });
    return { count: value.length, value };
  }

  function takeFault<K extends 'batch' | 'wiql'>(kind: K, query = ''): Extract<Fault, { kind: K }> | null {
    const fault = (options.faults ?? []).find((candidate) => candidate.kind === kind && candidate.times > 0 && !(candidate.kind === 'wiql' && candidate.query && !candidate.query.test(query)));
    if (!fault) return null;
    fault.times -= 1;
    return fault as Extract<Fault, { kind: K }>;
  }

  function wiql(body: string, url: URL, base: string, projectName: string) {
    let { query } = JSON.parse(body) as { query: string };
    stats.wiqlQueries.push(query);
    const fault = takeFault('wiql', query);
    if (fault?.mode === 'ignore-window') query = query.replace(/\[System\.Id\] > \d+/, '[System.Id] > 0');
    let parsed;
    try {
      parsed = parseWiql(query, { project: projectName });
    } catch (error) {
      if (error instanceof WiqlError) throw new HttpError(400, 'QueryException', `TF51006: The query statement is invalid: ${error.message}.`);
      throw error;
    }
    const top = url.searchParams.get('$top');
    stats.wiqlTops.push(top);
    const cap = options.wiqlCap ?? 20_000;
    let matched = dataset.items.filter((item) => parsed.where(item.fields) && !(batchAsked && options.vanishing?.has(item.id)));
    if (matched.length > cap && options.wiqlSilentCap) {
      matched = matched.sort((a, b) => a.id - b.id).slice(0, cap);
    } else if (matched.length > cap && (top === null || Number(top) > cap)) {
      throw new HttpError(400, 'QueryTooManyResultsException', `VS402337: The number of work items returned exceeds the size limit of ${cap}. Change the query to return fewer items.`);
    }
    for (const { field, descending } of [...parsed.orderBy].reverse()) {
      matched = [...matched].sort((a, b) => {
        const x = a.fields[field] as number | string;
        const y = b.fields[field] as number | string;
        return (x < y ? -1 : x > y ? 1 : 0) * (descending ? -1 : 1);
      });
    }
    if (top !== null) matched = matched.slice(0, Number(top));
    if (fault?.mode === 'repeat' && matched.length > 0) matched = [matched[0]!, ...matched];
    if (fault?.mode === 'unordered') matched = [...matched].reverse();
    if (fault?.mode === 'empty') matched = [];
    return {
      queryType: 'flat',
      queryResultType: 'workItem',
      asOf: new Date().toISOString(),
      columns: [{ referenceName: 'System.Id', name: 'ID', url: `${base}/_apis/wit/fields/System.Id` }],
      workItems: matched.map((item) => ({ id: item.id, url: `${base}/${dataset.projectId}/_apis/wit/workItems/${item.id}` })),
    };
  }

  function batch(ids: number[], fields: string[] | undefined, expand: unknown, errorPolicy: unknown, base: string) {
    if (ids.length === 0) throw new HttpError(400, 'ArgumentNullException', 'VS403482: The ids parameter is required.');
    if (ids.length > 200) throw new HttpError(400, 'ArgumentException', 'VS403474: The maximum number of work items that can be requested in a single call is 200.');
    if (fields && expand !== undefined && expand !== null && expand !== 0 && expand !== 'none' && expand !== 'None') {
      throw new HttpError(400, 'ConflictingParametersException', 'VS403437: The expand parameter can not be used with the fields parameter.');
    }
    for (const field of fields ?? []) {
      if (!ADO_FIELDS.some(([name, reference]) => reference.toLowerCase() === field.toLowerCase() || name.toLowerCase() === field.toLowerCase())) {
        throw new HttpError(400, 'FieldDefinitionNotExistException', `TF51535: Cannot find field ${field}.`);
      }
    }
    const omit = errorPolicy === 2 || String(errorPolicy).toLowerCase() === 'omit';
    stats.batchSizes.push(ids.length);
    stats.errorPolicies.push(errorPolicy);
    batchAsked = true;
    const fault = takeFault('batch');
    // Items are serialised once per field list and base URL, so that the bench measures the client.
    const cacheKey = `${base} ${fields?.join(',') ?? '*'}`;
    let cache = jsonCache.get(cacheKey);
    if (!cache) jsonCache.set(cacheKey, (cache = new Map()));
    const value = ids.map((id) => {
      const item = byId.get(id);
      if (!item || options.vanishing?.has(id)) {
        if (omit) return NULL_BYTES;
        throw new HttpError(404, 'WorkItemUnauthorizedAccessException', `TF401232: Work item ${id} does not exist, or you do not have permissions to read it.`);
      }
      stats.servedIds.set(id, (stats.servedIds.get(id) ?? 0) + 1);
      let bytes = cache.get(id);
      if (bytes === undefined) cache.set(id, (bytes = Buffer.from(JSON.stringify(workItemJson(dataset, item, base, fields)))));
      return bytes;
    });
    const count = fault?.count ?? 1;
    if (fault?.mode === 'null') value.splice(0, count, ...Array.from({ length: Math.min(count, value.length) }, () => NULL_BYTES));
    if (fault?.mode === 'drop') value.splice(0, count);
    if (fault?.mode === 'duplicate' && value.length > 0) value.push(value[0]!);
    if (fault?.mode === 'extra') {
      const stranger = dataset.items.find((item) => !ids.includes(item.id));
      if (stranger) value.push(Buffer.from(JSON.stringify(workItemJson(dataset, stranger, base, fields))));
    }
    return new RawJson(joinJsonBytes(`{"count":${value.length},"value":[`, value, ']}'));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    servicesUrl: `http://127.0.0.1:${port}/${dataset.org}`,
    serverUrl: `http://127.0.0.1:${port}/tfs/DefaultCollection`,
    options,
    get stats() {
      return stats;
    },
    comments,
    forgetRendered() {
      jsonCache.clear();
    },
    /** Fresh counters, and a fresh rate-limit window (a full bucket). */
    resetStats() {
      stats = freshStats();
      window = { start: 0, count: 0 };
      bucket = { tokens: Number.NaN, at: 0 };
    },
    close: () =>
      Promise.all(
        [server, elsewhere].map(
          (listener) =>
            new Promise<void>((resolve) => {
              listener.closeAllConnections();
              listener.close(() => resolve());
            }),
        ),
      ).then(() => undefined),
  };
}
