// The text layer (SPEC §6): rich text from each tracker → one small document tree, and the acceptance
// criteria finder that reads it. Connectors call parseJiraText / parseAdoText; rules read the tree.
import { parseAdf } from './adf.js';
import { parseHtml } from './html.js';
import { documentToPlainText } from './lines.js';
import { parseMarkdown } from './markdown.js';
import type { RichDocument } from './tree.js';
import { parseWiki } from './wiki.js';

export type { Block, Inline, ListItem, RichDocument } from './tree.js';
export { emptyDocument } from './tree.js';
export { parseAdf } from './adf.js';
export { parseHtml } from './html.js';
export { parseWiki } from './wiki.js';
export { parseMarkdown } from './markdown.js';
export { documentToPlainText, walkLines, type DocumentLine, type LineRole } from './lines.js';
export {
  findAcceptanceCriteria,
  isMeaningful,
  isPlaceholder,
  isTemplateText,
  matchAcceptanceLabel,
  type AcceptanceInput,
  type AcceptanceResult,
} from './acceptance.js';

/**
 * Of several acceptance criteria fields (SPEC §4: a list in the config), the first that holds text;
 * when none does, the first that is set at all (an empty field is "empty", not "missing"), else null.
 * The one document for readers of one field; the finder reads every field (acceptanceCriteriaFields).
 */
export function firstText(documents: readonly (RichDocument | null)[]): RichDocument | null {
  if (documents.length <= 1) return documents[0] ?? null;
  return documents.find((doc) => doc !== null && documentToPlainText(doc).trim() !== '') ?? documents.find((doc) => doc !== null) ?? null;
}

/**
 * A WorkItem's acceptance criteria from its configured fields' documents: the one document, and with
 * several fields configured every one that is set, since any of them with meaningful content counts
 * (SPEC §6 case 1): a first field left at `TBD` must not hide a second that holds the criteria.
 */
export function acceptanceCriteriaOf(documents: readonly (RichDocument | null)[]): { acceptanceCriteria: RichDocument | null; acceptanceCriteriaFields?: RichDocument[] } {
  const acceptanceCriteria = firstText(documents);
  if (documents.length <= 1) return { acceptanceCriteria };
  return { acceptanceCriteria, acceptanceCriteriaFields: documents.filter((doc): doc is RichDocument => doc !== null) };
}

/** Some exports and proxies hand over ADF serialised as a JSON string. */
const ADF_JSON = /^\s*\{\s*"(?:type|version|content)"/;

/**
 * A Jira field value → document: ADF (Cloud REST v3) when it is an object, wiki markup (Data Center,
 * REST v2) when it is a string; null when the field is unset or empty.
 */
export function parseJiraText(value: unknown): RichDocument | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'object') return parseAdf(value);
  if (typeof value !== 'string') return null;
  if (ADF_JSON.test(value) && value.includes('"doc"')) {
    try {
      return parseAdf(JSON.parse(value));
    } catch {
      // not JSON after all: read it as wiki markup
    }
  }
  return parseWiki(value);
}

/** An HTML tag an Azure DevOps rich-text field would hold, or an entity; `Given <context>` is no HTML. */
const HTML_MARKUP =
  /<\/?(?:div|p|br|span|b|strong|i|em|u|s|strike|ul|ol|li|table|thead|tbody|tr|td|th|h[1-6]|pre|code|blockquote|a|img|hr|font|sub|sup|input|label|section|article|details|summary)(?=[\s/>])|&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});/i;

/**
 * An Azure DevOps field value → document: HTML when it holds a tag or an entity (the usual case),
 * Markdown otherwise (orgs that enabled Markdown fields, plain text); null when unset or not a string.
 */
export function parseAdoText(value: unknown): RichDocument | null {
  if (typeof value !== 'string' || value.length === 0) return null;
  return HTML_MARKUP.test(value) ? parseHtml(value) : parseMarkdown(value);
}
