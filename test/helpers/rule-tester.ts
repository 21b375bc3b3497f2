// testRule: ESLint's RuleTester for backlint. Runs a rule over valid and invalid cases as a table, and
// checks the rule's own contract: messages exist and are used, the options schema parses its defaults,
// cases are not duplicated, invalid cases are of a kind the rule applies to, and a docs page exists.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SourceInfo, WorkItem } from '../../src/model.js';
import { formatMessage, type Rule, type RuleContext } from '../../src/rule.js';
import { createRoleMatcher, type RolesInput } from '../../src/roles.js';
import { makeSourceInfo } from './items.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface RuleCase {
  name: string;
  item: WorkItem;
  options?: unknown;
  source?: Partial<SourceInfo>;
  roles?: Partial<RolesInput>;
  /** Other items of the same source (parents). */
  others?: WorkItem[];
  /** The config's `acceptanceCriteria` settings for the item's source. */
  acceptanceCriteria?: RuleContext['acceptanceCriteria'];
}

export interface InvalidRuleCase extends RuleCase {
  errors: { messageId: string; data?: Record<string, string | number> }[];
}

export function testRule(rule: Rule, cases: { valid: RuleCase[]; invalid: InvalidRuleCase[] }): void {
  describe(`rule ${rule.meta.id}`, () => {
    describe('contract', () => {
      it('has a docs page, a description and messages', () => {
        expect(existsSync(path.join(root, 'docs', 'rules', `${rule.meta.id}.md`))).toBe(true);
        expect(rule.meta.description.length).toBeGreaterThan(20);
        expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
        expect(rule.meta.docsUrl).toContain(rule.meta.id);
      });
      it('parses its default options', () => {
        expect(rule.meta.schema.safeParse({}).success).toBe(true);
      });
      it('says in every message why it matters (names the PO or the PM)', () => {
        for (const template of Object.values(rule.meta.messages)) expect(template).toMatch(/\b(PO|PM|Product Owner|Product Manager)\b/);
      });
      it('has no duplicate cases and uses every message id', () => {
        const names = [...cases.valid, ...cases.invalid].map((c) => c.name);
        expect(new Set(names).size).toBe(names.length);
        const fingerprints = [...cases.valid, ...cases.invalid].map((c) => JSON.stringify([c.item, c.options, c.source, c.roles, c.acceptanceCriteria]));
        expect(new Set(fingerprints).size).toBe(fingerprints.length);
        const used = new Set(cases.invalid.flatMap((c) => c.errors.map((e) => e.messageId)));
        expect([...used].sort()).toEqual(Object.keys(rule.meta.messages).sort());
      });
    });

    const run = (c: RuleCase) => {
      const parsed = rule.meta.schema.safeParse(c.options ?? {});
      expect(parsed.success, `options of case "${c.name}" must be valid`).toBe(true);
      const byKey = new Map([c.item, ...(c.others ?? [])].map((item) => [item.key, item]));
      const context: RuleContext = {
        source: makeSourceInfo(c.source),
        roles: createRoleMatcher({ productOwners: [], productManagers: [], both: [], ...c.roles }),
        parentOf: (item) => (item.parent ? (byKey.get(item.parent.key) ?? null) : null),
        ...(c.acceptanceCriteria === undefined ? {} : { acceptanceCriteria: c.acceptanceCriteria }),
      };
      return rule.check!(c.item, parsed.data, context);
    };

    describe('valid', () => {
      it.each(cases.valid.map((c) => [c.name, c] as const))('%s', (_name, c) => {
        expect(run(c)).toEqual([]);
      });
    });

    describe('invalid', () => {
      it.each(cases.invalid.map((c) => [c.name, c] as const))('%s', (_name, c) => {
        expect(rule.meta.appliesTo, 'the engine only runs a rule on kinds it applies to').toContain(c.item.kind);
        const results = run(c);
        expect(results.map((r) => r.messageId)).toEqual(c.errors.map((e) => e.messageId));
        c.errors.forEach((expected, index) => {
          if (expected.data) expect(results[index]!.data).toMatchObject(expected.data);
          const message = formatMessage(rule.meta.messages[results[index]!.messageId]!, results[index]!.data);
          expect(message, 'every placeholder is filled').not.toMatch(/\{\w+\}/);
        });
      });
    });
  });
}
