// readJsonBody must give what axios gives for a JSON answer (the value JSON.parse makes of the UTF-8 text,
// a leading BOM dropped, else the text), whether it reads the answer whole or in pieces (60,000 bytes on).
import { describe, expect, it, vi } from 'vitest';
import { readJsonBody } from '../../src/connectors/read-json.js';
import { seededRandom } from '../servers/random.js';

/** axios 1.x with jira.js's defaults: utf8 text, BOM stripped, JSON.parse, the text when that fails. */
function asAxiosReads(bytes: Buffer): unknown {
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!text) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const LARGE = 70_000;

function randomValue(random: () => number, depth: number): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const roll = random();
  if (depth > 3 || roll < 0.35) {
    return pick([
      () => pick(['', 'plain', 'quote " inside', 'back\\slash\\', 'ends with backslash \\', '\\"', 'naïve Ünïcödé 日本語 🎉', '\u2028\u2029', '{[,:]}', 'tab\there\nnewline']),
      () => Math.floor(random() * 1e6) - 5e5,
      () => random() * 1e-3,
      () => pick([true, false, null]),
      () => -0,
      () => 1e21,
    ])();
  }
  if (roll < 0.65) return Array.from({ length: Math.floor(random() * 5) }, () => randomValue(random, depth + 1));
  const object: Record<string, unknown> = {};
  for (let index = Math.floor(random() * 5); index > 0; index--) object[pick(['a', 'b', 'key with "quote"', '1', '0', 'é', 'issues', `k${index}`])] = randomValue(random, depth + 1);
  return object;
}

/** Serialised with random white space between tokens. */
function spaced(value: unknown, random: () => number): string {
  const space = () => [' ', '\n', '\t', '\r\n', ''][Math.floor(random() * 5)]!;
  if (Array.isArray(value)) return `[${space()}${value.map((entry) => `${space()}${spaced(entry, random)}${space()}`).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${space()}${Object.entries(value).map(([key, entry]) => `${space()}${JSON.stringify(key)}${space()}:${space()}${spaced(entry, random)}${space()}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A large answer: a top-level object with a long array among other members. */
function largeAnswer(random: () => number): string {
  const members: string[] = [`"expand":${spaced(randomValue(random, 2), random)}`];
  const elements: string[] = [];
  let size = 0;
  while (size < LARGE) {
    const element = spaced(randomValue(random, 0), random);
    elements.push(element);
    size += element.length;
  }
  members.push(`"issues" : [ ${elements.join(' ,\n')} ]`);
  members.push(`"issueErrors":[]`, `"total": 12`, `"nested": {"issues": [1, 2]}`);
  return `{ ${members.join(',\n  ')} }\n`;
}

describe('readJsonBody', () => {
  it('reads small and large answers as JSON.parse does, white space, escapes and Unicode included', () => {
    const random = seededRandom(2026);
    for (let round = 0; round < 40; round++) {
      const small = Buffer.from(spaced(randomValue(random, 0), random));
      expect(readJsonBody(small)).toStrictEqual(asAxiosReads(small));
      const large = Buffer.from(largeAnswer(random));
      expect(large.length).toBeGreaterThan(60_000);
      const read = readJsonBody(large);
      expect(read).toStrictEqual(JSON.parse(large.toString()));
    }
  });

  it('gives the text, as axios does, for large answers that are not JSON, however they break', () => {
    const random = seededRandom(7);
    const whole = largeAnswer(random);
    const broken = [
      whole.slice(0, Math.floor(whole.length / 2)), // cut mid-answer
      `${whole}x`, // trailing garbage
      whole.replace('"issueErrors":[]', '"issueErrors":[,]'),
      whole.replace('"total": 12', '"total": 12,'),
      whole.replace('"total": 12', '"total": tru'),
      `<html>${whole}</html>`,
      whole.replace(/\]\s*,\s*"issueErrors"/, ' "issueErrors"'),
      whole.replace('"expand"', '"expand'),
    ];
    for (const text of broken) {
      const bytes = Buffer.from(text);
      expect(readJsonBody(bytes)).toStrictEqual(asAxiosReads(bytes));
      expect(typeof readJsonBody(bytes)).toBe('string');
    }
  });

  it('reads what is not an object with arrays the plain way: top-level arrays, scalars, a BOM, an empty body', () => {
    const random = seededRandom(11);
    const issues = JSON.parse(largeAnswer(random)).issues as unknown[];
    const cases = [JSON.stringify(issues), `\uFEFF${largeAnswer(random)}`, `"${'x'.repeat(LARGE)}"`, '', '   ', 'null', '{}', ' { } ', '[]'];
    for (const text of cases) {
      const bytes = Buffer.from(text);
      expect(readJsonBody(bytes)).toStrictEqual(asAxiosReads(bytes));
    }
  });

  it('keeps a __proto__ member an own member, never the prototype', () => {
    const text = `{"issues":[${Array.from({ length: 3000 }, (_, index) => `{"id":"${index}","fields":{"summary":"${'s'.repeat(20)}"}}`).join(',')}],"__proto__":{"polluted":true}}`;
    const read = readJsonBody(Buffer.from(text)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(Object.hasOwn(read, '__proto__')).toBe(true);
    expect(read).toStrictEqual(JSON.parse(text));
  });

  it('cuts pieces only outside strings: brackets, commas and escaped quotes inside text stay text', () => {
    const tricky = ['a,b', '}]', '[{', '\\"},{\\"', 'ends \\\\', '\\\\\\"', '"', ':'];
    const issues = Array.from({ length: 2500 }, (_, index) => ({ id: String(index), text: tricky[index % tricky.length], list: [tricky[(index + 1) % tricky.length], { deep: [index] }] }));
    const text = JSON.stringify({ issues, names: { '}': '{' } });
    expect(text.length).toBeGreaterThan(60_000);
    expect(readJsonBody(Buffer.from(text))).toStrictEqual(JSON.parse(text));
  });

  it('never decodes a large answer whole when it is an object: the point of reading in pieces', () => {
    const random = seededRandom(5);
    const bytes = Buffer.from(largeAnswer(random));
    const decode = vi.spyOn(Buffer.prototype, 'toString');
    try {
      expect(readJsonBody(bytes)).toStrictEqual(JSON.parse(new TextDecoder().decode(bytes)));
      const longest = Math.max(...decode.mock.calls.map(([, start, end]) => Number(end ?? bytes.length) - Number(start ?? 0)));
      expect(decode.mock.calls.length).toBeGreaterThan(10);
      expect(longest).toBeLessThan(60_000);
    } finally {
      decode.mockRestore();
    }
  });

  it('passes on what is not bytes', () => {
    expect(readJsonBody('text')).toBe('text');
    expect(readJsonBody(undefined)).toBeUndefined();
  });
});
