// The roster stage (SPEC §4), between the connectors and the engine: gives each item its roster team and,
// per the source's `ownership`, its owners from its fields or its team. Items stream through it batch by
// batch (SPEC §11): an item goes on to the engine as soon as its team's people are known. Each roster
// person is resolved once per source: against the people seen on the items so far, else through the
// tracker; a name neither knows yet waits for the end of the source, when every item has been seen.
import type { SourceConfig } from '../config/schema.js';
import type { SourceResult } from '../connectors/types.js';
import type { OwnerField, OwnerSource, Person, SourceInfo, WorkItem } from '../model.js';
import { primaryOwner, uniquePeople } from '../owners.js';
import type { Roster, RosterTeam } from './load.js';
import { createTeamMatcher, type TeamMatcher } from './match.js';
import { asWritten, JIRA_DATA_CENTER, PeopleSeen, personOf, type PersonLookup, type RosterPerson } from './people.js';
import type { Ownership } from './schema.js';

/** Asks the source's tracker about roster people; null when the source has no tracker to ask (an export). */
export type PeopleResolver = (source: SourceConfig, written: readonly string[]) => Promise<ReadonlyMap<string, PersonLookup> | null>;

/** What the engine needs to judge a source's items and its teams, once the roster stage has begun on it. */
export interface RosteredStart {
  info: SourceInfo;
  ownership: Ownership;
  /** Roster people of the teams this source's items belong to, by what the roster says; complete when the source ends. */
  rosterPeople: ReadonlyMap<string, RosterPerson>;
  /** Whether a tracker was asked about roster people (false: an export, people taken as written). Set when the source ends. */
  peopleResolved: boolean;
  /** The tracker asked, for messages; null when none was. Set when the source ends. */
  tracker: string | null;
}

/** A source after the roster stage, all at once (see `applyRoster`). */
export interface RosteredSource extends SourceResult, RosteredStart {}

const TRACKERS: Record<SourceConfig['type'], string> = { jira: 'Jira', 'jira-export': 'Jira', 'azure-devops': 'Azure DevOps', 'azure-devops-export': 'Azure DevOps' };
/** The tracker as messages name it: Data Center apart, since its people are written differently (no account ids). */
export const trackerOf = (config: SourceConfig): string => (config.type === 'jira' && config.deployment === 'datacenter' ? JIRA_DATA_CENTER : TRACKERS[config.type]);

export const ownershipOf = (source: Pick<SourceConfig, 'ownership'>, roster: Roster | null): Ownership => source.ownership ?? (roster ? 'field-then-roster' : 'field');

export interface RosterSink {
  /** Once, before the first items: the source as the engine sees it (its owner fields include the roster's when it gives any). */
  start(start: RosteredStart): void;
  /** Items with their roster team and owners. */
  items(items: WorkItem[]): void;
}

/**
 * The roster stage of one source. `add` takes the connector's batches; `end` waits for the tracker's
 * answers, settles the names still open against every person seen, and hands on the items that waited.
 */
