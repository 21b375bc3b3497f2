// A loopback Slack incoming webhook, from Slack's documentation (Sending messages using incoming
// webhooks; Block Kit reference; rate limits): POST JSON to /services/T…/B…/secret; 200 `ok`; errors
// as plain-text codes: 400 invalid_payload (not JSON), no_text (neither text nor blocks),
// invalid_blocks (a block Slack would refuse: over 50, a section's text over 3,000 characters, a header
// over 150, a context over 10 elements, an unknown block or text type); msg_blocks_too_long (the
// blocks' text together over about 12,000 characters: undocumented, but what Slack answers, as
// slackapi/bolt-js#2509 and #2867 measured); 404 no_service (a wrong or revoked URL); 429 rate_limited
// with Retry-After (about one message a second is allowed).
import { startWebhookServer, type Answer, type WebhookServer, type WebhookServerOptions } from './webhook.js';

export const SLACK_HOOK_PATH = '/services/T0LOOPBACK/B0LOOPBACK/loopbackSecretToken0123456789';

const text = (status: number, body: string): Answer => ({ status, body, headers: { 'content-type': 'text/plain' } });

export interface SlackServer extends WebhookServer {
  url: string;
}

export async function startSlackServer(options: WebhookServerOptions = {}): Promise<SlackServer> {
  const server = await startWebhookServer(
    ({ method, path, headers, body }) => {
      if (method !== 'POST') return text(405, 'invalid_method');
      if (path !== SLACK_HOOK_PATH) return text(404, 'no_service');
      if (!String(headers['content-type'] ?? '').startsWith('application/json')) return text(400, 'invalid_payload');
      let payload: unknown;
      try {
        payload = JSON.parse(body);
      } catch {
        return text(400, 'invalid_payload');
      }
      if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return text(400, 'invalid_payload');
      const { text: fallback, blocks } = payload as { text?: unknown; blocks?: unknown };
      if (fallback !== undefined && typeof fallback !== 'string') return text(400, 'invalid_payload');
      if (blocks === undefined && (typeof fallback !== 'string' || fallback === '')) return text(400, 'no_text');
      if (blocks !== undefined && blockProblem(blocks) !== null) return text(400, 'invalid_blocks');
      if (blocks !== undefined && blocksTextLength(blocks as unknown[]) > BLOCKS_TEXT_LIMIT) return text(400, 'msg_blocks_too_long');
      return text(200, 'ok');
    },
    (retryAfter) => ({ status: 429, body: 'rate_limited', headers: { 'content-type': 'text/plain', 'retry-after': retryAfter } }),
    options,
  );
  return { ...server, url: `${server.origin}${SLACK_HOOK_PATH}` };
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const onlyKeys = (value: Json, keys: string[]) => Object.keys(value).every((key) => keys.includes(key));

function textObject(value: unknown, types: string[], max: number): string | null {
  if (!isObject(value) || !onlyKeys(value, ['type', 'text', 'emoji', 'verbatim'])) return 'not a text object';
  if (typeof value.type !== 'string' || !types.includes(value.type)) return `text type ${String(value.type)}`;
  if (typeof value.text !== 'string' || value.text.length < 1 || value.text.length > max) return `text of ${String(value.text).length} characters (1 to ${max})`;
  if (value.emoji !== undefined && (value.type !== 'plain_text' || typeof value.emoji !== 'boolean')) return 'emoji';
  return null;
}

/** The lowest cumulative block text Slack was seen to refuse (slackapi/bolt-js#2867: 11,341 counted by a client, refused). */
const BLOCKS_TEXT_LIMIT = 12_000;

/** Every text string in the blocks, summed (sections, headers, context elements). */
function blocksTextLength(blocks: unknown[]): number {
  let sum = 0;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'text' && typeof value === 'string') sum += value.length;
      else visit(value);
    }
  };
  visit(blocks);
  return sum;
}

/** Why Slack would answer invalid_blocks, or null: the checks of the Block Kit reference for the blocks a digest uses. */
export function blockProblem(blocks: unknown): string | null {
  if (!Array.isArray(blocks) || blocks.length < 1 || blocks.length > 50) return 'blocks must be 1 to 50';
  for (const [index, block] of blocks.entries()) {
    if (!isObject(block)) return `block ${index} is not an object`;
    const problem = (() => {
      switch (block.type) {
        case 'header':
          return onlyKeys(block, ['type', 'text', 'block_id']) ? textObject(block.text, ['plain_text'], 150) : 'unknown key';
        case 'section':
          if (!onlyKeys(block, ['type', 'text', 'fields', 'accessory', 'block_id'])) return 'unknown key';
          return textObject(block.text, ['mrkdwn', 'plain_text'], 3000);
        case 'context': {
          if (!onlyKeys(block, ['type', 'elements', 'block_id'])) return 'unknown key';
          const elements = block.elements;
          if (!Array.isArray(elements) || elements.length < 1 || elements.length > 10) return 'context elements must be 1 to 10';
          return elements.map((element) => textObject(element, ['mrkdwn', 'plain_text'], 3000)).find((found) => found !== null) ?? null;
        }
        case 'divider':
          return onlyKeys(block, ['type', 'block_id']) ? null : 'unknown key';
        default:
          return `unknown block type ${String(block.type)}`;
      }
    })();
    if (problem !== null) return `block ${index}: ${problem}`;
  }
  return null;
}
