// The bounds azure-devops-node-api lacks (src/connectors/azure-devops/http.ts): rate-limit header values
// read as what they say or as no wait, and a compressed body inflated under the size cap.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { AdoBodyTooLargeError, AdoDeadline, decodeBody, readBodyWithin } from '../../src/connectors/azure-devops/http.js';
import { parseDelaySeconds, parseRateLimitReset, parseRetryAfter } from '../../src/connectors/retry.js';

const NOW = Date.parse('2026-12-02T12:00:00Z');

describe('wait headers', () => {
  it.each<[string | null, number | null]>([
    ['30', 30_000],
    ['0.05', 50],
    [' 12 ', 12_000],
    ['1e9', 1e12],
    ['1E+3', 1_000_000],
    ['1e400', Number.POSITIVE_INFINITY],
    ['0', 0],
    ['-5', null],
    ['NaN', null],
    ['Infinity', Number.POSITIVE_INFINITY], // forever: the wait cap fails it, naming it
    ['0x10', null],
    ['12abc', null],
    ['', null],
    [null, null],
  ])('X-RateLimit-Delay / Retry-After seconds %j → %s ms', (value, ms) => {
    expect(parseDelaySeconds(value)).toBe(ms);
  });

  it.each<[string, number | null]>([
    ['Thu, 31 Dec 2099 23:59:59 GMT', Date.parse('2099-12-31T23:59:59Z') - NOW],
    ['Tue, 01 Dec 2026 00:00:00 GMT', 0], // in the past: no wait
    ['120', 120_000],
    ['-5', null], // Date.parse would read a year
    ['2027', 2_027_000], // seconds, not a year
    ['soon', null],
  ])('Retry-After %j → %s ms', (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });

  it.each<[string, number | null]>([
    [String(NOW / 1000 + 30), 30_000],
    [String(NOW / 1000 - 30), 0],
    [String(NOW / 1000 + 1e9), 1e12],
    ['2026-12-02T12:00:30Z', Date.parse('2026-12-02T12:00:30Z') - NOW], // Jira's ISO form is read too
    ['-1', null],
  ])('X-RateLimit-Reset %j → %s ms', (value, ms) => {
    expect(parseRateLimitReset(value, NOW)).toBe(ms);
  });
});

describe('a compressed body', () => {
  const bodies: Record<string, Buffer> = {
    '/small': gzipSync(Buffer.from('{"count":0,"value":[]}')),
    // 64 MiB of zeros in about 64 KiB: inflated under the cap, never whole.
    '/bomb': gzipSync(Buffer.alloc(64 * 1024 * 1024)),
  };
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-encoding': 'gzip' });
    res.end(bodies[req.url ?? ''] ?? Buffer.alloc(0));
  });
  const listening = new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const read = async (path: string, maxBytes: number) => {
    const port = await listening;
    const message = await new Promise<http.IncomingMessage>((resolve, reject) => http.get({ host: '127.0.0.1', port, path }, resolve).on('error', reject));
    return readBodyWithin(message, new AdoDeadline(5_000), maxBytes, (bytes) => decodeBody(bytes, message));
  };

  it('is inflated', async () => {
    await expect(read('/small', 1024)).resolves.toBe('{"count":0,"value":[]}');
  });

  it('that inflates past the cap is refused, naming the cap', async () => {
    const error = await read('/bomb', 1024 * 1024).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdoBodyTooLargeError);
    expect((error as Error).message).toBe('the answer is larger than 1 MiB, the most backlint reads of one response');
  });
});

describe('answers read one after another', () => {
  // Sizes around the buffer answers are gathered into (reused up to 4 MiB), in an order that grows and shrinks it.
  const sizes = [10, 70_000, 3_000_000, 500, 4 * 1024 * 1024, 4 * 1024 * 1024 + 1, 1_000_000, 20];
  const bodyOf = (size: number, mark: string) => Buffer.from(`"${mark.repeat(Math.ceil(size / mark.length)).slice(0, size - 2)}"`);
  const server = http.createServer((req, res) => {
    const [size, mark] = (req.url ?? '').slice(1).split('/');
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(bodyOf(Number(size), mark!));
  });
  const listening = new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('each give their own bytes, at every size, at once and in turn', async () => {
    const port = await listening;
    const read = async (size: number, mark: string) => {
      const message = await new Promise<http.IncomingMessage>((resolve, reject) => http.get({ host: '127.0.0.1', port, path: `/${size}/${mark}` }, resolve).on('error', reject));
      return readBodyWithin(message, new AdoDeadline(10_000), 8 * 1024 * 1024, (bytes) => bytes.toString('latin1'));
    };
    const marks = sizes.map((_, index) => String.fromCharCode(0x61 + index).repeat(3) + index);
    for (const [index, size] of sizes.entries()) expect(await read(size, marks[index]!)).toBe(bodyOf(size, marks[index]!).toString('latin1'));
    const together = await Promise.all(sizes.map((size, index) => read(size, marks[index]!)));
    expect(together).toEqual(sizes.map((size, index) => bodyOf(size, marks[index]!).toString('latin1')));
  });
});
