// The notify: section (SPEC §13): webhook URLs only as ${env:…}, their secret parts redacted, and the
// README's example valid.
import { beforeEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { validateConfig } from '../../src/config/load.js';
import { BacklintError } from '../../src/errors.js';
import { forgetSecrets, guardPrinted } from '../../src/safe-output.js';
import { readmeSection } from '../helpers/readme.js';

const SLACK = 'https://hooks.slack.com/services/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';
const TEAMS = 'https://prod-27.westeurope.logic.azure.com:443/workflows/5f0c/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Q1w2E3r4T5y6U7i8O9p0AsDfGhJk';
const source = { name: 'pay', type: 'jira-export', path: 'export.json' };

const validate = (notify: unknown, env: NodeJS.ProcessEnv = {}) => validateConfig({ sources: [source], notify }, 'backlint.config.yaml', '/tmp', env);

function configError(notify: unknown, env: NodeJS.ProcessEnv = {}): BacklintError {
  try {
    validate(notify, env);
  } catch (error) {
    expect(error).toBeInstanceOf(BacklintError);
    return error as BacklintError;
  }
  throw new Error('expected a config error');
}

beforeEach(() => forgetSecrets());

describe('notify config', () => {
  it('takes targets with defaults', () => {
    const config = validate({ targets: [{ type: 'slack', url: '${env:HOOK}' }] }, { HOOK: SLACK });
    expect(config.notify).toEqual({ targets: [{ type: 'slack', url: SLACK, audience: 'person', when: 'new', maxItems: 10 }] });
  });

  it('refuses a literal webhook URL, naming where, never quoting it', () => {
    const error = configError({ targets: [{ type: 'teams', url: TEAMS }] });
    expect(error.message).toContain('notify.targets[0].url: a literal secret is refused. Put the webhook URL (whoever has it can post to the channel) in an environment variable');
    expect(error.message).not.toContain('Q1w2E3r4');
    expect(error.message).not.toContain('logic.azure.com');
  });

  it('refuses plain http to another machine and a URL that is none, naming the variable instead of the value', () => {
    const http = configError({ targets: [{ type: 'slack', url: '${env:HOOK}' }] }, { HOOK: SLACK.replace('https:', 'http:') });
    expect(http.message).toMatch(/notify\.targets\[0\]\.url: expected an https:\/\/ webhook URL \(plain http:\/\/ is accepted only to localhost\); found a string \(from \$\{env:HOOK\}\)/);
    expect(http.message).not.toContain('Xy9zSecret');
    const junk = configError({ targets: [{ type: 'slack', url: '${env:HOOK}' }] }, { HOOK: 'Xy9zSecretWebhookToken12' });
    expect(junk.message).toContain('found a string (from ${env:HOOK})');
    expect(junk.message).not.toContain('Xy9zSecret');
    expect(configError({ targets: [] }).message).toContain('notify.targets');
  });

  it('registers the URL and its secret parts: any output shows neither', () => {
    validate({ targets: [{ type: 'slack', url: '${env:SLACK_HOOK}' }, { type: 'teams', url: '${env:TEAMS_HOOK}' }] }, { SLACK_HOOK: SLACK, TEAMS_HOOK: TEAMS });
    expect(guardPrinted(`posting to ${SLACK}`)).toBe('posting to ***');
    expect(guardPrinted(`POST /services/T0A1B2C3D/B0A1B2C3D/Xy9zSecretWebhookToken12 failed`)).not.toMatch(/Xy9zSecret|T0A1B2C3D\/B0A1B2C3D/);
    expect(guardPrinted('token Xy9zSecretWebhookToken12, or a slice: SecretWebhook')).not.toMatch(/Xy9zSecret|SecretWeb/);
    expect(guardPrinted(`sig=Q1w2E3r4T5y6U7i8O9p0AsDfGhJk&x`)).toBe('sig=***&x');
    expect(guardPrinted(encodeURIComponent(TEAMS))).not.toContain('Q1w2E3r4');
    // The parts everyone's URL shares stay readable.
    expect(guardPrinted('triggers/manual/paths/invoke?api-version=2016-06-01 services hooks.slack.com')).toBe('triggers/manual/paths/invoke?api-version=2016-06-01 services hooks.slack.com');
  });

  it("the README's example is a valid notify section", () => {
    const yaml = /```yaml\n(notify:[\s\S]*?)```/.exec(readmeSection('## Notifications'))?.[1];
    expect(yaml).toBeDefined();
    const config = validateConfig({ sources: [source], ...YAML.parse(yaml!) }, 'README.md', '/tmp', { SLACK_WEBHOOK_URL: SLACK, TEAMS_WEBHOOK_URL: TEAMS });
    expect(config.notify?.targets.map((target) => [target.type, target.audience, target.when, target.maxItems])).toEqual([
      ['slack', 'person', 'new', 10],
      ['teams', 'team', 'always', 5],
    ]);
  });
});
