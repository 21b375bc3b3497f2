// The engine as items stream in (SPEC §11): batches in any order and of any size give the very result of
// linting each source whole, with items waiting for a parent still to come.
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { Linter, lint, type ConfiguredRule, type LintResult, type SourceItems } from '../src/engine.js';
import { defineRule, noOptions } from '../src/rule.js';
import type { WorkItem } from '../src/model.js';
import { createRoleMatcher } from '../src/roles.js';
import { configureRules } from '../src/rules-config.js';
import { makeItem, makeSourceInfo, person } from './helpers/items.js';

const setup = {
  rules: configureRules(builtinRules, {}, 'test'),
  roles: createRoleMatcher({ productOwners: [], productManagers: ['li.wei@example.com'], both: [] }),
  ignoreLabel: 'backlint-ignore',
  checkDone: false,
};
const li = person('Li Wei');
const ana = person('Ana Souza');
const old = person('Old Owner', { active: false });

/** A backlog with parents after their children, grandchildren, parents never fetched and items of every kind. */
function backlog(source = 'pay'): WorkItem[] {
  const item = (partial: Partial<WorkItem>) => makeItem({ source, ...partial });
  return [
    item({ key: 'PAY-1', parent: { key: 'PAY-100', kind: null } }),
    item({ key: 'PAY-2', parent: { key: 'PAY-101', kind: null }, productOwner: ana }),
    item({ key: 'PAY-3', parent: { key: 'PAY-999', kind: null } }),
    item({ key: 'PAY-4', parent: { key: 'PAY-5', kind: null } }),
    item({ key: 'PAY-5', kind: 'other', type: 'Task', parent: { key: 'PAY-100', kind: null } }),
    item({ key: 'PAY-6', labels: ['backlint-ignore'], parent: { key: 'PAY-100', kind: null } }),
    item({ key: 'PAY-7', labels: ['backlint-ignore:story-po-owner'], parent: { key: 'PAY-102', kind: null } }),
    item({ key: 'PAY-8', stateCategory: 'done', parent: { key: 'PAY-100', kind: null } }),
    item({ key: 'PAY-9', productOwner: old, parent: { key: 'PAY-102', kind: null } }),
    item({ key: 'PAY-100', kind: 'epic', type: 'Epic', productManager: li }),
    item({ key: 'PAY-101', kind: 'epic', type: 'Epic', productManager: old, parent: { key: 'PAY-200', kind: null } }),
    item({ key: 'PAY-102', kind: 'epic', type: 'Epic' }),
    item({ key: 'PAY-200', kind: 'roadmap', type: 'Initiative', productManager: ana }),
    item({ key: 'PAY-10', parent: { key: 'PAY-10', kind: null } }),
  ];
}

/** A seeded shuffle and split into batches, so a failure names the seed that found it. */
function batchesOf(items: WorkItem[], seed: number): WorkItem[][] {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const order = [...items];
  for (let at = order.length - 1; at > 0; at -= 1) {
    const other = Math.floor(random() * (at + 1));
    [order[at], order[other]] = [order[other]!, order[at]!];
  }
  const batches: WorkItem[][] = [];
  for (let at = 0; at < order.length; ) {
    const size = 1 + Math.floor(random() * 4);
    batches.push(order.slice(at, at + size));
    at += size;
  }
  return batches;
}

const whole = (items: WorkItem[], name = 'pay'): SourceItems => ({ info: makeSourceInfo({ name }), items, fetched: items.length });
const rows = (result: LintResult) => result.findings.map((f) => [f.itemKey, f.ruleId, f.messageId, f.responsible?.displayName ?? null]);

