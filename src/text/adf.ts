// Atlassian Document Format (Jira Cloud REST v3 rich text) → document tree (SPEC §6).
// Node types follow @atlaskit/adf-schema; jira.js's own TS types are wrong in places (`table_cell`),
// so this reads the JSON as `unknown` and never trusts a shape. Odd input (nulls, wrong types, a
// non-object) yields an empty or partial document, never an exception. The walk uses an explicit
// stack: a description may nest thousands of levels deep.
import { BlockSink, MAX_DEPTH, formatTimestamp, pushText } from './builder.js';
import type { Block, Inline, ListItem, RichDocument } from './tree.js';

type Obj = Record<string, unknown>;

type Context =
  | { kind: 'block'; sink: BlockSink }
  | { kind: 'inline'; inlines: Inline[] }
  | { kind: 'list'; items: ListItem[]; depth: number; last: BlockSink | null }
  | { kind: 'table'; rows: Block[][][]; depth: number }
  | { kind: 'row'; row: Block[][]; depth: number };

/** Either a node to visit in a context, or a marker that ends the sink's implicit paragraph. */
type Frame = { node: unknown; ctx: Context } | { endParagraphOf: BlockSink };

/** Guards against cyclic objects and absurd inputs: a 5 MB description has at most about 200,000 nodes. */
const NODE_BUDGET = 500_000;

const LIST_TYPES = new Set(['bulletList', 'orderedList', 'taskList', 'decisionList']);
const ITEM_TYPES = new Set(['listItem', 'taskItem', 'decisionItem', 'blockTaskItem']);
const CONTAINER_KINDS: Record<string, 'panel' | 'expand' | 'blockquote'> = {
  panel: 'panel',
  expand: 'expand',
  nestedExpand: 'expand',
  blockquote: 'blockquote',
};
/** Nodes with nothing to read for the finder: media, and the editor's own placeholder prompt text. */
const SILENT_TYPES = new Set(['mediaSingle', 'mediaGroup', 'media', 'mediaInline', 'caption', 'placeholder', 'inlineExtension']);

const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

export function parseAdf(value: unknown): RichDocument {
  const children: Block[] = [];
  const root = new BlockSink(children, 0);
  const stack: Frame[] = [{ node: value, ctx: { kind: 'block', sink: root } }];
  let budget = NODE_BUDGET;

  while (stack.length > 0 && budget-- > 0) {
    const frame = stack.pop()!;
    if ('endParagraphOf' in frame) {
      frame.endParagraphOf.endParagraph();
      continue;
    }
    const { node, ctx } = frame;
    if (Array.isArray(node)) {
      pushChildren(stack, node, ctx);
      continue;
    }
    if (!isObj(node)) continue;
    switch (ctx.kind) {
      case 'inline':
        visitInline(node, ctx.inlines, stack, ctx);
        break;
      case 'block':
        visitBlock(node, ctx.sink, stack);
        break;
      case 'list':
        visitListChild(node, ctx, stack);
        break;
      case 'table': {
        const row: Block[][] = [];
        ctx.rows.push(row);
        const rowCtx: Context = { kind: 'row', row, depth: ctx.depth };
        if (node.type === 'tableRow') pushChildren(stack, node.content, rowCtx);
        else stack.push({ node, ctx: rowCtx });
        break;
      }
      case 'row': {
        const cell: Block[] = [];
        ctx.row.push(cell);
        const cellCtx: Context = { kind: 'block', sink: new BlockSink(cell, ctx.depth) };
        if (node.type === 'tableCell' || node.type === 'tableHeader') pushChildren(stack, node.content, cellCtx);
        else stack.push({ node, ctx: cellCtx });
        break;
      }
    }
  }
  return { type: 'doc', format: 'adf', children };
}

/** Pushes `content` (if it is an array) so that its first element is visited next. */
function pushChildren(stack: Frame[], content: unknown, ctx: Context): void {
  if (!Array.isArray(content)) return;
  for (let i = content.length - 1; i >= 0; i--) stack.push({ node: content[i], ctx });
}

/** Visits a node's content in the same sink, as its own run of blocks: text before and after stays apart. */
function descendTransparent(node: Obj, sink: BlockSink, stack: Frame[]): void {
  sink.endParagraph();
  stack.push({ endParagraphOf: sink });
  pushChildren(stack, node.content, { kind: 'block', sink });
}

