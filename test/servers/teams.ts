// A loopback Microsoft Teams Workflows webhook ("When a Teams webhook request is received"), from
// Microsoft's documentation (Create incoming webhooks with Workflows; Adaptive Cards schema explorer and
// text features; Power Automate request limits): POST JSON `{ type: 'message', attachments: [{
// contentType: 'application/vnd.microsoft.card.adaptive', content: <card> }] }` to
// /workflows/{id}/triggers/manual/paths/invoke?…&sig=…; 202 Accepted with no body. Errors as Logic Apps
// answers them, `{ error: { code, message } }`: 401 DirectApiInvalidAuthorizationSignature (a wrong
// sig), 400 InvalidRequestContent (not JSON, or not a message with an Adaptive Card), 429 with
// Retry-After. Stricter than the service, so tests catch what Teams would fail to post later: a card
// that breaks the Adaptive Card schema (checked with ajv against the part of the schema the digest
// uses, written from the schema explorer, since the schema file itself is not vendored) is a 400
// InvalidRequestContent, and a payload over 28 KB, Teams' message limit, a 413 MessageTooLarge.
import { Ajv } from 'ajv';
import { startWebhookServer, type Answer, type WebhookServer, type WebhookServerOptions } from './webhook.js';

export const TEAMS_HOOK_PATH = '/workflows/0a1b2c3d4e5f/triggers/manual/paths/invoke';
export const TEAMS_SIG = 'loopbackSig0123456789abcdefABCDEF';
export const TEAMS_MAX_PAYLOAD_BYTES = 28 * 1024;

const error = (status: number, code: string, message: string): Answer => ({ status, body: JSON.stringify({ error: { code, message } }), headers: { 'content-type': 'application/json' } });

/** An enum the Adaptive Card schema matches case-insensitively (`Bolder` and `bolder`). */
const anyCase = (...values: string[]) => ({
  type: 'string',
  pattern: `^(?:${values.map((value) => [...value].map((char) => (/[a-z]/i.test(char) ? `[${char.toLowerCase()}${char.toUpperCase()}]` : char)).join('')).join('|')})$`,
});

const common = {
  id: { type: 'string' },
  isVisible: { type: 'boolean' },
  separator: { type: 'boolean' },
  spacing: anyCase('default', 'none', 'small', 'medium', 'large', 'extraLarge', 'padding'),
  height: anyCase('auto', 'stretch'),
  requires: { type: 'object' },
  fallback: {},
};

/** An element of the card's body: its type, the properties it requires, and every property it may have. */
const element = (type: string, required: string[], properties: Record<string, unknown>) => ({
  type: 'object',
  required: ['type', ...required],
  additionalProperties: false,
  properties: { ...common, type: { const: type }, ...properties },
});

const textBlock = element('TextBlock', ['text'], {
  text: { type: 'string' },
  color: anyCase('default', 'dark', 'light', 'accent', 'good', 'warning', 'attention'),
  fontType: anyCase('default', 'monospace'),
  horizontalAlignment: anyCase('left', 'center', 'right'),
  isSubtle: { type: 'boolean' },
  maxLines: { type: 'number' },
  size: anyCase('default', 'small', 'medium', 'large', 'extraLarge'),
  weight: anyCase('default', 'lighter', 'bolder'),
  wrap: { type: 'boolean' },
  style: anyCase('default', 'heading'),
});

const factSet = element('FactSet', ['facts'], {
  facts: { type: 'array', items: { type: 'object', required: ['title', 'value'], additionalProperties: false, properties: { title: { type: 'string' }, value: { type: 'string' } } } },
});

const openUrl = {
  type: 'object',
  required: ['type', 'url'],
  additionalProperties: false,
  properties: { type: { const: 'Action.OpenUrl' }, url: { type: 'string', pattern: '^https?://' }, title: { type: 'string' }, id: { type: 'string' }, tooltip: { type: 'string' }, style: anyCase('default', 'positive', 'destructive') },
};

