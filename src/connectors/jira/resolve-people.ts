// Roster people against a live Jira (SPEC §4), once per run: Cloud looks up account ids directly
// (GET /user?accountId=) and everything else through user search (display name and email); Data Center
// searches by username, which matches username, display name and email, inactive users included. An
// exact match (email, display name, account id, username or key; case-insensitive) wins; two accounts
// sharing the name are ambiguous; otherwise the names the search offered are suggestions.
import { z } from 'zod';
import type { JiraSourceConfig } from '../../config/schema.js';
import { exactMatches, lookUpEach, firstWord, lookupOf, looksLikeEmail, suggestionsFor, type PersonLookup } from '../../roster/people.js';
import { JiraClient, type JiraClientOptions } from './client.js';
import { toPerson } from './map.js';
import { isTeamMember, jiraUserSchema, validate, type JiraUser } from './payload.js';

/** Cloud account ids: 24 hex digits (older accounts) or `<number>:<uuid>`. */
const ACCOUNT_ID = /^(?:[0-9a-f]{24}|\d+:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export async function resolveJiraPeople(source: JiraSourceConfig, written: readonly string[], context: { signal?: AbortSignal }, options: JiraClientOptions = {}): Promise<Map<string, PersonLookup>> {
  const client = new JiraClient(source, { ...options, ...(context.signal ? { signal: context.signal } : {}) });
  return lookUpEach(written, source.concurrency, (text) => lookUp(source, client, text));
}

async function lookUp(source: JiraSourceConfig, client: JiraClient, text: string): Promise<PersonLookup> {
  if (client.api === 'v3' && ACCOUNT_ID.test(text)) {
    const body = await client.getUserByAccountId(text);
    const user = body === null ? null : validate(source.name, `GET ${client.prefix}/user`, jiraUserSchema, body, 'a user');
    return user === null || !isTeamMember(user) ? { status: 'unknown', suggestions: [] } : { status: 'found', person: toPerson(user) };
  }
  // Apps' system accounts and service desk customers are no one's Product Owner: not matched, not suggested.
  const users = (await search(source, client, text)).filter(isTeamMember);
  const candidates = users.map((user) => ({ person: toPerson(user), ids: [user.accountId, user.name, user.key] }));
  const matches = exactMatches(text, candidates);
  // Cloud matches a hidden email too (the profile's privacy setting hides it from the answer): one hit for an email is that person.
  if (matches.length === 0 && users.length === 1 && looksLikeEmail(text) && !users[0]!.emailAddress) return { status: 'found', person: toPerson(users[0]!) };
  if (matches.length > 0) return lookupOf(matches, []);
  const near = users.length > 0 ? users : firstWord(text) === null ? [] : (await search(source, client, firstWord(text)!)).filter(isTeamMember);
  return lookupOf([], suggestionsFor(text, near.map((user) => ({ preferred: writtenAs(user), names: [user.emailAddress, user.displayName, user.name] }))));
}

async function search(source: JiraSourceConfig, client: JiraClient, text: string): Promise<JiraUser[]> {
  return validate(source.name, `GET ${client.prefix}/user/search`, z.array(jiraUserSchema), await client.searchUsers(text), 'a list of users');
}


const writtenAs = (user: JiraUser): string => user.emailAddress || user.name || user.displayName || user.accountId || '';
