// The acceptance criteria finder, exactly as SPEC §6 defines it. It reads documents as lines
// (lines.ts), so it works the same on ADF, HTML, wiki markup and Markdown, in one linear pass with
// early exits: it runs on every story of a 100,000-item backlog.
import { collapseWhitespace } from './builder.js';
import { walkLines, type DocumentLine, type LineRole } from './lines.js';
import type { RichDocument } from './tree.js';

export type AcceptanceResult =
  | { status: 'ok'; via: 'field' | 'section' | 'gherkin' }
  /** "no acceptance criteria" */
  | { status: 'missing' }
  /** "acceptance criteria section is empty" */
  | { status: 'empty' }
  /** "acceptance criteria are a placeholder ('TBD')": the placeholder as written, trimmed, at most 60 characters. */
  | { status: 'placeholder'; text: string };

export interface AcceptanceInput {
  /** The dedicated acceptance criteria field, if the source has one and it is set. */
  field: RichDocument | null;
  description: RichDocument | null;
}

const LABELS = new Set([
  'acceptance criteria',
  'acceptance criterion',
  'acceptance tests',
  'ac',
  'acs',
  'conditions of satisfaction',
]);

const PLACEHOLDERS = new Set([
  'tbd', 'tba', 'todo', 'to do', 'n/a', 'na', 'none', '-', '--', '...', '…',
  'to be defined', 'to be determined', 'to be added', 'coming soon', 'see above', 'see description', 'see below',
]);

/**
 * Words an unfilled Gherkin template may hold besides `<…>` / `{…}` placeholders. SPEC §6 names Given,
 * When, Then and And; But and Scenario are the other keywords of the same templates.
 */
const TEMPLATE_WORDS = new Set(['given', 'when', 'then', 'and', 'but', 'scenario']);

/** Longer than any label with its markup: a longer head cannot be a label, so it is not normalised. */
const MAX_LABEL_LENGTH = 80;
const MAX_PLACEHOLDER_LENGTH = 40;
const MAX_TEMPLATE_LINE_LENGTH = 400;
const MAX_PLACEHOLDER_TEXT = 60;

const MARKS = /[*_]/g;
/** Bullets, `1.` / `a)` numbering and `[ ]` / `[x]` boxes at the start of a line. No backtracking: nothing follows the loop. */
const LEADING_BULLETS = /^(?:[\s\-*•·–—+>]+|\d{1,3}[.)](?=\s|$)|[a-z][.)](?=\s)|\[[ x]?\])*/i;
/** Around a placeholder: markup, quotes and brackets before it; those and trailing punctuation after it. */
const LEADING_WRAPPERS = ' *_"\'“”‘’([';
const TRAILING_WRAPPERS = ' *_"\'“”‘’)].!?,;:';
const WORD_CHAR = /[\p{L}\p{N}]/u;
const TOKEN = /\S+/g;
const FIRST_WORD = /^\p{L}+/u;

// ---------------------------------------------------------------------------------------------------
// Text tests

/** A letter or digit; ASCII without a regex, since this runs per character. */
function isWordChar(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
  return WORD_CHAR.test(c);
}

/** A line without its leading bullets, numbering and checkbox. */
function stripBullets(text: string): string {
  const match = LEADING_BULLETS.exec(text);
  return match === null || match[0].length === 0 ? text : text.slice(match[0].length);
}

/** Counts words (tokens holding a letter or digit), stopping at `limit`. */
function countWords(text: string, limit: number): number {
  let count = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match !== null && count < limit; match = TOKEN.exec(text)) {
    if (WORD_CHAR.test(match[0])) count++;
  }
  TOKEN.lastIndex = 0;
  return count;
}

/** Whether one line of (collapsed, trimmed) text is one of the SPEC §6 placeholders: `TBD`, `n/a.`, `- TBD`, `**tbd**`, `(TBD)`. */
function isPlaceholderLine(text: string): boolean {
  if (text.length > MAX_PLACEHOLDER_LENGTH) return false;
  const lower = text.toLowerCase(); // callers pass collapsed, trimmed text
  if (PLACEHOLDERS.has(lower)) return true; // also `-`, `--`, `...`, which the stripping below would eat
  let core = lower;
  for (let pass = 0; pass < 3; pass++) {
    const before = core;
    core = stripBullets(core);
    let start = 0;
    let end = core.length;
    while (start < end && LEADING_WRAPPERS.includes(core[start]!)) start++;
    while (end > start && TRAILING_WRAPPERS.includes(core[end - 1]!)) end--;
    core = core.slice(start, end);
    if (core === before) break;
  }
  return core.length > 0 && PLACEHOLDERS.has(core);
}

