// SPEC §12: deeply nested or very large descriptions (10,000 nesting levels, 5 MB) do not crash the
// run. These tests only assert that parsing and finding return (and find what is there); speed is
// measured by the bench, never by a timed test (SPEC §11), but each of these takes a fraction of a second.
import { describe, expect, it } from 'vitest';
import { findAcceptanceCriteria } from '../../src/text/acceptance.js';
import { parseAdf } from '../../src/text/adf.js';
import { parseHtml } from '../../src/text/html.js';
import { documentToPlainText } from '../../src/text/index.js';
import { parseMarkdown } from '../../src/text/markdown.js';
import type { Block, RichDocument } from '../../src/text/tree.js';
import { parseWiki } from '../../src/text/wiki.js';

const DEPTH = 10_000;
const FIVE_MB = 5 * 1024 * 1024;
const find = (description: RichDocument) => findAcceptanceCriteria({ field: null, description });
const AC_LINE = 'Acceptance criteria: the deepest user can still sign in';

/** Repeats `unit` until the text is at least five megabytes. */
const fiveMegabytes = (unit: string): string => unit.repeat(Math.ceil(FIVE_MB / unit.length));

describe('10,000 nesting levels', () => {
  it('ADF: nested blockquotes, panels and expands keep the innermost text', () => {
    let node: Record<string, unknown> = { type: 'paragraph', content: [{ type: 'text', text: AC_LINE }] };
    const wrappers = ['blockquote', 'panel', 'expand', 'nestedExpand'];
    for (let i = 0; i < DEPTH; i++) node = { type: wrappers[i % wrappers.length], attrs: {}, content: [node] };
    expect(find(parseAdf({ type: 'doc', version: 1, content: [node] }))).toEqual({ status: 'ok', via: 'section' });
  });

  it('ADF: nested lists and tables', () => {
    let node: Record<string, unknown> = { type: 'paragraph', content: [{ type: 'text', text: 'deep' }] };
    for (let i = 0; i < DEPTH; i++) {
      node =
        i % 2 === 0
          ? { type: 'bulletList', content: [{ type: 'listItem', content: [node] }] }
          : { type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [node] }] }] };
    }
    const tree = parseAdf({ type: 'doc', content: [node] });
    expect(documentToPlainText(tree)).toBe('deep');
    expect(find(tree)).toEqual({ status: 'missing' });
  });

  it('HTML: nested divs and blockquotes, closed', () => {
    const tree = parseHtml(`${'<div><blockquote>'.repeat(DEPTH)}${AC_LINE}${'</blockquote></div>'.repeat(DEPTH)}`);
    expect(find(tree)).toEqual({ status: 'ok', via: 'section' });
  });

  it('HTML: nested lists and tables, never closed', () => {
    const tree = parseHtml(`${'<ul><li><table><tr><td>'.repeat(DEPTH / 2)}deep`);
    expect(documentToPlainText(tree)).toBe('deep');
  });

  it('Markdown: nested blockquotes, lists and emphasis', () => {
    expect(find(parseMarkdown(`${'>'.repeat(DEPTH)} ${AC_LINE}`)).status).toBeDefined();
    expect(find(parseMarkdown(`${'- '.repeat(DEPTH)}deep`)).status).toBeDefined();
    expect(find(parseMarkdown(`${'*'.repeat(DEPTH)}deep${'*'.repeat(DEPTH)}`)).status).toBeDefined();
    expect(find(parseMarkdown(`${'['.repeat(DEPTH)}deep${']'.repeat(DEPTH)}`)).status).toBeDefined();
  });

  it('wiki markup: deep list markers and nested panels', () => {
    expect(documentToPlainText(parseWiki(`${'*'.repeat(DEPTH)} deep item`))).toBe('deep item');
    const panels = parseWiki(`${'{panel:title=x}\n'.repeat(DEPTH)}${AC_LINE}\n${'{panel}\n'.repeat(DEPTH)}`);
    expect(find(panels)).toEqual({ status: 'ok', via: 'section' });
  });

  it('a hand-built 10,000-level tree (not from a parser) is walked without recursion', () => {
    let children: Block[] = [{ type: 'paragraph', content: [{ type: 'text', text: AC_LINE }] }];
    for (let i = 0; i < DEPTH; i++) {
      children =
        i % 3 === 0
          ? [{ type: 'container', kind: 'panel', children }]
          : i % 3 === 1
            ? [{ type: 'list', ordered: false, items: [{ children }] }]
            : [{ type: 'table', rows: [[children]] }];
    }
    const tree: RichDocument = { type: 'doc', format: 'adf', children };
    expect(documentToPlainText(tree)).toBe(AC_LINE);
    expect(find(tree)).toEqual({ status: 'ok', via: 'section' });
  });
});

