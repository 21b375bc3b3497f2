// backlint annotate's comment in Jira's two markups (SPEC §13): ADF on Cloud, with a real mention node
// ({ type: 'mention', attrs: { id: accountId, text: '@Name' } }), and wiki markup on Data Center, with
// `[~username]`. Item text (rule messages quote titles and names) is untrusted: in ADF it only ever goes
// into text nodes; in wiki markup every markup character is escaped.
import { COMMENT_TEXT, footerMarker, type CommentContent } from '../../annotate/types.js';

type AdfInline = { type: 'text'; text: string; marks?: { type: string; attrs?: Record<string, string> }[] } | { type: 'mention'; attrs: { id: string; text: string } };
type AdfBlock = { type: 'paragraph'; content: AdfInline[] } | { type: 'bulletList'; content: { type: 'listItem'; content: AdfBlock[] }[] };

/** A Cloud account id: `557058:…`, `5b10a2844c20165700ede21g`, `712020:uuid`; an email or a display name is none. */
const looksLikeAccountId = (id: string) => /^[A-Za-z0-9:_-]{6,128}$/.test(id) && !id.includes('@');

const text = (value: string, marks?: { type: string; attrs?: Record<string, string> }[]): AdfInline => ({ type: 'text', text: value, ...(marks ? { marks } : {}) });

/** The comment as an ADF document (Jira Cloud, REST v3). */
export function renderAdfComment(content: CommentContent): { type: 'doc'; version: 1; content: AdfBlock[] } {
  const footer: AdfBlock = { type: 'paragraph', content: [text(`${COMMENT_TEXT.footer} `, [{ type: 'em' }]), text(footerMarker(content), [{ type: 'code' }])] };
  if (content.state === 'resolved') return { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [text(COMMENT_TEXT.resolved)] }, footer] };
  const lead: AdfInline[] =
    content.mention && looksLikeAccountId(content.mention.id)
      ? [{ type: 'mention', attrs: { id: content.mention.id, text: `@${content.mention.displayName}` } }, text(`${COMMENT_TEXT.mentionLead}${COMMENT_TEXT.openLead(content.findings.length)}`)]
      : content.mention
        ? [text(`${content.mention.displayName}${COMMENT_TEXT.mentionLead}${COMMENT_TEXT.openLead(content.findings.length)}`)]
        : [text(`${COMMENT_TEXT.nobody}${COMMENT_TEXT.openLead(content.findings.length)}`)];
  const list: AdfBlock = {
    type: 'bulletList',
    content: content.findings.map((finding) => ({
      type: 'listItem',
      content: [
        {
          type: 'paragraph',
          content: [
            text(`${finding.severity} ${finding.ruleId}`, [{ type: 'strong' }]),
            text(`: ${finding.message}`),
            ...(finding.docsUrl ? [text(' ('), text(COMMENT_TEXT.docs, [{ type: 'link', attrs: { href: finding.docsUrl } }]), text(')')] : []),
          ],
        },
      ],
    })),
  };
  return { type: 'doc', version: 1, content: [{ type: 'paragraph', content: lead }, list, footer] };
}

/** Wiki markup's special characters, escaped with a backslash; line breaks become spaces (one finding, one line). */
export function escapeWiki(value: string): string {
  return value
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\[\]{}*_+^~|!#]/g, (char) => `\\${char}`)
    // `-strike-`, `--`, `----` and `??citation??` need a dash next to a space or another dash, or two question marks.
    .replace(/(^|\s|-)-|-(?=\s|$|-)/g, (match) => match.replace('-', '\\-'))
    .replace(/\?\?/g, '\\?\\?');
}

/** A Data Center user name as `[~name]` takes it: no `]`, `[`, `|` or white space. */
export const looksLikeUsername = (id: string) => /^[^\]\s[|]{1,255}$/.test(id);

/** The comment in wiki markup (Jira Data Center / Server, REST v2). */
export function renderWikiComment(content: CommentContent): string {
  const footer = `_${escapeWiki(COMMENT_TEXT.footer)}_ {{${footerMarker(content)}}}`;
  if (content.state === 'resolved') return `${escapeWiki(COMMENT_TEXT.resolved)}\n\n${footer}`;
  const count = content.findings.length;
  const lead =
    content.mention && looksLikeUsername(content.mention.id)
      ? `[~${content.mention.id}]${COMMENT_TEXT.mentionLead}${escapeWiki(COMMENT_TEXT.openLead(count))}`
      : content.mention
        ? `${escapeWiki(content.mention.displayName)}${COMMENT_TEXT.mentionLead}${escapeWiki(COMMENT_TEXT.openLead(count))}`
        : escapeWiki(`${COMMENT_TEXT.nobody}${COMMENT_TEXT.openLead(count)}`);
  const lines = content.findings.map((finding) => {
    const docs = finding.docsUrl ? ` ([${COMMENT_TEXT.docs}|${finding.docsUrl.replace(/[|\]\s]/g, encodeURIComponent)}])` : '';
    return `* *${finding.severity} ${escapeWiki(finding.ruleId)}*: ${escapeWiki(finding.message)}${docs}`;
  });
  return `${lead}\n${lines.join('\n')}\n\n${footer}`;
}

/** The plain text of an ADF document (to read the footer back). */
export function adfText(node: unknown, depth = 0): string {
  if (depth > 100 || node === null || typeof node !== 'object') return '';
  const record = node as { text?: unknown; content?: unknown };
  const own = typeof record.text === 'string' ? record.text : '';
  const children = Array.isArray(record.content) ? record.content.map((child) => adfText(child, depth + 1)).join(' ') : '';
  return `${own}${children}`;
}