/**
 * Whether a line holds only template placeholders (`<context>`, `{outcome}`) and Gherkin keywords:
 * `Given <context> When <action> Then <outcome>`.
 */
function isTemplateLine(text: string): boolean {
  if (text.length > MAX_TEMPLATE_LINE_LENGTH) return false;
  let found = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '<' || c === '{') {
      const close = text.indexOf(c === '<' ? '>' : '}', i + 1);
      if (close === -1) return false;
      found = true;
      i = close + 1;
    } else if (isWordChar(c)) {
      let end = i + 1;
      while (end < text.length && isWordChar(text[end]!)) end++;
      if (!TEMPLATE_WORDS.has(text.slice(i, end).toLowerCase())) return false;
      found = true;
      i = end;
    } else {
      i++;
    }
  }
  return found;
}

/** Whether a line holds a `<…>` or `{…}` template placeholder. */
function hasBracketPlaceholder(text: string): boolean {
  const angle = text.indexOf('<');
  if (angle !== -1 && text.indexOf('>', angle + 1) !== -1) return true;
  const curly = text.indexOf('{');
  return curly !== -1 && text.indexOf('}', curly + 1) !== -1;
}

/** Judges content line by line, as it arrives: meaningful, a placeholder, or too little. */
class ContentJudge {
  lines = 0;
  private words = 0;
  private allPlaceholder = true;
  private allTemplate = true;
  private joined = '';
  private length = 0;

  /** Adds one line of content; blank lines are ignored. */
  add(raw: string): void {
    const text = collapseWhitespace(raw).trim();
    if (text.length === 0) return;
    this.lines++;
    this.length += text.length + 1;
    if (this.joined.length <= MAX_PLACEHOLDER_TEXT) this.joined = this.joined.length === 0 ? text : `${this.joined} ${text}`;
    if (this.allPlaceholder && !isPlaceholderLine(text)) this.allPlaceholder = false;
    if (this.allTemplate && !isTemplateLine(text)) this.allTemplate = false;
    if (this.words < 3) this.words += countWords(stripBullets(text), 3 - this.words);
  }

  /** The placeholder as written (at most 60 characters), or null when the content is not one. */
  placeholder(): string | null {
    if (this.lines === 0) return null;
    const whole = this.length <= MAX_PLACEHOLDER_LENGTH && isPlaceholderLine(this.joined);
    if (!this.allPlaceholder && !this.allTemplate && !whole) return null;
    return truncate(this.joined);
  }

  meaningful(): boolean {
    return this.words >= 3 && this.placeholder() === null;
  }
}

/** Whether text is meaningful acceptance criteria content (SPEC §6): not a placeholder, at least 3 words. */
export function isMeaningful(text: string): boolean {
  const judge = new ContentJudge();
  for (const line of text.split('\n')) judge.add(line);
  return judge.meaningful();
}

/** Whether text is a placeholder (`TBD`, `n/a`, `see description`…) or unfilled template text (SPEC §6). */
export function isPlaceholder(text: string): boolean {
  const judge = new ContentJudge();
  for (const line of text.split('\n')) judge.add(line);
  return judge.placeholder() !== null;
}

/** Whether every non-empty line holds only `<…>` / `{…}` placeholders and Given/When/Then/And. */
export function isTemplateText(text: string): boolean {
  let any = false;
  for (const line of text.split('\n')) {
    const trimmed = collapseWhitespace(line).trim();
    if (trimmed.length === 0) continue;
    if (!isTemplateLine(trimmed)) return false;
    any = true;
  }
  return any;
}

/**
 * If the line is an AC label (`Acceptance criteria`, `**AC:**`, `Conditions of satisfaction:`) or
 * starts with one and a colon, the content after it ('' if none); otherwise null.
 */
