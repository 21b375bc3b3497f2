// Several owners on a live Azure DevOps (issue 10), against the loopback server: identity fields hold one
// person each, so a PM field and a deputy PM field listed together give several PMs.
import { describe, expect, it } from 'vitest';
import { createAdoClient, fetchAzureDevOps } from '../../src/connectors/azure-devops/fetch.js';
import type { AzureDevOpsSourceConfig } from '../../src/config/schema.js';
import { generateAdoDataset, personIdentity } from '../servers/azure-devops/dataset.js';
import { adoLoopback } from '../helpers/ado-live.js';

const TOKEN = 'owners7rwkqzjl2hx5vbk3ejtw6pspn3r4hmx2gq6o3xqyz7w2lwpa';
const dataset = generateAdoDataset({ count: 120, seed: 11 });
const NORMAN_PAULK = 4; // an inactive identity
const LI_WEI = 1;
const open = dataset.items.filter((item) => item.fields['System.WorkItemType'] === 'Feature' && !['Closed', 'Removed'].includes(item.fields['System.State'] as string));
const [first, second] = open;
first!.fields['Custom.ProductManager'] = personIdentity(NORMAN_PAULK);
first!.fields['Custom.DeputyProductManager'] = personIdentity(LI_WEI);
second!.fields['Custom.ProductManager'] = personIdentity(LI_WEI);
second!.fields['Custom.DeputyProductManager'] = personIdentity(NORMAN_PAULK);

const { serve, sourceFor } = adoLoopback(TOKEN, dataset);
const fetchWith = (source: AzureDevOpsSourceConfig) =>
  fetchAzureDevOps(source, { progress: { update: () => {}, stop: () => {} }, signal: new AbortController().signal }, { client: createAdoClient(source, { policy: { baseDelayMs: 5, maxDelayMs: 200 } }) });

describe('live Azure DevOps with a list of owner fields', () => {
  it('reads a display name and a reference name in the list, every PM in list order, the active one as productManager', async () => {
    const server = await serve();
    const result = await fetchWith(sourceFor(server.servicesUrl, { fields: { productManager: ['Product Manager', 'Custom.DeputyProductManager'] } }));
    const byKey = new Map(result.items.map((item) => [item.key, item]));
    expect(byKey.get(String(first!.id))!.productManagers.map((person) => [person.displayName, person.active])).toEqual([
      ['Norman Paulk', false],
      ['Li Wei', true],
    ]);
    expect(byKey.get(String(second!.id))!.productManagers.map((person) => person.displayName)).toEqual(['Li Wei', 'Norman Paulk']);
    for (const item of [first!, second!]) expect(byKey.get(String(item.id))!.productManager?.displayName).toBe('Li Wei');
    expect(server.stats.byRoute['post wit/workitemsbatch']).toBeGreaterThan(0);
  });

  it('names the field of a list the organization lacks', async () => {
    const server = await serve();
    const error = await fetchWith(sourceFor(server.servicesUrl, { fields: { productManager: ['Custom.ProductManager', 'Custom.DeputyPM'] } })).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/fields\.productManager: the organization has no field 'Custom\.DeputyPM'.*'Custom\.DeputyProductManager'/);
  });
});
