// `backlint doctor` for the notify targets: each URL has the shape of its service's webhook, checked
// without posting anything (a test post would reach a channel). The URL itself is never shown; its
// host is not secret.
import type { DoctorCheck } from '../connectors/index.js';
import { targetName, type NotifyConfig, type NotifyTarget } from './schema.js';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

export function doctorNotify(config: NotifyConfig | undefined): DoctorCheck[] {
  return (config?.targets ?? []).map((target, index) => ({ name: `${targetName(target, index)} (${target.type})`, ...judge(target) }));
}

function judge(target: NotifyTarget): { ok: boolean; detail: string } {
  const url = new URL(target.url);
  const host = url.hostname.toLowerCase();
  if (LOOPBACK.test(host)) return { ok: true, detail: `a webhook on this machine (${url.host}), not a real ${target.type === 'slack' ? 'Slack' : 'Teams'} webhook; nothing posted` };
  if (target.type === 'slack') {
    if (host === 'hooks.slack.com' && url.pathname.startsWith('/services/')) return { ok: true, detail: 'a Slack incoming webhook URL (hooks.slack.com/services/…); nothing posted' };
    if (host === 'hooks.slack.com' && url.pathname.startsWith('/triggers/')) {
      return { ok: false, detail: 'a Slack Workflow Builder trigger URL, which takes its own variables, not messages: create an incoming webhook (a Slack app with Incoming Webhooks on) and use its hooks.slack.com/services/… URL' };
    }
    return { ok: false, detail: `the URL's host is ${host}, not hooks.slack.com: a Slack incoming webhook URL starts https://hooks.slack.com/services/` };
  }
  if (host.endsWith('.webhook.office.com') || (host === 'outlook.office.com' && url.pathname.startsWith('/webhook'))) {
    return { ok: false, detail: 'an Office 365 connector (incoming webhook) URL: Microsoft has retired those. In Teams, create a workflow from the template "Post to a channel when a webhook request is received" and use its URL' };
  }
  const workflowHost = host.endsWith('.logic.azure.com') || host.endsWith('.environment.api.powerplatform.com') || host.endsWith('.api.powerplatform.com');
  if (!workflowHost) return { ok: false, detail: `the URL's host is ${host}, not a Power Automate host (*.logic.azure.com, *.environment.api.powerplatform.com): use the URL of a Teams workflow "When a Teams webhook request is received"` };
  if (!url.pathname.includes('/workflows/') || !url.searchParams.has('sig')) {
    return { ok: false, detail: `a ${host} URL without /workflows/…?…&sig=…: copy the whole URL the workflow's trigger shows, signature included` };
  }
  return { ok: true, detail: `a Teams Workflows webhook URL (${host}); nothing posted` };
}
