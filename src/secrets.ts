// The secrets this process has read (SPEC §7, §12). Every value of a secret-bearing `${env:…}` is
// remembered with the forms a client sends and a server may echo back (base64 in a Basic header,
// percent-encoded in a URL, escaped in JSON or HTML), so that no output of this process shows one:
// not whole, not encoded, and not in part (a config error that quotes 40 characters, a server message
// cut at 300 give away as much as the whole token to anyone who can guess the rest).

/** Too short to redact without mangling ordinary text; tokens are far longer. */
const MIN_SECRET_LENGTH = 6;

/**
 * Any printed run of this many characters of a token is redacted, wherever it stands. Eight random
 * characters of a token (about 48 bits) never occur in ordinary text by chance, and a shorter slice
 * leaves too much to guess to be worth hiding. Only token-shaped values are matched this way (see
 * isTokenShaped): eight characters of a URL or an email address are ordinary text.
 */
export const PARTIAL_SECRET_LENGTH = 8;

/** Whole strings replaced wherever they occur: the values and their encodings. */
const exact = new Set<string>();
/** Strings every PARTIAL_SECRET_LENGTH-character slice of which is replaced too. */
const sliced = new Set<string>();

/** Built on first use after a registration: exact forms longest first, the slices, bitmaps of their first two characters and of every two. */
let index: { longestFirst: string[]; slices: Set<string>; heads: Uint8Array; pairs: Uint8Array } | null = null;

/** Remembers a secret so that no later output of this process shows it, whole, encoded or in part. */
export function registerSecret(value: string | undefined | null): void {
  if (!value || value.length < MIN_SECRET_LENGTH) return;
  for (const variant of variantsOf(value)) {
    for (const form of encodedForms(variant)) addExact(form);
    if (isTokenShaped(variant)) sliced.add(variant);
    // Base64 of anything holding the token (`email:token`, `PAT:token`, `Bearer …` in a JSON body)
    // contains one of these three runs, whatever comes before or after it.
    for (const core of base64Cores(variant)) {
      addExact(core);
      sliced.add(core);
    }
  }
  index = null;
}

/** A user name and a secret sent together in a Basic header (`email:token`): the pair's base64, whole. */
export function registerCredentials(user: string, secret: string | undefined | null): void {
  registerSecret(secret);
  if (!secret || secret.length < MIN_SECRET_LENGTH) return;
  for (const form of base64Forms(`${user}:${secret}`)) addExact(form);
  index = null;
}

/** The exact forms remembered so far (values and encodings). */
export function knownSecrets(): string[] {
  return [...exact];
}

/** Forgets every secret: only for tests, which run many configurations in one process. */
export function forgetSecrets(): void {
  exact.clear();
  sliced.clear();
  index = null;
}

/** Every registered secret, encoding or slice of a token replaced by `***`. */
export function redactRegisteredSecrets(text: string): string {
  if (exact.size === 0) return text;
  index ??= buildIndex();
  let out = text;
  for (const secret of index.longestFirst) {
    if (out.includes(secret)) out = out.split(secret).join('***');
  }
  return redactSlices(out, index);
}

function addExact(form: string): void {
  if (form.length >= MIN_SECRET_LENGTH) exact.add(form);
}

/** The value, without the white space a shell or a secret store may add, and percent-decoded (a client decodes it in a URL). */
function variantsOf(value: string): string[] {
  const variants = [value];
  if (value.trim() !== value && value.trim().length >= MIN_SECRET_LENGTH) variants.push(value.trim());
  if (value.includes('%')) {
    try {
      const decoded = decodeURIComponent(value);
      if (decoded !== value) variants.push(decoded);
    } catch {
      // not percent-encoding: the value as it is
    }
  }
  return variants;
}

/** The value as it may travel or be printed: raw, percent-encoded, JSON- and HTML-escaped, base64 of it and of ADO's Basic forms. */
function encodedForms(value: string): string[] {
  const forms = [value, encodeURIComponent(value), userinfoEncoded(value), JSON.stringify(value).slice(1, -1), htmlEscaped(value)];
  for (const form of [...forms]) forms.push(form.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()));
  // Azure DevOps clients send `PAT:token` or `:token`; Jira's pairs are registered by registerCredentials.
  for (const plain of [value, `:${value}`, `PAT:${value}`]) forms.push(...base64Forms(plain));
  return [...new Set(forms)];
}

