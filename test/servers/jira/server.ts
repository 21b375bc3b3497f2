// A loopback Jira for tests and the bench: Jira Cloud REST v3 and Data Center REST v2 as Atlassian
// documents them (the Cloud platform OpenAPI: /search/jql with nextPageToken and isLast, ids only by
// default, the 410 of the removed /search, /issue/bulkfetch with issueErrors, /field, /myself,
// /serverInfo, /mypermissions; Data Center's /search with startAt/maxResults/total), Basic auth on Cloud
// and Bearer PATs on Data Center, and switches for latency, a requests-per-second limit answered with
// Jira's 429 headers, injected 5xx, dropped connections and malformed bodies. Bound to 127.0.0.1 only.
// Hostile and broken answers for issue 9: redirects (to another port that records what it is sent),
// bodies that trickle or never end, huge Retry-After / X-RateLimit-Reset, and answers that look fine but
// are not (a bulk fetch that leaves issues out, a search that ignores startAt, pages that never end).
// Every loop here is bounded in count and time.
// Write-back (SPEC §13, backlint annotate), as the Cloud platform OpenAPI (and the Data Center REST v2
// docs) describe it: GET /issue/{key}/comment (PageOfComments: startAt, maxResults, total, comments;
// properties only with expand=properties), POST /issue/{key}/comment (201; Cloud takes an ADF `body`,
// Data Center a wiki-markup string; `properties` and `visibility` kept), PUT /issue/{key}/comment/{id},
// PUT /comment/{id}/properties/{key}, PUT /issue/{key} with `update.labels` add/remove (204), and
// /mypermissions for ADD_COMMENTS and EDIT_ISSUES. Every write is recorded in stats.writes.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_BOARDS, fieldList, forgetRendered, myself, renderComponents, renderIssueJson, renderProject, renderProjectDetail, renderRole, roleLinks, SITE_PROJECTS, siteUsers, TEAM_FIELD, teamOf, type Dataset, type Deployment, type DatasetIssue } from './dataset.js';
import { joinJsonBytes } from '../json-bytes.js';

export type Fault =
  /** This status with Jira's error body; `headers` as given (Retry-After, X-RateLimit-Reset, …). */
  | { kind: 'status'; status: number; retryAfter?: number; headers?: Record<string, string>; messages?: string[] }
  | { kind: 'drop' }
  /** The request is carried out, then the connection drops before the answer (a proxy's 504 after Jira wrote). */
  | { kind: 'dropAnswer' }
  | { kind: 'malformed' }
  /** A 200 with this JSON body instead of the route's: a payload that drifted from what Jira documents. */
  | { kind: 'drifted'; body: unknown }
  /** A 200 with an HTML sign-in page, as single sign-on or a proxy in front of Jira answers. */
  | { kind: 'signInPage' }
  /** Answers only after `ms` (past the client's timeout). */
  | { kind: 'stall'; ms: number }
  /** A redirect to `to`: an absolute URL (another host) or a path on this server. */
  | { kind: 'redirect'; status: 301 | 302 | 303 | 307 | 308; to: string }
  /** 200 at once, then a JSON body one byte every `intervalMs`; ends after `maxMs` (default 30 s). */
  | { kind: 'slowBody'; intervalMs: number; maxMs?: number }
  /** 200, chunked, a body that never ends; the server stops at `maxBytes` (default 1 GiB) or `maxMs` (default 60 s). */
  | { kind: 'endlessBody'; maxBytes?: number; maxMs?: number }
  // The answers below are the real answer, altered: they apply only to the request they name.
  /** Bulk fetch: the first three issues asked come back in issueErrors (a retriable error). */
  | { kind: 'issueErrors' }
  /** Bulk fetch: the last `drop` (default 1) issues asked are silently left out, with no issueErrors. */
  | { kind: 'shortBulk'; drop?: number }
  /** Deletes the last `count` issues a bulk fetch asks for that are nobody's parent (default 1) just before answering it: gone from every later answer. */
  | { kind: 'deleteBulk'; count?: number }
  /** Bulk fetch: another issue than asked in place of the last one asked. */
  | { kind: 'foreignBulk' }
  /** Bulk fetch: the first issue twice, in place of the last one asked. */
  | { kind: 'duplicateBulk' }
  /** Data Center search: page one's issues whatever startAt asks (the startAt asked is echoed). */
  | { kind: 'ignoreStartAt' }
  /** Data Center search: no issues, the total unchanged. */
  | { kind: 'emptyPage' }
  /** Data Center search: the last `drop` (default 1) issues of the page left out. */
  | { kind: 'shortPage'; drop?: number }
  /** Data Center search: announces this total (1e9) whatever it holds. */
  | { kind: 'total'; total: number }
  /** Cloud enhanced search: the same page again, with a fresh nextPageToken. */
  | { kind: 'sameIdsToken' }
  /** Cloud enhanced search: an empty page with a fresh nextPageToken. */
  | { kind: 'emptyPageToken' }
  /** Cloud enhanced search: the nextPageToken it was sent, again. */
  | { kind: 'repeatToken' }
  /** Cloud enhanced search: the page without its `issues` member, which Atlassian's schema makes optional (the rest as it would be). */
  | { kind: 'noIssuesMember' }
  /** Cloud enhanced search: `isLast: true` on every page, each with a nextPageToken to the next (past the end too). */
  | { kind: 'isLastWithToken' };

type AnswerFault = Extract<Fault, { kind: 'issueErrors' | 'shortBulk' | 'deleteBulk' | 'foreignBulk' | 'duplicateBulk' | 'ignoreStartAt' | 'emptyPage' | 'shortPage' | 'total' | 'sameIdsToken' | 'emptyPageToken' | 'repeatToken' | 'noIssuesMember' | 'isLastWithToken' }>;

/** Which request an altered answer belongs to. */
const ANSWER_FAULTS: Record<AnswerFault['kind'], (path: string) => boolean> = {
  issueErrors: (path) => path.endsWith('/bulkfetch'),
  shortBulk: (path) => path.endsWith('/bulkfetch'),
  deleteBulk: (path) => path.endsWith('/bulkfetch'),
  foreignBulk: (path) => path.endsWith('/bulkfetch'),
  duplicateBulk: (path) => path.endsWith('/bulkfetch'),
  ignoreStartAt: (path) => path.endsWith('/rest/api/2/search'),
  emptyPage: (path) => path.endsWith('/rest/api/2/search'),
  shortPage: (path) => path.endsWith('/rest/api/2/search'),
  total: (path) => path.endsWith('/rest/api/2/search'),
  sameIdsToken: (path) => path.endsWith('/search/jql'),
  emptyPageToken: (path) => path.endsWith('/search/jql'),
  repeatToken: (path) => path.endsWith('/search/jql'),
  noIssuesMember: (path) => path.endsWith('/search/jql'),
  isLastWithToken: (path) => path.endsWith('/search/jql'),
};
const isAnswerFault = (fault: Fault): fault is AnswerFault => Object.hasOwn(ANSWER_FAULTS, fault.kind);

