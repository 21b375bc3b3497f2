// Azure DevOps HTML fields (System.Description, Microsoft.VSTS.Common.AcceptanceCriteria) → document
// tree (SPEC §6). htmlparser2's tokenizer, read as its Parser would (html-events.ts, linear in the input),
// calls back per tag and text run, and the tree is built directly from those events with an explicit
// element stack: no DOM, no recursion, no regex over HTML.
// ADO wraps every line in a <div>, so each <div> or <p> holding inline content is its own paragraph.
import { BlockSink, MAX_DEPTH, collapseWhitespace, pushText } from './builder.js';
import { readHtmlEvents, type HtmlHandler } from './html-events.js';
import type { Block, Inline, ListItem, RichDocument } from './tree.js';

/** What the elements open so far have set up; every element saves it on open and restores it on close. */
interface State {
  sink: BlockSink;
  /** Inside a heading, inline content goes here, and nested block elements do not split it. */
  heading: Inline[] | null;
  bold: boolean;
  italic: boolean;
  code: { type: 'code'; text: string } | null;
  skip: boolean;
  list: { items: ListItem[]; depth: number } | null;
  table: { rows: Block[][][]; depth: number } | null;
  row: { cells: Block[][]; depth: number } | null;
  item: ListItem | null;
}

interface Frame {
  name: string;
  saved: State;
  /** A block-level element: inline content after it starts a new paragraph. */
  block: boolean;
}

const PARAGRAPH_LIKE = new Set([
  'div', 'p', 'section', 'article', 'header', 'footer', 'main', 'nav', 'aside', 'address', 'center',
  'dl', 'dt', 'dd', 'figure', 'figcaption', 'form', 'fieldset', 'summary', 'caption', 'legend',
  'thead', 'tbody', 'tfoot', 'html', 'body',
]);
const SKIPPED = new Set(['script', 'style', 'head', 'title', 'template', 'noscript', 'svg', 'math', 'object', 'select']);
const HEADINGS: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };

