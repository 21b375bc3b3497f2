// Retries for live sources (SPEC §12): exponential backoff with jitter on 429, 502, 503, 504, resets
// and timeouts; the server's own delay (Retry-After, X-RateLimit-Reset, X-RateLimit-Delay) wins over
// ours; a bounded number of tries. Neither jira.js nor azure-devops-node-api retries anything useful,
// so both connectors run every request through `withRetry`, each with its own `classify` for its
// client's error shape.
//
// A `SourceGate` is shared by all requests of one source: a 429 pauses the whole source, not just the
// request that got it (once: the 429s to requests already on their way then wait each their own delay);
// `setRate` paces request starts once the server's limit is known, and `setBudget` spends what its
// rate-limit headers say remains.
import { BacklintError } from '../errors.js';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  maxTries: number;
  /** The first backoff; it doubles per try. */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * The longest wait a server may ask for (Retry-After, X-RateLimit-Reset, X-RateLimit-Delay). A longer
   * one (`Retry-After: 86400`, a date in 2099) fails the source at once, naming the delay, rather than
   * holding a CI job for a day.
   */
  maxWaitMs: number;
}

export const DEFAULT_MAX_WAIT_MS = 300_000;
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxTries: 6, baseDelayMs: 500, maxDelayMs: 30_000, maxWaitMs: DEFAULT_MAX_WAIT_MS };

/** What a failed request means, as the connector's client reports it. */
export interface Classified {
  /** Worth trying again: 429, 502, 503, 504, a reset or a timeout. */
  transient: boolean;
  /** The server said how long to wait (ms), if it did. */
  serverDelayMs: number | null;
  /** A rate limit (429): pause the whole source, not only this request. */
  throttled: boolean;
  /** For people: `429 Too Many Requests`, `connection reset`. */
  reason: string;
  /** The server refused the request without carrying it out (any 429, a per-issue write limit too). */
  refused?: boolean;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/** A paced source re-reads its budget at least this often while a request waits for a token. */
const MAX_NAP_MS = 50;
/** Clocks differ and timers round: a budget is taken as whole again a little after its reset, not on it. */
export const RESET_MARGIN_MS = 25;
/** Where an answer states a budget but not when it is whole again: Jira's burst limits are per second. */
const UNSTATED_RESET_MS = 1000;
/** The answer came: what its rate-limit headers ask is a hint, at most a few seconds, whatever they say. */
export const MAX_HEADER_PAUSE_MS = 5_000;

/**
 * Shared by every request of one source: pauses (a 429's Retry-After) and pacing. Pacing is a token
 * bucket as servers keep one (GCRA): `setRate(perSecond, burst)` lets up to `burst` requests start at
 * once and then one every 1/perSecond s. `setBudget` is what the server's last answer stated of its
 * budget (X-RateLimit-Remaining and -Reset): that many start, the others wait for its reset or for an
 * answer stating more. Requests wait in order (first come, first sent).
 */
export class SourceGate {
  private resumeAt = 0;
  private intervalMs = 0;
  private burst = 1;
  /** The bucket's "theoretical arrival time": a request may start once now ≥ tat − (burst − 1)·interval. */
  private tat = 0;
  /**
   * The server's budget as its last answer stated it, less the requests started since: `left` may start
   * now; at `resetAt` it is whole again (`whole`, less what started since), and once more every `windowMs`
   * until an answer says more.
   */
  private budget: { left: number; whole: number; limit: number; resetAt: number; windowMs: number } | null = null;
  /** When the source last learnt (a 429) that the server's budget was spent. */
  private spentAt = Number.NEGATIVE_INFINITY;
  /** Requests waiting, in the order they go: tries after a failure first (the first `retriesWaiting`), then new requests. */
  private readonly queue: (() => void)[] = [];
  private retriesWaiting = 0;
  private pumping = false;
  /** 429s received by this source, for the bench and the error message. */
  throttles = 0;
  /** Tries after the first, by all requests. */
  retries = 0;

  constructor(private readonly clock: Clock = realClock) {}

