// The last gate before anything reaches a person, a CI log or a file (SPEC §12). backlint runs in CI
// with a tracker token in its environment, on text that anyone with write access to the tracker
// controls, so every line it prints is (1) stripped of every secret this process has read and (2)
// neutralised against CI log commands (Azure Pipelines runs `##vso[…]` anywhere in a line, GitHub's
// runner `##[…]` anywhere and `::cmd::` at the start of a line).

import { neutralisePrinted } from './terminal-text.js';

/** Values read from secret-bearing `${env:…}` references (and their encodings) during this process. */
const secrets = new Set<string>();

/** Too short to redact without mangling ordinary text; tokens are far longer. */
const MIN_SECRET_LENGTH = 6;

/** Remembers a secret so that no later output of this process shows it. */
export function registerSecret(value: string | undefined | null): void {
  if (!value || value.length < MIN_SECRET_LENGTH) return;
  secrets.add(value);
}

export function knownSecrets(): string[] {
  return [...secrets];
}

/** Every registered secret replaced by `***`, longest first (a token may contain a shorter one). */
export function redactKnownSecrets(text: string): string {
  if (secrets.size === 0) return text;
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join('***');
  }
  return out;
}

/** CI log commands broken and control, bidi and escape characters made inert: see terminal-text.ts. */
export function neutraliseCiCommands(text: string): string {
  return neutralisePrinted(text);
}

/** What the CLI applies to every string it writes to stdout or stderr. */
export function guardPrinted(text: string): string {
  return neutraliseCiCommands(redactKnownSecrets(text));
}
