// Text from outside (titles, names, keys, field names, server error bodies) on its way to a terminal
// or a CI log (SPEC §12). Anyone with write access to a tracker controls that text, and backlint runs
// in CI with a token in its environment, so what it prints must never drive the CI agent or the
// terminal.
//
// What the agents do: the Azure Pipelines agent runs `##vso[` found anywhere in a line; GitHub's
// runner runs `##[cmd]` anywhere and `::cmd::` at the start of a line once leading whitespace is
// trimmed (.NET `TrimStart`: Unicode whitespace, NEL included). Both read lines with .NET `ReadLine`,
// which ends a line at `\n`, `\r` or `\r\n`, so a lone `\r` inside a value starts a new line. TeamCity
// acts on a service message `##teamcity[name …]` at a line's start, after white space (JetBrains'
// "Service messages"); it is broken anywhere in a line, as `##vso[` is, which covers that. Some agent
// versions find the prefix with culture-sensitive `IndexOf`/`StartsWith`, which skip ignorable code
// points (`#\u200b#vso[` matches `##vso[`) and some compare case-insensitively; so a command is matched
// here in any case with ignorable characters anywhere inside it, and broken with a character no
// comparison takes for the original: the `#` before the command's `vso[`, `teamcity[` or `[` becomes
// U+FF03 `＃`, a leading `:` becomes U+FF1A `：` (a zero-width space, the usual trick, is itself
// ignorable).
//
// Two layers, so that backlint's own colours keep working, and a third rule for data:
// - Per value, before it is coloured or laid out: `toTerminalText` (one line: stylish cells, doctor
//   lists) and `toTerminalLines` (keeps `\n`: error messages, doctor details) drop escape sequences,
//   control characters, bidi overrides and isolates, and break CI commands (a value is treated as if it
//   started a line, since it may).
// - At the print boundary, on every string the CLI writes (`neutralisePrinted`, via safe-output.ts's
//   `guardPrinted`): the values are already clean, so it only handles what cannot be one of our colour
//   codes. An SGR sequence (`ESC [ digits ; m`) is kept; any other ESC, every C0 control but `\t`/`\n`,
//   DEL, C1, bidi controls and U+2028/U+2029 become U+FFFD; a lone `\r` becomes `\n` (the agent would
//   have split there anyway; now the `::` check sees the new line); CI commands are broken. This covers
//   reports on stdout that are not for terminals (markdown, csv, junit, html) and every stderr line.
// - Data stays lossless: `escapeJsonForLogs` rewrites serialised JSON so that it holds none of the
//   above raw (`\u0023`, `\u0085`, `\u202e`, …) and parses back to exactly the same values.

/** Characters some comparisons skip: default-ignorable and format characters, and controls. */
const IGNORABLE = String.raw`[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}]`;
const I = `${IGNORABLE}*`;

/** A word as a pattern with ignorables after each letter. */
const spelled = (word: string) => [...word].map((letter) => `${letter}${I}`).join('');

/**
 * The `#` right before `vso[`, `teamcity[` or `[` of `##vso[` / `##teamcity[` / `##[`, in any case,
 * ignorables anywhere inside. It starts with the `#` it matches (the lookbehind then sees that `#` and
 * the one before it), so the engine skips straight to each `#` rather than trying a lookbehind at every
 * position of a long report.
 */
const HASH_OF_COMMAND = new RegExp(`#(?<=#${I}#)(?=${I}(?:${spelled('vso')}|${spelled('teamcity')})?\\[)`, 'giu');
/** A line's first `:` when the next non-ignorable is `:` too, after leading (Unicode) whitespace. */
const LEADING_COLONS = new RegExp(`^((?:[\\s\\u0085]|${IGNORABLE})*):(?=${I}:)`, 'gmu');

const FULLWIDTH_NUMBER_SIGN = '\uff03';
const FULLWIDTH_COLON = '\uff1a';

/** `##vso[`, `##teamcity[`, `##[` anywhere and `::` at a line's start, broken so no CI agent runs them. */
export function breakCiCommands(text: string): string {
  return text.replace(HASH_OF_COMMAND, FULLWIDTH_NUMBER_SIGN).replace(LEADING_COLONS, `$1${FULLWIDTH_COLON}`);
}

// Escape sequences a value could smuggle into a terminal: OSC/DCS/SOS/PM/APC strings up to their
// terminator, CSI sequences (`ESC [ 2 J`), and any other ESC-introduced sequence.
const ESCAPE_SEQUENCE =
  /(?:\u001b[\]PX^_]|[\u0090\u0098\u009d-\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)|(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?|\u001b[ -/]*[0-~]?/g;
/** Bidi embeddings, overrides, isolates and marks: they can reorder what a line shows. */
const BIDI = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
const LINE_BREAK = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
const CONTROL_OR_BIDI = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${BIDI}]`, 'g');

/** A value for one terminal line: no escape sequences, controls, bidi controls or line breaks; CI commands broken. */
export function toTerminalText(text: string): string {
  const flat = text.replace(ESCAPE_SEQUENCE, '').replace(LINE_BREAK, ' ').replace(CONTROL_OR_BIDI, '').replace(/ {2,}/g, ' ').trim();
  return breakCiCommands(flat);
}

const ANY_LINE_BREAK = /\r\n|[\n\v\f\r\u0085\u2028\u2029]/g;
const CONTROL_OR_BIDI_BUT_TAB_AND_LF = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f${BIDI}]`, 'g');

/** A multi-line value (an error message, a doctor detail): as `toTerminalText`, but line breaks become `\n`. */
export function toTerminalLines(text: string): string {
  const clean = text.replace(ESCAPE_SEQUENCE, '').replace(ANY_LINE_BREAK, '\n').replace(CONTROL_OR_BIDI_BUT_TAB_AND_LF, '');
  return breakCiCommands(clean);
}

/** ESC not starting an SGR colour sequence, and every other character no printed line should carry raw. */
const UNPRINTABLE = new RegExp(`\\u001b(?!\\[[0-9;]*m)|[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001a\\u001c-\\u001f\\u007f-\\u009f${BIDI}\\u2028\\u2029]`, 'g');
const LONE_CR = /\r(?!\n)/g;

/** The print boundary: everything but our own colour codes made inert, CI commands broken. */
export function neutralisePrinted(text: string): string {
  return breakCiCommands(text.replace(LONE_CR, '\n').replace(UNPRINTABLE, '\ufffd'));
}

/** Raw in JSON.stringify's output, yet dangerous in a log or terminal: DEL, C1, bidi controls, line separators. */
const JSON_UNSAFE = new RegExp(`[\\u007f-\\u009f${BIDI}\\u2028\\u2029]`, 'g');

const unicodeEscape = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Serialised JSON that parses to the same values but carries no CI command and none of the characters
 * above raw. Safe on the whole text: outside strings JSON has only ASCII punctuation, digits, literals
 * and whitespace, so every `#` and every such character sits inside a string, where `\uXXXX` means it.
 */
export function escapeJsonForLogs(json: string): string {
  return json.replace(HASH_OF_COMMAND, unicodeEscape).replace(JSON_UNSAFE, unicodeEscape);
}