  /**
   * Waits until the source may send its next request: after any pause, with a token of its pace. A `retry`
   * (a request's next try) goes before the new requests waiting: it has waited longest, and sent to the
   * back of the queue each time, under a limit stated too high it could spend all its tries on 429s while
   * newer requests pass.
   */
  async wait(retry = false): Promise<void> {
    if ((retry ? this.retriesWaiting : this.queue.length) === 0 && this.take(this.clock.now())) return;
    await new Promise<void>((resolve) => {
      if (retry) this.queue.splice(this.retriesWaiting++, 0, resolve);
      else this.queue.push(resolve);
      void this.pump();
    });
  }

  /**
   * No request of this source starts for `ms`. With `spent` (a 429: the server's budget is used up now),
   * the bucket is empty from now on, and fills while the source waits: when the pause ends, what the
   * server refilled meanwhile goes out at once, as the server allows, not one by one at the pace.
   */
  pauseFor(ms: number, spent = false): void {
    const now = this.clock.now();
    this.resumeAt = Math.max(this.resumeAt, now + ms);
    if (!spent) return;
    this.spentAt = now;
    if (this.intervalMs > 0) this.tat = now + this.burst * this.intervalMs;
    // A stated budget is spent: none of it is left until the pause ends, then what it refills (not
    // every request waiting at once); the next answer states it anew.
    if (this.budget !== null) {
      this.budget.left = 0;
      this.budget.resetAt = Math.max(this.budget.resetAt, this.resumeAt);
    }
  }

  /**
   * Whether the source has learnt that the budget was spent since `sentAt`: a 429 to a request sent before
   * then is the same news, which the source already paused for.
   */
  spentSince(sentAt: number): boolean {
    return this.spentAt >= sentAt;
  }

  /** Starts at most `perSecond` requests a second, up to `burst` at once (0 or less: no pacing). */
  setRate(perSecond: number, burst = 1): void {
    this.intervalMs = perSecond > 0 && Number.isFinite(perSecond) ? 1000 / perSecond : 0;
    this.burst = Number.isFinite(burst) ? Math.max(1, Math.floor(burst)) : 1;
  }

  /**
   * The server's last answer: `left` more requests may start (its X-RateLimit-Remaining less the requests
   * sent after the one it answered), and in `resetMs` its budget of `limit` is whole again. Both a token
   * bucket and a fixed window are whole at the reset, so nothing beyond `left` starts before it, unless a
   * later answer states more.
   */
  setBudget(left: number, limit: number, resetMs: number | null, sentSince = 0): void {
    if (!Number.isFinite(left) || !Number.isFinite(limit)) return;
    const windowMs = resetMs !== null && resetMs > 0 ? Math.min(resetMs, MAX_HEADER_PAUSE_MS) + RESET_MARGIN_MS : (this.budget?.windowMs ?? UNSTATED_RESET_MS);
    this.budget = { left, whole: limit - sentSince, limit, resetAt: this.clock.now() + windowMs, windowMs };
  }

  get rate(): number {
    return this.intervalMs > 0 ? 1000 / this.intervalMs : 0;
  }

  /** Takes a token if one is there now. */
  private take(now: number): boolean {
    if (now < this.resumeAt) return false;
    const budget = this.budget;
    if (budget !== null && budget.left < 1) {
      if (now < budget.resetAt) return false;
      budget.left = budget.whole;
      budget.whole = budget.limit;
      budget.resetAt = now + budget.windowMs;
      if (budget.left < 1) return false;
    }
    if (this.intervalMs > 0) {
      if (now < this.tat - (this.burst - 1) * this.intervalMs) return false;
      this.tat = Math.max(this.tat, now) + this.intervalMs;
    }
    if (budget !== null) {
      budget.left -= 1;
      budget.whole -= 1;
    }
    return true;
  }

  /** When a request may start at the earliest, as far as the gate knows now. */
  private nextAt(now: number): number {
    const paced = this.intervalMs > 0 ? this.tat - (this.burst - 1) * this.intervalMs : now;
    const budgeted = this.budget !== null && this.budget.left < 1 ? this.budget.resetAt : now;
    return Math.max(this.resumeAt, paced, budgeted);
  }