export interface JiraServerOptions {
  deployment: Deployment;
  dataset: Dataset;
  /** Cloud: Basic email:token; Data Center: Bearer PAT, or Basic username:password when `username` is set. */
  email?: string;
  token: string;
  /** Data Center / Server: also accept Basic auth with this user name and `token` as the password. */
  username?: string;
  /** Data Center / Server version (default 9.12.15); before 8.14 there are no personal access tokens. */
  version?: [number, number, number];
  latencyMs?: number;
  /** Requests per second (a token bucket holding one second's worth); 0: no limit. */
  rateLimit?: number;
  /** Data Center's jira.search.views.default.max. */
  dcMaxResults?: number;
  /** Send X-RateLimit-Limit/Remaining with a 429 (default true); false: Retry-After only. */
  announceLimit?: boolean;
  /** Also send X-RateLimit-Limit/Remaining/Reset on every answer under the limit (default false: only with a 429). */
  announceAlways?: boolean;
  /**
   * Data Center's rate limiting (Atlassian, "Improving instance stability with rate limiting"): a token
   * bucket of `size` that gets `fillRate` new tokens every `intervalSeconds`; every answer says
   * X-RateLimit-Limit (the size), -Remaining, -Interval-Seconds, -FillRate and retry-after (0 while tokens
   * are left), and an empty bucket answers 429 with the seconds until the next tokens.
   */
  dcBucket?: { size: number; fillRate: number; intervalSeconds: number };
  /** Data Center only: the comment POST ignores `properties` (set through PUT /comment/{id}/properties/{key} only). */
  dropCommentProperties?: boolean;
  /** Comment lists leave out `properties` whatever `expand` asks (Atlassian documents only renderedBody there). */
  commentsWithoutProperties?: boolean;
  browse?: boolean;
  /** The account administers Jira or the project (Data Center then lets it turn off watcher notifications). */
  admin?: boolean;
  /** Projects the account may not browse: /mypermissions with their projectKey answers 404, as Jira does for a project the account cannot see. */
  browseDenied?: string[];
  /** The Agile API's largest page of sprints (Jira's default and cap is 50). */
  agileMaxResults?: number;
  /** Leave isLast out of the Agile API's pages (some proxies and older servers do). */
  agileOmitIsLast?: boolean;
  /**
   * The account administers none of the projects. Data Center and Server show a project role's actors
   * (GET /rest/api/2/project/{key}/role/{id}) to project admins only (JRASERVER-40816): 403 "You cannot
   * edit the configuration of this project.", or on older versions 401 with X-Seraph-LoginReason: OK
   * (the credentials were accepted; only this resource is refused). The list of roles stays readable.
   */
  roleDetailsRefused?: 403 | 401;
  /** Whether the account may add comments and edit issues (ADD_COMMENTS, EDIT_ISSUES; default true). */
  write?: boolean;
}

/** A comment as the site keeps it. */
export interface StoredComment {
  id: string;
  /** Someone else's comment (a user as /myself renders one); absent: the account the request came with. */
  author?: unknown;
  issueId: number;
  body: unknown;
  properties: { key: string; value: unknown }[];
  visibility?: unknown;
  created: string;
  updated: string;
}

/** A write the site accepted (or refused), as sent. */
export interface RecordedWrite {
  method: string;
  path: string;
  query: string;
  body: unknown;
  status: number;
}

export interface JiraServer {
  url: string;
  options: JiraServerOptions;
  /** The next `times` requests whose path contains `path` get this fault, after the first `skip` of them. */
  inject(fault: Fault, times?: number, path?: string, skip?: number, method?: string): void;
  stats: { requests: number; throttled: number; byPath: Map<string, number>; log: { method: string; path: string; query: string; arrived: number; at: number; status: number }[]; writes: RecordedWrite[] };
  /** The comments of the site, by issue id. */
  comments: Map<number, StoredComment[]>;
  close(): Promise<void>;
}

/**
 * Already serialised JSON (its UTF-8 bytes), spliced into a response body as is: the bench measures the
 * client, so the server does not encode the same issues again for every answer.
 */
