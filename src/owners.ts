// Several owners per item (SPEC §2, §4): the list in field order without repeats, and the one person
// `productOwner` / `productManager` stand for, so that plugins written for one owner keep working.
import type { Person } from './model.js';

/** Who a person is, for telling two mentions of one account apart from two people. */
export const accountKey = (person: Person): string => person.id || person.email || person.displayName;

/** People in order, each once (the same account in two fields, or twice in a picker, is one owner). */
export function uniquePeople(people: Iterable<Person>): Person[] {
  const seen = new Set<string>();
  const out: Person[] = [];
  for (const person of people) {
    const key = accountKey(person);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(person);
  }
  return out;
}

/** The first active owner, else the first, else null. */
export const primaryOwner = (owners: readonly Person[]): Person | null => owners.find((owner) => owner.active) ?? owners[0] ?? null;

/** The first owner who can act, or null. */
export const firstActive = (owners: readonly Person[]): Person | null => owners.find((owner) => owner.active) ?? null;
