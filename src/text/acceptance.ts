// The acceptance criteria finder, exactly as SPEC §6 defines it. It reads documents as lines
// (lines.ts), so it works the same on ADF, HTML, wiki markup and Markdown, in one linear pass with
// early exits: it runs on every story of a 100,000-item backlog.
import { createRequire } from 'node:module';
import { cutAt } from '../shorten.js';
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
  | { status: 'placeholder'; text: string }
  /** "acceptance criteria are too short to test against ('Works fine')": one or two words, no placeholder; as written, at most 60 characters. */
  | { status: 'too-short'; text: string };

export interface AcceptanceInput {
  /** The dedicated acceptance criteria field, if the source has one and it is set. */
  field: RichDocument | null;
  /** With several fields configured, each that is set: read instead of `field`, and any of them may hold the criteria. */
  fields?: readonly RichDocument[] | undefined;
  description: RichDocument | null;
}

/** What a team configures (SPEC §6): languages whose labels, placeholders and Gherkin keywords count besides English, and labels of its own. */
export interface AcceptanceOptions {
  languages?: readonly AcceptanceLanguage[];
  labels?: readonly string[];
}

/**
 * Per language: the labels that start an AC section, the articles that may come before one in a phrase,
 * the words that may follow one in a label-led sentence (English: the verbs is, are and the preposition
 * for), and the placeholders. Written as people write them; matching folds case and diacritics. English
 * always counts; the others when configured.
 */
const LANGUAGES = {
  en: {
    labels: ['acceptance criteria', 'acceptance criterion', 'acceptance test', 'acceptance tests', 'conditions of satisfaction', 'success criteria'],
    articles: ['the'],
    verbs: ['is', 'are'],
    prepositions: ['for'],
    placeholders: ['tbd', 'tba', 'todo', 'to do', 'n/a', 'na', 'none', '-', '--', '...', '…', 'to be defined', 'to be determined', 'to be added', 'coming soon', 'see above', 'see description', 'see below'],
  },
  de: {
    labels: ['Akzeptanzkriterien', 'Akzeptanzkriterium', 'Abnahmekriterien', 'Abnahmekriterium', 'Akzeptanztests', 'Akzeptanztest'],
    articles: ['die', 'der', 'das'],
    verbs: ['ist', 'sind'],
    prepositions: ['für'],
    placeholders: ['folgt', 'offen', 'tbd', 'kommt noch', 'wird noch definiert'],
  },
  fr: {
    labels: ["critères d'acceptation", "critère d'acceptation", "critères d'acceptance", 'conditions de satisfaction', "tests d'acceptation", "test d'acceptation"],
    articles: ['les', 'le', 'la'],
    verbs: ['est', 'sont'],
    prepositions: ['pour'],
    placeholders: ['à définir', 'à venir', 'à compléter'],
  },
  es: {
    labels: ['criterios de aceptación', 'criterio de aceptación', 'condiciones de satisfacción', 'pruebas de aceptación', 'prueba de aceptación'],
    articles: ['los', 'las', 'el', 'la'],
    verbs: ['es', 'son'],
    prepositions: ['para'],
    placeholders: ['por definir', 'pendiente', 'a definir'],
  },
  pt: {
    labels: ['critérios de aceitação', 'critério de aceitação', 'critérios de aceite', 'critério de aceite', 'condições de satisfação', 'testes de aceitação', 'teste de aceitação'],
    articles: ['os', 'as', 'o', 'a'],
    verbs: ['são'],
    prepositions: ['para'],
    placeholders: ['a definir', 'pendente'],
  },
  nl: {
    labels: ['acceptatiecriteria', 'acceptatiecriterium', 'acceptatietests', 'acceptatietest'],
    articles: ['de', 'het'],
    verbs: ['is', 'zijn'],
    prepositions: ['voor'],
    placeholders: ['nog te bepalen', 'volgt'],
  },
  it: {
    labels: ['criteri di accettazione', 'criterio di accettazione', 'test di accettazione'],
    articles: ['i', 'gli', 'le', 'il', 'la'],
    verbs: ['sono'],
    prepositions: ['per'],
    placeholders: ['da definire'],
  },
  pl: {
    labels: ['kryteria akceptacji', 'kryterium akceptacji', 'testy akceptacyjne'],
    articles: [],
    verbs: ['są'],
    prepositions: ['dla'],
    placeholders: ['do ustalenia'],
  },
} as const satisfies Record<string, { labels: readonly string[]; articles: readonly string[]; verbs: readonly string[]; prepositions: readonly string[]; placeholders: readonly string[] }>;

type LabelledLanguage = keyof typeof LANGUAGES;
/** The languages with built-in labels and placeholders; every other Gherkin language adds its keywords only. */
export const LABELLED_LANGUAGES = Object.keys(LANGUAGES) as LabelledLanguage[];
/** A language code of Cucumber's Gherkin list (`en`, `de`, `sv`, `zh-CN`, …). */
export type AcceptanceLanguage = string;

/** Every language `acceptanceCriteria.languages` takes: the codes of Cucumber's Gherkin keyword list. */
export function acceptanceLanguages(): string[] {
  return Object.keys(gherkinDialects());
}

