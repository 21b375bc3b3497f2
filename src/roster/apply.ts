// The roster stage (SPEC §4), between the connectors and the engine: gives each item its roster team and,
// per the source's `ownership`, its owners from its fields or its team; roster people are resolved once
// per source, against the people seen on its items and, on live sources, the tracker.
import type { SourceConfig } from '../config/schema.js';
import type { SourceResult } from '../connectors/types.js';
import type { OwnerField, OwnerSource, Person, WorkItem } from '../model.js';
import { primaryOwner, uniquePeople } from '../owners.js';
import type { Roster, RosterTeam } from './load.js';
import { createTeamMatcher } from './match.js';
import { asWritten, lookupSeen, peopleSeenOn, personOf, type PersonLookup, type RosterPerson } from './people.js';
import type { Ownership } from './schema.js';

/** Asks the source's tracker about roster people; null when the source has no tracker to ask (an export). */
export type PeopleResolver = (source: SourceConfig, written: readonly string[]) => Promise<ReadonlyMap<string, PersonLookup> | null>;

/** A source after the roster stage: what the engine needs to judge its items and its teams. */
export interface RosteredSource extends SourceResult {
  ownership: Ownership;
  /** Roster people of the teams this source's items belong to, by what the roster says. */
  rosterPeople: ReadonlyMap<string, RosterPerson>;
  /** Whether a tracker was asked about roster people (false: an export, people taken as written). */
  peopleResolved: boolean;
  /** The tracker asked, for messages; null when none was. */
  tracker: string | null;
}

const TRACKERS: Record<SourceConfig['type'], string> = { jira: 'Jira', 'jira-export': 'Jira', 'azure-devops': 'Azure DevOps', 'azure-devops-export': 'Azure DevOps' };

export const ownershipOf = (source: Pick<SourceConfig, 'ownership'>, roster: Roster | null): Ownership => source.ownership ?? (roster ? 'field-then-roster' : 'field');

export async function applyRoster(results: readonly SourceResult[], configs: readonly SourceConfig[], roster: Roster | null, resolve: PeopleResolver): Promise<RosteredSource[]> {
  const matcher = createTeamMatcher(roster);
  return Promise.all(
    results.map(async (result, index) => {
      const config = configs[index]!;
      const ownership = ownershipOf(config, roster);
      if (roster === null) return { ...result, ownership, rosterPeople: new Map(), peopleResolved: false, tracker: null };
      const teams = result.items.map((item) => matcher(item));
      const usesRoster = ownership !== 'field';
      const written = usesRoster ? [...new Set(teams.flatMap((team) => (team ? [...team.productOwners, ...team.productManagers] : [])))] : [];
      const { people, resolved } = await resolvePeople(config, written, result.items, resolve);
      const items = result.items.map((item, at) => withRosterOwners(item, teams[at]!, ownership, people));
      const mapped = new Set<OwnerField>(ownership === 'roster' ? [] : result.info.mappedFields);
      // The roster gives this source owner information when some of its items belong to a roster team;
      // a roster none of its items match (one kept for another tracker, or `teams: []`) gives it none,
      // and the owner rules stay not applicable there rather than report every item (SPEC §4).
      if (usesRoster && teams.some((team) => team !== null)) {
        mapped.add('productOwner');
        mapped.add('productManager');
      }
      return { ...result, info: { ...result.info, mappedFields: mapped }, items, ownership, rosterPeople: people, peopleResolved: resolved, tracker: resolved ? TRACKERS[config.type] : null };
    }),
  );
}

async function resolvePeople(config: SourceConfig, written: readonly string[], items: readonly WorkItem[], resolve: PeopleResolver) {
  const people = new Map<string, RosterPerson>();
  if (written.length === 0) return { people, resolved: false };
  const seen = peopleSeenOn(items);
  const rest: string[] = [];
  for (const name of written) {
    const person = lookupSeen(name, seen);
    if (person) people.set(name, { written: name, status: 'found', person });
    else rest.push(name);
  }
  const answers = rest.length > 0 ? await resolve(config, rest) : null;
  for (const name of rest) {
    const answer = answers?.get(name);
    people.set(name, answer ? { written: name, ...answer } : { written: name, status: 'unchecked', person: asWritten(name) });
  }
  return { people, resolved: answers !== null };
}

function withRosterOwners(item: WorkItem, team: RosterTeam | null, ownership: Ownership, people: ReadonlyMap<string, RosterPerson>): WorkItem {
  const fromTeam = (written: readonly string[]): Person[] => written.flatMap((name) => {
    const entry = people.get(name);
    const person = entry ? personOf(entry) : null;
    return person ? [person] : [];
  });
  const pick = (field: Person[], written: readonly string[] | undefined): [Person[], OwnerSource | null] => {
    const useField = ownership !== 'roster' && (ownership === 'field' || field.length > 0);
    if (useField) return [field, field.length > 0 ? 'field' : null];
    const roster = uniquePeople(fromTeam(written ?? []));
    return [roster, roster.length > 0 ? 'roster' : null];
  };
  const [productOwners, poSource] = pick(item.productOwners, team?.productOwners);
  const [productManagers, pmSource] = pick(item.productManagers, team?.productManagers);
  return {
    ...item,
    productOwners,
    productManagers,
    productOwner: primaryOwner(productOwners),
    productManager: primaryOwner(productManagers),
    roster: { team: team?.name ?? null, productOwners: poSource, productManagers: pmSource },
  };
}
