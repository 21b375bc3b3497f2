// What azure-devops-node-api (typed-rest-client) leaves unbounded, bounded here (SPEC §12):
// - its socketTimeout is an idle timeout: a server sending a byte every few seconds holds a request
//   forever. A Deadline covers the whole answer, from sending the request to the body's last byte;
// - its readBody() collects any number of bytes: an endless body grows to gigabytes, and one over
//   V8's string limit (~512 MiB) crashed the run. readBodyWithin() stops at a size cap;
// - it parses rate-limit headers with parseInt: `Retry-After: 1e9` became one second. The parsers
//   below read seconds as numbers (exponents included) and refuse what is not a wait.
import type { IncomingMessage } from 'node:http';
import { gunzip, inflate } from 'node:zlib';
import { Deadline } from '../deadline.js';
import { formatWait } from '../retry.js';
import { formatBytes } from '../../bytes.js';

/** The largest answer read: far above a batch of 200 items with long HTML fields, far below V8's string limit. */

export class AdoTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(readonly timeoutMs: number) {
    super(`timed out: no complete answer within ${formatWait(timeoutMs)} (timeoutSeconds)`);
  }
}

export class AdoBodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the answer is larger than ${formatBytes(maxBytes)}, the most backlint reads of one response`);
  }
}

/** One request's total time (../deadline.ts), which runs out as an AdoTimeoutError. */
export class AdoDeadline extends Deadline {
  constructor(timeoutMs: number) {
    super(timeoutMs, () => new AdoTimeoutError(timeoutMs));
  }
}

/** The body as text, in the charset its Content-Type names (UTF-8 when it names none or one Node cannot decode). */
export const decodeBody = (bytes: Buffer, message: IncomingMessage): string => bytes.toString(charsetOf(message));

/** Whether the body is UTF-8 text, as a JSON answer is unless its Content-Type names another charset. */
export const isUtf8Body = (message: IncomingMessage): boolean => charsetOf(message) === 'utf8';

/**
 * Answers up to this size are gathered into one buffer kept for the whole run rather than a fresh one each:
 * a fresh buffer of a megabyte is memory the system has to map page by page, and on the machines backlint
 * runs on that cost ~0.7 ms per megabyte (a 20,000-item run reads ~100 MB of batches).
 */
const REUSED_BYTES = 4 * 1024 * 1024;
let reused = Buffer.alloc(0);

/** The chunks as one buffer: the reused one when they fit, valid only until the next answer is gathered. */
function gather(chunks: readonly Buffer[], size: number): Buffer {
  if (size > REUSED_BYTES) return Buffer.concat(chunks, size);
  if (reused.length < size) reused = Buffer.allocUnsafeSlow(Math.min(REUSED_BYTES, Math.max(size, reused.length * 2)));
  let at = 0;
  for (const chunk of chunks) at += chunk.copy(reused, at);
  return reused.subarray(0, size);
}

/**
 * The body, read within the deadline and the size cap, handed to `read` as bytes; over either, the socket
 * is destroyed and the promise rejects with AdoTimeoutError / AdoBodyTooLargeError. gzip / deflate (never
 * asked for, but a proxy may send it) are inflated under the same cap. `read` must be done with the bytes
 * when it returns (they may be a buffer the next answer is gathered into): decodeBody makes text of them.
 */
export function readBodyWithin<T>(message: IncomingMessage, deadline: Deadline, maxBytes: number, read: (bytes: Buffer) => T): Promise<T> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error: Error | null, bytes?: Buffer) => {
      if (settled) return;
      settled = true;
      deadline.clear();
      if (error) {
        message.destroy();
        reject(error);
        return;
      }
      try {
        resolve(read(bytes!));
      } catch (failure) {
        reject(failure as Error);
      }
    };
    const declared = Number(message.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) return settle(new AdoBodyTooLargeError(maxBytes));
    deadline.onExpire(() => settle(deadline.error()));
    const chunks: Buffer[] = [];
    let size = 0;
    message.on('data', (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > maxBytes) return settle(new AdoBodyTooLargeError(maxBytes));
      chunks.push(bytes);
    });
    message.on('error', (error) => settle(deadline.expired ? deadline.error() : error));
    message.on('aborted', () => settle(deadline.expired ? deadline.error() : Object.assign(new Error('the connection was closed mid-answer'), { code: 'ECONNRESET' })));
    message.on('end', () => {
      const encoding = String(message.headers['content-encoding'] ?? '').toLowerCase();
      const inflater = /gzip/.test(encoding) ? gunzip : /deflate/.test(encoding) ? inflate : null;
      // Inflated later, the compressed bytes get a buffer of their own.
      const body = inflater ? Buffer.concat(chunks, size) : gather(chunks, size);
      chunks.length = 0;
      if (!inflater) return settle(null, body);
      inflater(body, { maxOutputLength: maxBytes }, (error, out) => {
        if (error) settle((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? new AdoBodyTooLargeError(maxBytes) : error);
        else settle(null, out);
      });
    });
  });
}

const CHARSETS = new Set<BufferEncoding>(['ascii', 'utf8', 'utf16le', 'ucs2', 'latin1', 'binary']);

function charsetOf(message: IncomingMessage): BufferEncoding {
  const declared = /charset=([^;,\r\n]+)/i.exec(String(message.headers['content-type'] ?? ''))?.[1]?.trim().toLowerCase().replace('utf-8', 'utf8');
  return declared !== undefined && CHARSETS.has(declared as BufferEncoding) ? (declared as BufferEncoding) : 'utf8';
}

