import { describe, expect, it } from 'vitest';
import { documentToPlainText, parseAdoText, parseJiraText } from '../../src/text/index.js';
import type { RichDocument } from '../../src/text/tree.js';
import { doc, h, p, ul } from './adf-builders.js';

describe('parseJiraText', () => {
  it('reads an object as ADF (Cloud, REST v3)', () => {
    expect(parseJiraText(doc(h(3, 'Acceptance criteria'), ul('One'))))?.toMatchObject({ format: 'adf' });
  });

  it('reads a string as wiki markup (Data Center, REST v2)', () => {
    const tree = parseJiraText('h3. Acceptance criteria\n* One');
    expect(tree?.format).toBe('wiki');
    expect(documentToPlainText(tree!)).toBe('Acceptance criteria\nOne');
  });

  it('reads ADF serialised as a JSON string as ADF', () => {
    const tree = parseJiraText(JSON.stringify(doc(p('from JSON'))));
    expect(tree?.format).toBe('adf');
    expect(documentToPlainText(tree!)).toBe('from JSON');
  });

  it('reads a string that only looks like JSON as wiki markup', () => {
    expect(parseJiraText('{"type": broken "doc"')?.format).toBe('wiki');
  });

  it.each([null, undefined, '', 42, true])('returns null for %j', (value) => {
    expect(parseJiraText(value)).toBeNull();
  });
});

describe('parseAdoText', () => {
  it.each([
    ['<div>Acceptance criteria</div>', 'html'],
    ['<DIV>upper case</DIV>', 'html'],
    ['line one<br/>line two', 'html'],
    ['&nbsp;', 'html'],
    ['R&amp;D', 'html'],
    ['## Acceptance criteria\n- one', 'markdown'],
    ['Given <context> When <action>', 'markdown'],
    ['plain text, a < b and c > d', 'markdown'],
  ])('%j is %s', (value, format) => {
    expect(parseAdoText(value)?.format).toBe(format);
  });

  it.each([null, undefined, '', 42, {}])('returns null for %j', (value) => {
    expect(parseAdoText(value)).toBeNull();
  });
});

describe('documentToPlainText', () => {
  it('joins lines with \\n, splitting paragraphs at breaks and code at newlines', () => {
    const tree: RichDocument = {
      type: 'doc',
      format: 'text',
      children: [
        { type: 'heading', level: 2, content: [{ type: 'text', text: 'Title' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'a  b' }, { type: 'break' }, { type: 'text', text: 'c', bold: true }] },
        { type: 'list', ordered: false, items: [{ children: [{ type: 'paragraph', content: [{ type: 'text', text: 'item' }] }] }] },
        { type: 'table', rows: [[[{ type: 'paragraph', content: [{ type: 'text', text: 'cell' }] }]]] },
        { type: 'code', text: 'x = 1\n\ny = 2' },
        { type: 'container', kind: 'expand', title: 'More', children: [{ type: 'paragraph', content: [{ type: 'text', text: 'inside' }] }] },
        { type: 'rule' },
      ],
    };
    expect(documentToPlainText(tree)).toBe('Title\na b\nc\nitem\ncell\nx = 1\ny = 2\nMore\ninside');
  });

  it('is empty for an empty document', () => {
    expect(documentToPlainText({ type: 'doc', format: 'html', children: [] })).toBe('');
  });
});
