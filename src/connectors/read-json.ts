// A JSON answer's bytes → its value, as axios reads a JSON answer (UTF-8, a leading byte order mark dropped,
// the text itself when it does not parse), without ever making one string of a large answer.
//
// Why: V8 keeps every string over 128 KB in its own freshly mapped pages, and on the machines backlint runs on
// (virtual machines, where each page fault is slow) making one costs about 1 ms per 200 KB: more than
// JSON.parse then spends on it. A 100-issue bulk fetch is ~230 KB; 20,000 issues spent ~270 ms of the main
// thread on that alone, against ~10 ms for the same bytes as strings under 128 KB. So a large answer that is
// an object is read member by member, and a member that is an array (the page of issues) in runs of
// elements: each piece is decoded and parsed on its own. The pieces are cut only at JSON's own punctuation outside
// strings (ASCII, never inside a UTF-8 sequence), and each is parsed by JSON.parse itself, so the value is
// the one JSON.parse gives for the whole; anything unexpected (not an object, a `__proto__` key, a piece
// that does not parse) is read the plain way, which gives exactly axios's answer, errors included.

/**
 * Whether an answer of this size is read in pieces (readObjectInPieces reads no other). Under 60,000 bytes its text stays under V8's 128 KB even
 * as UTF-16. From 1 MB on Node makes the text an external string, and such an answer comes once (a WIQL of
 * 20,000 ids is 1.5 MB) and meets the scanner cold: read whole it took 20 ms, in pieces 33 ms.
 */
const readsInPieces = (bytes: number): boolean => bytes >= 60_000 && bytes < 1_000_000;
/** Array elements are parsed in runs of about this many bytes: well under 128 KB, even as UTF-16. */
const RUN_BYTES = 32_000;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** What axios gives for a JSON answer's bytes: the parsed value, else the text (empty for no body). */
export function readJsonBody(data: unknown): unknown {
  if (!(data instanceof Uint8Array)) return data;
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const value = readObjectInPieces(bytes);
  if (value !== null) return value;
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text === '') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * A large JSON object, member by member, its arrays in runs of elements: the value JSON.parse gives for
 * the whole text. Null when the bytes are anything else (not of a size read in pieces, not an object, not
 * JSON, a byte order mark first): the caller reads those the plain way.
 */
export function readObjectInPieces(bytes: Buffer): Record<string, unknown> | null {
  if (!readsInPieces(bytes.length)) return null;
  const end = bytes.length;
  let at = 0;
  const skipSpace = () => {
    while (at < end && (bytes[at] === 0x20 || bytes[at] === 0x0a || bytes[at] === 0x0d || bytes[at] === 0x09)) at++;
  };
  const parse = (from: number, to: number): unknown => JSON.parse(bytes.toString('utf8', from, to));
  try {
    skipSpace();
    if (bytes[at] !== OPEN_BRACE) return null;
    at++;
    const value: Record<string, unknown> = {};
    skipSpace();
    if (bytes[at] === CLOSE_BRACE) return trailingSpaceOnly(bytes, at + 1) ? value : null;
    for (;;) {
      skipSpace();
      if (bytes[at] !== QUOTE) return null;
      const keyEnd = stringEnd(bytes, at);
      if (keyEnd < 0) return null;
      const key = parse(at, keyEnd) as string;
      // JSON.parse makes `__proto__` an own member; an assignment would set the prototype instead.
      if (key === '__proto__') return null;
      at = keyEnd;
      skipSpace();
      if (bytes[at] !== COLON) return null;
      at++;
      skipSpace();
      if (bytes[at] === OPEN_BRACKET) {
        const list: unknown[] = [];
        at++;
        skipSpace();
        if (bytes[at] === CLOSE_BRACKET) at++;
        else {
          // Elements are parsed a run at a time (`[e1, e2, …]`, up to RUN_BYTES): one JSON.parse per element
          // would cost more than it saves on a list of small ones (ids).
          let runStart = at;
          for (;;) {
            skipSpace();
            const elementEnd = valueEnd(bytes, at);
            if (elementEnd < 0) return null;
            at = elementEnd;
            skipSpace();
            const last = bytes[at] === CLOSE_BRACKET;
            if (!last && bytes[at] !== COMMA) return null;
            if (last || elementEnd - runStart >= RUN_BYTES) {
              for (const element of JSON.parse(`[${bytes.toString('utf8', runStart, elementEnd)}]`) as unknown[]) list.push(element);
              runStart = at + 1;
            }
            at++;
            if (last) break;
          }
        }
        value[key] = list;
      } else {
        const memberEnd = valueEnd(bytes, at);
        if (memberEnd < 0) return null;
        value[key] = parse(at, memberEnd);
        at = memberEnd;
      }
      skipSpace();
      if (bytes[at] === COMMA) at++;
      else if (bytes[at] === CLOSE_BRACE) return trailingSpaceOnly(bytes, at + 1) ? value : null;
      else return null;
    }
  } catch {
    return null;
  }
}

function trailingSpaceOnly(bytes: Buffer, from: number): boolean {
  for (let at = from; at < bytes.length; at++) {
    const byte = bytes[at];
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return false;
  }
  return true;
}

/** Just past the string whose opening quote is at `at`; -1 when it does not end. */
function stringEnd(bytes: Buffer, at: number): number {
  let from = at + 1;
  for (;;) {
    const quote = bytes.indexOf(QUOTE, from);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (bytes[quote - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/**
 * Just past the value that starts at `at`: a string, an object or array (brackets counted outside strings;
 * whether they pair up is JSON.parse's to say), or a number or literal (up to the punctuation after it).
 * -1 when it does not end.
 */
function valueEnd(bytes: Buffer, at: number): number {
  const first = bytes[at];
  if (first === QUOTE) return stringEnd(bytes, at);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    let to = at;
    while (to < bytes.length && bytes[to] !== COMMA && bytes[to] !== CLOSE_BRACE && bytes[to] !== CLOSE_BRACKET) to++;
    return to;
  }
  let depth = 0;
  for (let to = at; to < bytes.length; to++) {
    const byte = bytes[to];
    if (byte === QUOTE) {
      const after = stringEnd(bytes, to);
      if (after < 0) return -1;
      to = after - 1;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
    else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return to + 1;
    }
  }
  return -1;
}