/** Matched case-sensitively as written, in every language: a product called ACS, or a word `acs`, is no label. */
const ABBREVIATIONS = new Set(['AC', 'ACs', "AC's", 'A/C']);
/** After a full label, these start a label-led sentence in any language. */
const DASHES = ['-', '–', '—'];

/** Every kind of Gherkin keyword: an unfilled template may hold any of them (`Scenario Outline: <title>`, `Feature: <name>`). */
const TEMPLATE_KEYWORDS = ['feature', 'background', 'rule', 'scenario', 'scenarioOutline', 'examples', 'given', 'when', 'then', 'and', 'but'] as const;

type GherkinDialect = Record<(typeof TEMPLATE_KEYWORDS)[number], string[]>;

/** The Cucumber project's own keyword list (SPEC §6: taken from @cucumber/gherkin, never retyped); read when first needed. */
let dialects: Record<string, GherkinDialect> | null = null;
function gherkinDialects(): Record<string, GherkinDialect> {
  dialects ??= createRequire(import.meta.url)('@cucumber/gherkin/dist/gherkin-languages.json') as Record<string, GherkinDialect>;
  return dialects;
}

/** Everything the finder matches against, for one set of options, folded. */
interface Vocabulary {
  labels: ReadonlySet<string>;
  /** The words that may follow a label in a label-led sentence: verbs, prepositions and dashes. */
  connectors: ReadonlySet<string>;
  /** Of those, the verbs: the last clause of a label-led sentence starts after the last of them (`… for this story is TBD`). */
  verbs: ReadonlySet<string>;
  /** A line's leading article before a label in a phrase (`The acceptance criteria are:`, `Les critères d'acceptation sont :`). */
  article: RegExp;
  placeholders: ReadonlySet<string>;
  /** The first letter of every label and abbreviation, folded: a line starting otherwise is no label. */
  labelInitials: ReadonlySet<string>;
  /** The longest label, in words. */
  labelWords: number;
  given: readonly string[];
  then: readonly string[];
  /**
   * Given and Then keywords that Cucumber's list writes without a trailing space (Chinese 假如, Japanese
   * 前提 and ならば): the step text follows them directly, so no word boundary is looked for after them.
   */
  attached: ReadonlySet<string>;
  keywordInitials: ReadonlySet<string>;
  templateWords: ReadonlySet<string>;
}

const COMBINING_MARKS = /\p{M}+/gu;
const CURLY_APOSTROPHES = /[’‘ʼ´`]/g;
const NON_ASCII = /[^\x00-\x7f]/;

/** Lower case, diacritics removed, curly apostrophes straight: `Critères d’acceptation` → `criteres d'acceptation`. */
function fold(text: string): string {
  const lower = text.toLowerCase();
  // Composed again after the marks go, so that a Hangul syllable stays one character (NFD splits it into letters).
  return NON_ASCII.test(lower) ? lower.normalize('NFD').replace(COMBINING_MARKS, '').normalize('NFC').replace(CURLY_APOSTROPHES, "'") : lower;
}

/** A label as written in a table or a config: bold/italic marks, one trailing colon and extra spaces removed, folded. */
function normaliseLabel(text: string): string {
  return fold(collapseWhitespace(text.replace(MARKS, '')).trim().replace(/\s*[:\uff1a]$/, ''));
}

function compileVocabulary(options: AcceptanceOptions): Vocabulary {
  const languages = ['en', ...(options.languages ?? []).filter((language) => language !== 'en')];
  const labels = new Set<string>();
  const connectors = new Set<string>(DASHES);
  const verbs = new Set<string>();
  const articles = new Set<string>();
  const placeholders = new Set<string>();
  const given = new Set<string>();
  const then = new Set<string>();
  const templateWords = new Set<string>();
  const attached = new Set<string>();
  for (const language of languages) {
    const builtIn = Object.hasOwn(LANGUAGES, language) ? LANGUAGES[language as LabelledLanguage] : null;
    for (const label of builtIn?.labels ?? []) labels.add(normaliseLabel(label));
    for (const verb of builtIn?.verbs ?? []) verbs.add(fold(verb));
    for (const article of builtIn?.articles ?? []) articles.add(article);
    for (const connector of [...(builtIn?.verbs ?? []), ...(builtIn?.prepositions ?? [])]) connectors.add(fold(connector));
    for (const placeholder of builtIn?.placeholders ?? []) placeholders.add(fold(placeholder));
    const dialect = Object.hasOwn(gherkinDialects(), language) ? gherkinDialects()[language] : undefined;
    if (dialect === undefined) continue;
    // `* ` is a keyword of every language (a bullet step); a bullet is no Given
    const keywords = (list: readonly string[]) => list.map((keyword) => fold(keyword.trim())).filter((keyword) => keyword !== '*' && keyword.length > 0);
    for (const keyword of keywords(dialect.given)) given.add(keyword);
    for (const keyword of keywords(dialect.then)) then.add(keyword);
    for (const keyword of [...dialect.given, ...dialect.then]) if (!/\s$/.test(keyword)) attached.add(fold(keyword));
    for (const kind of TEMPLATE_KEYWORDS) {
      for (const keyword of keywords(dialect[kind])) for (const word of keyword.split(/[^\p{L}\p{N}]+/u)) if (word.length > 0) templateWords.add(word);
    }
  }
  for (const label of options.labels ?? []) {
    const normalised = normaliseLabel(label);
    if (normalised.length > 0) labels.add(normalised);
  }
  const initials = (words: Iterable<string>) => new Set([...words].map((word) => word[0]!));
  return {
    labels,
    connectors,
    verbs,
    article: new RegExp(`^[\\s*_]*(?:${[...articles].join('|')})\\s+`, 'i'),
    placeholders,
    labelInitials: new Set([...initials(labels), 'a']),
    labelWords: Math.max(...[...labels].map((label) => label.split(' ').length)),
    given: [...given],
    then: [...then],
    attached,
    keywordInitials: initials([...given, ...then]),
    templateWords,
  };
}

const vocabularies = new Map<string, Vocabulary>();
const byOptions = new WeakMap<AcceptanceOptions, Vocabulary>();
const NO_OPTIONS: AcceptanceOptions = {};
/** Compiled once per distinct options (a run has one per source at most), and looked up by identity first. */
function vocabularyFor(options: AcceptanceOptions = NO_OPTIONS): Vocabulary {
  let vocabulary = byOptions.get(options);
  if (vocabulary !== undefined) return vocabulary;
  const key = JSON.stringify([[...(options.languages ?? [])].sort(), options.labels ?? []]);
  vocabulary = vocabularies.get(key);
  if (vocabulary === undefined) {
    vocabulary = compileVocabulary(options);
    if (vocabularies.size < 64) vocabularies.set(key, vocabulary);
  }
  byOptions.set(options, vocabulary);
  return vocabulary;
}

/** Longer than any label with its markup: a longer head cannot be a label, so it is not normalised. */
const MAX_LABEL_LENGTH = 80;
const MAX_PLACEHOLDER_LENGTH = 40;
const MAX_TEMPLATE_LINE_LENGTH = 400;
const MAX_PLACEHOLDER_TEXT = 60;
/** What is read of a line's start for a label-led sentence or a Gherkin keyword. */
const MAX_HEAD = 160;

const MARKS = /[*_]/g;
/** Bullets, `1.` / `a)` numbering and `[ ]` / `[x]` boxes at the start of a line. No backtracking: nothing follows the loop. */
const LEADING_BULLETS = /^(?:[\s\-*•·–—+>]+|\d{1,3}[.)](?=\s|$)|[a-z][.)](?=\s)|\[[ x]?\])*/i;
/** Around a placeholder: markup, quotes and brackets before it; those and trailing punctuation after it. */
const LEADING_WRAPPERS = ' *_"\'“”‘’([';
const TRAILING_WRAPPERS = ' *_"\'“”‘’)].!?,;:…';
const WORD_CHAR = /[\p{L}\p{N}]/u;
const TOKEN = /\S+/g;

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

