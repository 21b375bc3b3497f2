// What the loopback Slack and Teams webhooks share: a server on 127.0.0.1 that records every request
// and answers through a handler, with queued 429s (Retry-After) and a minimum spacing between
// requests, as both services throttle a webhook that posts faster than about one message a second.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The parsed JSON body; undefined when it was not JSON. */
  json: unknown;
  at: number;
  /** The answer given. */
  status: number;
}

export interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface WebhookServerOptions {
  /** The next N requests get a 429 with this Retry-After (seconds), before anything else is checked. */
  throttle?: { times: number; retryAfter: string };
  /** A request sooner than this after the previous one gets a 429 with Retry-After 1. */
  minSpacingMs?: number;
}

export interface WebhookServer {
  /** The base URL, http://127.0.0.1:PORT. */
  origin: string;
  requests: RecordedRequest[];
  /** Queue more 429s. */
  throttle(times: number, retryAfter: string): void;
  close(): Promise<void>;
}

export async function startWebhookServer(
  handle: (request: { method: string; path: string; headers: IncomingMessage['headers']; body: string }) => Answer,
  tooManyRequests: (retryAfter: string) => Answer,
  options: WebhookServerOptions = {},
): Promise<WebhookServer> {
  const requests: RecordedRequest[] = [];
  let throttled = options.throttle ? { ...options.throttle } : { times: 0, retryAfter: '1' };
  let last = -Infinity;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const now = Date.now();
      const tooSoon = options.minSpacingMs !== undefined && now - last < options.minSpacingMs;
      last = now;
      const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      let answer: Answer;
      if (throttled.times > 0) {
        throttled.times -= 1;
        answer = tooManyRequests(throttled.retryAfter);
      } else if (tooSoon) {
        answer = tooManyRequests('1');
      } else {
        answer = handle(request);
      }
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      requests.push({ ...request, json, at: now, status: answer.status });
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    throttle(times, retryAfter) {
      throttled = { times, retryAfter };
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