describe('5 MB descriptions', () => {
  const ending = 'The reset link expires after one hour';

  it('ADF: 5 MB of paragraphs, lists and panels, criteria at the end', () => {
    const unit = [
      { type: 'paragraph', content: [{ type: 'text', text: 'As a customer I want to pay with a saved card so that checkout is faster. ' }] },
      { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Notes: a list item' }] }] }] },
      { type: 'panel', attrs: { panelType: 'info' }, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Info', marks: [{ type: 'strong' }] }] }] },
    ];
    const count = Math.ceil(FIVE_MB / JSON.stringify(unit).length);
    const content: unknown[] = [];
    for (let i = 0; i < count; i++) content.push(...unit);
    content.push(
      { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'Acceptance criteria' }] },
      { type: 'paragraph', content: [{ type: 'text', text: ending }] },
    );
    expect(find(parseAdf({ type: 'doc', version: 1, content }))).toEqual({ status: 'ok', via: 'section' });
  });

  it('HTML: 5 MB of ADO <div> lines, criteria at the end', () => {
    const body = fiveMegabytes('<div>As a customer I want to pay with a saved card&nbsp;so that <b>checkout</b> is faster.</div><div><br></div>');
    expect(find(parseHtml(`${body}<div><b>Acceptance Criteria</b></div><div>${ending}</div>`))).toEqual({ status: 'ok', via: 'section' });
  });

  it('HTML: one 5 MB line', () => {
    expect(find(parseHtml(`<div>${fiveMegabytes('word ')}</div>`))).toEqual({ status: 'missing' });
  });

  it('wiki markup: 5 MB of lines, lists and tables, criteria at the end', () => {
    const body = fiveMegabytes('As a customer I want *saved cards* so that checkout is _faster_.\n* a list item\n|cell|[link|http://x.example]|\n\n');
    expect(find(parseWiki(`${body}h3. Acceptance Criteria\n* ${ending}`))).toEqual({ status: 'ok', via: 'section' });
  });

  it('wiki markup: one 5 MB line of markers and braces', () => {
    expect(find(parseWiki(`first line\n${fiveMegabytes('*a* _b_ {[|!').slice(0, FIVE_MB)}`)).status).toBeDefined();
  });

  it('Markdown: 5 MB of paragraphs and lists, criteria at the end', () => {
    // markdown-it 15 spends about a microsecond on each token it creates, so the paragraphs here are
    // of a realistic length rather than one token each.
    const paragraph = 'As a customer I want **saved cards** so that checkout is faster and I do not retype my card. '.repeat(8);
    const body = fiveMegabytes(`${paragraph}\n\n- a list item with some words\n- another item\n\n`);
    expect(find(parseMarkdown(`${body}## Acceptance criteria\n- ${ending}`))).toEqual({ status: 'ok', via: 'section' });
  });

  const paragraphLine = (text: string): RichDocument => ({ type: 'doc', format: 'text', children: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

  it('the finder: one 5 MB line of label words', () => {
    expect(find(paragraphLine(fiveMegabytes('Acceptance criteria ')))).toEqual({ status: 'missing' });
  });

  it('the finder: one 5 MB line of template brackets', () => {
    expect(find(paragraphLine(fiveMegabytes('<<<<{{{{')))).toEqual({ status: 'missing' });
  });

  it('the finder: 5 MB of label and placeholder lines', () => {
    expect(find(parseWiki(fiveMegabytes('Acceptance criteria:\nTBD\n')))).toEqual({ status: 'placeholder', text: 'TBD' });
  });

  it('the finder: a 5 MB code block of Given lines', () => {
    const codeBlock: RichDocument = { type: 'doc', format: 'text', children: [{ type: 'code', text: fiveMegabytes('Given <x>\n') }] };
    expect(find(codeBlock)).toEqual({ status: 'missing' });
  });
});
