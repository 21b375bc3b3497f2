// Text cut to a length for a message, a title or a label, never inside a character. A cut through a
// surrogate pair leaves malformed UTF-16 (a lone surrogate: an invalid character in JUnit and SARIF XML,
// a broken glyph in Slack and Teams), and a cut through an emoji sequence (a flag, a family) or between
// a letter and its combining marks leaves another character than the one written.

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Below this, a code unit is a whole character that forms no cluster with its neighbours (bar CR LF, harmless to cut). */
const SIMPLE = 0x300;

/** The longest start of `text` made of whole characters (grapheme clusters) and at most `units` UTF-16 code units long. */
export function cutAt(text: string, units: number): string {
  if (text.length <= units) return text;
  if (units <= 0) return '';
  // Most text around a cut is ASCII or Latin-1: then the cut is between two characters already.
  if (text.charCodeAt(units) < SIMPLE && text.charCodeAt(units - 1) < SIMPLE) return text.slice(0, units);
  let end = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    if (index + segment.length > units) break;
    end = index + segment.length;
  }
  return text.slice(0, end);
}

/** `text` when it has at most `max` code units, else its start cut at a character boundary and `…`, `max` units in all. */
export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${cutAt(text, max - 1)}…`;
}
