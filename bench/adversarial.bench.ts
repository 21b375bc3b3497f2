// Issue 9, point 10 and SPEC §12: hostile descriptions, parsed and checked for acceptance criteria as the
// connectors and the acceptance rule do, one JSON line each. Any tracker user can write these; before
// the fix the nested list took 17.6 s and the wiki line minutes.
import { findAcceptanceCriteria, parseAdoText, parseJiraText, type RichDocument } from '../src/text/index.js';

const MB = 1024 * 1024;

/** `unit` repeated to exactly `size` characters. */
const repeatTo = (unit: string, size: number): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

/** An ADF document of lists nested inside each other until the JSON is `size` characters long. */
function nestedAdfJson(size: number): string {
  const open = '{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"Acceptance criteria: one more level"}]},';
  const close = ']}]}';
  const inner = '{"type":"paragraph","content":[{"type":"text","text":"the deepest item"}]}';
  const levels = Math.floor((size - 40 - inner.length) / (open.length + close.length));
  return `{"type":"doc","version":1,"content":[${open.repeat(levels)}${inner}${close.repeat(levels)}]}`;
}

const INPUTS: Array<{ input: string; make: () => string; parse: (text: string) => RichDocument | null }> = [
  // An Azure DevOps description of nested lists, never closed, as an editor-less API client can write.
  { input: 'html-nested-list-1mb', make: () => repeatTo('<ul><li>item ', MB), parse: parseAdoText },
  // A Jira Data Center description on one line: macros, emphasis, links, colours, line breaks.
  {
    input: 'wiki-single-line-1mb',
    make: () => repeatTo('{code}x{code} *bold* _italic_ [label|https://x.example] {color:red}red{color} {noformat}y{noformat} \\\\ ', MB),
    parse: parseJiraText,
  },
  // A Jira Cloud ADF description of lists nested about 27,000 levels deep, as the JSON string some exports hold.
  { input: 'adf-nested-lists-5mb', make: () => nestedAdfJson(5 * MB), parse: parseJiraText },
];

export default async function benchAdversarial(): Promise<void> {
  for (const { input, make, parse } of INPUTS) {
    const text = make();
    const started = performance.now();
    const result = findAcceptanceCriteria({ field: null, description: parse(text) });
    const seconds = (performance.now() - started) / 1000;
    console.log(JSON.stringify({ bench: 'adversarial', input, bytes: text.length, seconds: round(seconds, 3), result: result.status }));
  }
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