export function matchAcceptanceLabel(text: string): string | null {
  // Cheap exit for the many lines that cannot be a label: every label starts with an A or a C.
  let first = 0;
  while (first < text.length && (text[first] === '*' || text[first] === '_' || text[first] === ' ')) first++;
  const initial = text.charCodeAt(first) | 0x20;
  if (initial !== 0x61 && initial !== 0x63) return null;
  const colon = text.indexOf(':');
  const head = colon === -1 ? text : text.slice(0, colon);
  if (head.length === 0 || head.length > MAX_LABEL_LENGTH) return null;
  const bare = head.includes('*') || head.includes('_') ? head.replace(MARKS, '') : head;
  if (!LABELS.has(collapseWhitespace(bare).trim().toLowerCase())) return null;
  if (colon === -1) return '';
  // `*Acceptance criteria:* text`: the closing marks of a literal bold label are not content
  return text.slice(colon + 1).replace(/^[\s*_]+/, '');
}

/** A label-like paragraph line ends a section: a whole-bold line, or at most five words ending with a colon (SPEC §6). */
function isLabelLike(line: DocumentLine): boolean {
  const { text } = line;
  const labelLike =
    line.bold || (text.length <= 120 && (isLiteralBold(text) || (endsWithColon(text) && text.split(' ').length <= 5)));
  // A bold `TBD` or a `TBD:` under the label is the section's (placeholder) content, not a new label.
  return labelLike && !isPlaceholderLine(text);
}

/** `Notes:`, also with literal bold marks after the colon (`*Notes:*`). */
function endsWithColon(text: string): boolean {
  let end = text.length;
  while (end > 0 && (text[end - 1] === '*' || text[end - 1] === '_' || text[end - 1] === ' ')) end--;
  return end > 0 && text[end - 1] === ':';
}

/** `*Notes*`, `**Notes**:` or `__Notes__` left as literal markup in a plain-text line. */
function isLiteralBold(text: string): boolean {
  const end = text.endsWith(':') ? text.length - 1 : text.length;
  if (end < 3) return false;
  if (text.startsWith('__')) return end > 4 && text.startsWith('__', end - 2);
  return text[0] === '*' && text[end - 1] === '*' && text[1] !== ' ' && text[end - 2] !== ' ';
}

/** The first word of a line after bullets, numbering and literal bold/italic marks, lower-cased. */
function leadingWord(text: string): string {
  const head = stripBullets(text.length > 80 ? text.slice(0, 80) : text).replace(/^[\s*_]+/, '');
  const match = FIRST_WORD.exec(head);
  return match === null ? '' : match[0].toLowerCase();
}

/**
 * Lines that may carry a label. A list item or table cell holds paragraphs (ADF `listItem` > `paragraph`,
 * HTML `<li>`, a wiki `* Acceptance criteria:` line), so `- Acceptance criteria:` followed by nested items
 * is a section too, as a reader of the story would take it. Code never is.
 */
const STARTS_SECTION: ReadonlySet<LineRole> = new Set(['heading', 'paragraph', 'title', 'item', 'cell']);
const SECTION_CONTENT: ReadonlySet<LineRole> = new Set(['paragraph', 'item', 'cell', 'code']);
/**
 * The heading level that ends a section, by the role of the line that started it (a heading: its own
 * level). A paragraph label's section ends at any heading; a panel's or expand's title labels the
 * container's content, which the container's end bounds, so no heading inside it ends the section.
 */
const SECTION_LEVEL: Partial<Record<LineRole, number>> = { paragraph: 6, item: 6, cell: 6, title: 0 };

// ---------------------------------------------------------------------------------------------------
// The finder

type Verdict = { ok: true } | { ok: false; placeholder: string | null; found: boolean };

/** Case 1: the dedicated field, with a leading AC label line or prefix ignored. */
function judgeField(doc: RichDocument): Verdict {
  const judge = new ContentJudge();
  let first = true;
  let found = false;
  walkLines(doc, (line) => {
    found = true;
    let text = line.text;
    if (first) {
      first = false;
      const rest = matchAcceptanceLabel(text);
      if (rest !== null) {
        if (rest.length === 0) return false;
        text = rest;
      }
    }
    judge.add(text);
    return judge.meaningful();
  });
  if (judge.meaningful()) return { ok: true };
  return { ok: false, placeholder: judge.placeholder(), found };
}