function visitBlock(node: Obj, sink: BlockSink, stack: Frame[]): void {
  const type = str(node.type);
  const attrs = isObj(node.attrs) ? node.attrs : {};
  switch (type) {
    case 'doc':
      pushChildren(stack, node.content, { kind: 'block', sink });
      return;
    case 'paragraph':
    case 'heading': {
      const content: Inline[] = [];
      if (type === 'heading') {
        const level = typeof attrs.level === 'number' ? Math.min(6, Math.max(1, Math.trunc(attrs.level))) : 1;
        sink.add({ type: 'heading', level: Number.isFinite(level) ? level : 1, content });
      } else {
        sink.add({ type: 'paragraph', content });
      }
      pushChildren(stack, node.content, { kind: 'inline', inlines: content });
      return;
    }
    case 'codeBlock':
      sink.add({ type: 'code', ...(typeof attrs.language === 'string' ? { language: attrs.language } : {}), text: codeText(node.content) });
      return;
    case 'rule':
      sink.add({ type: 'rule' });
      return;
    case 'blockCard':
    case 'embedCard':
      sink.add({ type: 'paragraph', content: [{ type: 'text', text: str(attrs.url) }] });
      return;
    case 'text':
      sink.text(str(node.text), ...marksOf(node));
      return;
    case 'hardBreak':
      sink.lineBreak();
      return;
  }
  if (LIST_TYPES.has(type) || CONTAINER_KINDS[type] !== undefined || type === 'table') {
    if (sink.depth >= MAX_DEPTH) {
      descendTransparent(node, sink, stack);
      return;
    }
    const depth = sink.depth + 1;
    if (type === 'table') {
      const rows: Block[][][] = [];
      sink.add({ type: 'table', rows });
      pushChildren(stack, node.content, { kind: 'table', rows, depth });
    } else if (LIST_TYPES.has(type)) {
      const items: ListItem[] = [];
      sink.add({ type: 'list', ordered: type === 'orderedList', items });
      pushChildren(stack, node.content, { kind: 'list', items, depth, last: null });
    } else {
      const kind = CONTAINER_KINDS[type]!;
      const children: Block[] = [];
      const title = str(attrs.title);
      sink.add({ type: 'container', kind, ...(title ? { title } : {}), children });
      pushChildren(stack, node.content, { kind: 'block', sink: new BlockSink(children, depth) });
    }
    return;
  }
  if (SILENT_TYPES.has(type)) return;
  const inline = inlineAtomText(type, attrs);
  if (inline !== null) {
    sink.text(inline, false, false);
    return;
  }
  // Items outside a list, table parts outside a table, layouts, extensions and unknown nodes: read
  // their content in place.
  if (Array.isArray(node.content)) descendTransparent(node, sink, stack);
  else if (typeof node.text === 'string') sink.text(node.text, ...marksOf(node));
}

function visitListChild(node: Obj, ctx: Extract<Context, { kind: 'list' }>, stack: Frame[]): void {
  const type = str(node.type);
  if (!ITEM_TYPES.has(type) && ctx.last !== null) {
    // A nested taskList sits directly in its parent taskList, after the item it belongs to.
    stack.push({ node, ctx: { kind: 'block', sink: ctx.last } });
    return;
  }
  const item: ListItem = { children: [] };
  if (type === 'taskItem' || type === 'decisionItem' || type === 'blockTaskItem') {
    const attrs = isObj(node.attrs) ? node.attrs : {};
    item.checked = attrs.state === 'DONE' || attrs.state === 'DECIDED';
  }
  ctx.items.push(item);
  const sink = new BlockSink(item.children, ctx.depth);
  ctx.last = sink;
  // taskItem and decisionItem hold inline content directly; the sink wraps it in a paragraph.
  if (ITEM_TYPES.has(type)) pushChildren(stack, node.content, { kind: 'block', sink });
  else stack.push({ node, ctx: { kind: 'block', sink } });
}

function visitInline(node: Obj, inlines: Inline[], stack: Frame[], ctx: Context): void {
  const type = str(node.type);
  if (type === 'text') {
    pushText(inlines, str(node.text), ...marksOf(node));
    return;
  }
  if (type === 'hardBreak') {
    inlines.push({ type: 'break' });
    return;
  }
  if (SILENT_TYPES.has(type)) return;
  const inline = inlineAtomText(type, isObj(node.attrs) ? node.attrs : {});
  if (inline !== null) {
    pushText(inlines, inline, false, false);
    return;
  }
  if (Array.isArray(node.content)) {
    // A block where only inline content belongs (malformed input): keep its text on its own line.
    if (inlines.length > 0) inlines.push({ type: 'break' });
    pushChildren(stack, node.content, ctx);
  } else if (typeof node.text === 'string') {
    pushText(inlines, node.text, ...marksOf(node));
  }
}

/** The text an inline atom stands for, or null when the type is not an inline atom. */
function inlineAtomText(type: string, attrs: Obj): string | null {
  switch (type) {
    case 'mention':
      return str(attrs.text);
    case 'emoji':
      return str(attrs.text) || str(attrs.shortName);
    case 'inlineCard':
      return str(attrs.url);
    case 'status':
      return str(attrs.text);
    case 'date':
      return formatTimestamp(attrs.timestamp);
    default:
      return null;
  }
}

function marksOf(node: Obj): [bold: boolean, italic: boolean] {
  let bold = false;
  let italic = false;
  if (Array.isArray(node.marks)) {
    for (const mark of node.marks) {
      if (!isObj(mark)) continue;
      if (mark.type === 'strong') bold = true;
      else if (mark.type === 'em') italic = true;
    }
  }
  return [bold, italic];
}

function codeText(content: unknown): string {
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const child of content) {
    if (!isObj(child)) continue;
    if (typeof child.text === 'string') text += child.text;
    else if (child.type === 'hardBreak') text += '\n';
  }
  return text;
}