/** A line's start without bullets, numbering and literal bold/italic marks. */
function stripLead(text: string): string {
  return stripBullets(text.length > MAX_HEAD ? text.slice(0, MAX_HEAD) : text).replace(/^[\s*_]+/, '');
}

/** Scripts written without spaces between words: Chinese, Japanese, Thai, Lao, Khmer, Burmese. */
const UNSPACED_SCRIPT = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
let wordSegmenter: Intl.Segmenter | null = null;

/**
 * Counts words, stopping at `limit`: tokens between spaces holding a letter or digit, and in a token of
 * a script written without spaces (`ユーザーはログインできる`), the words ICU's dictionaries find in it.
 */
function countWords(text: string, limit: number): number {
  let count = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match !== null && count < limit; match = TOKEN.exec(text)) {
    const token = match[0];
    if (!WORD_CHAR.test(token)) continue;
    if (!UNSPACED_SCRIPT.test(token)) {
      count++;
      continue;
    }
    wordSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
    for (const segment of wordSegmenter.segment(token)) if (segment.isWordLike && ++count >= limit) break;
  }
  TOKEN.lastIndex = 0;
  return count;
}

/** Whether one line of (collapsed, trimmed) text is one of the SPEC §6 placeholders: `TBD`, `n/a.`, `- TBD`, `**tbd**`, `(TBD)`, `À définir`. */
function isPlaceholderLine(text: string, vocabulary: Vocabulary): boolean {
  if (text.length > MAX_PLACEHOLDER_LENGTH) return false;
  const folded = fold(text); // callers pass collapsed, trimmed text
  if (vocabulary.placeholders.has(folded)) return true; // also `-`, `--`, `...`, which the stripping below would eat
  let core = folded;
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
  return core.length > 0 && vocabulary.placeholders.has(core);
}

/**
 * Whether a line holds only template placeholders (`<context>`, `{outcome}`) and Gherkin keywords of
 * the configured languages: `Given <context> When <action> Then <outcome>`.
 */
