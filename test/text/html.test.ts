import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../src/text/html.js';
import { documentToPlainText } from '../../src/text/index.js';

// Shapes as Azure DevOps stores System.Description and Microsoft.VSTS.Common.AcceptanceCriteria:
// every line a <div>, bold as <b> or a styled span, lists as <ul>/<ol>.

describe('parseHtml', () => {
  it('makes each ADO <div> line its own paragraph, without duplicating nested divs', () => {
    const tree = parseHtml('<div><div>Acceptance Criteria</div><div>first line</div></div><div>a<div>b</div>c</div>');
    expect(tree.children).toEqual([
      { type: 'paragraph', content: [{ type: 'text', text: 'Acceptance Criteria' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'first line' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'a' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'b' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'c' }] },
    ]);
  });

  it('maps headings, <br>, <b>/<strong>, <i>/<em> and bold spans', () => {
    const tree = parseHtml(
      '<h3>Acceptance <i>criteria</i></h3><p><strong>AC:</strong> one<br>two</p><div><span style="font-weight: 700;">Notes</span></div><div><span style="font-weight:bold">x</span><span style="font-weight:normal">y</span></div>',
    );
    expect(tree.children).toEqual([
      { type: 'heading', level: 3, content: [{ type: 'text', text: 'Acceptance ' }, { type: 'text', text: 'criteria', italic: true }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'AC:', bold: true }, { type: 'text', text: ' one' }, { type: 'break' }, { type: 'text', text: 'two' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'Notes', bold: true }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'x', bold: true }, { type: 'text', text: 'y' }] },
    ]);
  });

  it('maps lists, nested lists and checkbox list items', () => {
    const tree = parseHtml(
      '<ul><li>outer<ul><li>inner</li></ul></li></ul><ol><li><input type="checkbox" checked="">done</li><li><input type="checkbox">open</li></ol>',
    );
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
        ],
      },
      {
        type: 'list',
        ordered: true,
        items: [
          { checked: true, children: [{ type: 'paragraph', content: [{ type: 'text', text: 'done' }] }] },
          { checked: false, children: [{ type: 'paragraph', content: [{ type: 'text', text: 'open' }] }] },
        ],
      },
    ]);
  });

  it('maps tables, <pre>/<code> blocks and blockquotes', () => {
    const tree = parseHtml(
      '<table><tbody><tr><th>Given</th><th>Then</th></tr><tr><td>a user</td><td><div>sees it</div></td></tr></tbody></table><pre><code>Given x\nThen y</code></pre><blockquote><div>quoted</div></blockquote>',
    );
    expect(tree.children).toEqual([
      {
        type: 'table',
        rows: [
          [[{ type: 'paragraph', content: [{ type: 'text', text: 'Given' }] }], [{ type: 'paragraph', content: [{ type: 'text', text: 'Then' }] }]],
          [[{ type: 'paragraph', content: [{ type: 'text', text: 'a user' }] }], [{ type: 'paragraph', content: [{ type: 'text', text: 'sees it' }] }]],
        ],
      },
      { type: 'code', text: 'Given x\nThen y' },
      { type: 'container', kind: 'blockquote', children: [{ type: 'paragraph', content: [{ type: 'text', text: 'quoted' }] }] },
    ]);
  });

  it('decodes entities, and &nbsp; is whitespace', () => {
    expect(documentToPlainText(parseHtml('<div>R&amp;D&nbsp;&nbsp;team &lt;b&gt; &#8217;s &#x2713;</div>'))).toBe('R&D team <b> ’s ✓');
  });

  it('skips script and style content', () => {
    expect(documentToPlainText(parseHtml('<style>div{}</style><div>shown</div><script>alert(1)</script>'))).toBe('shown');
  });

  it.each(['', '<div></div>', '<div><br></div>', '&nbsp;', '<p>&nbsp;</p>', '<div>&nbsp;</div><div><br/></div>', ' \n ', '<p></p>'])(
    'an empty ADO field %j holds no text',
    (html) => {
      expect(documentToPlainText(parseHtml(html))).toBe('');
    },
  );

  it.each([
    ['unclosed tags', '<div><b>Acceptance criteria<ul><li>one'],
    ['stray closing tags', '</li></ul></div>text</td></tr>'],
    ['a cell outside a table', '<td>cell</td><li>item</li>'],
    ['a tag cut off at the end', '<div>text</div><div class="x'],
    ['an unterminated comment', '<!-- <div>'],
  ])('never throws on malformed HTML: %s', (_name, html) => {
    expect(parseHtml(html).type).toBe('doc');
  });
});
