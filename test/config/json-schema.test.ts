// backlint.schema.json describes the config file as written, before ${env:…} is substituted: what an
// editor or a CI schema check says of a config must be what the loader says (helper-found drift: every
// URL field was format "uri", so the README's `url: ${env:SLACK_WEBHOOK_URL}` was invalid to the schema,
// and a literal webhook URL, which the loader refuses, was valid).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(path.join(ROOT, 'backlint.schema.json'), 'utf8')) as object);

const jira = (baseUrl: string) => ({ sources: [{ name: 'pay', type: 'jira', baseUrl, auth: { email: 'bot@acme.example', token: '${env:JIRA_API_TOKEN}' }, projects: ['PAY'] }] });
const notify = (url: string) => ({ ...jira('https://acme.atlassian.net'), notify: { targets: [{ type: 'slack', url }] } });

describe('backlint.schema.json, as the config is written', () => {
  it.each([
    ['a site URL', jira('https://acme.atlassian.net')],
    ['a site URL from the environment', jira('${env:JIRA_BASE_URL}')],
    ['a token in the site URL', jira('https://ci-bot:${env:JIRA_API_TOKEN}@acme.atlassian.net')],
    ['a webhook from the environment (the only form the loader takes)', notify('${env:SLACK_WEBHOOK_URL}')],
  ])('accepts %s', (_what, config) => {
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['a webhook URL written out (a secret: the loader refuses it)', notify('https://hooks.slack.com/services/T0/B0/abc')],
    ['a site that is no URL and no ${env:…}', jira('acme.atlassian.net')],
  ])('refuses %s', (_what, config) => {
    expect(validate(config)).toBe(false);
  });
});
