import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAdf } from '../../src/text/adf.js';
import { documentToPlainText } from '../../src/text/index.js';
import { br, code, doc, em, expand, h, mention, nestedExpand, p, panel, quote, status, strong, table, tasks, text, ul } from './adf-builders.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/adf/${name}`, import.meta.url), 'utf8'));

describe('parseAdf', () => {
  it('maps headings, paragraphs and marks (strong → bold, em → italic, others ignored)', () => {
    const tree = parseAdf(
      doc(h(3, 'Acceptance criteria'), p(strong('Given'), ' a ', em('signed in'), ' user', br(), text('linked', 'link', 'underline'))),
    );
    expect(tree).toEqual({
      type: 'doc',
      format: 'adf',
      children: [
        { type: 'heading', level: 3, content: [{ type: 'text', text: 'Acceptance criteria' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Given', bold: true },
            { type: 'text', text: ' a ' },
            { type: 'text', text: 'signed in', italic: true },
            { type: 'text', text: ' user' },
            { type: 'break' },
            { type: 'text', text: 'linked' },
          ],
        },
      ],
    });
  });

  it('maps bullet and ordered lists with nesting', () => {
    const tree = parseAdf(doc(ul({ type: 'listItem', content: [p('outer'), ul('inner')] }, 'second')));
    expect(tree.children).toEqual([
      {
        type: 'list',
        ordered: false,
        items: [
          {
            children: [
              { type: 'paragraph', content: [{ type: 'text', text: 'outer' }] },
              { type: 'list', ordered: false, items: [{ children: [{ type: 'paragraph', content: [{ type: 'text', text: 'inner' }] }] }] },
            ],
          },
          { children: [{ type: 'paragraph', content: [{ type: 'text', text: 'second' }] }] },
        ],
      },
    ]);
  });

  it('maps task items (inline content, TODO/DONE) and decision items', () => {
    const tree = parseAdf(
      doc(tasks('[x] Card is saved', 'Card is masked'), {
        type: 'decisionList',
        attrs: { localId: 'd' },
        content: [{ type: 'decisionItem', attrs: { localId: 'di', state: 'DECIDED' }, content: [text('Use Stripe')] }],
      }),
    );
    expect(tree.children).toEqual([
      {
        type: 'list',
        ordered: false,
        items: [
          { checked: true, children: [{ type: 'paragraph', content: [{ type: 'text', text: 'Card is saved' }] }] },
          { checked: false, children: [{ type: 'paragraph', content: [{ type: 'text', text: 'Card is masked' }] }] },
        ],
      },
      { type: 'list', ordered: false, items: [{ checked: true, children: [{ type: 'paragraph', content: [{ type: 'text', text: 'Use Stripe' }] }] }] },
    ]);
  });

  it('keeps a nested taskList (a sibling of its parent item in ADF) inside that item', () => {
    const tree = parseAdf(
      doc({
        type: 'taskList',
        content: [
          { type: 'taskItem', attrs: { state: 'TODO' }, content: [text('parent')] },
          { type: 'taskList', content: [{ type: 'taskItem', attrs: { state: 'DONE' }, content: [text('child')] }] },
        ],
      }),
    );
    expect(documentToPlainText(tree)).toBe('parent\nchild');
    const list = tree.children[0];
    expect(list?.type === 'list' && list.items.length).toBe(1);
  });

  it('maps tables with header and data cells (tableCell, not jira.js’s table_cell)', () => {
    const tree = parseAdf(doc(table(['Scenario', 'Expected'], ['Valid card', 'Payment accepted'])));
    expect(tree.children).toEqual([
      {
        type: 'table',
        rows: [
          [
            [{ type: 'paragraph', content: [{ type: 'text', text: 'Scenario', bold: true }] }],
            [{ type: 'paragraph', content: [{ type: 'text', text: 'Expected', bold: true }] }],
          ],
          [
            [{ type: 'paragraph', content: [{ type: 'text', text: 'Valid card' }] }],
            [{ type: 'paragraph', content: [{ type: 'text', text: 'Payment accepted' }] }],
          ],
        ],
      },
    ]);
  });

  it('maps panels, expands (with titles), nested expands, blockquotes, code blocks and rules', () => {
    const tree = parseAdf(
      doc(panel(p('info')), expand('Details', p('inside'), nestedExpand('More', p('deeper'))), quote(p('quoted')), code('Given x\nThen y', 'gherkin'), { type: 'rule' }),
    );
    expect(tree.children).toEqual([
      { type: 'container', kind: 'panel', children: [{ type: 'paragraph', content: [{ type: 'text', text: 'info' }] }] },
      {
        type: 'container',
        kind: 'expand',
        title: 'Details',
        children: [
          { type: 'paragraph', content: [{ type: 'text', text: 'inside' }] },
          { type: 'container', kind: 'expand', title: 'More', children: [{ type: 'paragraph', content: [{ type: 'text', text: 'deeper' }] }] },
        ],
      },
      { type: 'container', kind: 'blockquote', children: [{ type: 'paragraph', content: [{ type: 'text', text: 'quoted' }] }] },
      { type: 'code', language: 'gherkin', text: 'Given x\nThen y' },
      { type: 'rule' },
    ]);
  });

  it('turns inline atoms into text: mention, emoji, status, date, inline and block cards', () => {
    const tree = parseAdf(
      doc(
        p(mention('Ana Souza'), ' ', { type: 'emoji', attrs: { shortName: ':gear:', id: '2699', text: '⚙️' } }, ' ', status('BLOCKED')),
        p({ type: 'emoji', attrs: { shortName: ':smile:' } }, ' ', { type: 'date', attrs: { timestamp: '1767225600000' } }),
        p({ type: 'inlineCard', attrs: { url: 'https://acme.atlassian.net/browse/PAY-1' } }),
        { type: 'blockCard', attrs: { url: 'https://example.com/spec' } },
      ),
    );
    expect(documentToPlainText(tree)).toBe('@Ana Souza ⚙️ BLOCKED\n:smile: 2026-01-01\nhttps://acme.atlassian.net/browse/PAY-1\nhttps://example.com/spec');
  });

  it('reads nothing from media and descends into layouts and extensions', () => {
    const tree = parseAdf(
      doc(
        { type: 'mediaSingle', attrs: { layout: 'center' }, content: [{ type: 'media', attrs: { type: 'file', id: 'x', collection: 'c' } }] },
        {
          type: 'layoutSection',
          content: [
            { type: 'layoutColumn', attrs: { width: 50 }, content: [p('left')] },
            { type: 'layoutColumn', attrs: { width: 50 }, content: [p('right')] },
          ],
        },
        { type: 'bodiedExtension', attrs: { extensionKey: 'details', extensionType: 'com.atlassian.confluence.macro.core' }, content: [p('in macro')] },
        { type: 'extension', attrs: { extensionKey: 'toc', text: 'Table of contents' } },
      ),
    );
    expect(documentToPlainText(tree)).toBe('left\nright\nin macro');
  });

  it('descends into unknown nodes and takes their text', () => {
    const tree = parseAdf(doc({ type: 'futureBlock', content: [p('kept')] }, p({ type: 'futureInline', text: 'also kept' })));
    expect(documentToPlainText(tree)).toBe('kept\nalso kept');
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a string', 'Acceptance criteria'],
    ['an empty object', {}],
    ['an array', []],
    ['content that is not an array', { type: 'doc', content: 'text' }],
    ['nulls and numbers as nodes', { type: 'doc', content: [null, 1, true, 'x', { type: 5 }] }],
    ['a paragraph with object content', doc({ type: 'paragraph', content: { type: 'text', text: 'x' } })],
    ['text that is not a string', doc(p({ type: 'text', text: 42, marks: 'strong' }))],
    ['a heading with a string level', doc({ type: 'heading', attrs: { level: 'three' }, content: [text('x')] })],
    ['a table row holding nulls', doc({ type: 'table', content: [{ type: 'tableRow', content: [null, { type: 'tableCell', content: null }] }] })],
    ['a list holding a string', doc({ type: 'bulletList', content: ['item', { type: 'listItem', content: [p('ok')] }] })],
    ['marks that are not objects', doc(p({ type: 'text', text: 'x', marks: [null, 'strong', { type: 'strong' }] }))],
    ['a code block with odd content', doc({ type: 'codeBlock', content: [null, { text: 5 }, { type: 'hardBreak' }, text('ok')] })],
  ])('never throws on odd input: %s', (_name, value) => {
    const tree = parseAdf(value);
    expect(tree.type).toBe('doc');
    expect(Array.isArray(tree.children)).toBe(true);
  });

  it('keeps what it can of a partly broken document', () => {
    const tree = parseAdf({ type: 'doc', content: [null, p('first'), { type: 7 }, { type: 'heading', attrs: null, content: [text('second')] }] });
    expect(documentToPlainText(tree)).toBe('first\nsecond');
    expect(tree.children[1]).toMatchObject({ type: 'heading', level: 1 });
  });

  it('stops on a cyclic object instead of looping forever', () => {
    const node: Record<string, unknown> = { type: 'blockquote' };
    node.content = [node, p('x')];
    expect(parseAdf({ type: 'doc', content: [node] }).type).toBe('doc');
  });

  it('reads a full Jira Cloud description (fixture)', () => {
    const tree = parseAdf(fixture('story-ac-heading-and-tasks.json'));
    const lines = documentToPlainText(tree).split('\n');
    expect(lines).toContain('Acceptance criteria');
    expect(lines).toContain('A saved card shows only its last four digits');
    expect(lines).toContain('@Ana Souza owns the payment provider contract; see https://acme.atlassian.net/browse/PAY-101.');
  });
});