export class RosterStream {
  private readonly matcher: TeamMatcher;
  private readonly ownership: Ownership;
  private readonly usesRoster: boolean;
  private readonly seen = new PeopleSeen();
  private readonly people = new Map<string, RosterPerson>();
  /** Names asked about or being asked, and what the tracker said of those it did not find. */
  private readonly asked = new Set<string>();
  private readonly openAnswers = new Map<string, PersonLookup | null>();
  /** Items waiting for their team's people, by team name. */
  private readonly waiting = new Map<string, { team: RosterTeam; items: WorkItem[] }>();
  /** Items held until it is known whether the roster gives this source owner information. */
  private held: WorkItem[] = [];
  private started: RosteredStart | null = null;
  private info: SourceInfo | null = null;
  private anyTeam = false;
  private resolved = false;
  private lookups: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly config: SourceConfig,
    private readonly roster: Roster | null,
    private readonly resolve: PeopleResolver,
    private readonly sink: RosterSink,
  ) {
    this.matcher = createTeamMatcher(roster);
    this.ownership = ownershipOf(config, roster);
    this.usesRoster = roster !== null && this.ownership !== 'field';
  }

  add(items: readonly WorkItem[], info: SourceInfo): void {
    this.info ??= info;
    if (this.roster === null) return this.forward([...items]);
    this.seen.add(items);
    const ready: WorkItem[] = [];
    for (const item of items) {
      const team = this.matcher(item);
      if (team !== null) this.anyTeam = true;
      if (!this.usesRoster || team === null) {
        ready.push(withRosterOwners(item, team, this.ownership, this.people));
        continue;
      }
      const entry = this.waiting.get(team.name);
      if (entry !== undefined) entry.items.push(item);
      else if (this.known(team)) ready.push(withRosterOwners(item, team, this.ownership, this.people));
      else {
        this.waiting.set(team.name, { team, items: [item] });
        this.ask(team);
      }
    }
    this.forward(ready);
  }

  /** The source is complete: every name is settled, every item handed on; the start as the engine has it. */
  async end(result: Pick<SourceResult, 'info'>): Promise<RosteredStart> {
    this.info ??= result.info;
    await this.lookups;
    if (this.failure !== null) throw this.failure.error;
    for (const [name, answer] of this.openAnswers) {
      const person = this.seen.lookup(name);
      this.people.set(name, person ? { written: name, status: 'found', person } : answer ? { written: name, ...answer } : { written: name, status: 'unchecked', person: asWritten(name) });
    }
    this.openAnswers.clear();
    for (const { team, items } of this.waiting.values()) this.forward(items.map((item) => withRosterOwners(item, team, this.ownership, this.people)));
    this.waiting.clear();
    this.begin();
    const started = this.started!;
    started.peopleResolved = this.resolved;
    started.tracker = this.resolved ? trackerOf(this.config) : null;
    return started;
  }

  /** Whether every person of the team is settled. */
  private known(team: RosterTeam): boolean {
    return [...team.productOwners, ...team.productManagers].every((name) => this.people.has(name));
  }

  /** Settles the team's names from the people seen so far; the rest are asked of the tracker, one request at a time per source. */
  private ask(team: RosterTeam): void {
    const rest: string[] = [];
    for (const name of [...team.productOwners, ...team.productManagers]) {
      if (this.people.has(name) || this.asked.has(name)) continue;
      const person = this.seen.lookup(name);
      if (person) this.people.set(name, { written: name, status: 'found', person });
      else {
        this.asked.add(name);
        rest.push(name);
      }
    }
    if (rest.length === 0) return this.releaseKnown();
    this.lookups = this.lookups.then(async () => {
      if (this.failure !== null) return;
      try {
        const answers = await this.resolve(this.config, rest);
        if (answers !== null) this.resolved = true;
        for (const name of rest) {
          const answer = answers?.get(name) ?? null;
          // Found by the tracker: settled. Not found (or nothing to ask): the items seen by the end may still name them.
          if (answer?.status === 'found') this.people.set(name, { written: name, ...answer });
          else this.openAnswers.set(name, answer);
        }
        this.releaseKnown();
      } catch (error) {
        // Kept for `end` to throw: a rejection no one awaits yet would end the process.
        this.failure = { error };
      }
    });
  }

  /** Hands on the items of every team whose people are now all settled. */
  private releaseKnown(): void {
    for (const [name, { team, items }] of this.waiting) {
      if (!this.known(team)) continue;
      this.waiting.delete(name);
      this.forward(items.map((item) => withRosterOwners(item, team, this.ownership, this.people)));
    }
  }

  private forward(items: WorkItem[]): void {
    if (this.started === null) {
      // Whether the roster gives this source owners decides which rules apply to it: hold items until it is known.
      const decided = !this.usesRoster || this.anyTeam || (this.ownership !== 'roster' && this.info!.mappedFields.size === 2);
      if (!decided) {
        for (const item of items) this.held.push(item);
        return;
      }
      this.begin();
    }
    if (items.length > 0) this.sink.items(items);
  }

  private begin(): void {
    if (this.started !== null) return;
    const info = this.info!;
    const mapped = new Set<OwnerField>(this.ownership === 'roster' ? [] : info.mappedFields);
    // The roster gives this source owner information when some of its items belong to a roster team; a
    // roster none of its items match (one kept for another tracker, or `teams: []`) gives it none, and the
    // owner rules stay not applicable there rather than report every item (SPEC §4).
    if (this.usesRoster && this.anyTeam) {
      mapped.add('productOwner');
      mapped.add('productManager');
    }
    this.started = {
      info: this.roster === null ? info : { ...info, mappedFields: mapped },
      ownership: this.ownership,
      rosterPeople: this.people,
      peopleResolved: false,
      tracker: null,
    };
    this.sink.start(this.started);
    const held = this.held;
    this.held = [];
    if (held.length > 0) this.sink.items(held);
  }
}

/** The roster stage over whole sources (the items of each in one batch), items in their order. */
export async function applyRoster(results: readonly SourceResult[], configs: readonly SourceConfig[], roster: Roster | null, resolve: PeopleResolver): Promise<RosteredSource[]> {
  return Promise.all(
    results.map(async (result, index) => {
      const out: WorkItem[] = [];
      const stream = new RosterStream(configs[index]!, roster, resolve, { start: () => undefined, items: (items) => out.push(...items) });
      stream.add(result.items, result.info);
      const start = await stream.end(result);
      const order = new Map(result.items.map((item, at) => [item, at]));
      out.sort((a, b) => order.get(a)! - order.get(b)!);
      return { ...result, ...start, items: out };
    }),
  );
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
  // The connectors made these items for this run and nothing else holds them: completing them in place
  // spares a copy of every item.
  item.productOwners = productOwners;
  item.productManagers = productManagers;
  item.productOwner = primaryOwner(productOwners);
  item.productManager = primaryOwner(productManagers);
  item.roster = { team: team?.name ?? null, productOwners: poSource, productManagers: pmSource };
  return item;
}
