// The last gate before anything reaches a person, a CI log or a file (SPEC §12). backlint runs in CI
// with a tracker token in its environment, on text that anyone with write access to the tracker
// controls, so every line it prints is (1) stripped of every secret this process has read and (2)
// neutralised against CI log commands (Azure Pipelines runs `##vso[…]` anywhere in a line, GitHub's
// runner `##[…]` anywhere and `::cmd::` at the start of a line, TeamCity `##teamcity[…]` at the start).

import { withoutUrlCredentials } from './redact.js';
import { redactRegisteredSecrets } from './secrets.js';
import { neutralisePrinted } from './terminal-text.js';

export { forgetSecrets, knownSecrets, registerCredentials, registerSecret } from './secrets.js';

/**
 * Every secret this process has read (src/secrets.ts: whole, encoded, or a slice of 8+ characters of a
 * token) replaced by `***`, and the userinfo of every URL (`https://user:pass@host`, `http://PAT@host`)
 * by `***@`. The reporters' text passes here too, before a report is written.
 */
export function redactKnownSecrets(text: string): string {
  return redactRegisteredSecrets(withoutUrlCredentials(text));
}

/** CI log commands broken and control, bidi and escape characters made inert: see terminal-text.ts. */
export function neutraliseCiCommands(text: string): string {
  return neutralisePrinted(text);
}

/** What the CLI applies to every string it writes to stdout or stderr. */
export function guardPrinted(text: string): string {
  return neutraliseCiCommands(redactKnownSecrets(text));
}

/**
 * Every string in a value (object keys too) passed through redactKnownSecrets, in place: a report just
 * built for the reporters and notifications. Redacting only their output is not enough, as each format
 * escapes item text its own way first (`&#60;` in HTML, `\_` in Markdown, `""` in CSV), and a secret with
 * such characters in it would pass as an escaped form no one registered, or a redaction would cut through
 * an escape and break the file. In place, as a copy of a report of 500,000 items would double its memory;
 * each distinct string is redacted once (people, teams and messages repeat).
 */
export function redactSecretsIn<T extends object>(value: T): T {
  const seen = new Map<string, string>();
  const redact = (text: string): string => {
    let redacted = seen.get(text);
    if (redacted === undefined) seen.set(text, (redacted = redactKnownSecrets(text)));
    return redacted;
  };
  const walk = (node: object): void => {
    if (Array.isArray(node)) {
      for (let at = 0; at < node.length; at += 1) {
        const member: unknown = node[at];
        if (typeof member === 'string') node[at] = redact(member);
        else if (member !== null && typeof member === 'object') walk(member);
      }
      return;
    }
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const member = record[key];
      if (typeof member === 'string') record[key] = redact(member);
      else if (member !== null && typeof member === 'object') walk(member);
      const safeKey = redact(key);
      if (safeKey !== key) {
        record[safeKey] = record[key];
        delete record[key];
      }
    }
  };
  walk(value);
  return value;
}
