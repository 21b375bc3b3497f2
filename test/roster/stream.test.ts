// The roster stage as items stream in (SPEC §4, §11): an item goes on as soon as its team's people are
// settled; names are settled from the items seen so far, else by the tracker, else at the end of the source.
import { describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../src/config/schema.js';
import type { SourceInfo, WorkItem } from '../../src/model.js';
import { RosterStream, type PeopleResolver, type RosteredStart } from '../../src/roster/apply.js';
import type { Roster } from '../../src/roster/load.js';
import type { PersonLookup } from '../../src/roster/people.js';
import type { Ownership } from '../../src/roster/schema.js';
import { makeItem, makeSourceInfo, person } from '../helpers/items.js';

const ana = person('Ana Souza');
const li = person('Li Wei');

const roster: Roster = {
  origin: 'backlint.config.yaml',
  teams: [
    { name: 'Payments', match: { project: ['PAY'] }, productOwners: [ana.email!], productManagers: [li.email!], where: 'Payments' },
    { name: 'Web', match: { project: ['WEB'] }, productOwners: ['nobody.seen@example.com'], productManagers: [], where: 'Web' },
  ],
};

/** A stream and what it handed on, in order: 'start' then each batch's keys. */
function stream(options: { ownership?: Ownership; resolve?: PeopleResolver; roster?: Roster | null; type?: SourceConfig['type'] } = {}) {
  const events: (string | string[])[] = [];
  const items: WorkItem[] = [];
  let started: RosteredStart | null = null;
  const asked: string[][] = [];
  const resolve: PeopleResolver = options.resolve ?? (async () => null);
  const config = { name: 'pay', type: options.type ?? 'jira', fields: {}, types: {}, ...(options.ownership ? { ownership: options.ownership } : {}) } as unknown as SourceConfig;
  const lane = new RosterStream(config, options.roster === undefined ? roster : options.roster, (source, written) => {
    asked.push([...written]);
    return resolve(source, written);
  }, {
    start: (start) => {
      started = start;
      events.push('start');
    },
    items: (batch) => {
      items.push(...batch);
      events.push(batch.map((item) => item.key));
    },
  });
  return { lane, events, items, asked, started: () => started };
}

const info = (mapped: SourceInfo['mappedFields'] = new Set(['productOwner', 'productManager'])) => makeSourceInfo({ mappedFields: mapped });
const found = (people: Record<string, PersonLookup>): PeopleResolver => async (_source, written) => new Map(written.flatMap((name) => (people[name] ? [[name, people[name]] as const] : [])));
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('the roster stage, streaming', () => {
  it('hands on a team\'s items at once when the items seen so far name its people, asking the tracker nothing', async () => {
    const { lane, events, items, asked } = stream();
    lane.add([makeItem({ key: 'PAY-1', assignee: ana, reporter: li })], info());
    expect(events).toEqual(['start', ['PAY-1']]);
    expect(asked).toEqual([]);
    expect(items[0]!.productOwners).toEqual([ana]);
    expect(items[0]!.roster).toEqual({ team: 'Payments', productOwners: 'roster', productManagers: 'roster' });
  });

  it('asks the tracker once about a name not seen yet, holding the team\'s items until it answers', async () => {
    const tracker = person('Nobody Seen', { email: 'nobody.seen@example.com' });
    const { lane, events, items, asked, started } = stream({ resolve: found({ 'nobody.seen@example.com': { status: 'found', person: tracker } }) });
    lane.add([makeItem({ key: 'WEB-1', project: 'WEB' })], info());
    lane.add([makeItem({ key: 'WEB-2', project: 'WEB' })], info());
    expect(events).toEqual(['start']);
    await flush();
    expect(events).toEqual(['start', ['WEB-1', 'WEB-2']]);
    lane.add([makeItem({ key: 'WEB-3', project: 'WEB' })], info());
    expect(events.at(-1)).toEqual(['WEB-3']);
    expect(asked).toEqual([['nobody.seen@example.com']]);
    expect(items.map((item) => item.productOwners)).toEqual([[tracker], [tracker], [tracker]]);
    const start = await lane.end({ info: info() });
    expect(start).toBe(started());
    expect(start).toMatchObject({ peopleResolved: true, tracker: 'Jira', ownership: 'field-then-roster' });
    expect(start.rosterPeople.get('nobody.seen@example.com')).toEqual({ written: 'nobody.seen@example.com', status: 'found', person: tracker });
  });

  it('settles at the end a name the tracker did not find but a later item names', async () => {
    const seenLater = person('Nobody Seen', { email: 'nobody.seen@example.com', id: 'acc-9' });
    const { lane, events, items } = stream({ resolve: found({ 'nobody.seen@example.com': { status: 'unknown', suggestions: [] } }) });
    lane.add([makeItem({ key: 'WEB-1', project: 'WEB' })], info());
    await flush();
    expect(events).toEqual(['start']);
    lane.add([makeItem({ key: 'OPS-1', project: 'OPS', assignee: seenLater })], info());
    const start = await lane.end({ info: info() });
    expect(events).toEqual(['start', ['OPS-1'], ['WEB-1']]);
    expect(items.find((item) => item.key === 'WEB-1')!.productOwners).toEqual([seenLater]);
    expect(start.rosterPeople.get('nobody.seen@example.com')).toMatchObject({ status: 'found', person: seenLater });
  });

  it('keeps what the tracker said of a name no item names: unknown, with no owner from it', async () => {
    const { lane, items } = stream({ resolve: found({ 'nobody.seen@example.com': { status: 'unknown', suggestions: ['nobody.else@example.com'] } }) });
    lane.add([makeItem({ key: 'WEB-1', project: 'WEB' })], info());
    const start = await lane.end({ info: info() });
    expect(items.map((item) => [item.key, item.productOwners, item.roster?.productOwners])).toEqual([['WEB-1', [], null]]);
    expect(start.rosterPeople.get('nobody.seen@example.com')).toEqual({ written: 'nobody.seen@example.com', status: 'unknown', suggestions: ['nobody.else@example.com'] });
  });

  it('takes a name as written on an export, where no tracker can be asked', async () => {
    const { lane, items } = stream({ type: 'jira-export' });
    lane.add([makeItem({ key: 'WEB-1', project: 'WEB' })], info());
    const start = await lane.end({ info: info() });
    expect(start).toMatchObject({ peopleResolved: false, tracker: null });
    expect(items[0]!.productOwners).toEqual([{ id: 'nobody.seen@example.com', displayName: 'nobody.seen@example.com', email: 'nobody.seen@example.com', active: true }]);
  });

  it('holds items until it is known whether the roster gives the source owners, then starts with the owner fields it gives', async () => {
    const { lane, events, started } = stream({ ownership: 'roster' });
    lane.add([makeItem({ key: 'OPS-1', project: 'OPS' })], info(new Set()));
    expect(events).toEqual([]);
    lane.add([makeItem({ key: 'PAY-1', project: 'PAY', assignee: ana, reporter: li })], info(new Set()));
    expect(events).toEqual(['start', ['OPS-1'], ['PAY-1']]);
    expect([...started()!.info.mappedFields]).toEqual(['productOwner', 'productManager']);
  });

  it('starts with no owner fields a source none of whose items a roster team matches', async () => {
    const { lane, events, started } = stream({ ownership: 'roster' });
    lane.add([makeItem({ key: 'OPS-1', project: 'OPS' })], info());
    expect(events).toEqual([]);
    await lane.end({ info: info() });
    expect(events).toEqual(['start', ['OPS-1']]);
    expect([...started()!.info.mappedFields]).toEqual([]);
  });

  it('starts at once when both owner fields are mapped and owners may come from them', async () => {
    const { lane, events } = stream();
    lane.add([makeItem({ key: 'OPS-1', project: 'OPS' })], info());
    expect(events).toEqual(['start', ['OPS-1']]);
  });

  it('loses no item when the tracker answers at once, and none when there is no roster', async () => {
    const answered = stream({ resolve: (_source, written) => Promise.resolve(new Map(written.map((name) => [name, { status: 'found', person: person(name) }] as const))) });
    answered.lane.add([makeItem({ key: 'WEB-1', project: 'WEB' }), makeItem({ key: 'WEB-2', project: 'WEB' })], info());
    answered.lane.add([makeItem({ key: 'WEB-3', project: 'WEB' })], info());
    await answered.lane.end({ info: info() });
    expect(answered.items.map((item) => item.key).sort()).toEqual(['WEB-1', 'WEB-2', 'WEB-3']);
    const none = stream({ roster: null });
    none.lane.add([makeItem({ key: 'WEB-1', project: 'WEB' })], info());
    expect(none.events).toEqual(['start', ['WEB-1']]);
    expect(none.items[0]!.roster).toBeUndefined();
  });

  it('fails at the end of the source when the tracker could not be asked, with no unhandled rejection', async () => {
    const { lane, events } = stream({ resolve: async () => Promise.reject(new Error('user search failed: 503')) });
    lane.add([makeItem({ key: 'WEB-1', project: 'WEB' })], info());
    await flush();
    lane.add([makeItem({ key: 'WEB-2', project: 'WEB' })], info());
    await expect(lane.end({ info: info() })).rejects.toThrow('user search failed: 503');
    expect(events).toEqual(['start']);
  });
});