describe('the streaming engine', () => {
  it('gives the result of linting the source whole, whatever the batches and their order', () => {
    const expected = lint([whole(backlog())], setup);
    expect(rows(expected)).toContainEqual(['PAY-1', 'story-acceptance-criteria', expect.any(String), 'Li Wei']);
    expect(rows(expected)).toContainEqual(['PAY-4', 'story-has-parent', 'parentNotLarge', null]);
    for (let seed = 1; seed <= 40; seed += 1) {
      const linter = new Linter(setup);
      const source = linter.source({ info: makeSourceInfo() });
      for (const batch of batchesOf(backlog(), seed)) source.add(batch);
      source.end(backlog().length);
      const streamed = linter.finish();
      expect({ seed, result: streamed }).toEqual({ seed, result: expected });
    }
  });

  it('lints a story as soon as its parent has come, with the parent\'s kind and Product Manager', () => {
    const linter = new Linter(setup);
    const source = linter.source({ info: makeSourceInfo() });
    source.add([makeItem({ key: 'PAY-1', parent: { key: 'PAY-100', kind: null } })]);
    source.add([makeItem({ key: 'PAY-2', kind: 'other', type: 'Task', parent: { key: 'PAY-100', kind: null } })]);
    source.add([makeItem({ key: 'PAY-3', parent: { key: 'PAY-2', kind: null } })]);
    source.add([makeItem({ key: 'PAY-100', kind: 'epic', type: 'Epic', productManager: li })]);
    source.end(4);
    const result = linter.finish();
    // PAY-3 waited for PAY-2, which waited for PAY-100: all were released when it came.
    expect(result.findings.filter((f) => f.itemKey !== 'PAY-100').map((f) => [f.itemKey, f.ruleId, f.responsible?.displayName ?? null])).toEqual([
      ['PAY-1', 'story-acceptance-criteria', 'Li Wei'],
      ['PAY-1', 'story-po-owner', 'Li Wei'],
      ['PAY-3', 'story-acceptance-criteria', null],
      ['PAY-3', 'story-has-parent', null],
      ['PAY-3', 'story-po-owner', null],
    ]);
    expect(result.findings.find((f) => f.itemKey === 'PAY-3' && f.ruleId === 'story-has-parent')?.message).toMatch(/work item of another type/);
  });

  it('lints at the end of the source an item whose parent was never fetched', () => {
    const linter = new Linter(setup);
    const source = linter.source({ info: makeSourceInfo() });
    source.add([makeItem({ key: 'PAY-1', parent: { key: 'OTHER-1', kind: null } })]);
    expect(linter.finish.bind(linter)).toThrow(/before source 1 ended/);
    source.end(1);
    expect(() => source.add([makeItem({ key: 'PAY-2' })])).toThrow(/after its end/);
    const result = linter.finish();
    expect(result.checkedItems.map((item) => item.itemKey)).toEqual(['PAY-1']);
    expect(result.sources[0]).toMatchObject({ itemsFetched: 1, itemsChecked: 1 });
  });

  it('once the connector has listed what will come, stops waiting for a parent not among it', () => {
    const asked: string[] = [];
    const asks = defineRule({
      meta: { id: 'asks-parent', description: 'Asks for the parent.', appliesTo: ['story'], defaultSeverity: 'warn', messages: { none: 'No parent here.' }, schema: noOptions, docsUrl: 'https://example.test/asks-parent' },
      check(item, _options, { parentOf }) {
        if (item.parent === null || parentOf(item) !== null) return [];
        asked.push(item.key);
        return [{ messageId: 'none' }];
      },
    });
    const withAsks = { ...setup, rules: [...setup.rules, { rule: asks, severity: 'warn', options: {} } as ConfiguredRule] };
    const items = () => [
      makeItem({ key: 'PAY-1', parent: { key: 'PAY-999', kind: null } }),
      makeItem({ key: 'PAY-2', parent: { key: 'PAY-100', kind: null } }),
      makeItem({ key: 'PAY-3', parent: { key: 'PAY-999', kind: null } }),
      makeItem({ key: 'PAY-100', kind: 'epic', type: 'Epic', productManager: li }),
    ];
    const expected = lint([whole(items())], withAsks);
    asked.length = 0;
    const linter = new Linter(withAsks);
    const source = linter.source({ info: makeSourceInfo() });
    const [one, two, three, epic] = items();
    source.add([one!, two!]);
    expect(asked).toEqual(['PAY-1', 'PAY-2']); // both asked, both wait
    source.listed((key) => key !== 'PAY-999');
    expect(asked).toEqual(['PAY-1', 'PAY-2', 'PAY-1']); // PAY-1's parent will not come: finished now
    source.add([three!]);
    expect(asked).toEqual(['PAY-1', 'PAY-2', 'PAY-1', 'PAY-3']); // no wait for a parent not listed
    source.add([epic!]);
    source.end(4);
    expect(asked).toEqual(['PAY-1', 'PAY-2', 'PAY-1', 'PAY-3']); // PAY-2 found its parent: no finding
    expect(linter.finish()).toEqual(expected);
  });

  it('keeps the sources in their slots, in whatever order they start and end', () => {
    const linter = new Linter(setup);
    const second = linter.source({ info: makeSourceInfo({ name: 'web' }) }, 1);
    const first = linter.source({ info: makeSourceInfo({ name: 'pay' }) }, 0);
    expect(() => linter.source({ info: makeSourceInfo({ name: 'again' }) }, 0)).toThrow(/started twice/);
    second.add(backlog('web'));
    first.add(backlog('pay').slice(0, 5));
    second.end(14);
    first.add(backlog('pay').slice(5));
    first.end(14);
    const result = linter.finish();
    const expected = lint([whole(backlog('pay'), 'pay'), whole(backlog('web'), 'web')], setup);
    expect(result.sources.map((s) => s.name)).toEqual(['pay', 'web']);
    expect(result).toEqual(expected);
  });
});
