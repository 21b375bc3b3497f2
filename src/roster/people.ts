// Roster people as written (email, account id, Data Center username or display name) and as the tracker
// knows them (SPEC §4): resolved once per run per source, first against the people seen on the items,
// then, on live sources, through the tracker's user search.
import pLimit from 'p-limit';
import type { Person, WorkItem } from '../model.js';
import { nearestNames } from '../suggest.js';

/** What a tracker's user search says about one written name. */
export type PersonLookup = { status: 'found'; person: Person } | { status: 'unknown'; suggestions: string[] } | { status: 'ambiguous'; candidates: Person[] };

/**
 * A roster person for this run. `unchecked`: nothing could be asked (an export source, and not seen on
 * its items): taken as written and as active, and doctor says so.
 */
export type RosterPerson = { written: string } & (PersonLookup | { status: 'unchecked'; person: Person });

/** The tracker's name in messages for a Jira Data Center or Server source: its users have a username and a key, no account id. */
export const JIRA_DATA_CENTER = 'Jira Data Center';

/** How to write a person so the tracker (as messages name it) knows them (SPEC §4): a username or email on Data Center, else an email or account id. */
export const personFormsFor = (tracker: string | null): string => (tracker === JIRA_DATA_CENTER ? 'username or email' : 'email or account id');

/** The person a roster entry stands for, if any: found or taken as written. */
export const personOf = (entry: RosterPerson): Person | null => (entry.status === 'found' || entry.status === 'unchecked' ? entry.person : null);

const key = (value: string) => value.trim().toLowerCase();

/**
 * Everyone the items name (owners, assignees, reporters), by each of their names, for matching roster
 * entries; items are added batch by batch as they arrive.
 */
export class PeopleSeen {
  private readonly byName = new Map<string, Person[]>();

  add(items: readonly WorkItem[]): void {
    for (const item of items) {
      for (const person of item.productOwners) this.person(person);
      for (const person of item.productManagers) this.person(person);
      this.person(item.assignee);
      this.person(item.reporter);
    }
  }

  /** A roster entry found among the people seen so far: exactly one person by that name. */
  lookup(written: string): Person | null {
    const found = this.byName.get(key(written));
    return found !== undefined && found.length === 1 ? found[0]! : null;
  }

  private person(person: Person | null): void {
    if (person === null) return;
    for (const name of new Set([person.email, person.id, person.displayName].filter((value): value is string => !!value).map(key))) {
      const list = this.byName.get(name);
      if (list === undefined) this.byName.set(name, [person]);
      else if (!list.some((known) => known.id === person.id)) list.push(person);
    }
  }
}

/** A roster entry no tracker was asked about: the person as written, active. */
export function asWritten(written: string): Person {
  const trimmed = written.trim();
  return { id: trimmed, displayName: trimmed, ...(trimmed.includes('@') ? { email: trimmed } : {}), active: true };
}

// ── Asking a tracker (connectors/<tracker>/resolve-people.ts) ──────────────────────────────────────────
/**
 * Each distinct name (trimmed) asked about once, at most `concurrency` at a time; the answers keyed by the
 * names as written.
 */
export async function lookUpEach(written: readonly string[], concurrency: number, lookUp: (text: string) => Promise<PersonLookup>): Promise<Map<string, PersonLookup>> {
  const limit = pLimit(concurrency);
  const wanted = [...new Set(written.map((text) => text.trim()).filter((text) => text !== ''))];
  const answers = new Map(await Promise.all(wanted.map(async (text) => [text, await limit(() => lookUp(text))] as const)));
  return new Map(written.map((text) => [text, answers.get(text.trim()) ?? { status: 'unknown', suggestions: [] }]));
}

/** Exact matches of `written` among `people`: email or display name (case-insensitive), or `ids` (username, key, account). */
export function exactMatches<T extends { person: Person; ids: readonly (string | null | undefined)[] }>(written: string, candidates: readonly T[]): Person[] {
  const wanted = written.trim().toLowerCase();
  const matched = new Map<string, Person>();
  for (const { person, ids } of candidates) {
    const names = [person.email, person.displayName, ...ids].filter((name): name is string => typeof name === 'string');
    if (names.some((name) => name.toLowerCase() === wanted)) matched.set(person.id, person);
  }
  return [...matched.values()];
}

/** found, ambiguous or unknown from the exact matches; suggestions from what the search did return. */
export function lookupOf(matches: readonly Person[], suggestions: readonly string[]): PersonLookup {
  if (matches.length === 1) return { status: 'found', person: matches[0]! };
  if (matches.length > 1) return { status: 'ambiguous', candidates: [...matches] };
  return { status: 'unknown', suggestions: [...new Set(suggestions)].slice(0, 5) };
}

/** A person the tracker returned, as a suggestion: how to write them (`preferred`) and the names to compare. */
export interface SuggestionCandidate {
  preferred: string;
  names: readonly (string | null | undefined)[];
}

/** Up to five ways to write the people nearest to `written` (by any of their names), each once. */
export function suggestionsFor(written: string, candidates: readonly SuggestionCandidate[]): string[] {
  const byName = new Map<string, string>();
  for (const candidate of candidates) for (const name of candidate.names) if (typeof name === 'string' && name !== '' && !byName.has(name)) byName.set(name, candidate.preferred);
  return [...new Set(nearestNames(written, byName.keys(), 10).map((name) => byName.get(name)!))].slice(0, 5);
}

/** A shorter search for near names when the whole string found nobody: its first word (`ana` of `ana.sousa@acme.example`). */
export function firstWord(written: string): string | null {
  const word = written.trim().split(/[\s@._-]+/)[0] ?? '';
  return word.length >= 2 && word !== written.trim() ? word : null;
}

export const looksLikeEmail = (text: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);
