// The loopback Jira as the live-source tests use it: servers closed after each test, sources parsed
// through the real schema, and the YAML a spawned `backlint` reads. Credentials are per test file.
import { afterEach } from 'vitest';
import { jiraSourceSchema, type JiraSourceConfig } from '../../src/config/schema.js';
import { generateDataset, type Deployment } from '../servers/jira/dataset.js';
import { startJiraServer, type JiraServer, type JiraServerOptions } from '../servers/jira/server.js';

/**
 * Registers an afterEach that closes everything `serve` started (and whatever is passed to `cleanup`),
 * and returns `serve` / `sourceFor` bound to this file's email and token.
 */
export function jiraLoopback(credentials: { email: string; token: string }) {
  const { email, token } = credentials;
  let closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.map((close) => close()));
    closers = [];
  });

  /** Closes `close` after the current test. */
  const cleanup = (close: () => Promise<void>) => {
    closers.push(close);
  };

  /** Forgets what is already registered (a test that closed its server itself). */
  const forget = () => {
    closers = [];
  };

  async function serve(deployment: Deployment, count: number, extra: Partial<JiraServerOptions> = {}): Promise<JiraServer> {
    const server = await startJiraServer({ deployment, dataset: generateDataset(count), email, token, ...extra });
    cleanup(() => server.close());
    return server;
  }

  function sourceFor(server: JiraServer, deployment: Deployment, extra: Record<string, unknown> = {}): JiraSourceConfig {
    return jiraSourceSchema.parse({
      name: 'pay',
      type: 'jira',
      deployment,
      baseUrl: server.url,
      auth: deployment === 'cloud' ? { email, token } : { bearer: token },
      projects: ['PAY', 'WEB'],
      ...extra,
    });
  }

  return { serve, sourceFor, cleanup, forget };
}

/** The config lines of the live Jira source `pay` (projects PAY and WEB, secrets from JIRA_API_TOKEN / JIRA_PAT), for a spawned `backlint`. */
export const jiraSourceYaml = (baseUrl: string, deployment: Deployment, email: string): string[] => [
  'sources:',
  '  - name: pay',
  '    type: jira',
  `    deployment: ${deployment}`,
  `    baseUrl: ${baseUrl}`,
  deployment === 'cloud' ? `    auth: { email: ${email}, token: "\${env:JIRA_API_TOKEN}" }` : '    auth: { bearer: "${env:JIRA_PAT}" }',
  '    projects: [PAY, WEB]',
];
