// Roster people as a live site answered them, saved by `backlint export` beside the items (SPEC §4, §10),
// so that an export's check tells a roster person the tracker does not know, or a deactivated one, as the
// live check does. backlint's own format: the site's user search answers are not kept, only its verdicts.
//   { "rosterPeople": 1, "people": { "<name as written>": PersonLookup } }
import { z } from 'zod';
import type { PersonLookup } from '../roster/people.js';
import { parsePayload, readJsonFile } from './files.js';

const personSchema = z.object({ id: z.string(), displayName: z.string(), email: z.string().optional(), active: z.boolean() }).strict();
const lookupSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('found'), person: personSchema }).strict(),
  z.object({ status: z.literal('unknown'), suggestions: z.array(z.string()) }).strict(),
  z.object({ status: z.literal('ambiguous'), candidates: z.array(personSchema) }).strict(),
]);
const savedPeopleSchema = z.object({ rosterPeople: z.literal(1), people: z.record(z.string(), lookupSchema) }).strict();

export const savedPeopleDocument = (people: ReadonlyMap<string, PersonLookup>) => ({ rosterPeople: 1, people: Object.fromEntries(people) });

/** The saved answers, keyed by the names as written; a name the export did not ask about is absent. */
export async function readSavedPeople(sourceName: string, file: string): Promise<ReadonlyMap<string, PersonLookup>> {
  const saved = parsePayload(savedPeopleSchema, await readJsonFile(sourceName, file), { source: sourceName, file, expected: "backlint export's roster people ({ rosterPeople: 1, people: { name: lookup } })" });
  const people = new Map<string, PersonLookup>();
  for (const [written, lookup] of Object.entries(saved.people)) people.set(written, lookup as PersonLookup);
  return people;
}
