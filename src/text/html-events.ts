// The element events of htmlparser2's Parser (HTML mode, entities decoded), read in time linear in the
// input. htmlparser2 10's Parser keeps its open elements with the innermost at index 0 (`unshift` and
// `shift` on every tag) and looks up every end tag with `stack.indexOf`, so a description of 100,000
// nested `<ul><li>` (1 MB) took 17 s, and 15 MB over 24 minutes (issue 9). This drives htmlparser2's own
// Tokenizer, which is linear, and keeps the open elements innermost last, with a count per name so that
// an end tag nothing matches costs nothing. The events are the Parser's, in the same order (a test
// compares the two): implied end tags (`<li>` closes an open `<li>`), void elements, `</p>` and `</br>`
// without an opening tag, self-closing tags in SVG and MathML, and every element left open at the end.
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

/** The callbacks html.ts uses, as htmlparser2's Handler names them. */
export interface HtmlHandler {
  onopentag(name: string, attribs: Record<string, string>): void;
  onclosetag(name: string): void;
  ontext(text: string): void;
}

// The tables of htmlparser2 10.1.0's Parser.ts.
const P = new Set(['p']);
const FORM_TAGS = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const TABLE_SECTIONS = new Set(['thead', 'tbody']);
const DD_DT = new Set(['dd', 'dt']);
const RT_RP = new Set(['rt', 'rp']);
const OPEN_IMPLIES_CLOSE = new Map<string, ReadonlySet<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])],
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((name) => [name, P] as const),
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((name) => [name, FORM_TAGS] as const),
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', DD_DT],
  ['dt', DD_DT],
  ...['address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul'].map(
    (name) => [name, P] as const,
  ),
  ['rt', RT_RP],
  ['rp', RT_RP],
  ['tbody', TABLE_SECTIONS],
  ['tfoot', TABLE_SECTIONS],
]);
const VOID_ELEMENTS = new Set([
  'area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex',
  'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]);
const FOREIGN_CONTEXT_ELEMENTS = new Set(['math', 'svg']);
const HTML_INTEGRATION_ELEMENTS = new Set(['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title']);

/** Reads `html` and reports its elements and text to `handler`, as htmlparser2's Parser would. */
export function readHtmlEvents(html: string, handler: HtmlHandler): void {
  /** Open elements, innermost last. */
  const stack: string[] = [];
  /** How many elements of each name are open: an end tag with none open is ignored at once. */
  const openCount = new Map<string, number>();
  /** Whether self-closing tags close (inside SVG and MathML), innermost last. */
  const foreign: boolean[] = [false];
  let tagName = '';
  let attribs: Record<string, string> | null = null;
  let attribName = '';
  let attribValue = '';

  const push = (name: string): void => {
    stack.push(name);
    openCount.set(name, (openCount.get(name) ?? 0) + 1);
  };
  const pop = (): string => {
    const name = stack.pop()!;
    openCount.set(name, openCount.get(name)! - 1);
    return name;
  };

  function emitOpenTag(name: string): void {
    tagName = name;
    const impliesClose = OPEN_IMPLIES_CLOSE.get(name);
    if (impliesClose !== undefined) {
      while (stack.length > 0 && impliesClose.has(stack[stack.length - 1]!)) handler.onclosetag(pop());
    }
    if (!VOID_ELEMENTS.has(name)) {
      push(name);
      if (FOREIGN_CONTEXT_ELEMENTS.has(name)) foreign.push(true);
      else if (HTML_INTEGRATION_ELEMENTS.has(name)) foreign.push(false);
    }
    attribs = {};
  }

  function endOpenTag(): void {
    if (attribs !== null) {
      handler.onopentag(tagName, attribs);
      attribs = null;
    }
    if (VOID_ELEMENTS.has(tagName)) handler.onclosetag(tagName);
    tagName = '';
  }

  function closeCurrentTag(): void {
    const name = tagName;
    endOpenTag();
    if (stack.length > 0 && stack[stack.length - 1] === name) handler.onclosetag(pop());
  }

  const callbacks: TokenizerCallbacks = {
    ontext(start, endIndex) {
      handler.ontext(html.slice(start, endIndex));
    },
    ontextentity(codePoint) {
      handler.ontext(String.fromCodePoint(codePoint));
    },
    onopentagname(start, endIndex) {
      emitOpenTag(html.slice(start, endIndex).toLowerCase());
    },
    onopentagend() {
      endOpenTag();
    },
    onselfclosingtag() {
      if (foreign[foreign.length - 1] === true) closeCurrentTag();
      else endOpenTag();
    },
    onclosetag(start, endIndex) {
      const name = html.slice(start, endIndex).toLowerCase();
      if (FOREIGN_CONTEXT_ELEMENTS.has(name) || HTML_INTEGRATION_ELEMENTS.has(name)) foreign.pop();
      if (!VOID_ELEMENTS.has(name)) {
        if ((openCount.get(name) ?? 0) > 0) {
          let closed: string;
          do {
            closed = pop();
            handler.onclosetag(closed);
          } while (closed !== name);
        } else if (name === 'p') {
          // `</p>` with no `<p>` open is an empty paragraph
          emitOpenTag('p');
          closeCurrentTag();
        }
      } else if (name === 'br') {
        // `</br>` is a `<br>`
        handler.onopentag('br', {});
        handler.onclosetag('br');
      }
    },
    onattribname(start, endIndex) {
      attribName = html.slice(start, endIndex).toLowerCase();
    },
    onattribdata(start, endIndex) {
      attribValue += html.slice(start, endIndex);
    },
    onattribentity(codePoint) {
      attribValue += String.fromCodePoint(codePoint);
    },
    onattribend() {
      if (attribs !== null && !Object.prototype.hasOwnProperty.call(attribs, attribName)) attribs[attribName] = attribValue;
      attribValue = '';
    },
    // Comments, CDATA (a comment in HTML), declarations and processing instructions carry no text.
    oncomment() {},
    oncdata() {},
    ondeclaration() {},
    onprocessinginstruction() {},
    onend() {
      while (stack.length > 0) handler.onclosetag(pop());
    },
  };

  const tokenizer = new Tokenizer({ xmlMode: false, decodeEntities: true }, callbacks);
  tokenizer.write(html);
  tokenizer.end();
}
