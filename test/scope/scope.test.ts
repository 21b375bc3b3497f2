// The scope module (SPEC §5): each condition, "under" for iteration paths, durations against the run's
// clock, named and built-in scopes, and overrides where the later entry wins.
import { describe, expect, it } from 'vitest';
import type { ScopeConditions } from '../../src/config/schema.js';
import type { Sprint } from '../../src/model.js';
import { iterationCalendar } from '../../src/connectors/azure-devops/iterations.js';
import { createItemScope, durationMs, isUnder, matchesScope, namedScope, sprintCalendar } from '../../src/scope.js';
import { makeItem } from '../helpers/items.js';

const NOW = Date.parse('2026-12-02T12:00:00.000Z');
const hoursAgo = (hours: number) => new Date(NOW - hours * 3_600_000).toISOString();
const holds = (conditions: ScopeConditions, partial: Parameters<typeof makeItem>[0]) => matchesScope(makeItem(partial), conditions, NOW);

describe('matchesScope', () => {
  it.each<[string, ScopeConditions, Parameters<typeof makeItem>[0], boolean]>([
    ['states, case-insensitively', { states: ['to do', 'Ready'] }, { state: 'To Do' }, true],
    ['states, another state', { states: ['Ready'] }, { state: 'To Do' }, false],
    ['stateCategories', { stateCategories: ['todo'] }, { stateCategory: 'todo' }, true],
    ['stateCategories, another', { stateCategories: ['in-progress'] }, { stateCategory: 'todo' }, false],
    ['types, case-insensitively', { types: ['product backlog item'] }, { type: 'Product Backlog Item' }, true],
    ['types, another', { types: ['Bug'] }, { type: 'Story' }, false],
    ['kinds', { kinds: ['epic', 'roadmap'] }, { kind: 'epic' }, true],
    ['kinds, another', { kinds: ['epic'] }, { kind: 'story' }, false],
    ['teams, the team value', { teams: ['pay'] }, { team: 'PAY' }, true],
    ['teams, the roster team', { teams: ['Payments'] }, { team: 'PAY', roster: { team: 'Payments', productOwners: null, productManagers: null } }, true],
    ['teams, another', { teams: ['ID'] }, { team: 'PAY' }, false],
    ['teams, an item with none', { teams: ['PAY'] }, { team: null }, false],
    ['labels, any of them', { labels: ['ready', 'groomed'] }, { labels: ['Groomed'] }, true],
    ['labels, none carried', { labels: ['ready'] }, { labels: ['later'] }, false],
    ['notLabels, none carried', { notLabels: ['spike'] }, { labels: ['ready'] }, true],
    ['notLabels, one carried', { notLabels: ['spike'] }, { labels: ['SPIKE'] }, false],
    ['iterations, the path itself', { iterations: ['Mobile\\Release 1'] }, { iteration: 'Mobile\\Release 1' }, true],
    ['iterations, a path under it', { iterations: ['mobile\\release 1'] }, { iteration: 'Mobile\\Release 1\\Sprint 3' }, true],
    ['iterations, a sibling with the same prefix', { iterations: ['Mobile\\Release 1'] }, { iteration: 'Mobile\\Release 10' }, false],
    ['iterations, a Jira sprint name', { iterations: ['PAY Sprint 7'] }, { iteration: 'PAY Sprint 7' }, true],
    ['iterations, no iteration', { iterations: ['PAY Sprint 7'] }, { iteration: null }, false],
    ['createdBefore, old enough', { createdBefore: '2d' }, { created: hoursAgo(49) }, true],
    ['createdBefore, exactly on the edge', { createdBefore: '36h' }, { created: hoursAgo(36) }, true],
    ['createdBefore, too young', { createdBefore: '2d' }, { created: hoursAgo(47) }, false],
    ['createdBefore, no creation date is kept', { createdBefore: '2d' }, { created: null }, true],
    ['updatedWithin, recent', { updatedWithin: '1w' }, { updated: hoursAgo(24 * 6) }, true],
    ['updatedWithin, stale', { updatedWithin: '1w' }, { updated: hoursAgo(24 * 8) }, false],
    ['updatedWithin, no update date is left out', { updatedWithin: '1w' }, { updated: null }, false],
    ['every condition must hold', { kinds: ['story'], labels: ['ready'] }, { kind: 'story', labels: [] }, false],
    ['no conditions', {}, {}, true],
  ])('%s', (_name, conditions, item, expected) => {
    expect(holds(conditions, item)).toBe(expected);
  });
});

describe('durations and paths', () => {
  it('reads hours, days and weeks', () => {
    expect(durationMs('36h')).toBe(36 * 3_600_000);
    expect(durationMs('2d')).toBe(48 * 3_600_000);
    expect(durationMs('1W')).toBe(7 * 24 * 3_600_000);
    expect(durationMs('1.5d')).toBe(36 * 3_600_000);
    expect(() => durationMs('2 days')).toThrow(/not a duration/);
  });

  it('takes a trailing backslash as the same path', () => {
    expect(isUnder('Mobile\\Sprint 1', 'Mobile\\')).toBe(true);
  });
});

