// The notify stage of `check` (SPEC §13): after the reports are written, each `notify:` target gets
// the run's digest (--notify), or the payloads are printed instead (--notify-dry-run). It never runs
// when the run could not complete (exit 2): the runner threw before this stage. A failed send makes
// the run exit 2, with the reports already in place.
import type { Report } from '../model.js';
import { redactSecretsIn } from '../safe-output.js';
import { buildDigest, reportUrlFrom, sinceText, worthSending } from './digest.js';
import { targetName, type NotifyConfig, type NotifyTarget } from './schema.js';
import { DEFAULT_PACE, newPacer, sendPaced, type PaceOptions, type PostResult } from './send.js';
import { postSlack, renderSlack } from './slack.js';
import { postTeams, renderTeams } from './teams.js';

export type NotifyMode = 'send' | 'dry-run';

export interface NotifyInput {
  mode: NotifyMode;
  config: NotifyConfig;
  report: Report;
  env: NodeJS.ProcessEnv;
  pace?: PaceOptions;
  timeoutMs?: number;
}

export interface NotifyOutcome {
  /** --notify-dry-run: one JSON line per message, `{ target, type, message, of, payload }`, payload exactly as it would be posted. */
  payloads: string[];
  /** For stderr: what was sent, skipped or failed, per target (never a URL). */
  messages: string[];
  failed: boolean;
}

export async function runNotify(input: NotifyInput): Promise<NotifyOutcome> {
  const outcome: NotifyOutcome = { payloads: [], messages: [], failed: false };
  // As reports are: no secret this process read leaves it, not even pasted into an item's title. The
  // findings are cleaned before a title is cut, so that no cut-off part of a secret escapes either.
  const report: Report = { ...input.report, findings: redactSecretsIn(structuredClone(input.report.findings)) };
  // At most one message a second for the whole run, whichever target: two targets may share a webhook.
  const pacer = newPacer();
  for (const [index, target] of input.config.targets.entries()) {
    const name = targetName(target, index);
    const digest = buildDigest(report, target.audience, reportUrlFrom(target.reportUrl ?? input.config.reportUrl, input.env));
    if (!worthSending(digest, target.when)) {
      const why = target.when === 'new' ? `nothing new${digest.since ? ` ${sinceText(digest)}` : ''}` : 'no findings and nothing fixed';
      outcome.messages.push(`Notify ${name}: ${why}, nothing ${input.mode === 'send' ? 'sent' : 'to send'}.`);
      continue;
    }
    const payloads: unknown[] = target.type === 'slack' ? renderSlack(digest, target.maxItems) : renderTeams(digest, target.maxItems);
    if (input.mode === 'dry-run') {
      payloads.forEach((payload, at) => outcome.payloads.push(JSON.stringify({ target: name, type: target.type, message: at + 1, of: payloads.length, payload })));
      outcome.messages.push(`Notify ${name} (dry run): ${messageCount(payloads.length)} would be sent, printed as JSON lines; nothing was sent.`);
      continue;
    }
    const sent = await sendPaced(payloads, (payload) => post(target, payload, input.timeoutMs ?? 30_000), input.pace ?? DEFAULT_PACE, pacer);
    const limited = sent.throttled > 0 ? `rate limited ${sent.throttled} time${sent.throttled === 1 ? '' : 's'}` : null;
    if (sent.failure === null) {
      outcome.messages.push(`Notified ${name}: ${messageCount(sent.sent)} sent${limited === null ? '' : ` (${limited}, waited out)`}.`);
    } else {
      // Not "waited out": the last 429 may be what it gave up on.
      outcome.failed = true;
      outcome.messages.push(`backlint: notify ${name}: message ${sent.sent + 1} of ${payloads.length} failed: ${sent.failure}. ${sent.sent} of ${payloads.length} sent${limited === null ? '' : ` (${limited})`}; the reports were written.`);
    }
  }
  return outcome;
}

const messageCount = (count: number) => `${count} message${count === 1 ? '' : 's'}`;

function post(target: NotifyTarget, payload: unknown, timeoutMs: number): Promise<PostResult> {
  return target.type === 'slack' ? postSlack(target.url, payload as Parameters<typeof postSlack>[1], timeoutMs) : postTeams(target.url, payload as Parameters<typeof postTeams>[1], timeoutMs);
}