/** Standard base64 with and without its padding, and URL-safe base64. */
function base64Forms(plain: string): string[] {
  const padded = Buffer.from(plain, 'utf8').toString('base64');
  const standard = padded.replace(/=+$/, '');
  return [padded, standard, standard.replace(/\+/g, '-').replace(/\//g, '_')];
}

/** How a WHATWG URL writes the value in its userinfo (`new URL(…).username`). */
function userinfoEncoded(value: string): string {
  const url = new URL('http://host/');
  url.username = value;
  return url.username;
}

function htmlEscaped(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * The base64 characters that depend on the value's bytes alone, for each of the three alignments it
 * may have inside a longer encoded string: any base64 text that holds the value holds one of them.
 */
function base64Cores(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const firstGroup = offset === 0 ? 0 : 1;
    const endGroup = Math.floor((offset + bytes.length) / 3);
    if (endGroup - firstGroup < 2) continue; // fewer than 8 characters: too short to tell from chance
    const core = encoded.slice(firstGroup * 4, endGroup * 4);
    cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...new Set(cores)];
}

/** A token rather than prose, a URL or an address, whose slices would be ordinary text. */
function isTokenShaped(value: string): boolean {
  return value.length >= PARTIAL_SECRET_LENGTH && !/\s/.test(value) && !value.includes('://') && !/^[^@]+@[^@]+\.[^@]+$/.test(value);
}

function buildIndex(): NonNullable<typeof index> {
  const slices = new Set<string>();
  const heads = new Uint8Array(0x10000);
  const pairs = new Uint8Array(0x10000);
  for (const value of sliced) {
    for (let at = 0; at + PARTIAL_SECRET_LENGTH <= value.length; at += 1) {
      const slice = value.slice(at, at + PARTIAL_SECRET_LENGTH);
      // A slice with a backslash could end inside a JSON escape (`\\`) and leave half of it behind.
      if (slice.includes('\\')) continue;
      slices.add(slice);
      heads[pairAt(value, at)] = 1;
      for (let inside = at; inside < at + PARTIAL_SECRET_LENGTH - 1; inside += 1) pairs[pairAt(value, inside)] = 1;
    }
  }
  return { longestFirst: [...exact].sort((a, b) => b.length - a.length), slices, heads, pairs };
}

/** A 16-bit hash of the two characters at `at`: a bitmap lookup, far cheaper than a Set per position. */
const pairAt = (text: string, at: number) => ((text.charCodeAt(at) << 8) ^ text.charCodeAt(at + 1)) & 0xffff;

/** Positions a slice can start at are looked at only near every STRIDE-th one whose two characters a slice holds. */
const STRIDE = PARTIAL_SECRET_LENGTH - 1;

/**
 * Every run of text covered by slices of a token, overlapping or touching, becomes one `***`. One pass:
 * a slice starting at p holds the two characters at the first multiple of STRIDE from p on, so only every
 * STRIDE-th position is looked up first (in the bitmap of every pair of characters of the slices), and the
 * STRIDE positions before it only when that pair is in some slice; a position is then looked up only when
 * its first two characters start some slice. Positions are visited in order, each once.
 */
function redactSlices(text: string, { slices, heads, pairs }: { slices: ReadonlySet<string>; heads: Uint8Array; pairs: Uint8Array }): string {
  if (slices.size === 0 || text.length < PARTIAL_SECRET_LENGTH) return text;
  let out = '';
  let copied = 0;
  let start = -1;
  let end = -1;
  const last = text.length - PARTIAL_SECRET_LENGTH;
  for (let aligned = 0; aligned + 1 < text.length; aligned += STRIDE) {
    if (pairs[pairAt(text, aligned)] === 0) continue;
    const to = Math.min(aligned, last);
    for (let at = Math.max(0, aligned - STRIDE + 1); at <= to; at += 1) {
      if (heads[pairAt(text, at)] === 0 || !slices.has(text.slice(at, at + PARTIAL_SECRET_LENGTH))) continue;
      if (start >= 0 && at <= end) {
        end = at + PARTIAL_SECRET_LENGTH;
        continue;
      }
      if (start >= 0) {
        out += `${text.slice(copied, start)}***`;
        copied = end;
      }
      start = at;
      end = at + PARTIAL_SECRET_LENGTH;
    }
  }
  if (start < 0) return text;
  return `${out}${text.slice(copied, start)}***${text.slice(end)}`;
}