interface Section {
  /** Headings at this level or above end it. */
  level: number;
  /** The role of the label line: a label-like line of that role (or a paragraph) ends the section. */
  role: LineRole;
  container: number;
  judge: ContentJudge;
}

/** Cases 2 and 3 read in one pass over the description's lines. */
class DescriptionScan {
  via: 'section' | 'gherkin' | null = null;
  /** Some AC section was found (its content may be empty). */
  found = false;
  placeholder: string | null = null;
  private section: Section | null = null;
  // Gherkin: a `Given` line was seen, and whether the scenario since then holds more than template text
  private given = false;
  private filled = false;
  private bracketed = false;
  private scenario = '';

  /** Reads one line; true once the description is known to have acceptance criteria. */
  line(line: DocumentLine): boolean {
    return this.gherkin(line.text) || this.sections(line);
  }

  /** The container `id` ended: a section started inside it ends too. */
  containerEnd(id: number): void {
    if (this.section !== null && this.section.container === id) this.closeSection();
  }

  closeSection(): void {
    if (this.section === null) return;
    if (this.placeholder === null) this.placeholder = this.section.judge.placeholder();
    this.section = null;
  }

  private gherkin(text: string): boolean {
    const word = leadingWord(text);
    if (word === 'given') {
      this.given = true;
      this.filled = !isTemplateLine(text);
      this.bracketed = hasBracketPlaceholder(text);
      this.scenario = text;
      return false;
    }
    if (!this.given) return false;
    if (!this.filled && !isTemplateLine(text)) this.filled = true;
    if (!this.bracketed && hasBracketPlaceholder(text)) this.bracketed = true;
    if (this.scenario.length <= MAX_PLACEHOLDER_TEXT) this.scenario += ` ${text}`;
    if (word !== 'then') return false;
    if (this.filled) {
      this.via = 'gherkin';
      return true;
    }
    // An unfilled `Given <context> … Then <outcome>` template is a placeholder, like one in a section.
    // Bare keywords (a Given | When | Then table header) are no scenario and no placeholder either.
    if (this.bracketed) this.placeholder ??= truncate(this.scenario);
    return false;
  }

  private sections(line: DocumentLine): boolean {
    const { role, text } = line;
    const label = STARTS_SECTION.has(role) ? matchAcceptanceLabel(text) : null;
    const open = this.section;
    if (open !== null && label === null && (role === 'heading' ? line.level <= open.level : (role === 'paragraph' || role === open.role) && isLabelLike(line))) {
      this.closeSection();
    }
    if (label !== null) {
      this.closeSection();
      this.found = true;
      const judge = new ContentJudge();
      judge.add(label);
      this.section = { level: SECTION_LEVEL[role] ?? line.level, role, container: line.container, judge };
    } else if (this.section !== null && SECTION_CONTENT.has(role)) {
      this.section.judge.add(text);
    } else {
      return false;
    }
    if (!this.section.judge.meaningful()) return false;
    this.via = 'section';
    return true;
  }
}

function truncate(text: string): string {
  return text.length <= MAX_PLACEHOLDER_TEXT ? text : `${text.slice(0, MAX_PLACEHOLDER_TEXT - 1).trimEnd()}…`;
}

/**
 * Whether a story has acceptance criteria (SPEC §6): meaningful content in the dedicated field, an AC
 * section with meaningful content in the description, or a Gherkin scenario in the description. When
 * none holds, says why: a placeholder, an empty field or section, or nothing at all.
 */
export function findAcceptanceCriteria(input: AcceptanceInput): AcceptanceResult {
  let placeholder: string | null = null;
  let found = false;
  if (input.field !== null && input.field !== undefined) {
    const field = judgeField(input.field);
    if (field.ok) return { status: 'ok', via: 'field' };
    placeholder = field.placeholder;
    found = field.found;
  }
  if (input.description !== null && input.description !== undefined) {
    const scan = new DescriptionScan();
    walkLines(
      input.description,
      (line) => scan.line(line),
      (id) => scan.containerEnd(id),
    );
    if (scan.via !== null) return { status: 'ok', via: scan.via };
    scan.closeSection();
    placeholder ??= scan.placeholder;
    found ||= scan.found;
  }
  if (placeholder !== null) return { status: 'placeholder', text: placeholder };
  return found ? { status: 'empty' } : { status: 'missing' };
}