const cardSchema = {
  $id: 'card',
  type: 'object',
  required: ['type', 'version'],
  additionalProperties: false,
  definitions: {
    element: { oneOf: [textBlock, factSet, { $ref: '#/definitions/container' }] },
    container: element('Container', ['items'], {
      items: { type: 'array', items: { $ref: '#/definitions/element' } },
      style: anyCase('default', 'emphasis', 'good', 'attention', 'warning', 'accent'),
      bleed: { type: 'boolean' },
      verticalContentAlignment: anyCase('top', 'center', 'bottom'),
    }),
  },
  properties: {
    $schema: { type: 'string' },
    type: { const: 'AdaptiveCard' },
    // Teams renders cards up to 1.5 (Workflows posts through the Flow bot).
    version: { type: 'string', pattern: '^1\\.[0-5]$' },
    body: { type: 'array', items: { $ref: '#/definitions/element' } },
    actions: { type: 'array', items: openUrl },
    fallbackText: { type: 'string' },
    lang: { type: 'string' },
    msteams: { type: 'object', additionalProperties: false, properties: { width: anyCase('full') } },
  },
};

const validateCard = new Ajv({ allErrors: false, strict: false }).compile(cardSchema);

/** Why this card breaks the Adaptive Card schema (as far as the digest's elements go), or null. */
export function cardProblem(card: unknown): string | null {
  if (validateCard(card)) return null;
  const first = validateCard.errors?.[0];
  return first ? `${first.instancePath || '/'} ${first.message ?? 'is invalid'}` : 'invalid';
}

export interface TeamsServer extends WebhookServer {
  url: string;
}

export async function startTeamsServer(options: WebhookServerOptions = {}): Promise<TeamsServer> {
  const server = await startWebhookServer(
    ({ method, path, headers, body }) => {
      const url = new URL(path, 'http://127.0.0.1');
      if (method !== 'POST' || url.pathname !== TEAMS_HOOK_PATH) return error(404, 'TriggerNotFound', 'The workflow trigger was not found.');
      if (url.searchParams.get('sig') !== TEAMS_SIG) return error(401, 'DirectApiInvalidAuthorizationSignature', 'The provided authorization signature is not valid.');
      if (Buffer.byteLength(body, 'utf8') > TEAMS_MAX_PAYLOAD_BYTES) return error(413, 'MessageTooLarge', `The message is larger than ${TEAMS_MAX_PAYLOAD_BYTES} bytes.`);
      if (!String(headers['content-type'] ?? '').startsWith('application/json')) return error(400, 'InvalidRequestContent', 'The request content is not valid JSON.');
      let payload: unknown;
      try {
        payload = JSON.parse(body);
      } catch {
        return error(400, 'InvalidRequestContent', 'The request content is not valid JSON.');
      }
      const message = payload as { type?: unknown; attachments?: unknown };
      if (message === null || typeof message !== 'object' || message.type !== 'message' || !Array.isArray(message.attachments) || message.attachments.length < 1) {
        return error(400, 'InvalidRequestContent', "Expected { type: 'message', attachments: [...] }.");
      }
      for (const attachment of message.attachments as { contentType?: unknown; content?: unknown }[]) {
        if (attachment?.contentType !== 'application/vnd.microsoft.card.adaptive') return error(400, 'InvalidRequestContent', 'An attachment is not an Adaptive Card.');
        const problem = cardProblem(attachment.content);
        if (problem !== null) return error(400, 'InvalidRequestContent', `The Adaptive Card is invalid: ${problem}.`);
      }
      return { status: 202, body: '' };
    },
    (retryAfter) => ({ ...error(429, 'TooManyRequests', 'Rate limit is exceeded. Try again later.'), headers: { 'content-type': 'application/json', 'retry-after': retryAfter } }),
    options,
  );
  return { ...server, url: `${server.origin}${TEAMS_HOOK_PATH}?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${TEAMS_SIG}` };
}
