// Roster people resolved against the loopback Azure DevOps (issue 10, SPEC §4) through the identities
// API: on Services it lives on the identity host (vssps), which the client finds as the IMS resource
// area; on Server on the collection. Found, inactive, unknown with suggestions, ambiguous.
import { describe, expect, it } from 'vitest';
import { createAdoClient } from '../../src/connectors/azure-devops/fetch.js';
import { resolveRosterPeople } from '../../src/connectors/index.js';
import { resolveAzureDevOpsPeople } from '../../src/connectors/azure-devops/resolve-people.js';
import { identityOrigin } from '../../src/connectors/azure-devops/client.js';
import type { AzureDevOpsSourceConfig } from '../../src/config/schema.js';
import { generateAdoDataset } from '../servers/azure-devops/dataset.js';
import { adoLoopback } from '../helpers/ado-live.js';

const TOKEN = 'people4rwkqzjl2hx5vbk3ejtw6pspn3r4hmx2gq6o3xqyz7w2lwpa';
const { serve, sourceFor } = adoLoopback(TOKEN, generateAdoDataset({ count: 30 }));
const resolve = (source: AzureDevOpsSourceConfig, written: string[]) => resolveAzureDevOpsPeople(source, written, {}, { client: createAdoClient(source, { policy: { baseDelayMs: 1, maxDelayMs: 5 } }) });

describe('resolveAzureDevOpsPeople', () => {
  for (const where of ['servicesUrl', 'serverUrl'] as const) {
    it(`finds people by unique name and display name, an inactive identity with active false (${where})`, async () => {
      const server = await serve();
      const people = await resolve(sourceFor(server[where]), ['Li.Wei@fabrikam.example', 'Christie Church', 'norman.paulk@fabrikam.example']);
      expect(people.get('Li.Wei@fabrikam.example')).toMatchObject({ status: 'found', person: { displayName: 'Li Wei', email: 'li.wei@fabrikam.example', active: true } });
      expect(people.get('Christie Church')).toMatchObject({ status: 'found', person: { email: 'christie.church@fabrikam.example' } });
      expect(people.get('norman.paulk@fabrikam.example')).toMatchObject({ status: 'found', person: { displayName: 'Norman Paulk', active: false } });
      expect(server.stats.byRoute['get identities']).toBe(3);
    });
  }

  it('says unknown with near names, and ambiguous for a display name two identities share', async () => {
    const server = await serve();
    const people = await resolve(sourceFor(server.servicesUrl), ['jamal.hartnet@fabrikam.example', 'Sam Lee', 'zz top']);
    expect(people.get('jamal.hartnet@fabrikam.example')).toEqual({ status: 'unknown', suggestions: ['jamal.hartnett@fabrikam.example'] });
    expect(people.get('Sam Lee')).toMatchObject({ status: 'ambiguous', candidates: [{ email: 'sam.lee@fabrikam.example' }, { email: 'samuel.lee@fabrikam.example' }] });
    expect(people.get('zz top')).toEqual({ status: 'unknown', suggestions: [] });
  });

  it('fails naming the source and the request when the identities API fails', async () => {
    const server = await serve({ faults: [{ kind: 'status', status: 500, match: /identities/i, times: 10 }] });
    const error = await resolve(sourceFor(server.servicesUrl, { maxTries: 1 }), ['Li Wei']).catch((caught: unknown) => caught);
    expect(String(error)).toMatch(/Source boards: GET _apis\/identities\?searchFilter=General&filterValue=Li Wei failed: 500/);
  });

  it('sends the PAT to no identity host but the organization\'s own', async () => {
    const server = await serve({ identitiesElsewhere: true });
    const error = await resolve(sourceFor(server.servicesUrl, { maxTries: 1 }), ['Li Wei']).catch((caught: unknown) => caught);
    expect(String(error)).toMatch(/Source boards: GET _apis\/identities.*named http:\/\/127\.0\.0\.1:\d+ as its identity service; backlint sends the personal access token only to orgUrl's origin/);
    expect(server.stats.elsewhere.requests).toBe(0);
  });

  it('is what the roster stage asks for a live Azure DevOps source', async () => {
    const server = await serve();
    const people = await resolveRosterPeople(sourceFor(server.serverUrl), ['Li Wei']);
    expect(people?.get('Li Wei')).toMatchObject({ status: 'found', person: { email: 'li.wei@fabrikam.example' } });
  });

  it('knows Services\' identity hosts', () => {
    expect(identityOrigin('https://dev.azure.com')).toBe('https://vssps.dev.azure.com');
    expect(identityOrigin('https://fabrikam.visualstudio.com')).toBe('https://fabrikam.vssps.visualstudio.com');
    expect(identityOrigin('https://tfs.example.com')).toBeNull();
    expect(identityOrigin('http://dev.azure.com')).toBeNull();
  });
});