export function parseHtml(html: string): RichDocument {
  const children: Block[] = [];
  if (typeof html !== 'string' || html.length === 0) return { type: 'doc', format: 'html', children };

  let state: State = {
    sink: new BlockSink(children, 0),
    heading: null,
    bold: false,
    italic: false,
    code: null,
    skip: false,
    list: null,
    table: null,
    row: null,
    item: null,
  };
  const frames: Frame[] = [];

  const handler: HtmlHandler = {
    onopentag(name, attribs) {
      const saved = state;
      state = { ...saved };
      frames.push({ name, saved, block: openElement(name, attribs) });
    },
    onclosetag(name) {
      // Elements close in the order they opened; the name check only guards a tag cut off at the end.
      let index = frames.length - 1;
      while (index >= 0 && frames.length - index <= 8 && frames[index]!.name !== name) index--;
      if (index < 0 || frames[index]!.name !== name) return;
      let frame: Frame | undefined;
      while (frames.length > index) frame = frames.pop();
      state = frame!.saved;
      if (frame!.block) state.sink.endParagraph();
    },
    ontext(data) {
      if (state.skip) return;
      if (state.code !== null) {
        state.code.text += data;
        return;
      }
      const text = collapseWhitespace(data); // `&nbsp;` (U+00A0) is whitespace too
      if (state.heading !== null) pushText(state.heading, text, state.bold, state.italic);
      else if (text !== ' ' || state.sink.hasOpenParagraph()) state.sink.text(text, state.bold, state.italic);
    },
  };

  /** Applies an opening tag to `state` (already a copy); returns whether it is block-level. */
  function openElement(name: string, attribs: Record<string, string>): boolean {
    if (state.skip) return false;
    if (SKIPPED.has(name)) {
      state.skip = true;
      return false;
    }
    applyStyle(attribs.style);
    if (state.code !== null) {
      if (name === 'br') state.code.text += '\n';
      return false;
    }
    switch (name) {
      case 'b':
      case 'strong':
        state.bold = true;
        return false;
      case 'i':
      case 'em':
        state.italic = true;
        return false;
      case 'br':
        if (state.heading !== null) state.heading.push({ type: 'break' });
        else state.sink.lineBreak();
        return false;
      case 'input':
        if (state.item !== null && state.item.checked === undefined && (attribs.type ?? '').toLowerCase() === 'checkbox') {
          state.item.checked = attribs.checked !== undefined;
        }
        return false;
    }
    if (state.heading !== null) return false; // block elements inside a heading do not split it
    const level = HEADINGS[name];
    if (level !== undefined) {
      const content: Inline[] = [];
      state.sink.add({ type: 'heading', level, content });
      state.heading = content;
      return true;
    }
    switch (name) {
      case 'hr':
        state.sink.add({ type: 'rule' });
        return true;
      case 'pre': {
        const code = { type: 'code' as const, text: '' };
        state.sink.add(code);
        state.code = code;
        return true;
      }
      case 'ul':
      case 'ol':
        if (state.sink.depth < MAX_DEPTH) {
          const items: ListItem[] = [];
          state.sink.add({ type: 'list', ordered: name === 'ol', items });
          state.list = { items, depth: state.sink.depth + 1 };
        }
        return true;
      case 'li': {
        let list = state.list;
        if (list === null && state.sink.depth < MAX_DEPTH) {
          const items: ListItem[] = [];
          state.sink.add({ type: 'list', ordered: false, items });
          list = { items, depth: state.sink.depth + 1 };
        }
        if (list !== null) {
          const item: ListItem = { children: [] };
          list.items.push(item);
          state.sink = new BlockSink(item.children, list.depth);
          state.item = item;
          state.list = null;
        }
        return true;
      }
      case 'table':
        if (state.sink.depth < MAX_DEPTH) {
          const rows: Block[][][] = [];
          state.sink.add({ type: 'table', rows });
          state.table = { rows, depth: state.sink.depth + 1 };
          state.row = null;
        }
        return true;
      case 'tr': {
        let table = state.table;
        if (table === null && state.sink.depth < MAX_DEPTH) {
          const rows: Block[][][] = [];
          state.sink.add({ type: 'table', rows });
          table = { rows, depth: state.sink.depth + 1 };
        }
        if (table !== null) {
          const cells: Block[][] = [];
          table.rows.push(cells);
          state.row = { cells, depth: table.depth };
          state.table = null;
        }
        return true;
      }
      case 'td':
      case 'th': {
        let row = state.row;
        if (row === null && state.table !== null) {
          const cells: Block[][] = [];
          state.table.rows.push(cells);
          row = { cells, depth: state.table.depth };
        }
        if (row !== null) {
          const cell: Block[] = [];
          row.cells.push(cell);
          state.sink = new BlockSink(cell, row.depth);
          state.table = null;
          state.row = null;
          state.list = null;
        }
        return true;
      }
      case 'blockquote':
      case 'details':
        if (state.sink.depth < MAX_DEPTH) {
          const blocks: Block[] = [];
          state.sink.add({ type: 'container', kind: name === 'details' ? 'expand' : 'blockquote', children: blocks });
          state.sink = new BlockSink(blocks, state.sink.depth + 1);
          state.list = null;
          state.table = null;
          state.row = null;
        }
        return true;
    }
    if (PARAGRAPH_LIKE.has(name)) {
      state.sink.endParagraph();
      return true;
    }
    return false;
  }

  /** CSS `font-weight` and `font-style` in a style attribute (ADO's editor writes bold as a styled span). */
  function applyStyle(style: string | undefined): void {
    if (style === undefined || style.length === 0) return;
    const css = style.toLowerCase();
    const weight = cssValue(css, 'font-weight');
    if (weight !== null) {
      const numeric = Number(weight);
      if (weight === 'bold' || weight === 'bolder' || numeric >= 600) state.bold = true;
      else if (weight === 'normal' || weight === 'lighter' || numeric > 0) state.bold = false;
    }
    const fontStyle = cssValue(css, 'font-style');
    if (fontStyle === 'italic' || fontStyle === 'oblique') state.italic = true;
    else if (fontStyle === 'normal') state.italic = false;
  }

  readHtmlEvents(html, handler);
  return { type: 'doc', format: 'html', children };
}

/** The value of one property in an inline style, lower-cased, without `!important`. */
function cssValue(css: string, property: string): string | null {
  const at = css.indexOf(property);
  if (at === -1) return null;
  const colon = css.indexOf(':', at + property.length);
  if (colon === -1 || css.slice(at + property.length, colon).trim() !== '') return null;
  const end = css.indexOf(';', colon);
  return css
    .slice(colon + 1, end === -1 ? undefined : end)
    .replace('!important', '')
    .trim();
}
