// A document tree read as a sequence of lines in document order (SPEC §6): what the acceptance criteria
// finder scans, and what plain text is made of. Iterative with an explicit stack, never recursive: a
// hand-built or pathological tree may nest 10,000 levels deep.
import { collapseWhitespace } from './builder.js';
import type { Block, Inline, RichDocument } from './tree.js';

/**
 * How a line sits in the document. Anything inside a list item is an `item` line and anything inside
 * a table cell a `cell` line, whatever block holds it; `title` is a panel's or expand's title.
 */
export type LineRole = 'heading' | 'paragraph' | 'item' | 'cell' | 'code' | 'title';

export interface DocumentLine {
  role: LineRole;
  /** Heading level 1–6 for `heading` lines, 0 otherwise. */
  level: number;
  /** The line's text, whitespace collapsed and trimmed; never empty. */
  text: string;
  /** Every character of the line that is not whitespace is bold. */
  bold: boolean;
  /** The innermost panel, expand, blockquote or table row holding the line (an id), or -1. */
  container: number;
}

/** Called per line; returning true stops the walk. */
export type LineCallback = (line: DocumentLine) => boolean | void;
/** Called when a container's last line has been seen; returning true stops the walk. */
export type ContainerEndCallback = (container: number) => boolean | void;

/**
 * Characters no editor shows: zero-width space, LRM / RLM, bidi embeddings and isolates, soft hyphen,
 * U+FEFF. Pasted from Word, Teams or a browser, they sit inside or around a label (`\u200BAcceptance
 * criteria`), so a line's text drops them: what is matched is what a reader sees.
 */
const INVISIBLE_CHARS = '\\u200b\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\u00ad\\ufeff';
const INVISIBLE = new RegExp(`[${INVISIBLE_CHARS}]`);
const INVISIBLE_ALL = new RegExp(`[${INVISIBLE_CHARS}]`, 'g');
/** Text that shows: literal `*` / `_` markup left in plain text, and the invisible characters, do not decide whether a line is bold. */
const VISIBLE = new RegExp(`[^\\s*_${INVISIBLE_CHARS}]`);

interface Frame {
  blocks: readonly Block[];
  index: number;
  /** `item` or `cell` when inside a list item or table cell. */
  inside: 'item' | 'cell' | null;
  container: number;
  /** The container this frame is the content of, reported when the frame is done; -1 for none. */
  closes: number;
}

/** Walks the document's lines in order. Returns true when a callback stopped the walk. */
export function walkLines(doc: RichDocument, onLine: LineCallback, onContainerEnd?: ContainerEndCallback): boolean {
  if (doc === null || typeof doc !== 'object' || !Array.isArray(doc.children)) return false;
  const stack: Frame[] = [{ blocks: doc.children, index: 0, inside: null, container: -1, closes: -1 }];
  let nextContainer = 0;

  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.index >= frame.blocks.length) {
      stack.pop();
      if (frame.closes >= 0 && onContainerEnd !== undefined && onContainerEnd(frame.closes) === true) return true;
      continue;
    }
    const block = frame.blocks[frame.index++];
    if (block === null || typeof block !== 'object') continue;
    switch (block.type) {
      case 'heading':
      case 'paragraph': {
        const role = frame.inside ?? block.type;
        const level = block.type === 'heading' && role === 'heading' ? block.level : 0;
        if (emitInlines(block.content, role, level, frame.container, block.type === 'heading', onLine)) return true;
        break;
      }
      case 'code': {
        if (typeof block.text !== 'string') break;
        for (const raw of block.text.split('\n')) {
          const text = collapseWhitespace(raw).trim();
          if (text.length > 0 && onLine({ role: 'code', level: 0, text, bold: false, container: frame.container }) === true) return true;
        }
        break;
      }
      case 'list': {
        if (!Array.isArray(block.items)) break;
        const inside = frame.inside ?? 'item';
        for (let i = block.items.length - 1; i >= 0; i--) {
          const item = block.items[i];
          if (item !== undefined && Array.isArray(item.children)) {
            stack.push({ blocks: item.children, index: 0, inside, container: frame.container, closes: -1 });
          }
        }
        break;
      }
      case 'table': {
        if (!Array.isArray(block.rows)) break;
        // Each row is a container of its own: a section a cell starts (`| Acceptance criteria | TBD |`)
        // ends with its row. Pushed last cell first, so the last cell's frame, done last, reports the row's end.
        const rows: { id: number; cells: Block[][] }[] = [];
        for (const row of block.rows) {
          if (!Array.isArray(row)) continue;
          const cells = row.filter((cell): cell is Block[] => Array.isArray(cell));
          if (cells.length > 0) rows.push({ id: nextContainer++, cells });
        }
        for (let r = rows.length - 1; r >= 0; r--) {
          const { id, cells } = rows[r]!;
          for (let c = cells.length - 1; c >= 0; c--) {
            stack.push({ blocks: cells[c]!, index: 0, inside: 'cell', container: id, closes: c === cells.length - 1 ? id : -1 });
          }
        }
        break;
      }
      case 'container': {
        const id = nextContainer++;
        const title = typeof block.title === 'string' ? collapseWhitespace(block.title).trim() : '';
        if (title.length > 0 && onLine({ role: frame.inside ?? 'title', level: 0, text: title, bold: false, container: id }) === true) return true;
        stack.push({ blocks: Array.isArray(block.children) ? block.children : [], index: 0, inside: frame.inside, container: id, closes: id });
        break;
      }
    }
  }
  return false;
}

/** Splits a run list into lines at `break`s (a heading stays one line) and reports the non-empty ones. */
function emitInlines(
  content: readonly Inline[],
  role: LineRole,
  level: number,
  container: number,
  oneLine: boolean,
  onLine: LineCallback,
): boolean {
  if (!Array.isArray(content)) return false;
  let text = '';
  let allBold = true;
  let anyText = false;
  for (let i = 0; i <= content.length; i++) {
    const inline = content[i];
    if (inline !== undefined && inline !== null && inline.type === 'text') {
      if (typeof inline.text !== 'string') continue;
      text += inline.text;
      if (VISIBLE.test(inline.text)) {
        anyText = true;
        if (inline.bold !== true) allBold = false;
      }
      continue;
    }
    if (inline !== undefined && (inline === null || inline.type !== 'break')) continue;
    if (inline !== undefined && oneLine) {
      text += ' ';
      continue;
    }
    // a break, or the end of the content
    if (anyText) {
      const line = collapseWhitespace(INVISIBLE.test(text) ? text.replace(INVISIBLE_ALL, '') : text).trim();
      if (line.length > 0 && onLine({ role, level, text: line, bold: allBold, container }) === true) return true;
    }
    text = '';
    allBold = true;
    anyText = false;
  }
  return false;
}

/** The document as plain text: its lines (whitespace collapsed) joined by `\n`. */
export function documentToPlainText(doc: RichDocument): string {
  const lines: string[] = [];
  walkLines(doc, (line) => {
    lines.push(line.text);
  });
  return lines.join('\n');
}
