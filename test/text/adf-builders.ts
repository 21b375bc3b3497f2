// Small builders for Atlassian Document Format in tests, producing the JSON Jira Cloud sends
// (shapes as in @atlaskit/adf-schema and real Jira descriptions: localId attrs left out).
type Node = Record<string, unknown>;
type Inline = Node | string;

const inline = (value: Inline): Node => (typeof value === 'string' ? { type: 'text', text: value } : value);

export const doc = (...content: Node[]): Node => ({ type: 'doc', version: 1, content });
export const text = (value: string, ...marks: string[]): Node =>
  marks.length === 0 ? { type: 'text', text: value } : { type: 'text', text: value, marks: marks.map((type) => ({ type })) };
export const strong = (value: string): Node => text(value, 'strong');
export const em = (value: string): Node => text(value, 'em');
export const br = (): Node => ({ type: 'hardBreak' });
export const p = (...content: Inline[]): Node => ({ type: 'paragraph', content: content.map(inline) });
export const h = (level: number, ...content: Inline[]): Node => ({ type: 'heading', attrs: { level }, content: content.map(inline) });
export const li = (...content: Array<Node | string>): Node => ({
  type: 'listItem',
  content: content.map((c) => (typeof c === 'string' ? p(c) : c)),
});
export const ul = (...items: Array<Node | string>): Node => ({
  type: 'bulletList',
  content: items.map((i) => (typeof i === 'string' ? li(i) : i)),
});
export const ol = (...items: Array<Node | string>): Node => ({
  type: 'orderedList',
  attrs: { order: 1 },
  content: items.map((i) => (typeof i === 'string' ? li(i) : i)),
});
/** A task list; `[x] text` items are DONE. Task items hold inline content directly, no paragraph. */
export const tasks = (...items: string[]): Node => ({
  type: 'taskList',
  attrs: { localId: 'tl-1' },
  content: items.map((item, i) => ({
    type: 'taskItem',
    attrs: { localId: `ti-${i}`, state: item.startsWith('[x] ') ? 'DONE' : 'TODO' },
    content: [text(item.replace(/^\[x\] /, ''))],
  })),
});
const cell = (type: 'tableHeader' | 'tableCell', value: string | Node): Node => ({
  type,
  attrs: { colspan: 1, rowspan: 1 },
  content: [typeof value === 'string' ? p(value) : value],
});
export const table = (header: string[], ...rows: Array<Array<string | Node>>): Node => ({
  type: 'table',
  attrs: { isNumberColumnEnabled: false, layout: 'default' },
  content: [
    { type: 'tableRow', content: header.map((v) => cell('tableHeader', p(strong(v)))) },
    ...rows.map((row) => ({ type: 'tableRow', content: row.map((v) => cell('tableCell', v)) })),
  ],
});
export const panel = (...content: Node[]): Node => ({ type: 'panel', attrs: { panelType: 'info' }, content });
export const expand = (title: string, ...content: Node[]): Node => ({ type: 'expand', attrs: { title }, content });
export const nestedExpand = (title: string, ...content: Node[]): Node => ({ type: 'nestedExpand', attrs: { title }, content });
export const quote = (...content: Node[]): Node => ({ type: 'blockquote', content });
export const code = (value: string, language?: string): Node => ({
  type: 'codeBlock',
  ...(language ? { attrs: { language } } : {}),
  content: [text(value)],
});
export const rule = (): Node => ({ type: 'rule' });
export const mention = (name: string): Node => ({ type: 'mention', attrs: { id: '5fb82376aca10c006949f35b', text: `@${name}` } });
export const status = (value: string): Node => ({ type: 'status', attrs: { text: value, color: 'blue', localId: 's-1' } });
