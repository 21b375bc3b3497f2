// Roster people against a live Azure DevOps (SPEC §4), once per run, through the identities API with the
// General filter (display name, account name, unique name). An exact match on the account, the mail
// address or the display name (case-insensitive) wins; two identities sharing the name are ambiguous;
// otherwise the names the search offered are suggestions. An inactive identity is found, with active false.
import type { AzureDevOpsSourceConfig } from '../../config/schema.js';
import type { Person } from '../../model.js';
import { exactMatches, lookUpEach, firstWord, lookupOf, suggestionsFor, type PersonLookup } from '../../roster/people.js';
import { createAdoClient } from './fetch.js';
import type { AdoClient } from './client.js';

type Identity = Awaited<ReturnType<AdoClient['searchIdentities']>>[number];

export async function resolveAzureDevOpsPeople(source: AzureDevOpsSourceConfig, written: readonly string[], context: { signal?: AbortSignal }, options: { client?: AdoClient } = {}): Promise<Map<string, PersonLookup>> {
  const client = options.client ?? createAdoClient(source, context.signal ? { signal: context.signal } : {});
  return lookUpEach(written, source.concurrency, (text) => lookUp(client, text));
}

async function lookUp(client: AdoClient, text: string): Promise<PersonLookup> {
  const identities = await client.searchIdentities(text);
  const matches = exactMatches(text, identities.map((identity) => ({ person: personOf(identity), ids: [identity.account, identity.mail] })));
  if (matches.length > 0) return lookupOf(matches, []);
  const word = firstWord(text);
  const near = identities.length > 0 || word === null ? identities : await client.searchIdentities(word);
  return lookupOf([], suggestionsFor(text, near.map((identity) => ({ preferred: identity.mail ?? identity.account ?? identity.displayName, names: [identity.mail, identity.account, identity.displayName] }))));
}

function personOf(identity: Identity): Person {
  const email = identity.mail ?? (identity.account?.includes('@') ? identity.account : null);
  return { id: identity.id, displayName: identity.displayName, ...(email ? { email } : {}), active: identity.active };
}