function isTemplateLine(text: string, vocabulary: Vocabulary): boolean {
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
      if (!vocabulary.templateWords.has(fold(text.slice(i, end)))) return false;
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

/** Whether the line starts with one of the keywords (folded), as a whole word: `Given a user`, `Étant donné qu'il`, not `Givenchy`. */
function startsWithKeyword(text: string, keywords: readonly string[], vocabulary: Vocabulary): boolean {
  const head = stripLead(text);
  if (head.length === 0 || !vocabulary.keywordInitials.has(fold(head[0]!))) return false;
  const folded = fold(head);
  return keywords.some((keyword) => folded.startsWith(keyword) && (keyword.endsWith("'") || vocabulary.attached.has(keyword) || folded.length === keyword.length || !isWordChar(folded[keyword.length]!)));
}

/** Judges content line by line, as it arrives: meaningful, a placeholder, too short, or nothing. */
class ContentJudge {
  lines = 0;
  private words = 0;
  private allPlaceholder = true;
  private allTemplate = true;
  private joined = '';
  private length = 0;

  constructor(private readonly vocabulary: Vocabulary) {}

  /** Adds one line of content; blank lines are ignored. */
  add(raw: string): void {
    const text = collapseWhitespace(raw).trim();
    if (text.length === 0) return;
    this.lines++;
    this.length += text.length + 1;
    if (this.joined.length <= MAX_PLACEHOLDER_TEXT) this.joined = this.joined.length === 0 ? text : `${this.joined} ${text}`;
    if (this.allPlaceholder && !isPlaceholderLine(text, this.vocabulary)) this.allPlaceholder = false;
    if (this.allTemplate && !isTemplateLine(text, this.vocabulary)) this.allTemplate = false;
    if (this.words < 3) this.words += countWords(stripBullets(text), 3 - this.words);
  }

  /** The placeholder as written (at most 60 characters), or null when the content is not one. */
  placeholder(): string | null {
    if (this.lines === 0) return null;
    const whole = this.length <= MAX_PLACEHOLDER_LENGTH && isPlaceholderLine(this.joined, this.vocabulary);
    if (!this.allPlaceholder && !this.allTemplate && !whole) return null;
    return truncate(this.joined);
  }

  /** One or two words that are no placeholder (`Works fine`), as written; null otherwise. */
  tooShort(): string | null {
    return this.words > 0 && this.words < 3 && this.placeholder() === null ? truncate(this.joined) : null;
  }

  meaningful(): boolean {
    return this.words >= 3 && this.placeholder() === null;
  }
}

/** Why content that is not meaningful fails: the first placeholder, else the first too-short text, else nothing (empty). */
class Shortfall {
  placeholder: string | null = null;
  tooShort: string | null = null;

  note(judge: ContentJudge): void {
    this.placeholder ??= judge.placeholder();
    this.tooShort ??= judge.tooShort();
  }

  merge(other: Shortfall): void {
    this.placeholder ??= other.placeholder;
    this.tooShort ??= other.tooShort;
  }
}

const judgeText = (text: string, options?: AcceptanceOptions): ContentJudge => {
  const judge = new ContentJudge(vocabularyFor(options));
  for (const line of text.split('\n')) judge.add(line);
  return judge;
};

/** Whether text is meaningful acceptance criteria content (SPEC §6): not a placeholder, at least 3 words. */
export function isMeaningful(text: string, options?: AcceptanceOptions): boolean {
  return judgeText(text, options).meaningful();
}

/** Whether text is a placeholder (`TBD`, `n/a`, `see description`…) or unfilled template text (SPEC §6). */
export function isPlaceholder(text: string, options?: AcceptanceOptions): boolean {
  return judgeText(text, options).placeholder() !== null;
}

/** Whether every non-empty line holds only `<…>` / `{…}` placeholders and Gherkin keywords. */
export function isTemplateText(text: string, options?: AcceptanceOptions): boolean {
  const vocabulary = vocabularyFor(options);
  let any = false;
  for (const line of text.split('\n')) {
    const trimmed = collapseWhitespace(line).trim();
    if (trimmed.length === 0) continue;
    if (!isTemplateLine(trimmed, vocabulary)) return false;
    any = true;
  }
  return any;
}

/**
 * Around a label, what people write that is no part of it: emoji and symbols (`✅ Acceptance Criteria`),
 * Jira's wiki emoticons (`(/)`, `(i)`) and Jira Cloud's emoji by short name (`:check_mark:`, the text of
 * an ADF emoji node), section numbers (`3.`, `2.1`, `IV.`) before it; an abbreviation in
 * brackets (`(ACs)`), emoji, or a second name after a slash (`/ Definition of Done`) after it.
 */
const LABEL_LEAD = /^(?:[\s*_]|[\p{Extended_Pictographic}\p{So}\p{Sk}\uFE0F\u200D#]|\([a-z/!?*+-]{1,3}\)|:[a-z][a-z0-9_+-]{0,40}:(?=\s)|(?:\d{1,3}(?:\.\d{1,3})*|[IVX]{1,4})[.)](?=\s))+/u;
const LABEL_TAIL = /(?:\s*(?:\([^()]{1,20}\)|[\p{Extended_Pictographic}\p{So}\uFE0F\u200D]|\/[^/]{1,40}))+$/u;

/** Whether `head` (a line's text before any colon) is an AC label or abbreviation, as written or within its decoration. */
function isLabel(head: string, vocabulary: Vocabulary): boolean {
  if (head.length === 0 || head.length > MAX_LABEL_LENGTH) return false;
  const bare = collapseWhitespace(head.includes('*') || head.includes('_') ? head.replace(MARKS, '') : head).trim();
  if (namesLabel(bare, vocabulary)) return true;
  const led = bare.replace(LABEL_LEAD, '');
  const core = led.replace(LABEL_TAIL, '').trim();
  if (core !== bare && namesLabel(core, vocabulary)) return true;
  // The label as the second of two names (`Requirements / Acceptance Criteria`).
  const second = FIRST_NAME.exec(led);
  return second !== null && namesLabel(led.slice(second[0].length).replace(LABEL_TAIL, '').trim(), vocabulary);
}

/** Whether text, bare of decoration, is an abbreviation as written or a label. */
const namesLabel = (text: string, vocabulary: Vocabulary): boolean => text.length > 0 && (ABBREVIATIONS.has(text.replace(CURLY_APOSTROPHES, "'")) || vocabulary.labels.has(fold(text)));

/** A first name before a slash, where the label comes second (`Definition of Done / Acceptance Criteria`). */
const FIRST_NAME = /^[^/]{1,40}\/\s*/;

/** After a label in a phrase that ends with a colon: `for this story`, `of the export`, `are as follows`, `below`. */
const PHRASE_REST = /^(?:(?:for|of|in)(?: (?!(?:is|are)\b)[\p{L}\p{N}][\p{L}\p{N}'-]*){1,4}|(?:are|is)(?: as follows| the following)?|as follows|below)$/u;

/** A label in a short phrase before a colon: `The acceptance criteria are as follows`, or in a configured language its article and verb (`Les critères d'acceptation sont`). */
function isLabelPhrase(head: string, vocabulary: Vocabulary): boolean {
  if (head.length > MAX_LABEL_LENGTH) return false;
  const folded = fold(collapseWhitespace(head.replace(MARKS, '')).trim().replace(vocabulary.article, ''));
  for (const label of vocabulary.labels) {
    if (folded.length > label.length + 1 && folded.startsWith(label) && folded[label.length] === ' ') {
      const rest = folded.slice(label.length + 1).trim();
      // English phrases, or any configured language's verb alone (`sont :`, `sind:`).
      if (PHRASE_REST.test(rest) || vocabulary.verbs.has(rest)) return true;
    }
  }
  return false;
}

/** Whether a line can start with a label at all: every label and abbreviation starts with one of few letters (after any decoration). */
function mayStartWithLabel(text: string, vocabulary: Vocabulary, start = 0): boolean {
  let first = start;
  while (first < text.length && (text[first] === '*' || text[first] === '_' || text[first] === ' ')) first++;
  if (first >= text.length) return false;
  if (vocabulary.labelInitials.has(fold(text[first]!))) return true;
  // Decoration starts with no letter but a roman numeral's: most lines are ruled out without a regex.
  const code = text.charCodeAt(first);
  if (isWordChar(text[first]!) && !(code >= 0x30 && code <= 0x39) && code !== 0x49 && code !== 0x56 && code !== 0x58) return labelAfterSlash(text, first, vocabulary);
  const lead = LABEL_LEAD.exec(text.slice(first, first + 24));
  const next = lead === null ? -1 : first + lead[0].length;
  return next > first && next < text.length && vocabulary.labelInitials.has(fold(text[next]!));
}

/** Whether a label may come second, after a short first name and a slash (`Requirements / Acceptance Criteria`). */
function labelAfterSlash(text: string, first: number, vocabulary: Vocabulary): boolean {
  // Looked for within the first name's length only: a sentence of a long line must cost no more than that.
  const end = Math.min(text.length, first + 41);
  let slash = first;
  while (slash < end && text.charCodeAt(slash) !== 0x2f) slash++;
  if (slash >= end) return false;
  let next = slash + 1;
  while (next < text.length && (text[next] === ' ' || text[next] === '*' || text[next] === '_')) next++;
  return next < text.length && vocabulary.labelInitials.has(fold(text[next]!));
}

/** The first colon from `from`, `:` or the full-width `：` of Chinese and Japanese text; -1 when none. */
function colonAt(text: string, from: number): number {
  const colon = text.indexOf(':', from);
  const wide = text.indexOf('\uff1a', from);
  return wide === -1 || (colon !== -1 && colon < wide) ? colon : wide;
}

function matchLabel(text: string, vocabulary: Vocabulary): string | null {
  const the = vocabulary.article.exec(text);
  if (!mayStartWithLabel(text, vocabulary, the === null ? 0 : the[0].length)) return null;
  let colon = colonAt(text, 0);
  // The colons of decoration (`:check_mark: Acceptance Criteria:`) are not the label's.
  if (colon !== -1 && colon < MAX_LABEL_LENGTH) {
    const lead = LABEL_LEAD.exec(text);
    if (lead !== null && lead[0].length > colon) colon = colonAt(text, lead[0].length);
  }
  const head = colon === -1 ? text : text.slice(0, colon);
  // Before a colon, also a label in a phrase: `Acceptance criteria for this story:`, `The acceptance criteria are as follows:`.
  if (!(the === null && isLabel(head, vocabulary)) && !(colon !== -1 && isLabelPhrase(head, vocabulary))) return null;
  if (colon === -1) return '';
  // `*Acceptance criteria:* text`: the closing marks of a literal bold label are not content
  return text.slice(colon + 1).replace(/^[\s*_]+/, '');
}

/**
 * If the line is an AC label (`Acceptance criteria`, `**AC:**`, `Conditions of satisfaction:`, with
 * `languages`: `Akzeptanzkriterien`) or starts with one and a colon, the content after it ('' if none);
 * otherwise null.
 */
export function matchAcceptanceLabel(text: string, options?: AcceptanceOptions): string | null {
  return matchLabel(text, vocabularyFor(options));
}

/**
 * Where the sentence going on at `from` ends: at `.`, `!` or `?` before a space, not after a digit
 * (`1. The user …` is numbering); the line's length when it does not. Hops from space to space.
 */
function sentenceEnd(text: string, from: number): number {
  for (let space = text.indexOf(' ', from + 1); space !== -1; space = text.indexOf(' ', space + 1)) {
    const c = text.charCodeAt(space - 1);
    if (c !== 0x2e && c !== 0x21 && c !== 0x3f) continue;
    const before = text.charCodeAt(space - 2);
    if (!(before >= 0x30 && before <= 0x39)) return space - 1;
  }
  return text.length;
}

/**
 * A label-led sentence (SPEC §6) starting at `start`: a full label, not an abbreviation, then `is`,
 * `are`, `for` (or the configured languages' equivalents) or a dash: `Acceptance criteria for this
 * story is that …`. The sentence's words after that connector, or null when it is no such sentence.
 */
function matchLabelSentence(text: string, start: number, vocabulary: Vocabulary): string | null {
  if (!mayStartWithLabel(text, vocabulary, start)) return null;
  // the first words, bold/italic marks removed, and where each ends in the line (collapsed: one space apart)
  const words: string[] = [];
  let end = start;
  while (words.length <= vocabulary.labelWords && end < text.length && end < start + MAX_HEAD) {
    const space = text.indexOf(' ', end);
    const word = text.slice(end, space === -1 ? text.length : space).replace(MARKS, '');
    end = space === -1 ? text.length : space + 1;
    if (word.length === 0) continue;
    words.push(word);
    const count = words.length - 1;
    // `Akzeptanzkriterien sind, dass …`: a comma may follow the connector.
    if (count > 0 && vocabulary.connectors.has(fold(word.replace(TRAILING_COMMA, ''))) && vocabulary.labels.has(fold(words.slice(0, count).join(' ')))) {
      return text.slice(end, sentenceEnd(text, end)).replace(/^[\s*_]+/, '');
    }
  }
  return null;
}

/**
 * The first label-led sentence of a line that makes a section, judged; null when there is none. Any
 * sentence of the line may be it: `We need a refund view. Acceptance criteria are that …`.
 */
function findLabelSentence(text: string, vocabulary: Vocabulary): ContentJudge | null {
  for (let start = 0; start < text.length; ) {
    const rest = matchLabelSentence(text, start, vocabulary);
    const judge = rest === null ? null : judgeLabelSentence(rest, vocabulary);
    if (judge !== null) return judge;
    const end = sentenceEnd(text, start);
    start = end + 2;
  }
  return null;
}

const TRAILING_COMMA = /,$/;

/**
 * The last clause of a label-led sentence's words: after the last verb (`… for this story is TBD`, `… für
 * diese Story sind offen`), colon (`… for login: TBD`) or dash; empty when there is none.
 */
function lastClause(rest: string, vocabulary: Vocabulary): string {
  const words = rest.trim().split(/\s+/);
  for (let index = words.length - 2; index >= 0; index--) {
    const word = words[index]!;
    if (word.endsWith(':') || DASHES.includes(word) || vocabulary.verbs.has(fold(word.replace(TRAILING_COMMA, '')))) return words.slice(index + 1).join(' ');
  }
  return '';
}

/**
 * Judges a label-led sentence's words after its connector: three words or more are criteria, unless
 * its last clause is a placeholder (`… for this story is TBD`), as a Product Owner reads it. Fewer are
 * no sentence, unless they are a placeholder (`Acceptance criteria are TBD`). Null: no section.
 */
function judgeLabelSentence(rest: string, vocabulary: Vocabulary): ContentJudge | null {
  const judge = new ContentJudge(vocabulary);
  const tail = lastClause(rest, vocabulary);
  if (tail.length > 0 && isPlaceholderLine(tail, vocabulary)) {
    judge.add(tail);
    return judge;
  }
  judge.add(rest);
  if (judge.meaningful() || judge.placeholder() !== null) return judge;
  return null;
}

/** A label-like paragraph line ends a section: a whole-bold line, or at most five words ending with a colon (SPEC §6). */
function isLabelLike(line: DocumentLine, vocabulary: Vocabulary): boolean {
  const { text } = line;
  const labelLike =
    line.bold || (text.length <= 120 && (isLiteralBold(text) || (endsWithColon(text) && text.split(' ').length <= 5)));
  // A bold `TBD` or a `TBD:` under the label is the section's (placeholder) content, not a new label.
  return labelLike && !isPlaceholderLine(text, vocabulary);
}

/** `Notes:`, also with literal bold marks after the colon (`*Notes:*`). */
function endsWithColon(text: string): boolean {
  let end = text.length;
  while (end > 0 && (text[end - 1] === '*' || text[end - 1] === '_' || text[end - 1] === ' ')) end--;
  return end > 0 && (text[end - 1] === ':' || text[end - 1] === '\uff1a');
}

/** `*Notes*`, `**Notes**:` or `__Notes__` left as literal markup in a plain-text line. */
function isLiteralBold(text: string): boolean {
  const end = text.endsWith(':') ? text.length - 1 : text.length;
  if (end < 3) return false;
  if (text.startsWith('__')) return end > 4 && text.startsWith('__', end - 2);
  return text[0] === '*' && text[end - 1] === '*' && text[1] !== ' ' && text[end - 2] !== ' ';
}

/**
 * Lines that may carry a label. A list item or table cell holds paragraphs (ADF `listItem` > `paragraph`,
 * HTML `<li>`, a wiki `* Acceptance criteria:` line), so `- Acceptance criteria:` followed by nested items
 * is a section too, as a reader of the story would take it. Code never is.
 */
const STARTS_SECTION: ReadonlySet<LineRole> = new Set(['heading', 'paragraph', 'title', 'item', 'cell']);
/** Lines that may be a label-led sentence: prose, not a heading or a title. */
const STARTS_SENTENCE: ReadonlySet<LineRole> = new Set(['paragraph', 'item', 'cell']);
const SECTION_CONTENT: ReadonlySet<LineRole> = new Set(['paragraph', 'item', 'cell', 'code']);
/**
 * The heading level that ends a section, by the role of the line that started it (a heading: its own
 * level). A paragraph label's section ends at any heading; a panel's or expand's title labels the
 * container's content, which the container's end bounds, so no heading inside it ends the section.
 */
const SECTION_LEVEL: Partial<Record<LineRole, number>> = { paragraph: 6, item: 6, cell: 6, title: 0 };

// ---------------------------------------------------------------------------------------------------
// The finder

type Verdict = { ok: true } | { ok: false; shortfall: Shortfall; found: boolean };

/** Case 1: the dedicated field, with a leading AC label line or prefix ignored. */
function judgeField(doc: RichDocument, vocabulary: Vocabulary): Verdict {
  const judge = new ContentJudge(vocabulary);
  let first = true;
  let found = false;
  walkLines(doc, (line) => {
    found = true;
    let text = line.text;
    if (first) {
      first = false;
      const rest = matchLabel(text, vocabulary);
      if (rest !== null) {
        if (rest.length === 0) return false;
        text = rest;
      }
    }
    judge.add(text);
    return judge.meaningful();
  });
  if (judge.meaningful()) return { ok: true };
  const shortfall = new Shortfall();
  shortfall.note(judge);
  return { ok: false, shortfall, found };
}

/** Labels of what a story holds besides its criteria: right under an AC heading they still end its section. */
const NOT_CRITERIA: ReadonlySet<string> = new Set([
  'notes', 'note', 'out of scope', 'not in scope', 'dependencies', 'assumptions', 'open questions', 'questions', 'risks',
  'technical notes', 'tech notes', 'implementation notes', 'design', 'designs', 'mockups', 'links', 'references',
  'background', 'context', 'description', 'summary', 'definition of done', 'dod', 'comments', 'attachments',
]);

/** Whether a label-like line names what is no criteria: `Notes:`, `Out of scope for now:`. */
function namesNoCriteria(text: string): boolean {
  const label = normaliseLabel(text);
  for (const other of NOT_CRITERIA) if (label === other || label.startsWith(`${other} `)) return true;
  return false;
}

/**
 * Whether a label-like line heads a part of the criteria rather than ending them: right under an AC
 * heading or a label that stands alone on its line, before any content (`## Acceptance criteria` /
 * **Happy path** / - …; `**Acceptance criteria**` / `The user can:` / - …), as a PO reads it, unless it
 * names what is no criteria (`Notes:`, `Out of scope:`, SPEC §6's own examples).
 */
function headsPartOf(section: Section, text: string): boolean {
  return (section.role === 'heading' || section.role === 'title' || section.alone) && section.judge.lines === 0 && !namesNoCriteria(text);
}

/** No container's end closes a section that has this one. */
const NO_CONTAINER = -2;

interface Section {
  /** Headings at this level or above end it. */
  level: number;
  /** The role of the label line: a label-like line of that role (or a paragraph) ends the section. */
  role: LineRole;
  container: number;
  judge: ContentJudge;
  /** The label stood alone on its line (`**Acceptance criteria**`, `AC:`): its content comes on the lines after it. */
  alone: boolean;
}

/** Cases 2 and 3 read in one pass over the description's lines. */
class DescriptionScan {
  via: 'section' | 'gherkin' | null = null;
  /** Some AC section was found (its content may be empty). */
  found = false;
  readonly shortfall = new Shortfall();
  private section: Section | null = null;
  // Gherkin: a `Given` line was seen, and whether the scenario since then holds more than template text
  private given = false;
  private filled = false;
  private bracketed = false;
  private scenario = '';
  /** A row of bare Given … Then cells was read: a table's header row, its data rows to come. */
  private headerRow = false;

  constructor(private readonly vocabulary: Vocabulary) {}

  /** Reads one line; true once the description is known to have acceptance criteria. */
  line(line: DocumentLine): boolean {
    return this.gherkin(line.text, line.role) || this.sections(line);
  }

  /**
   * The container `id` ended: a section started inside it ends too. A table row's label cell puts its
   * content in the row's other cells (SPEC §6): the section ends with the row, unless the label stood
   * alone in it, as a column's header does (`|| Acceptance criteria ||` above rows of criteria).
   */
  containerEnd(id: number): void {
    const section = this.section;
    if (section === null || section.container !== id) return;
    if (section.role === 'cell' && section.judge.lines === 0) section.container = NO_CONTAINER;
    else this.closeSection();
  }

  closeSection(): void {
    if (this.section === null) return;
    this.shortfall.note(this.section.judge);
    this.section = null;
  }

  private gherkin(text: string, role: LineRole): boolean {
    const { vocabulary } = this;
    // Under a table's header row of bare keywords (`||Given||When||Then||`), a row of cells that says
    // something is a scenario, as a PO reads the table; the table's end ends the wait.
    if (this.headerRow) {
      if (role !== 'cell') this.headerRow = false;
      // (In an AC section the section reads the rows as its content.)
      else if (this.section === null && text.trim().length > 0 && !isTemplateLine(text, vocabulary)) {
        this.via = 'gherkin';
        return true;
      }
    }
    if (startsWithKeyword(text, vocabulary.given, vocabulary)) {
      this.given = true;
      this.filled = !isTemplateLine(text, vocabulary);
      this.bracketed = hasBracketPlaceholder(text);
      this.scenario = text;
      return false;
    }
    if (!this.given) return false;
    if (!this.filled && !isTemplateLine(text, vocabulary)) this.filled = true;
    if (!this.bracketed && hasBracketPlaceholder(text)) this.bracketed = true;
    if (this.scenario.length <= MAX_PLACEHOLDER_TEXT) this.scenario += ` ${text}`;
    if (!startsWithKeyword(text, vocabulary.then, vocabulary)) return false;
    if (this.filled) {
      this.via = 'gherkin';
      return true;
    }
    // An unfilled `Given <context> … Then <outcome>` template is a placeholder, like one in a section.
    // Bare keywords in cells are a table's header row: its data rows, if any, are the scenario.
    if (this.bracketed) this.shortfall.placeholder ??= truncate(this.scenario);
    else if (role === 'cell') this.headerRow = true;
    return false;
  }

  private sections(line: DocumentLine): boolean {
    const { role, text } = line;
    const { vocabulary } = this;
    const label = STARTS_SECTION.has(role) ? matchLabel(text, vocabulary) : null;
    const open = this.section;
    if (open !== null && label === null && (role === 'heading' ? line.level <= open.level : (role === 'paragraph' || role === open.role) && isLabelLike(line, vocabulary) && !headsPartOf(open, text))) {
      this.closeSection();
    }
    if (label === null && STARTS_SENTENCE.has(role)) {
      const judge = findLabelSentence(text, vocabulary);
      if (judge !== null) {
        // that sentence is the whole section
        this.closeSection();
        this.found = true;
        if (judge.meaningful()) {
          this.via = 'section';
          return true;
        }
        this.shortfall.note(judge);
        return false;
      }
    }
    if (label !== null) {
      this.closeSection();
      this.found = true;
      const judge = new ContentJudge(vocabulary);
      judge.add(label);
      this.section = { level: SECTION_LEVEL[role] ?? line.level, role, container: line.container, judge, alone: label.length === 0 };
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

const NO_FIELDS: readonly RichDocument[] = [];

function truncate(text: string): string {
  return text.length <= MAX_PLACEHOLDER_TEXT ? text : `${cutAt(text, MAX_PLACEHOLDER_TEXT - 1).trimEnd()}…`;
}

/**
 * Whether a story has acceptance criteria (SPEC §6): meaningful content in the dedicated field, an AC
 * section with meaningful content in the description, or a Gherkin scenario in the description. When
 * none holds, says why: a placeholder, too few words, an empty field or section, or nothing at all.
 * `options` adds the labels, placeholders and Gherkin keywords of other languages, and a team's labels.
 */
export function findAcceptanceCriteria(input: AcceptanceInput, options?: AcceptanceOptions): AcceptanceResult {
  const vocabulary = vocabularyFor(options);
  const shortfall = new Shortfall();
  let found = false;
  // Any configured field with meaningful content will do; when none has, the most specific shortfall of them all.
  const fields = input.fields ?? (input.field === null || input.field === undefined ? NO_FIELDS : [input.field]);
  for (const doc of fields) {
    const field = judgeField(doc, vocabulary);
    if (field.ok) return { status: 'ok', via: 'field' };
    shortfall.merge(field.shortfall);
    found ||= field.found;
  }
  if (input.description !== null && input.description !== undefined) {
    const scan = new DescriptionScan(vocabulary);
    walkLines(
      input.description,
      (line) => scan.line(line),
      (id) => scan.containerEnd(id),
    );
    if (scan.via !== null) return { status: 'ok', via: scan.via };
    scan.closeSection();
    shortfall.merge(scan.shortfall);
    found ||= scan.found;
  }
  if (shortfall.placeholder !== null) return { status: 'placeholder', text: shortfall.placeholder };
  if (shortfall.tooShort !== null) return { status: 'too-short', text: shortfall.tooShort };
  return found ? { status: 'empty' } : { status: 'missing' };
}