class RawJson {
  constructor(readonly bytes: Buffer) {}
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  const raws: Buffer[] = [];
  const text = JSON.stringify(body, (_key, value: unknown) => (value instanceof RawJson ? `\u0000raw${raws.push(value.bytes) - 1}` : value));
  const parts: Buffer[] = [];
  let from = 0;
  for (const match of text.matchAll(/"\\u0000raw(\d+)"/g)) {
    parts.push(Buffer.from(text.slice(from, match.index)), raws[Number(match[1])]!);
    from = match.index + match[0].length;
  }
  parts.push(Buffer.from(text.slice(from)));
  const bytes = Buffer.concat(parts);
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': bytes.length, ...headers });
  res.end(bytes);
};
const errorBody = (...messages: string[]) => ({ errorMessages: messages, errors: {} });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startJiraServer(options: JiraServerOptions): Promise<JiraServer> {
  const faults: { fault: Fault; left: number; path: string; skip: number; method?: string }[] = [];
  const comments = new Map<number, StoredComment[]>();
  let commentIds = 20_000;
  let nonce = 0;
  const stats: JiraServer['stats'] = { requests: 0, throttled: 0, byPath: new Map(), log: [], writes: [] };
  let tokens = 0;
  let refilledAt = Date.now();
  let url = '';

  let dcTokens: number | null = null;
  let dcStarted = 0;
  let dcRefills = 0;
  /** Data Center's bucket: new tokens in whole batches, one every interval since the first request. */
  const dcBucket = (): { headers: Record<string, string>; allowed: boolean } | null => {
    const bucket = options.dcBucket;
    if (bucket === undefined) return null;
    const now = Date.now();
    if (dcTokens === null) {
      dcTokens = bucket.size;
      dcStarted = now;
    }
    const intervalMs = bucket.intervalSeconds * 1000;
    const refills = Math.floor((now - dcStarted) / intervalMs);
    dcTokens = Math.min(bucket.size, dcTokens + (refills - dcRefills) * bucket.fillRate);
    dcRefills = refills;
    const allowed = dcTokens >= 1;
    if (allowed) dcTokens -= 1;
    const nextRefill = dcStarted + (refills + 1) * intervalMs;
    return {
      allowed,
      headers: {
        'x-ratelimit-limit': String(bucket.size),
        'x-ratelimit-remaining': String(dcTokens),
        'x-ratelimit-interval-seconds': String(bucket.intervalSeconds),
        'x-ratelimit-fillrate': String(bucket.fillRate),
        'retry-after': allowed ? '0' : String(Math.max(1, Math.ceil((nextRefill - now) / 1000))),
      },
    };
  };

  const takeToken = (): number => {
    const rate = options.rateLimit ?? 0;
    if (rate <= 0) return 0;
    const now = Date.now();
    tokens = Math.min(rate, tokens + ((now - refilledAt) / 1000) * rate);
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return ((1 - tokens) / rate) * 1000; // ms until a token is there
  };

  /** What is left of the bucket, as a site that announces its limit on every answer says. */
  const budgetHeaders = (): Record<string, string> => {
    const rate = options.rateLimit ?? 0;
    const now = Date.now();
    const left = Math.min(rate, tokens + ((now - refilledAt) / 1000) * rate);
    return {
      'x-ratelimit-limit': String(rate),
      'x-ratelimit-remaining': String(Math.max(0, Math.floor(left))),
      'x-ratelimit-reset': new Date(now + ((rate - left) / rate) * 1000).toISOString(),
    };
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = parsed.pathname;
    const body = await readBody(req);
    if (path === '/__loopback/stats') {
      // For a server run in its own process (the bench): the test's view of what it served.
      json(res, 200, { requests: stats.requests, throttled: stats.throttled, log: stats.log, issues: options.dataset.issues.length, open: options.dataset.issues.filter((issue) => issue.category !== 'done').length });
      if (req.method === 'DELETE') stats.log.length = 0;
      return;
    }
    if (path === '/__loopback/options' && req.method === 'POST' && body && typeof body === 'object') {
      // Switches for a server in another process: latencyMs, rateLimit.
      Object.assign(options, body);
      tokens = options.rateLimit ?? 0;
      refilledAt = Date.now();
      json(res, 200, { ok: true });
      return;
    }
    stats.requests += 1;
    stats.byPath.set(path, (stats.byPath.get(path) ?? 0) + 1);
    const arrived = Date.now();
    const writing = req.method === 'POST' || req.method === 'PUT' || req.method === 'DELETE';
    const recordWrite = (status: number) => {
      if (writing && !/\/search|\/bulkfetch/.test(path)) stats.writes.push({ method: req.method!, path, query: parsed.search, body, status });
    };
    const log = (status: number) => {
      recordWrite(status);
      stats.log.push({ method: req.method ?? 'GET', path, query: parsed.search, arrived, at: Date.now(), status });
    };
    const wait = takeToken();
    const dc = dcBucket();
    await sleep(options.latencyMs ?? 0);
    if (dc !== null && !dc.allowed) {
      stats.throttled += 1;
      log(429);
      json(res, 429, errorBody('Rate limit exceeded.'), dc.headers);
      return;
    }

    if (wait > 0) {
      stats.throttled += 1;
      log(429);
      const rate = options.rateLimit ?? 0;
      const retryAfter = { 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) };
      json(
        res,
        429,
        errorBody('Rate limit exceeded.'),
        options.announceLimit === false
          ? retryAfter
          : {
              ...retryAfter,
              'x-ratelimit-limit': String(rate),
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset': new Date(Date.now() + wait).toISOString(),
              'x-ratelimit-nearlimit': 'true',
              'ratelimit-reason': 'jira-burst-based',
            },
      );
      return;
    }
    const entry = faults.find((candidate) => candidate.left > 0 && path.includes(candidate.path) && (candidate.method === undefined || candidate.method === req.method) && (!isAnswerFault(candidate.fault) || ANSWER_FAULTS[candidate.fault.kind](path)));
    let fault: Fault | undefined;
    if (entry && entry.skip > 0) entry.skip -= 1;
    else if (entry) {
      entry.left -= 1;
      fault = entry.fault;
    }
    if (fault && !isAnswerFault(fault) && fault.kind !== 'dropAnswer') {
      const f = fault;
      if (f.kind === 'drop') {
        log(0);
        req.socket.destroy();
        return;
      }
      if (f.kind === 'stall') {
        await sleep(f.ms);
        log(200);
        json(res, 200, errorBody('too late'));
        return;
      }
      if (f.kind === 'drifted') {
        log(200);
        json(res, 200, f.body);
        return;
      }
      if (f.kind === 'malformed') {
        log(200);
        res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
        res.end('{"issues":[{"id":"10001","key":"PAY-1","fields":{"summ');
        return;
      }
      if (f.kind === 'signInPage') {
        log(200);
        res.writeHead(200, { 'content-type': 'text/html;charset=UTF-8' });
        res.end('<!DOCTYPE html><html><head><title>Log in with Atlassian account</title></head><body><form action="/login"></form></body></html>');
        return;
      }
      if (f.kind === 'redirect') {
        log(f.status);
        res.writeHead(f.status, { location: f.to, 'content-type': 'text/html;charset=UTF-8', 'content-length': 0 });
        res.end();
        return;
      }
      if (f.kind === 'slowBody' || f.kind === 'endlessBody') {
        log(200);
        await (f.kind === 'slowBody' ? trickle(res, f.intervalMs, f.maxMs ?? 30_000) : endless(res, f.maxBytes ?? 2 ** 30, f.maxMs ?? 60_000));
        return;
      }
      log(f.status);
      if (f.status === 429) stats.throttled += 1;
      const body = f.messages ? errorBody(...f.messages) : f.status === 503 ? errorBody('Service unavailable') : f.status === 429 ? errorBody('Rate limit exceeded.') : errorBody('Internal server error');
      json(res, f.status, body, { ...(f.retryAfter === undefined ? {} : { 'retry-after': String(f.retryAfter) }), ...f.headers });
      return;
    }
    // /serverInfo answers anonymous callers too, as Jira does; everything else needs the credentials.
    if (!path.endsWith('/serverInfo') && !authorised(req)) {
      log(401);
      json(res, 401, errorBody('You are not authenticated. Authentication required to perform this operation.'), { 'www-authenticate': options.deployment === 'cloud' ? 'Basic realm="protected-area"' : 'Bearer realm="Jira"' });
      return;
    }
    const answer = route(req.method ?? 'GET', path, parsed.searchParams, body, fault && isAnswerFault(fault) ? fault : undefined);
    if (fault?.kind === 'dropAnswer') {
      log(0);
      req.socket.destroy();
      return;
    }
    log(answer.status);
    if (answer.status === 204) {
      res.writeHead(204);
      res.end();
      return;
    }
    json(res, answer.status, answer.body, { ...(dc !== null ? dc.headers : options.announceAlways && (options.rateLimit ?? 0) > 0 ? budgetHeaders() : {}), ...answer.headers });
  }

  /** Issues are serialised once (cached per field list): the server's own cost should not weigh on the bench. */
  function issuesJson(issues: DatasetIssue[], deployment: Deployment, wanted: string[]): RawJson {
    const rendered = issues.map((issue) => renderIssueJson(issue, options.dataset, deployment, url, wanted));
    return new RawJson(joinJsonBytes('[', rendered, ']'));
  }

  function authorised(req: IncomingMessage): boolean {
    const auth = req.headers.authorization ?? '';
    if (options.deployment === 'cloud') return auth === `Basic ${Buffer.from(`${options.email}:${options.token}`).toString('base64')}`;
    if (options.username !== undefined && auth === `Basic ${Buffer.from(`${options.username}:${options.token}`).toString('base64')}`) return true;
    const [major, minor] = options.version ?? [9, 12, 15];
    const hasPats = major > 8 || (major === 8 && minor >= 14);
    return hasPats && auth === `Bearer ${options.token}`;
  }

  function route(method: string, path: string, query: URLSearchParams, body: unknown, fault: AnswerFault | undefined): { status: number; body: unknown; headers?: Record<string, string> } {
    const cloud = options.deployment === 'cloud';
    const agile = /^\/rest\/agile\/1\.0\/board\/([^/]+)\/sprint$/.exec(path);
    if (agile && method === 'GET') return boardSprints(decodeURIComponent(agile[1]!), query);
    const match = /^\/rest\/api\/(2|3)(\/.*)$/.exec(path);
    if (!match || (!cloud && match[1] === '3')) return { status: 404, body: errorBody('null for uri: ' + path) };
    const [, , rest] = match;
    const args = method === 'POST' && body && typeof body === 'object' ? (body as Record<string, unknown>) : Object.fromEntries(query.entries());
    if (method === 'GET' && /^\/(project|user)(\/|$)/.test(rest!)) return directory(rest!, query);
    if (/^\/(issue\/[^/]+(\/comment(\/[^/]+)?)?|comment\/[^/]+\/properties\/[^/]+)$/.test(rest!) && !rest!.endsWith('/bulkfetch')) return writeBack(method, rest!, query, body);
    switch (`${method} ${rest}`) {
      case 'GET /serverInfo':
        return {
          status: 200,
          body: cloud
            ? { baseUrl: url, version: '1001.0.0-SNAPSHOT', versionNumbers: [1001, 0, 0], deploymentType: 'Cloud', buildNumber: 100282, buildDate: '2026-11-20T00:00:00.000+0000', serverTime: new Date().toISOString(), scmInfo: 'abc', serverTitle: 'Jira' }
            : { baseUrl: url, version: (options.version ?? [9, 12, 15]).join('.'), versionNumbers: options.version ?? [9, 12, 15], deploymentType: 'Server', buildNumber: 9120015, buildDate: '2026-10-01T00:00:00.000+0000', serverTime: new Date().toISOString(), scmInfo: 'def', serverTitle: 'Acme Jira' },
        };
      case 'GET /myself':
        return { status: 200, body: myself(options.deployment, url) };
      case 'GET /field':
        return { status: 200, body: fieldList(options.deployment, options.dataset.shape) };
      case 'GET /mypermissions': {
        const wanted = (query.get('permissions') ?? '').split(',').filter(Boolean);
        if (wanted.length === 0) return { status: 400, body: errorBody('The permissions parameter is required.') };
        const known: Record<string, [string, string, string, boolean]> = {
          BROWSE_PROJECTS: ['10', 'Browse Projects', 'Ability to browse projects and the issues within them.', options.browse !== false],
          ADD_COMMENTS: ['15', 'Add Comments', 'Ability to comment on issues.', options.write !== false],
          EDIT_OWN_COMMENTS: ['35', 'Edit Own Comments', 'Ability to edit own comments made on issues.', options.write !== false],
          EDIT_ISSUES: ['12', 'Edit Issues', 'Ability to edit issues.', options.write !== false],
        };
        const unknown = wanted.find((key) => !Object.hasOwn(known, key) && key !== 'BROWSE');
        if (unknown !== undefined) return { status: 400, body: errorBody(`Invalid permission key: ${unknown}`) };
        // "404 Returned if the project or issue is not found or the user does not have permission to view the project or issue."
        const projectKey = query.get('projectKey');
        if (projectKey !== null && (options.browseDenied?.includes(projectKey) || !SITE_PROJECTS.some((project) => project.key === projectKey))) {
          return { status: 404, body: errorBody(`No project could be found with key '${projectKey}'.`) };
        }
        return {
          status: 200,
          body: {
            permissions: Object.fromEntries(
              wanted.map((key) => {
                const [id, name, description, have] = known[key] ?? known.BROWSE_PROJECTS!;
                return [key, { id, key, name, type: 'PROJECT', description, havePermission: have }];
              }),
            ),
          },
        };
      }
      case 'GET /search':
      case 'POST /search':
        if (cloud) return { status: 410, body: errorBody('The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046') };
        return searchDataCenter(args, fault);
      case 'GET /search/jql':
      case 'POST /search/jql':
        if (!cloud) return { status: 404, body: errorBody('null for uri: ' + path) };
        return searchCloud(args, fault);
      case 'POST /issue/bulkfetch':
        if (!cloud) return { status: 404, body: errorBody('null for uri: ' + path) };
        return bulkFetch(args, fault);
      default:
        return { status: 404, body: errorBody('null for uri: ' + path) };
    }
  }

  /** Comments, comment properties and labels (see the header). */
  function writeBack(method: string, rest: string, query: URLSearchParams, body: unknown): { status: number; body: unknown } {
    const cloud = options.deployment === 'cloud';
    const api = cloud ? 3 : 2;
    const property = /^\/comment\/([^/]+)\/properties\/([^/]+)$/.exec(rest);
    if (property) {
      const comment = [...comments.values()].flat().find((candidate) => candidate.id === decodeURIComponent(property[1]!));
      if (!comment) return { status: 404, body: errorBody('Can not find a comment for the id: ' + property[1]) };
      if (options.write === false) return { status: 403, body: errorBody('You do not have the permission to edit this comment.') };
      const key = decodeURIComponent(property[2]!);
      if (method === 'GET') {
        const found = comment.properties.find((entry) => entry.key === key);
        return found ? { status: 200, body: found } : { status: 404, body: errorBody(`The property with key '${key}' does not exist.`) };
      }
      if (method !== 'PUT') return { status: 405, body: errorBody('Method not allowed') };
      const existing = comment.properties.find((entry) => entry.key === key);
      if (existing) existing.value = body;
      else comment.properties.push({ key, value: body });
      return { status: existing ? 200 : 201, body: {} };
    }
    const m = /^\/issue\/([^/]+)(?:\/comment(?:\/([^/]+))?)?$/.exec(rest)!;
    const wanted = decodeURIComponent(m[1]!);
    const issue = /^\d+$/.test(wanted) ? options.dataset.byId.get(Number(wanted)) : options.dataset.issues.find((candidate) => candidate.key === wanted);
    if (!issue) return { status: 404, body: errorBody('Issue does not exist or you do not have permission to see it.') };
    const isComment = rest.includes('/comment');
    const author = myself(options.deployment, url);
    const render = (comment: StoredComment, withProperties: boolean) => ({
      self: `${url}/rest/api/${api}/issue/${issue.id}/comment/${comment.id}`,
      id: comment.id,
      author: comment.author ?? author,
      body: comment.body,
      updateAuthor: comment.author ?? author,
      created: comment.created,
      updated: comment.updated,
      ...(comment.visibility ? { visibility: comment.visibility } : {}),
      ...(cloud ? { jsdPublic: true } : {}),
      ...(withProperties ? { properties: comment.properties } : {}),
    });
    const now = () => new Date().toISOString().replace('Z', '+0000');
    if (!isComment) {
      if (method !== 'PUT') return { status: 405, body: errorBody('Method not allowed') };
      if (options.write === false) return { status: 403, body: errorBody('You do not have permission to edit issues in this project.') };
      // Data Center: "403 Returned if the user doesn't have permissions to disable users notification" (admin
      // or project admin); Cloud: "If the user doesn't have the necessary permission the request is ignored".
      if (!cloud && query.get('notifyUsers') === 'false' && !options.admin) return { status: 403, body: errorBody('To discard the user notification either admin or project admin permissions are required.') };
      const operations = (body as { update?: { labels?: unknown } } | undefined)?.update?.labels;
      if (!Array.isArray(operations)) return { status: 400, body: { errorMessages: [], errors: { labels: 'The update must be a list of operations.' } } };
      for (const operation of operations as Record<string, unknown>[]) {
        const [verb, value] = Object.entries(operation)[0] ?? [];
        if (typeof value !== 'string' || /\s/.test(value)) return { status: 400, body: { errorMessages: [], errors: { labels: 'The label must not contain spaces.' } } };
        if (verb === 'add' && !issue.labels.includes(value)) issue.labels = [...issue.labels, value];
        else if (verb === 'remove') issue.labels = issue.labels.filter((label) => label !== value);
        else if (verb !== 'add') return { status: 400, body: { errorMessages: [], errors: { labels: `Operation '${verb}' is not supported for labels.` } } };
      }
      forgetRendered(options.dataset);
      return { status: 204, body: null };
    }
    const list = comments.get(issue.id) ?? [];
    const validBody = (value: unknown) => (cloud ? value !== null && typeof value === 'object' && (value as { type?: unknown }).type === 'doc' && (value as { version?: unknown }).version === 1 && Array.isArray((value as { content?: unknown }).content) : typeof value === 'string' && value.trim() !== '');
    const badBody = { status: 400, body: { errorMessages: [], errors: { comment: cloud ? 'Comment body is not valid!' : 'Comment body can not be empty!' } } };
    if (m[2] === undefined && method === 'GET') {
      const startAt = Math.max(0, Number(query.get('startAt') ?? 0) || 0);
      const maxResults = Math.max(1, Math.min(Number(query.get('maxResults') ?? 5000) || 5000, 5000));
      const withProperties = !options.commentsWithoutProperties && (query.get('expand') ?? '').split(',').includes('properties');
      return { status: 200, body: { startAt, maxResults, total: list.length, comments: list.slice(startAt, startAt + maxResults).map((comment) => render(comment, withProperties)) } };
    }
    if (options.write === false && method !== 'GET') return { status: 403, body: errorBody('You do not have the permission to comment on this issue.') };
    const request = (body ?? {}) as { body?: unknown; properties?: unknown; visibility?: unknown };
    if (m[2] === undefined && method === 'POST') {
      if (!validBody(request.body)) return badBody;
      // A Data Center whose comment POST drops `properties` (only the comment properties API sets them).
      const kept = !(options.deployment !== 'cloud' && options.dropCommentProperties);
      const properties = kept && Array.isArray(request.properties) ? (request.properties as { key: string; value: unknown }[]) : [];
      const comment: StoredComment = { id: String((commentIds += 1)), issueId: issue.id, body: request.body, properties, ...(request.visibility ? { visibility: request.visibility } : {}), created: now(), updated: now() };
      comments.set(issue.id, [...list, comment]);
      return { status: 201, body: render(comment, false) };
    }
    const comment = list.find((candidate) => candidate.id === decodeURIComponent(m[2] ?? ''));
    if (!comment) return { status: 404, body: errorBody('Can not find a comment for the id: ' + m[2]) };
    if (method === 'GET') return { status: 200, body: render(comment, (query.get('expand') ?? '').includes('properties')) };
    if (method !== 'PUT') return { status: 405, body: errorBody('Method not allowed') };
    if (!validBody(request.body)) return badBody;
    comment.body = request.body;
    if (request.visibility) comment.visibility = request.visibility;
    comment.updated = now();
    return { status: 200, body: render(comment, false) };
  }

  /**
   * GET /rest/agile/1.0/board/{boardId}/sprint (Cloud and Data Center alike), as the vendors document it:
   * `state` a comma-separated filter, pages of { maxResults, startAt, isLast, values: [{ id, self, state,
   * name, startDate?, endDate?, originBoardId, goal }] } in the board's order; 404 for a board that does
   * not exist, and for one the caller may not see.
   */
  function boardSprints(boardId: string, query: URLSearchParams): { status: number; body: unknown } {
    const board = (options.dataset.boards ?? DEFAULT_BOARDS).find((candidate) => String(candidate.id) === boardId);
    if (!board || board.status === 404) return { status: 404, body: errorBody(`Board does not exist or you do not have permission to see it.`) };
    if (board.status === 403) return { status: 403, body: errorBody(`You do not have permission to view board ${boardId}.`) };
    if (board.status === 400) return { status: 400, body: errorBody('The board does not support sprints') };
    const states = (query.get('state') ?? '').split(',').map((state) => state.trim().toLowerCase()).filter(Boolean);
    const all = board.sprints.filter((sprint) => states.length === 0 || states.includes(sprint.state));
    const startAt = Math.max(0, Number(query.get('startAt') ?? 0) || 0);
    const maxResults = Math.max(1, Math.min(Number(query.get('maxResults') ?? 50) || 50, options.agileMaxResults ?? 50));
    const values = all.slice(startAt, startAt + maxResults).map((sprint) => ({
      id: sprint.id,
      self: `${url}/rest/agile/1.0/sprint/${sprint.id}`,
      state: sprint.state,
      name: sprint.name,
      ...(sprint.startDate === undefined ? {} : { startDate: sprint.startDate }),
      ...(sprint.endDate === undefined ? {} : { endDate: sprint.endDate }),
      originBoardId: sprint.originBoardId ?? board.id,
      ...(sprint.goal === undefined ? {} : { goal: sprint.goal }),
    }));
    return { status: 200, body: { maxResults, startAt, ...(options.agileOmitIsLast ? {} : { isLast: startAt + values.length >= all.length }), values } };
  }

  /**
   * Projects, components, roles and users (issue 10 discovery), as the Cloud platform OpenAPI describes
   * them (PageBeanProject, ProjectComponent, ProjectRole with RoleActor, User) and Data Center answers
   * them (GET /project as a plain array; users by username; user/search without inactive users unless asked).
   */
  function directory(rest: string, query: URLSearchParams): { status: number; body: unknown; headers?: Record<string, string> } {
    const cloud = options.deployment === 'cloud';
    const deployment = options.deployment;
    const expandLead = (query.get('expand') ?? '').split(',').includes('lead');
    if (rest === '/project/search') {
      if (!cloud) return { status: 404, body: errorBody('null for uri: ' + rest) };
      const keys = query.getAll('keys').flatMap((value) => value.split(',')).filter(Boolean);
      const all = SITE_PROJECTS.filter((project) => keys.length === 0 || keys.includes(project.key));
      const startAt = Math.max(0, Number(query.get('startAt') ?? 0) || 0);
      const maxResults = Math.max(1, Math.min(Number(query.get('maxResults') ?? 50) || 50, 100));
      const values = all.slice(startAt, startAt + maxResults).map((project) => renderProject(project, deployment, url, expandLead));
      const isLast = startAt + values.length >= all.length;
      return {
        status: 200,
        body: {
          self: `${url}/rest/api/3/project/search?startAt=${startAt}&maxResults=${maxResults}`,
          ...(isLast ? {} : { nextPage: `${url}/rest/api/3/project/search?startAt=${startAt + values.length}&maxResults=${maxResults}` }),
          maxResults,
          startAt,
          total: all.length,
          isLast,
          values,
        },
      };
    }
    if (rest === '/project') return { status: 200, body: SITE_PROJECTS.map((project) => renderProject(project, deployment, url, expandLead)) };
    let m: RegExpExecArray | null;
    if ((m = /^\/project\/([^/]+)(?:\/(components|role)(?:\/(\d+))?)?$/.exec(rest))) {
      const wanted = decodeURIComponent(m[1]!);
      const project = SITE_PROJECTS.find((candidate) => candidate.key === wanted.toUpperCase() || candidate.id === wanted);
      if (!project) return { status: 404, body: errorBody(`No project could be found with key '${wanted}'.`) };
      if (m[2] === undefined) return { status: 200, body: renderProjectDetail(project, deployment, url) };
      if (m[2] === 'components') return { status: 200, body: renderComponents(project, deployment, url) };
      if (m[3] === undefined) return { status: 200, body: roleLinks(project, deployment, url) };
      if (!cloud && options.roleDetailsRefused === 403) return { status: 403, body: errorBody('You cannot edit the configuration of this project.') };
      if (!cloud && options.roleDetailsRefused === 401) return { status: 401, body: errorBody('You cannot edit the configuration of this project.'), headers: { 'x-seraph-loginreason': 'OK' } };
      const role = renderRole(project, Number(m[3]), deployment, url);
      return role ? { status: 200, body: role } : { status: 404, body: errorBody(`Can not retrieve a role actor for a null project role.`) };
    }
    const users = siteUsers(deployment, url);
    const starts = (text: unknown, prefix: string) => typeof text === 'string' && text.toLowerCase().split(/[\s.@]+/).concat(text.toLowerCase()).some((word) => word.startsWith(prefix));
    if (rest === '/user') {
      const found = cloud ? users.find((candidate) => candidate.accountId === query.get('accountId')) : users.find((candidate) => candidate.name === query.get('username') || candidate.key === query.get('key'));
      if (!found) return { status: 404, body: errorBody(cloud ? 'Specified user does not exist or you do not have required permissions' : `The user named '${query.get('username') ?? query.get('key')}' does not exist`) };
      return { status: 200, body: found };
    }
    if (rest === '/user/search') {
      const maxResults = Math.max(1, Math.min(Number(query.get('maxResults') ?? 50) || 50, 1000));
      const startAt = Math.max(0, Number(query.get('startAt') ?? 0) || 0);
      if (cloud) {
        const accountId = query.get('accountId');
        const text = (query.get('query') ?? '').trim().toLowerCase();
        if (accountId === null && text === '') return { status: 400, body: errorBody("One of 'query' or 'accountId' query parameters must be provided.") };
        // The query matches the start of display name and email words; accountId exactly. Deactivated
        // accounts are answered too (active: false), as the OpenAPI's own example of this call shows,
        // although its description speaks of active users.
        const matched = users.filter((candidate) => (accountId === null || candidate.accountId === accountId) && (text === '' || starts(candidate.displayName, text) || starts(candidate.emailAddress, text)));
        return { status: 200, body: matched.slice(startAt, startAt + maxResults) };
      }
      const username = (query.get('username') ?? '').trim().toLowerCase();
      if (username === '') return { status: 400, body: errorBody('The username query parameter was not provided') };
      // Data Center matches username, display name and email by prefix; inactive users only with includeInactive=true.
      const includeActive = query.get('includeActive') !== 'false';
      const includeInactive = query.get('includeInactive') === 'true';
      const matched = users.filter((candidate) => (candidate.active ? includeActive : includeInactive) && (starts(candidate.name, username) || starts(candidate.displayName, username) || starts(candidate.emailAddress, username)));
      return { status: 200, body: matched.slice(startAt, startAt + maxResults) };
    }
    return { status: 404, body: errorBody('null for uri: ' + rest) };
  }

  function selection(jql: unknown, bounded: boolean): DatasetIssue[] | { status: number; body: unknown } {
    if (typeof jql !== 'string' || jql.trim() === '') return bounded ? { status: 400, body: errorBody('Unbounded JQL queries are not allowed here. Please add a search restriction to your query.') } : options.dataset.issues;
    const filter = compileJql(jql, options.dataset);
    if (typeof filter === 'string') return { status: 400, body: errorBody(filter) };
    if (bounded && !filter.bounded) return { status: 400, body: errorBody('Unbounded JQL queries are not allowed here. Please add a search restriction to your query.') };
    return options.dataset.issues.filter(filter.test);
  }

  function fieldsParam(value: unknown): string[] | null {
    if (value === undefined || value === null) return null;
    const list = Array.isArray(value) ? value.map(String) : String(value).split(',');
    return list.map((name) => name.trim()).filter(Boolean);
  }

  function searchCloud(args: Record<string, unknown>, fault: AnswerFault | undefined) {
    const selected = selection(args.jql, true);
    if (!Array.isArray(selected)) return selected;
    const fields = fieldsParam(args.fields) ?? ['id'];
    const idsOnly = fields.every((name) => name === 'id' || name === 'key');
    let offset = 0;
    if (args.nextPageToken !== undefined && args.nextPageToken !== null && args.nextPageToken !== '') {
      const decoded = Number(/^o:(\d+)(?::\d+)?$/.exec(Buffer.from(String(args.nextPageToken), 'base64url').toString())?.[1] ?? NaN);
      if (!Number.isInteger(decoded) || decoded < 0) return { status: 400, body: errorBody('The provided next page token is invalid or expired.') };
      offset = decoded;
    }
    const asked = args.maxResults === undefined ? 50 : Number(args.maxResults);
    // "The greatest number of items returned per page is achieved when requesting id or key only" (up to 5000).
    const size = Math.max(1, Math.min(asked, idsOnly ? 5000 : 100));
    const page = selected.slice(offset, offset + size);
    const next = offset + page.length;
    const isLast = next >= selected.length;
    const token = (at: number) => Buffer.from(`o:${at}:${(nonce += 1)}`).toString('base64url');
    const shown = fault?.kind === 'emptyPageToken' ? [] : page;
    const issues = idsOnly ? shown.map((issue) => ({ id: String(issue.id), ...(fields.includes('key') ? { key: issue.key } : {}) })) : issuesJson(shown, 'cloud', fields);
    if (fault?.kind === 'sameIdsToken' || fault?.kind === 'emptyPageToken') return { status: 200, body: { issues, nextPageToken: token(offset), isLast: false } };
    if (fault?.kind === 'isLastWithToken') return { status: 200, body: { issues, nextPageToken: token(next), isLast: true } };
    if (fault?.kind === 'repeatToken') return { status: 200, body: { issues, nextPageToken: typeof args.nextPageToken === 'string' && args.nextPageToken !== '' ? args.nextPageToken : token(next), isLast: false } };
    return { status: 200, body: { ...(fault?.kind === 'noIssuesMember' ? {} : { issues }), ...(isLast ? {} : { nextPageToken: token(next) }), isLast } };
  }

  function bulkFetch(args: Record<string, unknown>, fault: AnswerFault | undefined) {
    const ids = Array.isArray(args.issueIdsOrKeys) ? args.issueIdsOrKeys.map(String) : [];
    if (ids.length === 0 || ids.length > 100) return { status: 400, body: errorBody('issueIdsOrKeys must hold between 1 and 100 issue ids or keys.') };
    const fields = fieldsParam(args.fields) ?? ['*navigable'];
    const failing = new Set<string>();
    if (fault?.kind === 'issueErrors') for (const id of ids.slice(0, 3)) failing.add(id);
    if (fault?.kind === 'deleteBulk') {
      // Issues no other names as its parent (whose answers would point to a deleted issue).
      const parents = new Set(options.dataset.issues.map((issue) => issue.parent));
      const doomed = new Set(ids.map(Number).filter((id) => !parents.has(id)).slice(-(fault.count ?? 1)));
      for (const id of doomed) options.dataset.byId.delete(id);
      options.dataset.issues = options.dataset.issues.filter((issue) => !doomed.has(issue.id));
    }
    const issues: DatasetIssue[] = [];
    const issueErrors: unknown[] = [];
    for (const wanted of ids) {
      const issue = /^\d+$/.test(wanted) ? options.dataset.byId.get(Number(wanted)) : options.dataset.issues.find((i) => i.key === wanted);
      if (!issue) continue; // not found or not visible: simply absent, as Jira does
      if (failing.has(wanted)) issueErrors.push({ id: String(issue.id), errorMessage: 'Retrieving the issue timed out, please retry.' });
      else issues.push(issue);
    }
    if (fault?.kind === 'shortBulk') issues.splice(Math.max(0, issues.length - (fault.drop ?? 1)));
    if (fault?.kind === 'duplicateBulk' && issues.length > 1) issues[issues.length - 1] = issues[0]!;
    if (fault?.kind === 'foreignBulk') {
      const asked = new Set(ids);
      const other = options.dataset.issues.find((candidate) => !asked.has(String(candidate.id)) && !asked.has(candidate.key));
      if (other && issues.length > 0) issues[issues.length - 1] = other;
    }
    return { status: 200, body: { issues: issuesJson(issues, 'cloud', fields), issueErrors } };
  }

  function searchDataCenter(args: Record<string, unknown>, fault: AnswerFault | undefined) {
    const selected = selection(args.jql, false);
    if (!Array.isArray(selected)) return selected;
    const startAt = Math.max(0, Number(args.startAt ?? 0) || 0);
    const maxResults = Math.max(0, Math.min(args.maxResults === undefined ? 50 : Number(args.maxResults), options.dcMaxResults ?? 1000));
    const fields = fieldsParam(args.fields) ?? ['*navigable'];
    const from = fault?.kind === 'ignoreStartAt' ? 0 : startAt;
    let page = fault?.kind === 'emptyPage' ? [] : selected.slice(from, from + maxResults);
    if (fault?.kind === 'shortPage') page = page.slice(0, Math.max(0, page.length - (fault.drop ?? 1)));
    const total = fault?.kind === 'total' ? fault.total : selected.length;
    return { status: 200, body: { expand: 'schema,names', startAt, maxResults, total, issues: issuesJson(page, 'datacenter', fields) } };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tokens = options.rateLimit ?? 0;
  return {
    url,
    options,
    stats,
    comments,
    inject(fault, times = 1, path = '/rest/api/', skip = 0, method) {
      faults.push({ fault, left: times, path, skip, ...(method ? { method } : {}) });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A JSON body one byte every `intervalMs`, until the client leaves or `maxMs` has passed. */
async function trickle(res: ServerResponse, intervalMs: number, maxMs: number): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
  // The monotonic clock: a step of the machine's wall clock must not end the trickle early.
  const started = performance.now();
  res.write('{');
  for (let sent = 0; sent < 100_000 && !res.destroyed && performance.now() - started < maxMs; sent++) {
    await sleep(intervalMs);
    if (!res.destroyed) res.write(' ');
  }
  if (!res.destroyed) res.end('"issues":[],"isLast":true,"total":0,"issueErrors":[]}');
}

/** A chunked body that never ends, as fast as the client reads it, until it leaves or a bound is reached. */
async function endless(res: ServerResponse, maxBytes: number, maxMs: number): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
  const chunk = Buffer.alloc(64 * 1024, ' ');
  const started = performance.now();
  res.write('{"issues":[');
  for (let sent = 0; sent < maxBytes && !res.destroyed && performance.now() - started < maxMs; sent += chunk.length) {
    if (!res.write(chunk)) await drained(res);
  }
  res.destroy();
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.on('drain', done).on('close', done);
  });
}

