// Sending a target's messages: at most one a second (Slack's incoming-webhook rate; Teams Workflows
// throttle too), a 429's Retry-After waited out, 5xx and network failures retried with backoff, a
// bounded number of tries (SPEC §12, §13). Another 4xx is final: the payload or the URL is wrong.
import { cutAt } from '../shorten.js';

export type PostResult = { ok: true } | { ok: false; status: number | null; retryAfter: string | null; detail: string };

export interface PaceOptions {
  /** From the end of one request (its answer) to the start of the next. */
  intervalMs: number;
  maxTries: number;
  /** The longest Retry-After honoured; a longer one fails the send, naming it. */
  maxWaitMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

export const DEFAULT_PACE: PaceOptions = {
  intervalMs: 1000,
  maxTries: 5,
  maxWaitMs: 120_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
};

export interface SendOutcome {
  sent: number;
  /** Why the first message that could not be sent failed; null when all were sent. */
  failure: string | null;
  /** 429s waited out. */
  throttled: number;
}

/**
 * When the last request of a run was answered: shared by every target, so that the run posts at most one
 * message a second. Timed from the answer, not the start: a request's own set-up (loading the client,
 * opening the connection) would otherwise bring the next message less than a second after it arrived.
 */
export interface Pacer {
  lastDone: number;
}

export const newPacer = (): Pacer => ({ lastDone: Number.NEGATIVE_INFINITY });

/**
 * Sends `messages` in order; stops at the first that fails after its tries (later parts would make no
 * sense alone). `pacer` spaces them from the requests of other targets too (two targets may be one webhook).
 */
export async function sendPaced<M>(messages: readonly M[], post: (message: M) => Promise<PostResult>, pace: PaceOptions = DEFAULT_PACE, pacer: Pacer = newPacer()): Promise<SendOutcome> {
  let throttled = 0;
  for (const [index, message] of messages.entries()) {
    for (let attempt = 1; ; attempt += 1) {
      const wait = pacer.lastDone + pace.intervalMs - pace.now();
      if (wait > 0) await pace.sleep(wait);
      let result: PostResult;
      try {
        result = await post(message);
      } finally {
        pacer.lastDone = pace.now();
      }
      if (result.ok) break;
      const what = describeFailure(result);
      const retryable = result.status === null || result.status === 429 || result.status >= 500;
      if (!retryable) return { sent: index, failure: what, throttled };
      if (attempt >= pace.maxTries) return { sent: index, failure: `${what}, after ${attempt} tries`, throttled };
      const asked = result.status === 429 || result.status === 503 ? retryAfterMs(result.retryAfter, pace.now()) : null;
      if (asked !== null && asked > pace.maxWaitMs) {
        return { sent: index, failure: `${what}: the service asked to wait ${Math.ceil(asked / 1000)} s (Retry-After), longer than ${pace.maxWaitMs / 1000} s`, throttled };
      }
      if (result.status === 429) throttled += 1;
      await pace.sleep(asked ?? Math.min(pace.maxWaitMs, 1000 * 2 ** (attempt - 1)));
    }
  }
  return { sent: messages.length, failure: null, throttled };
}

/** Why a request got no answer: fetch says only `fetch failed`; its cause has the code (ECONNREFUSED, ENOTFOUND) or says why. */
export function networkReason(error: unknown): string {
  const failure = error as (Error & { cause?: { code?: unknown; message?: unknown } }) | undefined;
  if (failure?.name === 'TimeoutError') return 'timed out';
  const cause = failure?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return failure?.message ?? String(error);
}

function describeFailure(result: Extract<PostResult, { ok: false }>): string {
  const detail = result.detail.replace(/\s+/g, ' ').trim();
  const shown = detail.length > 300 ? `${cutAt(detail, 300)}…` : detail;
  if (result.status === null) return `no answer (${shown || 'network error'})`;
  return `HTTP ${result.status}${shown ? ` ${shown}` : ''}`;
}

/** Retry-After as seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
