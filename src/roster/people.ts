// Roster people as written (email, account id, Data Center username or display name) and as the tracker
// knows them (SPEC §4): resolved once per run per source, first against the people seen on the items,
// then, on live sources, through the tracker's user search.
import type { Person, WorkItem } from '../model.js';

/** What a tracker's user search says about one written name. */
export type PersonLookup = { status: 'found'; person: Person } | { status: 'unknown'; suggestions: string[] } | { status: 'ambiguous'; candidates: Person[] };

/**
 * A roster person for this run. `unchecked`: nothing could be asked (an export source, and not seen on
 * its items): taken as written and as active, and doctor says so.
 */
export type RosterPerson = { written: string } & (PersonLookup | { status: 'unchecked'; person: Person });

/** The person a roster entry stands for, if any: found or taken as written. */
export const personOf = (entry: RosterPerson): Person | null => (entry.status === 'found' || entry.status === 'unchecked' ? entry.person : null);

const key = (value: string) => value.trim().toLowerCase();

/** Everyone the items name (owners, assignees, reporters), by each of their names, for matching roster entries. */
export function peopleSeenOn(items: readonly WorkItem[]): Map<string, Person[]> {
  const byName = new Map<string, Person[]>();
  const add = (person: Person | null) => {
    if (person === null) return;
    for (const name of new Set([person.email, person.id, person.displayName].filter((value): value is string => !!value).map(key))) {
      const list = byName.get(name);
      if (list === undefined) byName.set(name, [person]);
      else if (!list.some((known) => known.id === person.id)) list.push(person);
    }
  };
  for (const item of items) {
    for (const person of item.productOwners) add(person);
    for (const person of item.productManagers) add(person);
    add(item.assignee);
    add(item.reporter);
  }
  return byName;
}

/** A roster entry found among the people seen on the items: exactly one person by that name. */
export function lookupSeen(written: string, seen: ReadonlyMap<string, Person[]>): Person | null {
  const found = seen.get(key(written));
  return found !== undefined && found.length === 1 ? found[0]! : null;
}

/** A roster entry no tracker was asked about: the person as written, active. */
export function asWritten(written: string): Person {
  const trimmed = written.trim();
  return { id: trimmed, displayName: trimmed, ...(trimmed.includes('@') ? { email: trimmed } : {}), active: true };
}
