import { describe, expect, it } from 'vitest';
import { documentToPlainText } from '../../src/text/index.js';
import { parseMarkdown } from '../../src/text/markdown.js';

describe('parseMarkdown', () => {
  it('maps headings, paragraphs, soft and hard breaks, strong and em', () => {
    expect(parseMarkdown('## Acceptance criteria\n**AC:** the _user_\nsecond line  \nthird').children).toEqual([
      { type: 'heading', level: 2, content: [{ type: 'text', text: 'Acceptance criteria' }] },
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'AC:', bold: true },
          { type: 'text', text: ' the ' },
          { type: 'text', text: 'user', italic: true },
          { type: 'break' },
          { type: 'text', text: 'second line' },
          { type: 'break' },
          { type: 'text', text: 'third' },
        ],
      },
    ]);
  });

  it('maps lists and GFM task items, removing the [ ] / [x] prefix', () => {
    expect(parseMarkdown('- [x] saved\n- [ ] masked\n  1. nested').children).toEqual([
      {
        type: 'list',
        ordered: false,
        items: [
          { checked: true, children: [{ type: 'paragraph', content: [{ type: 'text', text: 'saved' }] }] },
          {
            checked: false,
            children: [
              { type: 'paragraph', content: [{ type: 'text', text: 'masked' }] },
              { type: 'list', ordered: true, items: [{ children: [{ type: 'paragraph', content: [{ type: 'text', text: 'nested' }] }] }] },
            ],
          },
        ],
      },
    ]);
  });

  it('does not take a later [ ] in an item for a task box', () => {
    const tree = parseMarkdown('- see **[ ] boxes**');
    expect(tree.children[0]).toEqual({
      type: 'list',
      ordered: false,
      items: [{ children: [{ type: 'paragraph', content: [{ type: 'text', text: 'see ' }, { type: 'text', text: '[ ] boxes', bold: true }] }] }],
    });
  });

  it('maps tables, fences, indented code, blockquotes and rules', () => {
    const tree = parseMarkdown('| Given | Then |\n|---|---|\n| a user | sees it |\n\n```gherkin\nGiven x\nThen y\n```\n\n    indented\n\n> quoted\n\n---\n');
    expect(tree.children).toEqual([
      {
        type: 'table',
        rows: [
          [[{ type: 'paragraph', content: [{ type: 'text', text: 'Given' }] }], [{ type: 'paragraph', content: [{ type: 'text', text: 'Then' }] }]],
          [[{ type: 'paragraph', content: [{ type: 'text', text: 'a user' }] }], [{ type: 'paragraph', content: [{ type: 'text', text: 'sees it' }] }]],
        ],
      },
      { type: 'code', language: 'gherkin', text: 'Given x\nThen y' },
      { type: 'code', text: 'indented' },
      { type: 'container', kind: 'blockquote', children: [{ type: 'paragraph', content: [{ type: 'text', text: 'quoted' }] }] },
      { type: 'rule' },
    ]);
  });

  it('routes HTML blocks through the HTML parser', () => {
    expect(parseMarkdown('<div><b>Acceptance criteria</b></div>\n\nafter').children).toEqual([
      { type: 'paragraph', content: [{ type: 'text', text: 'Acceptance criteria', bold: true }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'after' }] },
    ]);
  });

  it('drops known inline tags, honours <b> and <br>, and keeps <placeholders> as text', () => {
    expect(parseMarkdown('<b>AC</b>: x<br>Given <context> <span>When</span>').children).toEqual([
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'AC', bold: true },
          { type: 'text', text: ': x' },
          { type: 'break' },
          { type: 'text', text: 'Given <context> When' },
        ],
      },
    ]);
  });

  it('reads links and inline code as text', () => {
    expect(documentToPlainText(parseMarkdown('See [the spec](https://x.example) and `npm test`.'))).toBe('See the spec and npm test.');
  });
});
