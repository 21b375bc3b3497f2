// The last gate before anything reaches a person, a CI log or a file (SPEC §12). backlint runs in CI
// with a tracker token in its environment, on text that anyone with write access to the tracker
// controls, so every line it prints is (1) stripped of every secret this process has read and (2)
// neutralised against CI log commands (Azure Pipelines runs `##vso[…]` anywhere in a line, GitHub's
// runner `##[…]` anywhere and `::cmd::` at the start of a line).

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