describe('named scopes', () => {
  it('finds a config scope, then a built-in one, and a config scope of a built-in name replaces it', () => {
    expect(namedScope('planning', { planning: { labels: ['ready'] } })).toEqual({ labels: ['ready'] });
    expect(namedScope('next-sprint', {})).toEqual({ sprint: 'next' });
    expect(namedScope('current-sprint', {})).toEqual({ sprint: 'current' });
    expect(namedScope('next-sprint', { 'next-sprint': { iterations: ['S8'] } })).toEqual({ iterations: ['S8'] });
  });

  it('names the known scopes for an unknown name', () => {
    expect(() => namedScope('plannig', { planning: {} })).toThrow('--scope plannig: no such scope. Known scopes: planning, next-sprint, current-sprint');
  });
});

describe('createItemScope', () => {
  const now = new Date(NOW);

  it('needs both the config scope and the named scope to hold', () => {
    const scope = createItemScope({ base: { createdBefore: '2d' }, named: { name: 'ready', conditions: { labels: ['ready'] } }, overrides: [], now });
    expect(scope.includes(makeItem({ created: hoursAgo(72), labels: ['ready'] }))).toBe(true);
    expect(scope.includes(makeItem({ created: hoursAgo(1), labels: ['ready'] }))).toBe(false);
    expect(scope.includes(makeItem({ created: hoursAgo(72), labels: [] }))).toBe(false);
  });

  it('takes a rule severity from the last override whose scope holds the item, else the configured one', () => {
    const scope = createItemScope({
      overrides: [
        { scope: { stateCategories: ['todo'] }, rules: { 'story-acceptance-criteria': 'warn', 'story-po-owner': 'off' } },
        { scope: { labels: ['ready'] }, rules: { 'story-acceptance-criteria': 'error' } },
      ],
      now,
    });
    const todo = makeItem({ stateCategory: 'todo' });
    const ready = makeItem({ stateCategory: 'todo', labels: ['ready'] });
    const started = makeItem({ stateCategory: 'in-progress' });
    expect(scope.severity(todo, 'story-acceptance-criteria', 'error')).toBe('warn');
    expect(scope.severity(ready, 'story-acceptance-criteria', 'error')).toBe('error');
    expect(scope.severity(ready, 'story-po-owner', 'error')).toBe('off');
    expect(scope.severity(started, 'story-acceptance-criteria', 'error')).toBe('error');
    expect(scope.includes(started)).toBe(true);
  });
});