/**
 * Another host for redirects to point at (127.0.0.1 on another port): it answers every request with an
 * empty but valid Jira answer, as a hostile host would, and records whether credentials reached it.
 */
export async function startRedirectSink(): Promise<{ url: string; received: { method: string; path: string; authorization: string | null }[]; close(): Promise<void> }> {
  const received: { method: string; path: string; authorization: string | null }[] = [];
  const server = createServer((req, res) => {
    received.push({ method: req.method ?? 'GET', path: req.url ?? '/', authorization: req.headers.authorization ?? null });
    req.resume();
    json(res, 200, req.url?.includes('/field') ? [] : { startAt: 0, maxResults: 0, total: 0, issues: [], isLast: true, issueErrors: [] });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The small JQL this server understands: clauses joined by AND, an optional ORDER BY. */
function compileJql(jql: string, dataset: Dataset): { test: (issue: DatasetIssue) => boolean; bounded: boolean } | string {
  const withoutOrder = jql.replace(/\s+ORDER\s+BY\s+.*$/i, '').trim();
  const clauses = withoutOrder.split(/\s+AND\s+/i);
  const tests: ((issue: DatasetIssue) => boolean)[] = [];
  let bounded = false;
  const list = (text: string) => text.split(',').map((value) => value.trim().replace(/^["']|["']$/g, '')).filter(Boolean);
  const categories: Record<string, DatasetIssue['category']> = { done: 'done', 'to do': 'new', new: 'new', 'in progress': 'indeterminate', indeterminate: 'indeterminate' };
  for (const clause of clauses) {
    let m: RegExpExecArray | null;
    if ((m = /^project\s*=\s*["']?([A-Za-z0-9_]+)["']?$/i.exec(clause))) {
      const key = m[1]!.toUpperCase();
      tests.push((issue) => issue.project === key);
      bounded = true;
    } else if ((m = /^project\s+in\s*\(([^)]*)\)$/i.exec(clause))) {
      const keys = new Set(list(m[1]!).map((key) => key.toUpperCase()));
      tests.push((issue) => keys.has(issue.project));
      bounded = true;
    } else if ((m = /^statusCategory\s*(!?=)\s*["']?([A-Za-z ]+?)["']?$/i.exec(clause))) {
      const category = categories[m[2]!.toLowerCase()];
      if (!category) return `Error in the JQL Query: The value '${m[2]}' does not exist for the field 'statusCategory'.`;
      const negate = m[1] === '!=';
      tests.push((issue) => (issue.category === category) !== negate);
    } else if ((m = /^(?:issuetype|type)\s+in\s*\(([^)]*)\)$/i.exec(clause)) || (m = /^(?:issuetype|type)\s*=\s*["']?([A-Za-z ]+?)["']?$/i.exec(clause))) {
      const types = new Set(list(m[1]!).map((type) => type.toLowerCase()));
      tests.push((issue) => types.has(issue.type.toLowerCase()));
    } else if ((m = /^sprint\s+in\s+(openSprints|futureSprints)\(\)$/i.exec(clause))) {
      const open = m[1]!.toLowerCase() === 'opensprints';
      tests.push((issue) => issue.sprint !== null && (open ? issue.sprint === 1 : issue.sprint > 1));
    } else if ((m = /^(?:cf\[(\d+)\]|customfield_(\d+))\s+is\s+not\s+empty$/i.exec(clause))) {
      // Only the Atlassian Team field holds values the dataset can test for emptiness.
      const id = `customfield_${m[1] ?? m[2]}`;
      if (id !== TEAM_FIELD || !dataset.shape?.atlassianTeams) return `Error in the JQL Query: Field '${m[0]!.split(/\s/)[0]}' does not exist or you do not have permission to view it.`;
      tests.push((issue) => teamOf(issue) !== null);
    } else if ((m = /^id\s+in\s*\(([^)]*)\)$/i.exec(clause))) {
      const ids = new Set(list(m[1]!));
      tests.push((issue) => ids.has(String(issue.id)));
      bounded = true;
    } else if ((m = /^key\s+in\s*\(([^)]*)\)$/i.exec(clause))) {
      const keys = new Set(list(m[1]!));
      tests.push((issue) => keys.has(issue.key));
      bounded = true;
    } else {
      return `Error in the JQL Query: Expecting either 'OR' or 'AND' but got '${clause.split(/\s+/)[1] ?? clause}'. (line 1, character 1)`;
    }
  }
  return { test: (issue) => tests.every((test) => test(issue)), bounded };
}