  /** Lets the waiting requests go, in order, as tokens come; a token wait re-reads the bucket at least every MAX_NAP_MS. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const now = this.clock.now();
        if (this.take(now)) {
          if (this.retriesWaiting > 0) this.retriesWaiting -= 1;
          this.queue.shift()!();
          continue;
        }
        // A pause is slept whole; a wait for the budget or a token is re-read now and then (an answer may state more).
        if (now < this.resumeAt) await this.clock.sleep(this.resumeAt - now);
        else await this.clock.sleep(Math.max(1, Math.min(this.nextAt(now) - now, MAX_NAP_MS)));
      }
    } finally {
      this.pumping = false;
    }
  }
}

/** What an answer's X-RateLimit-Limit, -Remaining and -Reset say of the server's budget (Jira and Azure DevOps name them alike). */
export interface Budget {
  limit: number;
  remaining: number;
  /** Until the budget is whole again (ms), if the answer said. */
  resetMs: number | null;
}

/**
 * Jira Data Center's token bucket, as its answers state it: X-RateLimit-FillRate new tokens every
 * X-RateLimit-Interval-Seconds (X-RateLimit-Limit is the bucket's size, not a rate, and no header says
 * when the next tokens come). Null when an answer does not say (Jira Cloud and Azure DevOps send no fill rate).
 */
export function readRefill(headers: Headers): { fill: number; intervalMs: number } | null {
  const fill = Number(header(headers, 'x-ratelimit-fillrate') ?? Number.NaN);
  const interval = Number(header(headers, 'x-ratelimit-interval-seconds') ?? Number.NaN);
  if (!(fill >= 1) || !(interval > 0) || !Number.isFinite(fill) || !Number.isFinite(interval)) return null;
  return { fill: Math.floor(fill), intervalMs: interval * 1000 };
}

export function readBudget(headers: Headers, now: number): Budget | null {
  const limit = Number(header(headers, 'x-ratelimit-limit') ?? Number.NaN);
  const remaining = Number(header(headers, 'x-ratelimit-remaining') ?? Number.NaN);
  if (!Number.isFinite(limit) || limit < 1 || !Number.isFinite(remaining) || remaining < 0) return null;
  return { limit, remaining: Math.min(remaining, limit), resetMs: parseRateLimitReset(header(headers, 'x-ratelimit-reset'), now) };
}

export interface RetryOptions {
  policy: RetryPolicy;
  gate: SourceGate;
  classify: (error: unknown) => Classified;
  /** Called before giving up or retrying; the connector turns the last error into a BacklintError. */
  onGiveUp: (error: unknown, classified: Classified, tries: number) => Error;
  clock?: Clock;
  /**
   * A write that must not happen twice (a comment POST): retried only after the server refused it (a
   * 429); after any other transient failure it may have been carried out, so it throws UncertainWrite
   * for the caller to look before it writes again (writeOnce).
   */
  once?: boolean;
}

/** Runs `request` until it succeeds, fails for good, or runs out of tries. */
export async function withRetry<T>(request: () => Promise<T>, options: RetryOptions): Promise<T> {
  const clock = options.clock ?? realClock;
  for (let attempt = 1; ; attempt++) {
    await options.gate.wait(attempt > 1);
    const sentAt = clock.now();
    try {
      return await request();
    } catch (error) {
      const classified = options.classify(error);
      if (options.once && classified.transient && !classified.refused) throw new UncertainWrite(options.onGiveUp(error, { ...classified, transient: false }, attempt).message);
      if (!classified.transient || attempt >= options.policy.maxTries) throw options.onGiveUp(error, classified, attempt);
      if (classified.serverDelayMs !== null && !(classified.serverDelayMs <= options.policy.maxWaitMs)) {
        throw options.onGiveUp(error, { ...classified, transient: false, reason: `${classified.reason}; ${tooLongWait(classified.serverDelayMs, options.policy.maxWaitMs)}` }, attempt);
      }
      const delay = backoffDelay(attempt, classified.serverDelayMs, options.policy, clock.random());
      options.gate.retries += 1;
      if (classified.throttled) {
        options.gate.throttles += 1;
        // The first 429 pauses the whole source for its delay; one to a request that was on its way by then
        // is the same news: that request waits its own delay, the source's pause stays as the first set it.
        if (options.gate.spentSince(sentAt)) await clock.sleep(delay);
        else options.gate.pauseFor(delay, true);
      } else {
        await clock.sleep(delay);
      }
    }
  }
}

/** A write that failed in a way that may have reached the site (a dropped connection, 502, 503, 504, a timeout): whether it was carried out is unknown. */
export class UncertainWrite extends BacklintError {
  constructor(message: string) {
    super('source', message);
  }
}

/**
 * A write that must not happen twice (a comment POST): sent, and after an UncertainWrite sent again only
 * if `written()` finds it was not carried out (it answers what the write made, or null); at most `tries` sends.
 */
export async function writeOnce<T>(send: () => Promise<T>, written: () => Promise<T | null>, tries: number): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof UncertainWrite)) throw error;
      const found = await written();
      if (found !== null) return found;
      if (attempt >= tries) throw error;
    }
  }
}