describe('sprint conditions', () => {
  const sprint = (name: string, partial: Partial<Sprint> = {}): Sprint => ({ id: null, name, state: 'future', board: '1', start: null, end: null, sequence: null, ...partial });
  const active = sprint('S1', { id: '1', state: 'active' });
  const s2 = sprint('S2', { id: '2' });
  const s3 = sprint('S3', { id: '3' });
  const closed = sprint('S0', { id: '0', state: 'closed' });
  const otherBoard = sprint('Team B 5', { id: '5', board: '2' });
  const items = [makeItem({ sprints: [active] }), makeItem({ sprints: [s3] }), makeItem({ sprints: [s2] }), makeItem({ sprints: [otherBoard] }), makeItem({ sprints: [closed] }), makeItem({ sprints: [] })];
  const calendar = sprintCalendar(items, new Date(NOW));
  const inSprint = (wanted: NonNullable<ScopeConditions['sprint']>, sprints: Sprint[] | undefined) =>
    matchesScope(makeItem(sprints === undefined ? {} : { sprints }), { sprint: wanted }, NOW, calendar);

  it.each<[NonNullable<ScopeConditions['sprint']>, Sprint[], boolean]>([
    ['current', [active], true],
    ['current', [closed, s2], false],
    ['future', [s3], true],
    ['future', [active], false],
    ['next', [s2], true],
    ['next', [s3], false],
    ['next', [otherBoard], true], // the next sprint of its own board
    ['next', [active], false],
    ['any', [closed, active], true],
    ['any', [closed], false],
    ['none', [closed], true],
    ['none', [], true],
    ['none', [s2], false],
  ])('sprint: %s, in %j → %s', (wanted, sprints, expected) => {
    expect(inSprint(wanted, sprints)).toBe(expected);
  });

  it('leaves out an item with no sprint data at all', () => {
    expect(inSprint('none', undefined)).toBe(false);
  });

  it('orders a board’s future sprints by start date, then sequence, then id, dated ones first', () => {
    const byDate = sprintCalendar([makeItem({ sprints: [sprint('late', { id: '1', start: '2026-12-20T00:00:00Z' }), sprint('soon', { id: '9', start: '2026-12-06T00:00:00Z' })] })], new Date(NOW));
    expect(byDate.isNext(sprint('soon', { id: '9', start: '2026-12-06T00:00:00Z' }))).toBe(true);
    const bySequence = sprintCalendar([makeItem({ sprints: [sprint('b', { id: '1', sequence: 8 }), sprint('a', { id: '2', sequence: 7 })] })], new Date(NOW));
    expect(bySequence.isNext(sprint('a', { id: '2', sequence: 7 }))).toBe(true);
    const dated = sprintCalendar([makeItem({ sprints: [sprint('undated', { id: '1' }), sprint('dated', { id: '2', start: '2026-12-06T00:00:00Z' })] })], new Date(NOW));
    expect(dated.isNext(sprint('dated', { id: '2', start: '2026-12-06T00:00:00Z' }))).toBe(true);
  });

  it('knows a board’s next sprint from the known sprints even when no item is in it, and trusts them over the items’ copies', () => {
    // The board's list (Jira's Agile API) orders its future sprints by sequence; the items' copies carry none.
    const empty = sprint('S1.5', { id: '7', sequence: 0 });
    const listed = [empty, sprint('S2', { id: '2', sequence: 1 }), sprint('S3', { id: '3', sequence: 2 })];
    const known = sprintCalendar([makeItem({ sprints: [s2] }), makeItem({ sprints: [sprint('S3', { id: '3', sequence: -1 })] })], new Date(NOW), listed);
    expect(known.isNext(empty)).toBe(true);
    expect(known.isNext(s2)).toBe(false);
    expect(known.isNext(s3)).toBe(false);
  });

  it('takes the state from the dates when the tracker gives none (an ADO iteration)', () => {
    const past = sprint('Sprint 1', { state: null, start: '2026-11-01T00:00:00Z', end: '2026-11-14T00:00:00Z' });
    const now = sprint('Sprint 2', { state: null, start: '2026-11-28T00:00:00Z', end: '2026-12-11T00:00:00Z' });
    const soon = sprint('Sprint 3', { state: null, start: '2026-12-12T00:00:00Z', end: '2026-12-25T00:00:00Z' });
    const later = sprint('Sprint 4', { state: null, start: '2026-12-26T00:00:00Z', end: '2027-01-08T00:00:00Z' });
    const teamCalendar = sprintCalendar([makeItem({ sprints: [past] }), makeItem({ sprints: [now] }), makeItem({ sprints: [soon] }), makeItem({ sprints: [later] })], new Date(NOW));
    const holdsSprint = (wanted: NonNullable<ScopeConditions['sprint']>, s: Sprint) => matchesScope(makeItem({ sprints: [s] }), { sprint: wanted }, NOW, teamCalendar);
    expect(holdsSprint('current', now)).toBe(true);
    expect(holdsSprint('none', past)).toBe(true);
    expect(holdsSprint('next', soon)).toBe(true);
    expect(holdsSprint('next', later)).toBe(false);
    expect(holdsSprint('future', later)).toBe(true);
  });

  it('counts an undated sprint (an ADO iteration without dates) as one the item is in, never as current, future or next', () => {
    const undated = sprint('Later', { state: null });
    expect(inSprint('any', [undated])).toBe(true);
    expect(inSprint('none', [undated])).toBe(false);
    for (const wanted of ['current', 'future', 'next'] as const) expect(inSprint(wanted, [undated])).toBe(false);
  });

  it("keeps an Azure DevOps iteration current through its finish date's whole day", () => {
    // finishDate is the last day at midnight UTC, as Azure DevOps stores it.
    const lastDay = Date.parse('2026-12-03T20:44:00Z');
    const calendar = iterationCalendar([{ id: null, name: 'Sprint 2', path: 'Fabrikam\\Sprint 2', start: '2026-11-20T00:00:00Z', end: '2026-12-03T00:00:00Z' }], 'Identity');
    const sprint2 = calendar.get('fabrikam\\sprint 2')!;
    const item = makeItem({ sprints: [sprint2] });
    expect(matchesScope(item, { sprint: 'current' }, lastDay, sprintCalendar([item], new Date(lastDay)))).toBe(true);
    const dayAfter = Date.parse('2026-12-04T00:00:01Z');
    expect(matchesScope(item, { sprint: 'current' }, dayAfter, sprintCalendar([item], new Date(dayAfter)))).toBe(false);
    // A finish with a time of day is that instant.
    const timed = iterationCalendar([{ id: null, name: 'S', path: 'P\\S', start: '2026-11-20T00:00:00Z', end: '2026-12-03T18:00:00Z' }], 'T').get('p\\s')!;
    expect(timed.end).toBe('2026-12-03T18:00:00Z');
  });
});
