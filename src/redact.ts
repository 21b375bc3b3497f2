// Tokens never appear in output (SPEC §12): not in messages, not inside URLs.

/**
 * `scheme://userinfo@`: the userinfo runs to the LAST `@` before the host ends (`/`, `\`, `?`, `#`),
 * as WHATWG URL parsers read `http://bot:p@ss@host`; it may be `user@`, `user:pass@` or `:pass@`, in
 * any case of scheme, before any host (`[::1]` included). It stops at white space and at the quotes and
 * brackets a URL is written between (`"`, `'`, `<`, `>`, `` ` ``), so `"https://host","a@b"` in a JSON
 * report is left alone. The lookbehind starts a scheme only where a word starts, so a long run of
 * letters is not rescanned from every position (linear in the text).
 */
const URL_CREDENTIALS = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)[^\s/\\?#"'<>`]*@/gi;

/**
 * What every match above contains, and found by a scan for `:` alone: a report full of e-mail addresses
 * and links but with no credentials in a URL is let through without the slower full pattern.
 */
const MAYBE_URL_CREDENTIALS = /:\/\/[^\s/\\?#"'<>`]*@/;

/** Every `scheme://user:password@` (or `scheme://user@`) in a text, written `scheme://***@`. */
export function withoutUrlCredentials(text: string): string {
  return MAYBE_URL_CREDENTIALS.test(text) ? text.replace(URL_CREDENTIALS, '$1***@') : text;
}

/** Replaces every occurrence of a known secret, and credentials embedded in URLs, with ***. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = withoutUrlCredentials(text);
  for (const secret of secrets) {
    if (secret && secret.length >= 6) out = out.split(secret).join('***');
  }
  return out;
}

/**
 * A link without the `user:password@` part: a site URL configured as `https://bot:${env:TOKEN}@host`
 * must not carry the token into every browse link of every report.
 */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^\s/\\?#"'<>`]*@/i, '$1');
}
