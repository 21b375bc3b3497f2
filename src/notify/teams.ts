// The digest as Microsoft Teams messages: a Workflows webhook ("When a Teams webhook request is
// received") takes `{ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content }] }`
// with an Adaptive Card, about 28 KB a message at most (API-NOTES). Cards use schema 1.4, which Teams renders.
import { headline, plural, shortTitle, sinceText, groupHeading, type Digest, type DigestGroup, type DigestItem } from './digest.js';
import { linesWithin, packInOrder } from './pack.js';
import { networkReason, type PostResult } from './send.js';

/** Below Teams' ~28 KB, with room for what the Workflow wraps around the card. */
export const TEAMS_MAX_BYTES = 27_000;
export const ADAPTIVE_CARD_VERSION = '1.4';

export interface TeamsMessage {
  type: 'message';
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive'; contentUrl: null; content: AdaptiveCard }];
}

export interface AdaptiveCard {
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  type: 'AdaptiveCard';
  version: string;
  msteams: { width: 'Full' };
  body: CardElement[];
  actions?: { type: 'Action.OpenUrl'; title: string; url: string }[];
}

type TextBlock = { type: 'TextBlock'; text: string; wrap: true; size?: 'Medium'; weight?: 'Bolder'; isSubtle?: true; spacing?: 'None' };
type CardElement = TextBlock | { type: 'FactSet'; facts: { title: string; value: string }[] } | { type: 'Container'; separator: true; items: TextBlock[] };

/**
 * TextBlock text is a CommonMark subset (bold, italic, lists, links): in an untrusted title every
 * character that can open inline markup is backslash-escaped, as is one that would start a list or
 * heading at the start of a line; `{{` cannot start a DATE()/TIME() function.
 */
export const escapeTeams = (text: string) => text.replace(/[\\`*_{}[\]()<>~]/g, (char) => `\\${char}`).replace(/^(\s*)([-+#]|\d+\.)/, '$1\\$2');

/** A link target: no white space or parentheses, which would end it. */
const teamsUrl = (url: string) => url.replace(/[\s()<>]/g, (char) => encodeURIComponent(char));

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

function itemLine(item: DigestItem, marked: boolean): string {
  const rules = item.ruleIds.length > 3 ? `${item.ruleIds.slice(0, 3).join(', ')} +${item.ruleIds.length - 3}` : item.ruleIds.join(', ');
  const key = item.itemKey === '' ? '' : item.url === null ? `${escapeTeams(item.itemKey)} ` : `[${escapeTeams(item.itemKey)}](${teamsUrl(item.url)}) `;
  return `- ${marked && item.isNew ? '🆕 ' : ''}${key}${escapeTeams(shortTitle(item.title))} _(${escapeTeams(rules)})_`;
}

function groupContainer(group: DigestGroup, digest: Digest, maxItems: number, budget: number): CardElement {
  const heading: TextBlock = { type: 'TextBlock', text: escapeTeams(groupHeading(group, digest)), wrap: true, weight: 'Bolder' };
  const container = (lines: string[]): CardElement => ({ type: 'Container', separator: true, items: [heading, { type: 'TextBlock', text: lines.join('\r'), wrap: true, spacing: 'None' }] });
  const emptySize = bytes(container([]));
  // JSON escapes each line break as `\r` (two bytes) and may escape characters inside a line.
  const lines = linesWithin(group.items.map((item) => itemLine(item, digest.since !== null)), maxItems, budget - emptySize, (text) => bytes(text) - 1, (rest) => `…and ${plural(rest, 'more item')}`);
  return container(lines);
}

function message(body: CardElement[], reportUrl: string | null): TeamsMessage {
  const card: AdaptiveCard = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: ADAPTIVE_CARD_VERSION,
    msteams: { width: 'Full' },
    body,
    ...(reportUrl === null ? {} : { actions: [{ type: 'Action.OpenUrl', title: 'Full report', url: reportUrl }] }),
  };
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
}

function summary(digest: Digest): CardElement[] {
  const { totals } = digest;
  const facts = [
    { title: 'Findings', value: `${totals.findings.toLocaleString('en-US')} in ${plural(totals.items, 'item')}` },
    { title: 'Errors', value: totals.errors.toLocaleString('en-US') },
    { title: 'Warnings', value: totals.warnings.toLocaleString('en-US') },
    ...(totals.known > 0 ? [{ title: 'Known (baseline)', value: totals.known.toLocaleString('en-US') }] : []),
  ];
  const since = sinceText(digest);
  if (since !== null) facts.push({ title: 'New', value: `${totals.new.toLocaleString('en-US')} ${since}` });
  if (totals.fixed !== null) facts.push({ title: 'Fixed', value: totals.fixed.toLocaleString('en-US') });
  return [
    { type: 'TextBlock', text: escapeTeams(headline(digest)), wrap: true, size: 'Medium', weight: 'Bolder' },
    // Teams reads Markdown in Fact.Title and Fact.Value too (Format cards in Teams): escaped as TextBlock text is.
    { type: 'FactSet', facts: facts.map(({ title, value }) => ({ title, value: escapeTeams(value) })) },
  ];
}

const partBlock = (index: number, count: number): TextBlock => ({ type: 'TextBlock', text: `Part ${index + 1} of ${count}`, wrap: true, isSubtle: true });

/** The digest as few cards as Teams' size allows: the totals first, then a container per person or team. */
export function renderTeams(digest: Digest, maxItems: number): TeamsMessage[] {
  const head = summary(digest);
  const base = bytes(message([partBlock(998, 999)], digest.reportUrl));
  const headBytes = head.reduce((sum, element) => sum + bytes(element) + 1, 0);
  const budget = TEAMS_MAX_BYTES - base - headBytes - 1;
  const containers = digest.groups.map((group) => ({ element: groupContainer(group, digest, maxItems, budget), size: 0 }));
  for (const container of containers) container.size = bytes(container.element) + 1;
  const parts = packInOrder(containers, (index, taken, next) => base + (index === 0 ? headBytes : 0) + taken.reduce((sum, part) => sum + part.size, 0) + next.size <= TEAMS_MAX_BYTES);
  return parts.map((taken, index) =>
    message([...(index === 0 ? head : []), ...taken.map((part) => part.element), ...(parts.length > 1 ? [partBlock(index, parts.length)] : [])], digest.reportUrl),
  );
}

/** Posts one message: a Workflows trigger answers 202 Accepted (some 200). */
export async function postTeams(url: string, payload: TeamsMessage, timeoutMs: number): Promise<PostResult> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { ok: false, status: null, retryAfter: null, detail: networkReason(error) };
  }
  const body = await response.text().catch(() => '');
  if (response.ok) return { ok: true };
  return { ok: false, status: response.status, retryAfter: response.headers.get('retry-after'), detail: teamsError(body) };
}

/** A Logic Apps / Power Automate error answer: `{ error: { code, message } }`; else the body's start. */
function teamsError(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    if (parsed.error && typeof parsed.error.code === 'string') return `${parsed.error.code}${typeof parsed.error.message === 'string' ? `: ${parsed.error.message}` : ''}`;
  } catch {
    // not JSON
  }
  return body.slice(0, 300);
}
