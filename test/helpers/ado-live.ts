// The loopback Azure DevOps as the live-source tests use it: servers closed after the file, sources
// parsed through the real schema, and the YAML a spawned `backlint` reads. Token and dataset are per file.
import { afterAll } from 'vitest';
import { azureDevOpsSourceSchema, type AzureDevOpsSourceConfig } from '../../src/config/schema.js';
import type { AdoDataset } from '../servers/azure-devops/dataset.js';
import { startAdoServer, type AdoServer, type AdoServerOptions } from '../servers/azure-devops/server.js';

/** What the default WIQL must select: every item not Closed or Removed (their state category is Completed / Removed). */
export const notDone = (data: AdoDataset) => data.items.filter((item) => !['Closed', 'Removed'].includes(item.fields['System.State'] as string)).map((item) => item.id);

/**
 * Registers an afterAll that closes every server `serve` started, and returns `serve` (the given
 * dataset unless another is passed; `token` may read work items) and `sourceFor` (the source `boards`).
 */
export function adoLoopback(token: string, dataset: AdoDataset) {
  const servers: AdoServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  async function serve(options: Partial<AdoServerOptions> = {}, data: AdoDataset = dataset): Promise<AdoServer> {
    const server = await startAdoServer({ dataset: data, tokens: { [token]: { workItems: true } }, ...options });
    servers.push(server);
    return server;
  }

  function sourceFor(orgUrl: string, extra: Record<string, unknown> = {}): AzureDevOpsSourceConfig {
    return azureDevOpsSourceSchema.parse({ name: 'boards', type: 'azure-devops', orgUrl, project: 'Fabrikam Fiber', auth: { token }, ...extra });
  }

  return { serve, sourceFor };
}

/** The config of the live Azure DevOps source `boards` (token from ADO_PAT) for a spawned `backlint`; `extra` follows as written. */
export const adoConfigYaml = (orgUrl: string, extra = '') => `sources:
  - name: boards
    type: azure-devops
    orgUrl: ${orgUrl}
    project: Fabrikam Fiber
    auth:
      token: \${env:ADO_PAT}
${extra}`;