/** For the error message: the wait asked for and the cap (`maxWaitSeconds`). */
export function tooLongWait(askedMs: number, maxWaitMs: number): string {
  return `the server asked to wait ${formatWait(askedMs)}, longer than the ${formatWait(maxWaitMs)} backlint waits (maxWaitSeconds)`;
}

/** A wait or a deadline for people: `1.5 s`, `5 minutes`, `12 days`, `forever`. */
export function formatWait(ms: number): string {
  if (!Number.isFinite(ms)) return 'forever';
  const seconds = ms / 1000;
  if (seconds >= 3600 * 48) return `${Math.round(seconds / 86400)} days`;
  if (seconds >= 5400) return `${Math.round(seconds / 3600)} hours`;
  if (seconds >= 120) return `${Math.round(seconds / 60)} minutes`;
  return `${Number(seconds.toFixed(3))} s`;
}

/**
 * The wait before try `attempt + 1`: the server's delay when it gave one (plus up to 10% jitter, so that
 * concurrent requests do not return in one burst), else base·2^(attempt−1) with "equal jitter".
 */
export function backoffDelay(attempt: number, serverDelayMs: number | null, policy: RetryPolicy, random: number): number {
  if (serverDelayMs !== null && serverDelayMs >= 0) return Math.min(serverDelayMs * (1 + 0.1 * random), Math.max(policy.maxDelayMs, serverDelayMs));
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return ceiling / 2 + (ceiling / 2) * random;
}

type HeaderValue = string | string[] | number | undefined | null;
export type Headers = Record<string, HeaderValue> | undefined | null;

/** A header by name, case-insensitively, as one string. */
export function header(headers: Headers, name: string): string | null {
  if (!headers) return null;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined || value === null) continue;
    return Array.isArray(value) ? (value[0] ?? null) : String(value);
  }
  return null;
}

/**
 * A number of seconds as servers write it: `120`, `1.5`, and also what hostile or broken ones send
 * (`1e9`, `Infinity`). NaN, negatives and anything else that is not a number: null (no usable delay).
 */
function seconds(text: string): number | null {
  if (!/^\+?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$|^\+?Infinity$/i.test(text)) return null;
  const value = Number(text.replace(/^\+/, '').replace(/^infinity$/i, 'Infinity'));
  return Number.isNaN(value) || value < 0 ? null : value;
}

/** `X-RateLimit-Delay` (Azure DevOps): seconds, in ms; null when it is not a usable number. */
export function parseDelaySeconds(value: string | null): number | null {
  if (value === null) return null;
  const delay = seconds(value.trim());
  return delay === null ? null : delay * 1000;
}

/** Looks like a number (signed, NaN or not): never read as a date (V8 reads `-5` or `12` as dates). */
const NUMERIC = /^[+-]?(?:\d|\.\d|infinity$|nan$)/i;

/**
 * `Retry-After`: seconds, or an HTTP date. A huge value (`86400`, `1e9`, `Infinity`, a date in 2099)
 * comes back as is: the caller's cap (RetryPolicy.maxWaitMs) turns it into a failure naming it.
 */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (NUMERIC.test(trimmed)) {
    const delay = seconds(trimmed);
    return delay === null ? null : delay * 1000;
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** `X-RateLimit-Reset`: an ISO time (Jira) or epoch seconds (Azure DevOps). */
export function parseRateLimitReset(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (NUMERIC.test(trimmed) && !/^\d{4}-\d{2}/.test(trimmed)) {
    const epoch = seconds(trimmed);
    return epoch === null ? null : Math.max(0, epoch * 1000 - now);
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

const RESET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'ERR_BAD_RESPONSE']);

/** A network-level failure worth retrying: a reset, a refused or timed-out connection. */
export function isNetworkFailure(code: unknown, message: unknown): boolean {
  if (typeof code === 'string' && RESET_CODES.has(code)) return true;
  return typeof message === 'string' && /socket hang up|ECONNRESET|timeout|timed out|network error/i.test(message);
}

export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);
