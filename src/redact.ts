// Tokens never appear in output (SPEC §12): not in messages, not inside URLs.

/** Replaces every occurrence of a known secret, and credentials embedded in URLs, with ***. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, '$1***@');
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
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1');
}
