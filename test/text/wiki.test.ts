import { describe, expect, it } from 'vitest';
import { documentToPlainText } from '../../src/text/index.js';
import { parseWiki } from '../../src/text/wiki.js';

// Jira Data Center wiki markup as REST v2 returns it (shapes as in the public story-point dataset of
// Choetkiertikul et al., with the original line breaks).

describe('parseWiki', () => {
  it('maps headings, with or without a space after the dot', () => {
    expect(parseWiki('h2.  Acceptance Criteria\nh5.Description').children).toEqual([
      { type: 'heading', level: 2, content: [{ type: 'text', text: 'Acceptance Criteria' }] },
      { type: 'heading', level: 5, content: [{ type: 'text', text: 'Description' }] },
    ]);
  });

  it('keeps every line of a paragraph as its own line and splits paragraphs at blank lines', () => {
    expect(parseWiki('first line\nsecond line\n\nnext paragraph').children).toEqual([
      { type: 'paragraph', content: [{ type: 'text', text: 'first line' }, { type: 'break' }, { type: 'text', text: 'second line' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'next paragraph' }] },
    ]);
  });

  it('maps *bold*, _italic_ and \\\\ line breaks, and leaves snake_case and 2*3*4 alone', () => {
    expect(parseWiki('*Acceptance Criteria:* see _below_\\\\my_var_name is 2*3*4').children).toEqual([
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'Acceptance Criteria:', bold: true },
          { type: 'text', text: ' see ' },
          { type: 'text', text: 'below', italic: true },
          { type: 'break' },
          { type: 'text', text: 'my_var_name is 2*3*4' },
        ],
      },
    ]);
  });

  it('maps * - # lists with mixed nesting (**, ##, *#)', () => {
    const tree = parseWiki('* one\n** one.a\n*# one.1\n* two\n# first\n## first.a\n- dash');
    expect(tree.children).toEqual([
      {
        type: 'list',
        ordered: false,
        items: [
          {
            children: [
              { type: 'paragraph', content: [{ type: 'text', text: 'one' }] },
              { type: 'list', ordered: false, items: [{ children: [{ type: 'paragraph', content: [{ type: 'text', text: 'one.a' }] }] }] },
              { type: 'list', ordered: true, items: [{ children: [{ type: 'paragraph', content: [{ type: 'text', text: 'one.1' }] }] }] },
            ],
          },
          { children: [{ type: 'paragraph', content: [{ type: 'text', text: 'two' }] }] },
        ],
      },
      {
        type: 'list',
        ordered: true,
        items: [
          {
            children: [
              { type: 'paragraph', content: [{ type: 'text', text: 'first' }] },
              { type: 'list', ordered: true, items: [{ children: [{ type: 'paragraph', content: [{ type: 'text', text: 'first.a' }] }] }] },
            ],
          },
        ],
      },
      { type: 'list', ordered: false, items: [{ children: [{ type: 'paragraph', content: [{ type: 'text', text: 'dash' }] }] }] },
    ]);
  });

  it('maps [ ] / [x] and (/) / (x) prefixes to task items', () => {
    const tree = parseWiki('* [x] saved\n* [ ] masked\n(/) exported\n(x) emailed');
    expect(tree.children).toEqual([
      {
        type: 'list',
        ordered: false,
        items: [
          { checked: true, children: [{ type: 'paragraph', content: [{ type: 'text', text: 'saved' }] }] },
          { checked: false, children: [{ type: 'paragraph', content: [{ type: 'text', text: 'masked' }] }] },
          { checked: true, children: [{ type: 'paragraph', content: [{ type: 'text', text: 'exported' }] }] },
          { checked: false, children: [{ type: 'paragraph', content: [{ type: 'text', text: 'emailed' }] }] },
        ],
      },
    ]);
  });

  it('maps ||header|| and |cell| tables, keeping | inside links', () => {
    const tree = parseWiki('||Given||When||Then||\n|a user|opens [the page|https://x.example/a]|sees it|');
    expect(tree.children).toEqual([
      {
        type: 'table',
        rows: [
          [
            [{ type: 'paragraph', content: [{ type: 'text', text: 'Given' }] }],
            [{ type: 'paragraph', content: [{ type: 'text', text: 'When' }] }],
            [{ type: 'paragraph', content: [{ type: 'text', text: 'Then' }] }],
          ],
          [
            [{ type: 'paragraph', content: [{ type: 'text', text: 'a user' }] }],
            [{ type: 'paragraph', content: [{ type: 'text', text: 'opens the page' }] }],
            [{ type: 'paragraph', content: [{ type: 'text', text: 'sees it' }] }],
          ],
        ],
      },
    ]);
  });

  it('maps {code}, {code:java} and {noformat} blocks, multi-line and single-line', () => {
    const tree = parseWiki('{code:java}\nGiven x;\n\n  Then y;\n{code}\n{noformat}raw *text*{noformat}\nafter');
    expect(tree.children).toEqual([
      { type: 'code', language: 'java', text: 'Given x;\n\n  Then y;' },
      { type: 'code', text: 'raw *text*' },
      { type: 'paragraph', content: [{ type: 'text', text: 'after' }] },
    ]);
  });

  it('maps {panel:title=…}, {quote}, bq. and ---- rules', () => {
    const tree = parseWiki('{panel:title=Acceptance Criteria|borderStyle=solid}\n* one\n{panel}\n{quote}\nquoted\n{quote}\nbq. short quote\n----');
    expect(tree.children).toEqual([
      {
        type: 'container',
        kind: 'panel',
        title: 'Acceptance Criteria',
        children: [{ type: 'list', ordered: false, items: [{ children: [{ type: 'paragraph', content: [{ type: 'text', text: 'one' }] }] }] }],
      },
      { type: 'container', kind: 'blockquote', children: [{ type: 'paragraph', content: [{ type: 'text', text: 'quoted' }] }] },
      { type: 'container', kind: 'blockquote', children: [{ type: 'paragraph', content: [{ type: 'text', text: 'short quote' }] }] },
      { type: 'rule' },
    ]);
  });

  it('reduces links, mentions, images, {{monospace}} and {color} to their text', () => {
    expect(documentToPlainText(parseWiki('See [docs|https://x.example] and [~jsmith] !screen.png|thumbnail! {{trigger <CRON>}} {color:red}red{color}'))).toBe(
      'See docs and jsmith trigger <CRON> red',
    );
  });

  it('drops +underline+ markers, and leaves pluses that are no markers alone', () => {
    expect(documentToPlainText(parseWiki('+Acceptance Criteria+'))).toBe('Acceptance Criteria');
    expect(documentToPlainText(parseWiki('*+Acceptance Criteria:+* the user can sign in'))).toBe('Acceptance Criteria: the user can sign in');
    expect(documentToPlainText(parseWiki('C++ and C++ code, +1 and +2, x+y+z'))).toBe('C++ and C++ code, +1 and +2, x+y+z');
  });

  it('maps the braced marks {*}bold{*} and {_}italic{_} as Jira renders them, also against a word, and drops {-} {+} {^} {~} {??}', () => {
    expect(parseWiki('{*}Acceptance Criteria{*}: see {_}below{_}').children).toEqual([
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'Acceptance Criteria', bold: true },
          { type: 'text', text: ': see ' },
          { type: 'text', text: 'below', italic: true },
        ],
      },
    ]);
    expect(parseWiki('un{*}believ{*}able').children).toEqual([
      { type: 'paragraph', content: [{ type: 'text', text: 'un' }, { type: 'text', text: 'believ', bold: true }, { type: 'text', text: 'able' }] },
    ]);
    expect(documentToPlainText(parseWiki('{-}old{-} {+}new{+} x{^}2{^} H{~}2{~}O {??}cited{??}'))).toBe('old new x2 H2O cited');
    // unpaired, a braced mark is text
    expect(documentToPlainText(parseWiki('a {*} b'))).toBe('a {*} b');
  });

  it('renders -- and --- between words as an en dash and an em dash, as Jira does, and nowhere else', () => {
    expect(documentToPlainText(parseWiki('Acceptance criteria -- the export\nAcceptance criteria --- the export'))).toBe('Acceptance criteria \u2013 the export\nAcceptance criteria \u2014 the export');
    expect(documentToPlainText(parseWiki('* refunds -- partial ones too\n|a -- b|'))).toBe('refunds \u2013 partial ones too\na \u2013 b');
    // a line's start, ----, dashes against a word, and code are left alone
    expect(documentToPlainText(parseWiki('-- not a dash\nx ---- y and a--b and c -- \n----\n{code}a -- b{code}\n{noformat}a --- b{noformat}'))).toBe(
      '-- not a dash\nx ---- y and a--b and c --\na -- b\na --- b',
    );
  });

  it('reads the {html} macro as HTML, as issues imported from other trackers use it', () => {
    expect(documentToPlainText(parseWiki('Intro line\n{html}<div><p><b>Acceptance Criteria</b></p> <ul><li>Sign in with SSO</li></ul></div>{html}\nAfter'))).toBe(
      'Intro line\nAcceptance Criteria\nSign in with SSO\nAfter',
    );
    expect(documentToPlainText(parseWiki('{html}<p>never closed'))).toBe('never closed');
  });

  it('handles Windows line endings', () => {
    expect(documentToPlainText(parseWiki('h3. Title\r\n* item\r\n'))).toBe('Title\nitem');
  });

  it('reads a line holding U+2028 or U+2029 (no line break here) as the heading or item it starts with', () => {
    const tree = parseWiki('h3. Acceptance\u2028criteria\n* one\u2029item\n{code}x{CODE} after');
    expect(tree.children.map((block) => block.type)).toEqual(['heading', 'list', 'code', 'paragraph']);
    expect(documentToPlainText(tree)).toBe('Acceptance criteria\none item\nx\nafter');
  });

  it.each([
    ['an unclosed code block', '{code}\nGiven x'],
    ['an unclosed panel', '{panel:title=AC}\n* item'],
    ['a closing panel without an opening one', '{panel}\ntext'],
    ['unpaired markers', '*bold _italic * _ ** __'],
    ['an empty table row', '||\n|'],
    ['only markers', '*\n#\n-\n----'],
  ])('never throws on odd markup: %s', (_name, text) => {
    expect(parseWiki(text).type).toBe('doc');
  });
});
