// The `notify:` section of the config (SPEC §13): where the run's digest goes. A webhook URL is a
// secret (whoever has it can post to the channel), so it is accepted only as ${env:NAME}: see
// isSecretPath in src/config/schema.ts and registerWebhookSecrets below.
import { z } from 'zod';
import { registerSecret } from '../safe-output.js';

export const NOTIFY_TYPES = ['slack', 'teams'] as const;
export type NotifyType = (typeof NOTIFY_TYPES)[number];

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** https, or http to this machine only (a loopback test server): a webhook URL must not cross a network in clear. */
const webhookUrl = z.url({ protocol: /^https?$/ }).refine(
  // Runs after a failed URL check too (zod 4): what is no URL was reported already.
  (value) => !URL.canParse(value) || new URL(value).protocol === 'https:' || LOOPBACK_HOST.test(new URL(value).hostname),
  { message: 'expected an https:// webhook URL (plain http:// is accepted only to localhost)' },
);

const reportUrl = z
  .url({ protocol: /^https?$/ })
  .describe('The link to the full report in every message; default: the CI run (GitHub Actions, Azure Pipelines, GitLab CI), else no link.');

export const notifyTargetSchema = z
  .object({
    type: z.enum(NOTIFY_TYPES).describe('slack: a Slack incoming webhook; teams: a Microsoft Teams Workflows webhook ("When a Teams webhook request is received").'),
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, ".", "_" and "-", starting with a letter or digit')
      .optional()
      .describe('How messages about this target name it (its URL is a secret and never shown); default: the type and its place in the list.'),
    url: webhookUrl.describe('The webhook URL, only as ${env:NAME}: it is a secret, refused when written in the file.'),
    audience: z.enum(['person', 'team']).default('person').describe('Group the digest per responsible person, or per team.'),
    when: z
      .enum(['new', 'always'])
      .default('new')
      .describe('new: send only when a finding is new since --compare or the baseline (without either, every finding counts as new); always: send every run that has findings or fixes.'),
    maxItems: z.int().min(1).max(50).default(10).describe('Items listed per person or team; the rest are counted ("…and 12 more").'),
    reportUrl: reportUrl.optional(),
  })
  .strict();

export const notifySchema = z
  .object({
    targets: z.array(notifyTargetSchema).min(1).describe('Where to send the digest: each target gets the whole digest.'),
    reportUrl: reportUrl.optional(),
  })
  .strict()
  .describe('Notifications: a digest of each run for Slack or Microsoft Teams, sent by check --notify, printed by check --notify-dry-run.');

export type NotifyConfig = z.infer<typeof notifySchema>;
export type NotifyTarget = z.infer<typeof notifyTargetSchema>;

/** Whether a config path is a notify target's URL: a secret, as a token is. */
export const isWebhookUrlPath = (at: readonly PropertyKey[]): boolean =>
  at.length === 4 && at[0] === 'notify' && at[1] === 'targets' && typeof at[2] === 'number' && at[3] === 'url';

/**
 * The parts of a webhook URL that are the secret, so that no output shows them even alone: Slack's
 * `T…/B…/token` path and its last segment, a Workflows URL's `sig`.
 */
export function registerWebhookSecrets(config: NotifyConfig | undefined): void {
  for (const target of config?.targets ?? []) {
    registerSecret(target.url);
    const url = new URL(target.url);
    // Only the secret parts: a Workflows URL's path and the rest of its query are the same for everyone.
    if (target.type === 'slack') {
      const segments = url.pathname.split('/').filter(Boolean);
      if (segments.length >= 2) registerSecret(segments.slice(1).join('/'));
      registerSecret(segments.at(-1));
    }
    for (const [key, value] of url.searchParams) if (key.toLowerCase() === 'sig') registerSecret(value);
  }
}

/** How messages name a target: never by its URL. */
export const targetName = (target: NotifyTarget, index: number): string => target.name ?? `${target.type}#${index + 1}`;
