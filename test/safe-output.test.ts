// The secret half of the output guard (src/secrets.ts, src/safe-output.ts, src/redact.ts): a registered
// token never survives, whole, encoded or in part, and no URL keeps its credentials.
import { beforeEach, describe, expect, it } from 'vitest';
import { redactSecrets, withoutCredentials } from '../src/redact.js';
import { forgetSecrets, guardPrinted, redactKnownSecrets, registerCredentials, registerSecret } from '../src/safe-output.js';

const TOKEN = 'ATATT3xFfGF0-Unit/Test+Token=9Qv7ZkPp2LxB';
const EMAIL = 'ana.souza@acme.example';
const base64 = (text: string) => Buffer.from(text).toString('base64');

/** Every run of 8 characters of a value. */
const slicesOf = (value: string, length = 8) => Array.from({ length: value.length - length + 1 }, (_, at) => value.slice(at, at + length));

function expectNoTrace(text: string, token = TOKEN): void {
  for (const slice of slicesOf(token)) expect(text).not.toContain(slice);
}

beforeEach(() => forgetSecrets());

describe('redactKnownSecrets', () => {
  it('replaces a registered token, and leaves text without secrets as it is', () => {
    registerSecret(TOKEN);
    expect(redactKnownSecrets(`token ${TOKEN} here`)).toBe('token *** here');
    expect(redactKnownSecrets('Source pay: 401 Unauthorized.')).toBe('Source pay: 401 Unauthorized.');
  });

  it.each([
    ['base64 of the token', base64(TOKEN)],
    ["base64 of ':token' (Azure DevOps Basic)", `Basic ${base64(`:${TOKEN}`)}`],
    ["base64 of 'PAT:token' (azure-devops-node-api)", `Authorization: Basic ${base64(`PAT:${TOKEN}`)}`],
    ["base64 of 'email:token' (Jira Cloud Basic)", `{"header":"Basic ${base64(`${EMAIL}:${TOKEN}`)}"}`],
    ['base64 of the token after any prefix', base64(`Bearer ${TOKEN} and more`)],
    ['URL-safe base64', base64(`x:${TOKEN}`).replace(/\+/g, '-').replace(/\//g, '_')],
    ['the token percent-encoded', `http://host/?t=${encodeURIComponent(TOKEN)}`],
    ['the token percent-encoded in lower case', encodeURIComponent(TOKEN).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())],
    ['the token decoded by a server (Bearer)', `you sent "Bearer ${TOKEN}"`],
    ["the decoded 'email:token'", `credentials ${EMAIL}:${TOKEN} rejected`],
    ['the token JSON-escaped', JSON.stringify({ token: `${TOKEN}"\\` })],
  ])('redacts %s', (_what, text) => {
    registerCredentials(EMAIL, TOKEN);
    const out = redactKnownSecrets(text);
    expect(out).toContain('***');
    expectNoTrace(out);
    for (const form of [base64(TOKEN), base64(`:${TOKEN}`), base64(`PAT:${TOKEN}`), base64(`${EMAIL}:${TOKEN}`)]) expect(out).not.toContain(form.replace(/=+$/, ''));
  });

  it('redacts any run of 8 or more characters of a token: a prefix, a middle, a suffix cut short', () => {
    registerSecret(TOKEN);
    const quoted = [TOKEN.slice(0, 39), TOKEN.slice(5, 13), TOKEN.slice(-8), `${TOKEN.slice(0, 12)}…`];
    for (const text of quoted) {
      const out = redactKnownSecrets(`found string "${text}"`);
      expectNoTrace(out);
      expect(out).toMatch(/^found string "\*\*\*(…)?"$/);
    }
    // Fewer than 8 characters of it are ordinary text.
    expect(redactKnownSecrets(`${TOKEN.slice(0, 7)} and ${TOKEN.slice(20, 27)}`)).toBe(`${TOKEN.slice(0, 7)} and ${TOKEN.slice(20, 27)}`);
  });

  it('finds slices at every offset, touching, overlapping and at the edges, as a look at every position does', () => {
    registerSecret(TOKEN);
    const slices = new Set(slicesOf(TOKEN));
    // The plain way: every position looked up; runs of slices that overlap or touch become one `***`.
    const everyPosition = (text: string) => {
      let out = '';
      let copied = 0;
      let start = -1;
      let end = -1;
      for (let at = 0; at + 8 <= text.length; at += 1) {
        if (!slices.has(text.slice(at, at + 8))) continue;
        if (start >= 0 && at <= end) end = at + 8;
        else {
          if (start >= 0) out += `${text.slice(copied, start)}***`;
          if (start >= 0) copied = end;
          start = at;
          end = at + 8;
        }
      }
      return start < 0 ? text : `${out}${text.slice(copied, start)}***${text.slice(end)}`;
    };
    let seed = 2026;
    const random = (below: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % below;
    };
    const filler = 'abcdefghijklmnopqrstuvwxyz0123456789 ATxF+/=-"\\';
    for (let round = 0; round < 400; round += 1) {
      let text = '';
      for (let part = random(6); part >= 0; part -= 1) {
        for (let n = random(12); n > 0; n -= 1) text += filler[random(filler.length)];
        const from = random(TOKEN.length - 7);
        text += TOKEN.slice(from, from + 7 + random(TOKEN.length - from - 6));
      }
      expect(redactKnownSecrets(text)).toBe(everyPosition(text));
    }
  });

  it('keeps a JSON report valid when it cuts a token with a backslash out of it', () => {
    const odd = 'Q7v\\Zk"Pp2-Lx\\B4sWd8mNc3';
    registerSecret(odd);
    for (const value of [odd, odd.slice(0, 12), odd.slice(2, 20), `see ${odd.slice(-9)}`]) {
      const out = redactKnownSecrets(JSON.stringify({ message: value, next: 'x' }));
      expect(JSON.parse(out)).toMatchObject({ next: 'x' });
    }
    expect(redactKnownSecrets(JSON.stringify({ message: odd }))).toBe('{"message":"***"}');
    // A run of 8+ characters without a backslash is still cut; the escape before it stays whole.
    const tail = redactKnownSecrets(JSON.stringify({ message: `${odd.slice(11)} is wrong` }));
    expect(JSON.parse(tail)).toEqual({ message: 'Lx\\*** is wrong' });
  });

  it('does not cut slices of a value that is not token-shaped (an email, a URL) out of ordinary text', () => {
    registerSecret('ana.souza@acme.example');
    registerSecret('https://jira.acme.example');
    expect(redactKnownSecrets('li.wei@acme.example owns it: https://jira.acme.example/browse/PAY-1')).toBe('li.wei@acme.example owns it: ***/browse/PAY-1');
  });

  it('registers nothing too short to tell from ordinary text', () => {
    registerSecret('abc');
    registerSecret('');
    registerSecret(undefined);
    expect(redactKnownSecrets('abc abcdef')).toBe('abc abcdef');
  });
});

describe('URL credentials', () => {
  it.each([
    ['user and password', 'see https://bot:s3cr3t@jira.example.com/x', 'see https://***@jira.example.com/x'],
    ['a user only (an Azure DevOps PAT)', 'orgUrl is right (http://abcdefpat@127.0.0.1:8080/org).', 'orgUrl is right (http://***@127.0.0.1:8080/org).'],
    ['a password only', 'https://:pw123@host', 'https://***@host'],
    ['an @ inside the password', 'http://bot:p@ss@host/', 'http://***@host/'],
    ['odd characters', 'http://us%40er:p;a,s$s!()*+=&~[]{}|^@host', 'http://***@host'],
    ['an upper-case scheme', 'HTTPS://Bot:Pw@Host', 'HTTPS://***@Host'],
    ['an IPv6 host', 'http://bot:pw@[::1]:8080/rest', 'http://***@[::1]:8080/rest'],
    ['any scheme', 'git+ssh://git:key@example.com/repo', 'git+ssh://***@example.com/repo'],
    ['several in a line', 'a http://u:p@h1 b https://t@h2/', 'a http://***@h1 b https://***@h2/'],
  ])('are stripped from any text: %s', (_what, text, expected) => {
    expect(redactKnownSecrets(text)).toBe(expected);
    expect(guardPrinted(text)).toBe(expected);
    expect(redactSecrets(text, [])).toBe(expected);
  });

  it.each([
    ['an email after a link in JSON', '{"url":"https://host/x","email":"a@b.c"}'],
    ['an email after a bare host in JSON', '["https://host","a@b.c"]'],
    ['mailto', 'mailto:ana@acme.example'],
    ['an @ in a path', 'https://host/users/@me and a@b'],
    ['an @ in a query', 'https://host/?by=a@b'],
  ])('leave alone what is not userinfo: %s', (_what, text) => {
    expect(redactKnownSecrets(text)).toBe(text);
  });

  it('are dropped from a link', () => {
    expect(withoutCredentials('https://bot:p@ss@host/browse/X-1')).toBe('https://host/browse/X-1');
    expect(withoutCredentials('HTTP://pat@[::1]:8080/org')).toBe('HTTP://[::1]:8080/org');
  });
});

describe('guardPrinted', () => {
  it('redacts before it neutralises CI commands', () => {
    registerSecret(TOKEN);
    const out = guardPrinted(`##vso[task.setvariable variable=X]${TOKEN}`);
    expectNoTrace(out);
    expect(out).not.toContain('##vso[');
  });
});
