import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { lint, type SourceItems } from '../src/engine.js';
import type { WorkItem } from '../src/model.js';
import { createRoleMatcher } from '../src/roles.js';
import { configureRules } from '../src/rules-config.js';
import { makeItem, makeSourceInfo, person } from './helpers/items.js';

const rules = configureRules(builtinRules, { 'story-has-parent': 'off' }, 'test');
const setup = { rules, roles: createRoleMatcher({ productOwners: ['nobody-in-these-items@acme.example'], productManagers: [], both: [] }), ignoreLabel: 'backlint-ignore', checkDone: false };
const source = (items: WorkItem[], info = {}): SourceItems => ({ info: makeSourceInfo(info), items, fetched: items.length });
const li = person('Li Wei');
const ana = person('Ana Souza');

describe('lint', () => {
  it('checks only open stories, epics and roadmap items, and counts them', () => {
    const items = [
      makeItem({ key: 'PAY-1', productOwner: ana }),
      makeItem({ key: 'PAY-2', stateCategory: 'done' }),
      makeItem({ key: 'PAY-3', kind: 'other', type: 'Bug' }),
      makeItem({ key: 'PAY-4', kind: 'epic', type: 'Epic', productManager: li }),
    ];
    const result = lint([source(items)], setup);
    expect(result.sources[0]).toMatchObject({ itemsFetched: 4, itemsChecked: 2, notApplicable: [] });
    expect(result.summary.itemsChecked).toBe(2);
    expect(result.findings.map((f) => [f.itemKey, f.ruleId])).toEqual([['PAY-1', 'story-acceptance-criteria']]);
  });

  it('checks done items when the config says so', () => {
    const result = lint([source([makeItem({ key: 'PAY-2', stateCategory: 'done', productOwner: ana })])], { ...setup, checkDone: true });
    expect(result.summary.itemsChecked).toBe(1);
  });

  it('skips an item labelled backlint-ignore, and one rule with backlint-ignore:<rule-id>, counting what it suppressed', () => {
    const items = [
      makeItem({ key: 'PAY-1', labels: ['backlint-ignore'] }),
      makeItem({ key: 'PAY-2', labels: ['Backlint-Ignore:story-po-owner'] }),
    ];
    const result = lint([source(items)], setup);
    expect(result.findings.map((f) => [f.itemKey, f.ruleId])).toEqual([['PAY-2', 'story-acceptance-criteria']]);
    expect(result.summary.suppressed).toBe(2);
    expect(result.summary.itemsChecked).toBe(1);
  });

  it('lists every checked item with the rules that ran on it, leaving out a rule its label suppresses', () => {
    const items = [
      makeItem({ key: 'PAY-10', productOwner: ana, labels: ['backlint-ignore:story-acceptance-criteria'] }),
      makeItem({ key: 'PAY-9', kind: 'epic', type: 'Epic', productManager: li }),
      makeItem({ key: 'PAY-1', labels: ['backlint-ignore'] }),
      makeItem({ key: 'PAY-2', stateCategory: 'done' }),
    ];
    const result = lint([source(items)], setup);
    expect(result.checkedItems.map((item) => [item.itemKey, item.kind, item.rules])).toEqual([
      ['PAY-9', 'epic', ['epic-pm-owner', 'owner-role-mismatch', 'owner-inactive']],
      ['PAY-10', 'story', ['story-po-owner', 'owner-role-mismatch', 'owner-inactive']],
    ]);
    expect(result.checkedItems).toHaveLength(result.summary.itemsChecked);
  });

  it('honours a configured ignore label', () => {
    const result = lint([source([makeItem({ key: 'PAY-1', labels: ['no-lint'] })])], { ...setup, ignoreLabel: 'no-lint' });
    expect(result.findings).toEqual([]);
  });

  it('marks rules not applicable where the owner field is not mapped, and runs them nowhere there', () => {
    const items = [makeItem({ key: 'PAY-1' }), makeItem({ key: 'PAY-2', kind: 'epic', type: 'Epic' })];
    const result = lint([source(items, { mappedFields: new Set(['productOwner']) })], setup);
    expect(result.sources[0]!.notApplicable).toEqual(['epic-pm-owner', 'roadmap-pm-owner']);
    expect(result.sources[0]!.notApplicableReasons['epic-pm-owner']).toMatch(/Product Manager/);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['story-acceptance-criteria', 'story-po-owner']);
    const none = lint([source(items, { mappedFields: new Set() })], setup);
    expect(none.sources[0]!.notApplicable).toEqual(['story-po-owner', 'epic-pm-owner', 'roadmap-pm-owner', 'owner-role-mismatch', 'owner-inactive']);
  });

  it('marks owner-role-mismatch not applicable when the config lists no roles: it could find nothing', () => {
    const items = [makeItem({ key: 'PAY-1', productOwner: ana })];
    const result = lint([source(items)], { ...setup, roles: createRoleMatcher(undefined) });
    expect(result.sources[0]!.notApplicable).toEqual(['owner-role-mismatch']);
    expect(result.sources[0]!.notApplicableReasons['owner-role-mismatch']).toBe('no roles are configured (list people under roles: productOwners, productManagers, both)');
    expect(result.checkedItems[0]!.rules).not.toContain('owner-role-mismatch');
  });

  it('names the responsible person: the PO, failing that the parent epic PM; the PM for epics; never a deactivated account', () => {
    const gone = person('Gone', { active: false });
    const epic = makeItem({ key: 'PAY-10', kind: 'epic', type: 'Epic', productManager: li, productOwner: ana });
    const items = [
      epic,
      makeItem({ key: 'PAY-11', productOwner: ana }),
      makeItem({ key: 'PAY-12', parent: { key: 'PAY-10', kind: 'epic' } }),
      makeItem({ key: 'PAY-13', productOwner: gone, parent: { key: 'PAY-10', kind: 'epic' } }),
      makeItem({ key: 'PAY-14', parent: { key: 'PAY-999', kind: 'epic' } }),
      makeItem({ key: 'PAY-15', kind: 'roadmap', type: 'Initiative', productManager: gone }),
    ];
    const result = lint([source(items)], setup);
    const responsible = Object.fromEntries(result.findings.map((f) => [`${f.itemKey} ${f.ruleId}`, f.responsible?.displayName ?? null]));
    expect(responsible['PAY-11 story-acceptance-criteria']).toBe('Ana Souza');
    expect(responsible['PAY-12 story-po-owner']).toBe('Li Wei');
    expect(responsible['PAY-13 owner-inactive']).toBe('Li Wei');
    expect(responsible['PAY-14 story-po-owner']).toBeNull();
    expect(responsible['PAY-15 owner-inactive']).toBeNull();
  });

  it('with a multi-user picker PM holding a deactivated and an active account, names the active one in either order and reports no inactive owner', () => {
    const gone = person('Jonas Berg', { active: false });
    const items = [
      makeItem({ key: 'PAY-20', kind: 'epic', type: 'Epic', productManagers: [gone, li] }),
      makeItem({ key: 'PAY-21', kind: 'epic', type: 'Epic', productManagers: [li, gone] }),
      makeItem({ key: 'PAY-22', parent: { key: 'PAY-20', kind: 'epic' } }),
      makeItem({ key: 'PAY-23', productOwners: [gone, ana], parent: { key: 'PAY-21', kind: 'epic' } }),
      makeItem({ key: 'PAY-24', kind: 'epic', type: 'Epic', productManagers: [gone, person('Former PM', { active: false })] }),
    ];
    const result = lint([source(items)], setup);
    const found = result.findings.map((f) => [f.itemKey, f.ruleId, f.responsible?.displayName ?? null]);
    expect(found).toEqual([
      ['PAY-22', 'story-acceptance-criteria', 'Li Wei'],
      ['PAY-22', 'story-po-owner', 'Li Wei'],
      ['PAY-23', 'story-acceptance-criteria', 'Ana Souza'],
      ['PAY-24', 'owner-inactive', null],
    ]);
    expect(result.findings.find((f) => f.itemKey === 'PAY-24')!.message).toMatch(/Jonas Berg, Former PM/);
  });

  it('sorts findings by source, numeric-aware key and rule, with stable fingerprints', () => {
    const items = ['PAY-10', 'PAY-9', 'PAY-100'].map((key) => makeItem({ key }));
    const result = lint([source(items, { name: 'b' }), source([makeItem({ key: 'X-1', source: 'a' })], { name: 'a' })], setup);
    expect(result.findings.map((f) => `${f.source}/${f.itemKey}/${f.ruleId}`)).toEqual([
      'a/X-1/story-acceptance-criteria',
      'a/X-1/story-po-owner',
      'b/PAY-9/story-acceptance-criteria',
      'b/PAY-9/story-po-owner',
      'b/PAY-10/story-acceptance-criteria',
      'b/PAY-10/story-po-owner',
      'b/PAY-100/story-acceptance-criteria',
      'b/PAY-100/story-po-owner',
    ]);
    const again = lint([source(items, { name: 'b' })], setup);
    expect(again.findings[0]!.fingerprint).toBe(result.findings[2]!.fingerprint);
    expect(result.summary).toMatchObject({ errors: 8, warnings: 0, byRule: { 'story-acceptance-criteria': 4, 'story-po-owner': 4 } });
  });

  it('uses the configured severity and skips rules turned off', () => {
    const configured = configureRules(builtinRules, { 'story-po-owner': 'warn', 'story-acceptance-criteria': 'off', 'story-has-parent': 'off' }, 'test');
    const result = lint([source([makeItem({ key: 'PAY-1' })])], { ...setup, rules: configured });
    expect(result.findings.map((f) => [f.ruleId, f.severity])).toEqual([['story-po-owner', 'warn']]);
    expect(result.summary).toMatchObject({ errors: 0, warnings: 1 });
  });

  it('turns a throwing custom rule into an error that names the rule and the item', () => {
    const broken = { ...builtinRules[1]!, meta: { ...builtinRules[1]!.meta, id: 'broken' }, check: () => { throw new TypeError('boom'); } };
    expect(() => lint([source([makeItem({ key: 'PAY-1' })])], { ...setup, rules: [{ rule: broken, severity: 'error', options: {} }] })).toThrow(
      /Rule broken failed on pay PAY-1: boom/,
    );
  });
});

describe('configureRules', () => {
  it('refuses an unknown rule id with a suggestion', () => {
    expect(() => configureRules(builtinRules, { 'story-po-ownr': 'error' }, 'c.yaml')).toThrow(/Did you mean 'story-po-owner'/);
  });
  it('refuses bad options, naming the path', () => {
    expect(() => configureRules(builtinRules, { 'story-po-owner': ['error', { bogus: true }] }, 'c.yaml')).toThrow(/rules\["story-po-owner"\]\[1\]/);
  });
});
