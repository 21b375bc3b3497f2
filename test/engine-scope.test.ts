// The engine with scopes (SPEC §5): items out of scope are not checked, not counted, not part of a
// team's findings or of coverage; overrides set a rule's severity per item, later entries winning.
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import type { OverrideConfig } from '../src/config/schema.js';
import { lint, type LintSetup, type SourceItems } from '../src/engine.js';
import type { WorkItem } from '../src/model.js';
import { createRoleMatcher } from '../src/roles.js';
import { configureRules } from '../src/rules-config.js';
import type { ScopeSetup } from '../src/scope.js';
import { makeItem, makeSourceInfo, person } from './helpers/items.js';

const NOW = new Date('2026-12-02T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const roles = createRoleMatcher(undefined);
const ana = person('Ana Souza');
const source = (items: WorkItem[]): SourceItems => ({ info: makeSourceInfo(), items, fetched: items.length });
const setupWith = (scope: Omit<ScopeSetup, 'now' | 'overrides'> & Partial<Pick<ScopeSetup, 'overrides'>>, settings = {}): LintSetup => ({
  // story-has-parent off: each case asserts exactly the findings it is about.
  rules: configureRules(builtinRules, { 'story-has-parent': 'off', ...settings }, 'test', scope.overrides ?? []),
  roles,
  ignoreLabel: 'backlint-ignore',
  checkDone: false,
  scope: { overrides: [], ...scope, now: NOW },
});
const keysAndRules = (result: ReturnType<typeof lint>) => result.findings.map((f) => [f.itemKey, f.ruleId, f.severity]);

describe('lint with a scope', () => {
  it('leaves out young items (a grace period), counting them as out of scope and not as checked', () => {
    const items = [
      makeItem({ key: 'PAY-1', created: daysAgo(5), productOwner: ana }),
      makeItem({ key: 'PAY-2', created: daysAgo(0.5) }),
      makeItem({ key: 'PAY-3', created: daysAgo(1), stateCategory: 'done' }),
      makeItem({ key: 'PAY-4', created: daysAgo(1), kind: 'other', type: 'Bug' }),
    ];
    const result = lint([source(items)], setupWith({ base: { createdBefore: '2d' } }));
    expect(keysAndRules(result)).toEqual([['PAY-1', 'story-acceptance-criteria', 'error']]);
    expect(result.summary.itemsChecked).toBe(1);
    expect(result.sources[0]).toMatchObject({ itemsFetched: 4, itemsChecked: 1, outOfScope: 1 });
    expect(result.outOfScope).toBe(1);
    expect(result.checkedItems.map((item) => item.itemKey)).toEqual(['PAY-1']);
  });

  it('counts an out-of-scope item as out of scope, not as suppressed', () => {
    const result = lint([source([makeItem({ key: 'PAY-1', labels: ['backlint-ignore'], created: daysAgo(0) })])], setupWith({ base: { createdBefore: '1d' } }));
    expect(result.summary).toMatchObject({ itemsChecked: 0, suppressed: 0 });
    expect(result.outOfScope).toBe(1);
  });

  it('applies the named scope on top of the config scope', () => {
    const items = [
      makeItem({ key: 'PAY-1', created: daysAgo(5), labels: ['ready'] }),
      makeItem({ key: 'PAY-2', created: daysAgo(5) }),
      makeItem({ key: 'PAY-3', created: daysAgo(0), labels: ['ready'] }),
    ];
    const result = lint([source(items)], setupWith({ base: { createdBefore: '2d' }, named: { name: 'ready', conditions: { labels: ['ready'] } } }));
    expect(result.checkedItems.map((item) => item.itemKey)).toEqual(['PAY-1']);
    expect(result.outOfScope).toBe(2);
  });

  it('has no outOfScope on source summaries without a scope', () => {
    const result = lint([source([makeItem()])], { rules: configureRules(builtinRules, {}, 'test'), roles, ignoreLabel: 'backlint-ignore', checkDone: false });
    expect(result.sources[0]).not.toHaveProperty('outOfScope');
    expect(result.outOfScope).toBe(0);
  });
});

describe('lint with overrides', () => {
  it('sets a severity per item, a later override winning, and turns a rule off for a scope', () => {
    const overrides: OverrideConfig[] = [
      { scope: { stateCategories: ['todo'] }, rules: { 'story-acceptance-criteria': 'warn' } },
      { scope: { labels: ['ready'] }, rules: { 'story-acceptance-criteria': 'error', 'story-po-owner': 'off' } },
    ];
    const items = [
      makeItem({ key: 'PAY-1', stateCategory: 'todo' }),
      makeItem({ key: 'PAY-2', stateCategory: 'todo', labels: ['ready'] }),
      makeItem({ key: 'PAY-3', stateCategory: 'in-progress' }),
    ];
    const result = lint([source(items)], setupWith({ overrides }));
    expect(keysAndRules(result)).toEqual([
      ['PAY-1', 'story-acceptance-criteria', 'warn'],
      ['PAY-1', 'story-po-owner', 'error'],
      ['PAY-2', 'story-acceptance-criteria', 'error'],
      ['PAY-3', 'story-acceptance-criteria', 'error'],
      ['PAY-3', 'story-po-owner', 'error'],
    ]);
    expect(result.summary).toMatchObject({ itemsChecked: 3, errors: 4, warnings: 1 });
    expect(result.checkedItems.find((item) => item.itemKey === 'PAY-2')?.rules).not.toContain('story-po-owner');
  });

  it('turns on, for its scope only, a rule the config turns off', () => {
    const overrides = [{ scope: { labels: ['ready'] }, rules: { 'story-po-owner': 'warn' as const } }];
    const items = [makeItem({ key: 'PAY-1', labels: ['ready'] }), makeItem({ key: 'PAY-2' })];
    const result = lint([source(items)], setupWith({ overrides }, { 'story-po-owner': 'off', 'story-acceptance-criteria': 'off' }));
    expect(keysAndRules(result)).toEqual([['PAY-1', 'story-po-owner', 'warn']]);
    expect(result.checkedItems.map((item) => [item.itemKey, item.rules])).toEqual([
      ['PAY-1', ['story-po-owner', 'owner-inactive']],
      ['PAY-2', ['owner-inactive']],
    ]);
  });

  it('refuses an override naming a rule that does not exist, with the closest id', () => {
    expect(() => configureRules(builtinRules, {}, 'backlint.config.yaml', [{ rules: { 'story-po-owners': 'warn' } }])).toThrow(
      `Config backlint.config.yaml: overrides[0].rules["story-po-owners"]: no rule has this id. Did you mean 'story-po-owner'?`,
    );
  });
});

describe('scopes and the team roster', () => {
  const roster = { origin: 'backlint.config.yaml', teams: [{ name: 'Payments', match: { project: ['PAY'] }, productOwners: ['gone@acme.example'], productManagers: [], where: 'teams[0]' }] };
  const rostered = (items: WorkItem[]): SourceItems => ({
    ...source(items),
    ownership: 'roster',
    rosterPeople: new Map([['gone@acme.example', { written: 'gone@acme.example', status: 'found', person: person('Gone', { active: false }) }]]),
    tracker: 'Jira',
  });
  const story = (key: string, created: string) => makeItem({ key, created, roster: { team: 'Payments', productOwners: 'roster', productManagers: null }, productOwners: [person('Gone', { active: false })] });

  it('reports a team with in-scope stories and no active PO, and counts only in-scope items in its coverage', () => {
    const result = lint([rostered([story('PAY-1', daysAgo(5)), story('PAY-2', daysAgo(0))])], { ...setupWith({ base: { createdBefore: '2d' } }), roster });
    expect(new Set(result.findings.filter((f) => f.kind === 'team').map((f) => f.itemKey))).toEqual(new Set(['team/Payments']));
    expect(result.teams).toEqual([expect.objectContaining({ team: 'Payments', itemsChecked: 1, stories: 1 })]);
  });

  it('reports nothing on a team whose items are all out of scope, and gives it no coverage row', () => {
    const result = lint([rostered([story('PAY-1', daysAgo(0)), story('PAY-2', daysAgo(0))])], { ...setupWith({ base: { createdBefore: '2d' } }), roster });
    expect(result.findings).toEqual([]);
    expect(result.teams).toEqual([]);
    expect(result.outOfScope).toBe(2);
  });
});
