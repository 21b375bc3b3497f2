// The digest as Slack incoming-webhook messages (Block Kit), and their sending through @slack/webhook.
// Limits (API-NOTES, Slack's Block Kit reference): 50 blocks a message, 3,000 characters a section's
// text, 150 a header's; top-level `text` (the notification's fallback) is cut after 40,000. The blocks'
// text together has a limit too, undocumented but enforced (`msg_blocks_too_long` from about 12,000 to
// 13,300 characters, slackapi/bolt-js#2509, #2867): a message holds at most 11,000 characters of it.
import type { IncomingWebhookSendArguments } from '@slack/webhook';
import { headline, plural, shortTitle, sinceText, groupHeading, type Digest, type DigestGroup, type DigestItem } from './digest.js';
import { linesWithin, packInOrder } from './pack.js';
import { networkReason, type PostResult } from './send.js';

export const SLACK_LIMITS = { blocks: 50, sectionText: 3000, headerText: 150, text: 40_000, blocksText: 11_000 } as const;

export type SlackMessage = Required<Pick<IncomingWebhookSendArguments, 'text' | 'blocks'>>;
type Block = SlackMessage['blocks'][number];

/** Item text is untrusted: `<!channel>`, `<@U123>` or `<https://evil|bank>` must stay text. Slack asks for exactly these three escapes. */
export const escapeSlack = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A link target cannot hold `|` or `>` (they end it) or white space. */
const slackUrl = (url: string) => escapeSlack(url.replace(/[|<>\s]/g, (char) => encodeURIComponent(char)));

const link = (url: string | null, text: string) => (url === null || text === '' ? escapeSlack(text) : `<${slackUrl(url)}|${escapeSlack(text)}>`);

function itemLine(item: DigestItem, marked: boolean): string {
  const rules = item.ruleIds.length > 3 ? `${item.ruleIds.slice(0, 3).join(', ')} +${item.ruleIds.length - 3}` : item.ruleIds.join(', ');
  return `• ${marked && item.isNew ? '🆕 ' : ''}${item.itemKey === '' ? '' : `${link(item.url, item.itemKey)} `}${escapeSlack(shortTitle(item.title))} _(${escapeSlack(rules)})_`;
}

function groupBlock(group: DigestGroup, digest: Digest, maxItems: number): Block {
  const heading = `*${escapeSlack(groupHeading(group, digest))}*`;
  const lines = linesWithin(
    group.items.map((item) => itemLine(item, digest.since !== null)),
    maxItems,
    SLACK_LIMITS.sectionText - heading.length - 1,
    (text) => text.length,
    (rest) => `…and ${plural(rest, 'more item')}`,
  );
  return { type: 'section', text: { type: 'mrkdwn', text: [heading, ...lines].join('\n') } };
}

function summaryBlocks(digest: Digest): Block[] {
  const { totals } = digest;
  const known = totals.known > 0 ? `, ${totals.known.toLocaleString('en-US')} known (baseline)` : '';
  const lines = [`*${plural(totals.findings, 'finding')}* in ${plural(totals.items, 'item')}: ${plural(totals.errors, 'error')}, ${plural(totals.warnings, 'warning')}${known}.`];
  const since = sinceText(digest);
  if (since !== null) lines.push(`*${totals.new.toLocaleString('en-US')} new*${totals.fixed === null ? '' : `, ${totals.fixed.toLocaleString('en-US')} fixed`} ${escapeSlack(since)}.`);
  if (digest.reportUrl !== null) lines.push(link(digest.reportUrl, 'Full report'));
  return [
    { type: 'header', text: { type: 'plain_text', text: shortTitle(headline(digest), SLACK_LIMITS.headerText), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
  ];
}

/** The characters of text a block holds (what Slack's cumulative limit counts). */
const textOf = (block: Block): number => {
  const text = (block as { text?: { text?: unknown } }).text?.text;
  return typeof text === 'string' ? text.length : 0;
};

/** Room kept in every message for its footer: "Part n of m" and the report link. */
const FOOTER_RESERVE = 600;

/** The digest as few messages as Slack's limits allow: the header and totals first, then a section per person or team. */
export function renderSlack(digest: Digest, maxItems: number): SlackMessage[] {
  const head = summaryBlocks(digest);
  const headText = head.reduce((sum, block) => sum + textOf(block), 0);
  // Every message keeps one block for its footer (part n of m, the report link), and room for its text.
  const parts = packInOrder(
    digest.groups.map((group) => groupBlock(group, digest, maxItems)),
    (message, taken, part) =>
      (message === 0 ? head.length : 0) + taken.length + 1 + 1 <= SLACK_LIMITS.blocks &&
      (message === 0 ? headText : 0) + taken.reduce((sum, block) => sum + textOf(block), 0) + textOf(part) + FOOTER_RESERVE <= SLACK_LIMITS.blocksText,
  );
  return parts.map((blocks, index) => {
    const part = parts.length > 1 ? `Part ${index + 1} of ${parts.length}` : null;
    const footer = [part, digest.reportUrl === null ? null : link(digest.reportUrl, 'Full report')].filter((text) => text !== null);
    return {
      text: shortTitle(`${headline(digest)}${part ? ` (${part.toLowerCase()})` : ''}`, SLACK_LIMITS.text),
      blocks: [...(index === 0 ? head : []), ...blocks, ...(footer.length > 0 ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: footer.join(' · ') }] } satisfies Block] : [])],
    };
  });
}

/** Posts one message with the official client; the answer's status and Retry-After for the pacing sender. */
export async function postSlack(url: string, message: SlackMessage, timeoutMs: number): Promise<PostResult> {
  // A CommonJS package: its exports object is the `default` of its namespace, both as Node loads it and
  // in the CLI's bundle (which, unlike Node, gives no named exports for a dynamic import of one).
  const { IncomingWebhook, ErrorCode } = (await import('@slack/webhook')).default;
  let retryAfter: string | null = null;
  const webhook = new IncomingWebhook(url, {
    timeout: timeoutMs,
    retryConfig: { retries: 0 },
    // The client drops the answer's headers from its errors: keep Retry-After on the way through.
    fetch: async (input, init) => {
      const response = await fetch(input, init as RequestInit);
      retryAfter = response.headers.get('retry-after');
      return response;
    },
  });
  try {
    await webhook.send(message);
    return { ok: true };
  } catch (error) {
    const failure = error as { code?: string; statusCode?: number; body?: unknown; original?: Error };
    if (failure.code === ErrorCode.HTTPError && typeof failure.statusCode === 'number') {
      return { ok: false, status: failure.statusCode, retryAfter, detail: typeof failure.body === 'string' ? failure.body : '' };
    }
    return { ok: false, status: null, retryAfter: null, detail: networkReason(failure.original ?? error) };
  }
}
