// Jira Data Center / Server wiki markup (REST v2 `description` and text custom fields) → document tree
// (SPEC §6). Hand-written and line-based on purpose: there is no well-kept npm parser for Jira wiki
// markup (the few packages that exist are unmaintained renderers to HTML), and the finder needs only
// block structure and bold text. Every non-blank line of a paragraph stays its own line (a `break`
// between lines), because people write one criterion a line without any list markup.
import { BlockSink, MAX_DEPTH } from './builder.js';
import { parseHtml } from './html.js';
import type { Block, Inline, ListItem, RichDocument } from './tree.js';

/** Deepest list nesting kept (`***…`); deeper items join the deepest list. */
const MAX_LIST_DEPTH = 16;

/** Global: searched from an index into the line, so a line of many macros is read once. */
const BLOCK_MACRO = /\{(code|noformat|html|panel|quote|expand)(?::([^{}]*))?\}/gi;
/** The end of an open `{code}`, `{noformat}` or `{html}` block; global, searched from an index. */
const CLOSING_MACRO = { code: /\{code\}/gi, noformat: /\{noformat\}/gi, html: /\{html\}/gi };
// `(.*)$` with the `s` flag: without it, a U+2028 or U+2029 in the line (no line break for
// LINE_SPLIT) made `\s*(.*)$` backtrack through every split of a long run of spaces, quadratically.
const HEADING = /^h([1-6])\.\s*(.*)$/is;
const BLOCKQUOTE = /^bq\.\s*(.*)$/is;
const RULE = /^-{4,}$/;
const LIST_ITEM = /^(?:([*#]+)|-)\s+(.*)$/s;
const CHECKBOX = /^(?:\[([ xX]?)\]|\((\/|x|on|off)\))\s+(.*)$/s;
const LINE_SPLIT = /\r\n|\r|\n/;

interface ListLevel {
  ordered: boolean;
  items: ListItem[];
  last: ListItem | null;
}

/** An open `{panel}`, `{quote}` or `{expand}`; beyond MAX_DEPTH it shares its parent's sink. */
interface Container {
  sink: BlockSink;
  kind: 'panel' | 'quote' | 'expand' | 'root';
}

export function parseWiki(text: string): RichDocument {
  const children: Block[] = [];
  if (typeof text !== 'string' || text.length === 0) return { type: 'doc', format: 'wiki', children };
  new WikiBuilder(children).run(text);
  return { type: 'doc', format: 'wiki', children };
}

class WikiBuilder {
  private readonly containers: Container[];
  private paragraph: Inline[] | null = null;
  private lists: ListLevel[] = [];
  private table: Block[][][] | null = null;
  /** An open `{code}` / `{noformat}` (block: its code block), or `{html}` (block: null; read as HTML when it closes). */
  private code: { block: { type: 'code'; language?: string; text: string } | null; lines: string[]; close: RegExp } | null = null;
  /** How many containers of each kind are open: closing a kind none is open of needs no search. */
  private readonly openKinds = new Map<Container['kind'], number>();

  constructor(children: Block[]) {
    this.containers = [{ sink: new BlockSink(children, 0), kind: 'root' }];
  }

  run(text: string): void {
    for (const line of text.split(LINE_SPLIT)) this.line(line);
    this.closeCode();
  }

  private get sink(): BlockSink {
    return this.containers[this.containers.length - 1]!.sink;
  }

  /** Ends the open paragraph, list and table: the next line starts a new block. */
  private endBlocks(): void {
    this.paragraph = null;
    this.lists = [];
    this.table = null;
  }

  private add(block: Block): void {
    this.endBlocks();
    this.sink.add(block);
  }

  /**
   * One line, which may hold several macros. Read from an index that only moves forward (no lower-cased
   * copy or slice of the rest per macro), so a line of 100,000 `{code}` is read in linear time.
   */
  private line(line: string): void {
    let from = 0;
    for (;;) {
      if (this.code !== null) {
        const close = this.code.close;
        close.lastIndex = from;
        const end = close.exec(line);
        if (end === null) {
          this.code.lines.push(from === 0 ? line : line.slice(from));
          return;
        }
        if (end.index > from) this.code.lines.push(line.slice(from, end.index));
        from = end.index + end[0].length;
        this.closeCode();
        if (isBlank(line, from, line.length)) return;
        continue;
      }
      BLOCK_MACRO.lastIndex = from;
      const macro = BLOCK_MACRO.exec(line);
      if (macro === null) {
        this.simpleLine(from === 0 ? line : line.slice(from));
        return;
      }
      if (!isBlank(line, from, macro.index)) this.simpleLine(line.slice(from, macro.index));
      from = macro.index + macro[0].length;
      this.macro(macro[1]!.toLowerCase(), macro[2]);
      // Text after an opening `{code}` on the same line is code; an empty rest adds no line.
      if (from >= line.length) return;
    }
  }

  private macro(name: string, params: string | undefined): void {
    switch (name) {
      case 'code':
      case 'noformat': {
        const language = name === 'code' && params !== undefined ? params.split('|').find((p) => p.length > 0 && !p.includes('=')) : undefined;
        const block: { type: 'code'; language?: string; text: string } = { type: 'code', text: '' };
        if (language !== undefined) block.language = language.trim();
        this.add(block);
        this.code = { block, lines: [], close: CLOSING_MACRO[name] };
        return;
      }
      case 'html':
        // The HTML macro: issues imported from other trackers hold whole descriptions in it.
        this.endBlocks();
        this.code = { block: null, lines: [], close: CLOSING_MACRO.html };
        return;
      case 'quote':
        if (!this.closeContainer('quote')) this.openContainer('quote', undefined);
        return;
      case 'panel':
      case 'expand':
        if (params !== undefined || !this.closeContainer(name)) this.openContainer(name, params);
        return;
    }
  }

  private closeCode(): void {
    if (this.code === null) return;
    const { block, lines } = this.code;
    this.code = null;
    if (block === null) {
      for (const child of parseHtml(lines.join('\n')).children) this.add(child);
      return;
    }
    // `{code}` followed by spaces leaves an empty first line.
    if (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
    block.text = lines.join('\n');
  }

  private openContainer(kind: 'panel' | 'quote' | 'expand', params: string | undefined): void {
    this.endBlocks();
    const parent = this.sink;
    this.openKinds.set(kind, (this.openKinds.get(kind) ?? 0) + 1);
    if (parent.depth >= MAX_DEPTH) {
      this.containers.push({ sink: parent, kind });
      return;
    }
    const blocks: Block[] = [];
    const title = params === undefined ? undefined : kind === 'panel' ? panelTitle(params) : params.trim();
    parent.add({ type: 'container', kind: kind === 'quote' ? 'blockquote' : kind, ...(title ? { title } : {}), children: blocks });
    this.containers.push({ sink: new BlockSink(blocks, parent.depth + 1), kind });
  }

  /** Closes the innermost open container of this kind (and any left open inside it); false if none is open. */
  private closeContainer(kind: Container['kind']): boolean {
    if ((this.openKinds.get(kind) ?? 0) === 0) return false;
    this.endBlocks();
    for (;;) {
      const closed = this.containers.pop()!;
      this.openKinds.set(closed.kind, this.openKinds.get(closed.kind)! - 1);
      if (closed.kind === kind) return true;
    }
  }

  private simpleLine(line: string): void {
    const trimmed = line.trim();
    if (trimmed.length === 0) {
      this.endBlocks();
      return;
    }
    // The first character says which block patterns can match; most lines are plain paragraph text.
    const first = trimmed[0]!;
    let match = first === 'h' || first === 'H' ? HEADING.exec(trimmed) : null;
    if (match !== null) {
      this.add({ type: 'heading', level: Number(match[1]), content: parseInline(match[2]!) });
      return;
    }
    match = first === 'b' || first === 'B' ? BLOCKQUOTE.exec(trimmed) : null;
    if (match !== null) {
      const quoted = this.sink.depth >= MAX_DEPTH ? null : ([] as Block[]);
      if (quoted === null) {
        this.add({ type: 'paragraph', content: parseInline(match[1]!) });
      } else {
        quoted.push({ type: 'paragraph', content: parseInline(match[1]!) });
        this.add({ type: 'container', kind: 'blockquote', children: quoted });
      }
      return;
    }
    if (first === '-' && RULE.test(trimmed)) {
      this.add({ type: 'rule' });
      return;
    }
    if (first === '|') {
      this.tableRow(trimmed);
      return;
    }
    match = first === '*' || first === '#' || first === '-' ? LIST_ITEM.exec(trimmed) : null;
    if (match !== null) {
      this.listItem(match[1] ?? '-', match[2]!);
      return;
    }
    if ((first === '[' || first === '(') && CHECKBOX.test(trimmed)) {
      this.listItem(this.lists.length > 0 ? this.lists.map((l) => (l.ordered ? '#' : '*')).join('') : '*', trimmed);
      return;
    }
    this.lists = [];
    this.table = null;
    const content = parseInline(line);
    if (this.paragraph === null) {
      this.paragraph = content;
      this.sink.add({ type: 'paragraph', content });
    } else {
      this.paragraph.push({ type: 'break' });
      for (const inline of content) this.paragraph.push(inline); // no spread: a line may hold a million runs
    }
  }

  private listItem(markers: string, text: string): void {
    this.paragraph = null;
    this.table = null;
    const depth = Math.min(markers.length, MAX_LIST_DEPTH);
    let common = 0;
    while (common < this.lists.length && common < depth && this.lists[common]!.ordered === (markers[common] === '#')) common++;
    this.lists.length = common;
    for (let level = this.lists.length; level < depth; level++) {
      const ordered = markers[level] === '#';
      const items: ListItem[] = [];
      const block: Block = { type: 'list', ordered, items };
      if (level === 0) {
        this.sink.add(block);
      } else {
        const parent = this.lists[level - 1]!;
        if (parent.last === null) {
          parent.last = { children: [] };
          parent.items.push(parent.last);
        }
        parent.last.children.push(block);
      }
      this.lists.push({ ordered, items, last: null });
    }
    const item: ListItem = { children: [] };
    const box = CHECKBOX.exec(text);
    if (box !== null) {
      const mark = (box[1] ?? box[2] ?? '').toLowerCase();
      item.checked = mark === 'x' && box[1] !== undefined ? true : mark === '/' || mark === 'on';
      text = box[3]!;
    }
    item.children.push({ type: 'paragraph', content: parseInline(text) });
    const level = this.lists[depth - 1]!;
    level.items.push(item);
    level.last = item;
  }

  private tableRow(line: string): void {
    this.paragraph = null;
    this.lists = [];
    if (this.table === null) {
      if (this.sink.depth >= MAX_DEPTH) {
        this.sink.add({ type: 'paragraph', content: parseInline(line) });
        return;
      }
      this.table = [];
      this.sink.add({ type: 'table', rows: this.table });
    }
    this.table.push(splitCells(line).map((cell) => (cell.trim().length > 0 ? [{ type: 'paragraph', content: parseInline(cell) }] : [])));
  }
}

/** Whether `line` holds only whitespace (as `trim` takes it) from `from` to `to`: stops at the first other character. */
function isBlank(line: string, from: number, to: number): boolean {
  NON_BLANK.lastIndex = from;
  const found = NON_BLANK.exec(line);
  return found === null || found.index >= to;
}
const NON_BLANK = /\S/g;

function panelTitle(params: string): string | undefined {
  for (const param of params.split('|')) {
    const eq = param.indexOf('=');
    if (eq !== -1 && param.slice(0, eq).trim().toLowerCase() === 'title') return param.slice(eq + 1).trim();
  }
  return undefined;
}

/** `||head||head||` or `|cell|cell|` → cell texts; a `|` inside `[link|url]` or `{macro|…}` is no separator. */
function splitCells(line: string): string[] {
  const cells: string[] = [];
  let depth = 0;
  let start = 0;
  let i = 0;
  while (i < line.length && line[i] === '|') i++;
  start = i;
  for (; i < line.length; i++) {
    const c = line[i];
    if (c === '[' || c === '{') depth++;
    else if ((c === ']' || c === '}') && depth > 0) depth--;
    else if (c === '|' && depth === 0) {
      cells.push(line.slice(start, i));
      while (i + 1 < line.length && line[i + 1] === '|') i++;
      start = i + 1;
    }
  }
  if (start < line.length && line.slice(start).trim().length > 0) cells.push(line.slice(start));
  return cells;
}

const LINK = /\[([^[\]|]*)\|[^[\]]*\]|\[~?([^[\]|]*)\]/g;
const IMAGE = /![^!\s|]+\.(?:png|jpe?g|gif|svg|bmp|webp)(?:\|[^!]*)?!/gi;
const INLINE_MACRO = /\{(?:color|anchor)(?::[^{}]*)?\}|\{\{|\}\}/gi;

/**
 * ` -- ` and ` --- ` between words, which Jira renders as an en dash and an em dash. Not at a line's
 * start (a `--` list there), not `----` (a rule), and never in `{code}` or `{noformat}` (no inline text).
 */
const WORD_DASH = /(?<=\S[ \t\u00a0])---?(?=[ \t\u00a0]\S)/g;
const wordDash = (dashes: string): string => (dashes.length === 3 ? '\u2014' : '\u2013');

/** `[label|url]` → label, `[url]` / `[~user]` → url / user. */
function linkText(_match: string, label: string | undefined, target: string | undefined): string {
  return label || target || '';
}

/** Inline wiki text → runs: `*bold*`, `_italic_`, `+underline+` (markers dropped), braced `{*}bold{*}`, `\\` line breaks, ` -- ` / ` --- ` dashes; links, images, colours reduced to text. */
export function parseInline(text: string): Inline[] {
  const inlines: Inline[] = [];
  const parts = text.includes('\\\\') ? text.split('\\\\') : [text];
  for (let p = 0; p < parts.length; p++) {
    if (p > 0) inlines.push({ type: 'break' });
    let plain = parts[p]!;
    if (plain.includes('!')) plain = plain.replace(IMAGE, '');
    if (plain.includes('[')) plain = plain.replace(LINK, linkText);
    if (plain.includes('{') || plain.includes('}')) plain = plain.replace(INLINE_MACRO, '');
    if (plain.includes('--')) plain = plain.replace(WORD_DASH, wordDash);
    emphasis(plain, inlines);
  }
  return inlines;
}

const isSpace = (c: string | undefined): boolean => c === undefined || c === ' ' || c === '\t' || c === '\u00a0';
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
function isAlnum(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
  return LETTER_OR_DIGIT.test(c);
}

/**
 * Pairs `*…*` (bold), `_…_` (italic) and `+…+` (underline: the tree has no underline, so only the
 * markers go, as they do for HTML `<u>` and the ADF underline mark) markers: an opening marker follows a non-word character and
 * precedes a non-space, a closing one follows a non-space and precedes a non-word character. Linear:
 * each marker is looked at once. Unpaired markers stay as text.
 */
function emphasis(text: string, out: Inline[]): void {
  const braced = text.includes('{');
  if (!braced && !text.includes('*') && !text.includes('_') && !text.includes('+')) {
    if (text.length > 0) out.push({ type: 'text', text });
    return;
  }
  const role = new Uint8Array(text.length);
  if (braced) pairBracedMarkers(text, role);
  pairMarkers(text, '*', BOLD_OPEN, role);
  pairMarkers(text, '_', ITALIC_OPEN, role);
  if (text.includes('+')) pairMarkers(text, '+', UNDERLINE_OPEN, role);
  let bold = 0;
  let italic = 0;
  let from = 0;
  for (let i = 0; i <= text.length; i++) {
    const r = i < text.length ? role[i]! : 0;
    if (r === 0 && i < text.length) continue;
    if (i > from) {
      const inline: Inline = { type: 'text', text: text.slice(from, i) };
      if (bold > 0) inline.bold = true;
      if (italic > 0) inline.italic = true;
      out.push(inline);
    }
    from = i + 1;
    if (r === BOLD_OPEN) bold++;
    else if (r === BOLD_OPEN + 1) bold = Math.max(0, bold - 1);
    else if (r === ITALIC_OPEN) italic++;
    else if (r === ITALIC_OPEN + 1) italic = Math.max(0, italic - 1);
  }
}

/** Marker roles in `emphasis`: an opening marker's role, and that plus one for its closing marker. */
const BOLD_OPEN = 1;
const ITALIC_OPEN = 3;
const UNDERLINE_OPEN = 5;
/** A character of markup that only goes: the braces of `{*}`, and marks the tree does not keep. */
const DROPPED = 7;

/**
 * Jira's braced marks, `{*}bold{*}`, `{_}italic{_}`, `{+}`, `{-}`, `{^}`, `{~}`, `{??}`: its editor writes
 * them where a mark touches a word (`{*}Given{*}`, `word{*}bold{*}`), and its renderer pairs them in
 * order, wherever they stand. Bold and italic keep their mark; the others only lose their markup.
 */
const BRACED_MARK = /\{(?:[*_+\-^~]|\?\?)\}/g;

function pairBracedMarkers(text: string, role: Uint8Array): void {
  const open = new Map<string, number>();
  BRACED_MARK.lastIndex = 0;
  for (let match = BRACED_MARK.exec(text); match !== null; match = BRACED_MARK.exec(text)) {
    const token = match[0];
    const start = open.get(token);
    if (start === undefined) {
      open.set(token, match.index);
      continue;
    }
    open.delete(token);
    const mark = token === '{*}' ? BOLD_OPEN : token === '{_}' ? ITALIC_OPEN : 0;
    role.fill(DROPPED, start, start + token.length);
    role.fill(DROPPED, match.index, match.index + token.length);
    if (mark !== 0) {
      role[start + 1] = mark;
      role[match.index + 1] = mark + 1;
    }
  }
}

/** Marks paired `marker`s in `role` with `open` / `open + 1`. */
function pairMarkers(text: string, marker: string, open: number, role: Uint8Array): void {
  const opens: number[] = [];
  const closes: number[] = [];
  for (let i = text.indexOf(marker); i !== -1; i = text.indexOf(marker, i + 1)) {
    if (role[i] !== 0) continue; // a braced mark's
    if (!isAlnum(text[i - 1]) && !isSpace(text[i + 1]) && text[i + 1] !== marker) opens.push(i);
    if (!isSpace(text[i - 1]) && text[i - 1] !== marker && !isAlnum(text[i + 1])) closes.push(i);
  }
  let c = 0;
  let end = -1;
  for (const o of opens) {
    if (o <= end || role[o] !== 0) continue;
    while (c < closes.length && closes[c]! <= o + 1) c++;
    if (c >= closes.length) return;
    const to = closes[c]!;
    role[o] = open;
    role[to] = open + 1;
    end = to;
    c++;
  }
}
