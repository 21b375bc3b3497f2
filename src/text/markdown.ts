// Markdown (Azure DevOps fields in orgs that enabled Markdown, plain-text fields) → document tree
// (SPEC §6), from markdown-it's flat token stream: no renderer, no recursion of our own. markdown-it
// caps nesting itself (maxNesting), so a 10,000-level `>>>>…` cannot overflow its parser either.
import MarkdownIt, { type Token } from 'markdown-it';
import { BlockSink, MAX_DEPTH, pushText } from './builder.js';
import { parseHtml } from './html.js';
import type { Block, Inline, ListItem, RichDocument } from './tree.js';

const md = new MarkdownIt('default', { html: true, linkify: false, typographer: false });

/** GFM task list prefix, which markdown-it leaves as text at the start of the item's first line. */
const TASK_PREFIX = /^\s*\[([ xX])\]\s+/;
const HTML_TAG = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)/;
/** Tags dropped from inline HTML; any other `<word>` (`Given <context>`) is template text and stays. */
const KNOWN_INLINE_TAGS = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'big', 'br', 'cite', 'code', 'del', 'dfn', 'div', 'em', 'font', 'i', 'img',
  'input', 'ins', 'kbd', 'mark', 'p', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup',
  'time', 'tt', 'u', 'var', 'wbr',
]);

interface State {
  sink: BlockSink;
  /** Where inline content goes: a heading's or paragraph's runs; null for the sink's implicit paragraph. */
  target: Inline[] | null;
  list: { items: ListItem[]; depth: number } | null;
  row: { cells: Block[][]; depth: number } | null;
  table: { rows: Block[][][]; depth: number } | null;
  /** The list item whose first line may still hold a `[ ]` / `[x]` prefix. */
  task: { item: ListItem; pending: boolean } | null;
}

export function parseMarkdown(text: string): RichDocument {
  const children: Block[] = [];
  if (typeof text !== 'string' || text.length === 0) return { type: 'doc', format: 'markdown', children };
  const tokens = md.parse(text, {});
  let state: State = { sink: new BlockSink(children, 0), target: null, list: null, row: null, table: null, task: null };
  const saved: State[] = [];

  for (const token of tokens) {
    if (token.nesting === -1) {
      state = saved.pop() ?? state;
      state.sink.endParagraph();
      continue;
    }
    if (token.nesting === 1) {
      saved.push(state);
      state = { ...state };
      open(token, state);
      continue;
    }
    switch (token.type) {
      case 'inline':
        inline(token, state);
        break;
      case 'fence':
      case 'code_block': {
        const language = token.info.trim().split(/\s+/)[0];
        state.sink.add({ type: 'code', ...(language ? { language } : {}), text: token.content.replace(/\n$/, '') });
        break;
      }
      case 'hr':
        state.sink.add({ type: 'rule' });
        break;
      case 'html_block':
        for (const block of parseHtml(token.content).children) state.sink.add(block);
        break;
    }
  }
  return { type: 'doc', format: 'markdown', children };
}

/** Applies an opening token to `state` (already a copy of the enclosing one). */
function open(token: Token, state: State): void {
  const { sink } = state;
  switch (token.type) {
    case 'heading_open': {
      const content: Inline[] = [];
      const level = Number(token.tag.slice(1));
      sink.add({ type: 'heading', level: level >= 1 && level <= 6 ? level : 1, content });
      state.target = content;
      return;
    }
    case 'paragraph_open': {
      const content: Inline[] = [];
      sink.add({ type: 'paragraph', content });
      state.target = content;
      return;
    }
    case 'bullet_list_open':
    case 'ordered_list_open':
      sink.endParagraph();
      if (sink.depth < MAX_DEPTH) {
        const items: ListItem[] = [];
        sink.add({ type: 'list', ordered: token.type === 'ordered_list_open', items });
        state.list = { items, depth: sink.depth + 1 };
      } else {
        state.list = null;
      }
      return;
    case 'list_item_open':
      sink.endParagraph();
      if (state.list !== null) {
        const item: ListItem = { children: [] };
        state.list.items.push(item);
        state.sink = new BlockSink(item.children, state.list.depth);
        state.task = { item, pending: true };
        state.list = null;
      }
      return;
    case 'blockquote_open':
      sink.endParagraph();
      if (sink.depth < MAX_DEPTH) {
        const blocks: Block[] = [];
        sink.add({ type: 'container', kind: 'blockquote', children: blocks });
        state.sink = new BlockSink(blocks, sink.depth + 1);
        state.list = null;
      }
      return;
    case 'table_open':
      sink.endParagraph();
      if (sink.depth < MAX_DEPTH) {
        const rows: Block[][][] = [];
        sink.add({ type: 'table', rows });
        state.table = { rows, depth: sink.depth + 1 };
      }
      return;
    case 'tr_open':
      if (state.table !== null) {
        const cells: Block[][] = [];
        state.table.rows.push(cells);
        state.row = { cells, depth: state.table.depth };
      }
      return;
    case 'th_open':
    case 'td_open':
      sink.endParagraph();
      if (state.row !== null) {
        const cell: Block[] = [];
        state.row.cells.push(cell);
        state.sink = new BlockSink(cell, state.row.depth);
        state.row = null;
        state.table = null;
      }
      return;
    default:
      sink.endParagraph();
  }
}

function inline(token: Token, state: State): void {
  const target = state.target ?? state.sink.inlines();
  const children = token.children ?? [];
  let skipPrefix = 0;
  if (state.task !== null && state.task.pending) {
    state.task.pending = false;
    const match = TASK_PREFIX.exec(token.content);
    const first = children[0];
    if (match !== null && first !== undefined && first.type === 'text' && TASK_PREFIX.test(first.content)) {
      state.task.item.checked = match[1] !== ' ';
      skipPrefix = 1;
    }
  }
  let bold = 0;
  let italic = 0;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    switch (child.type) {
      case 'text':
      case 'text_special':
      case 'code_inline':
        pushText(target, i === 0 && skipPrefix ? child.content.replace(TASK_PREFIX, '') : child.content, bold > 0, italic > 0);
        break;
      case 'softbreak':
      case 'hardbreak':
        target.push({ type: 'break' });
        break;
      case 'strong_open':
        bold++;
        break;
      case 'strong_close':
        bold = Math.max(0, bold - 1);
        break;
      case 'em_open':
        italic++;
        break;
      case 'em_close':
        italic = Math.max(0, italic - 1);
        break;
      case 'html_inline': {
        const tag = HTML_TAG.exec(child.content);
        const name = tag?.[2]?.toLowerCase();
        if (tag === null || name === undefined || !KNOWN_INLINE_TAGS.has(name)) {
          pushText(target, child.content, bold > 0, italic > 0);
        } else if (name === 'br') {
          target.push({ type: 'break' });
        } else if (name === 'b' || name === 'strong') {
          bold = tag[1] === '/' ? Math.max(0, bold - 1) : bold + 1;
        } else if (name === 'i' || name === 'em') {
          italic = tag[1] === '/' ? Math.max(0, italic - 1) : italic + 1;
        }
        break;
      }
    }
  }
}
