// The annotate plan (SPEC §13) as a table: which items are candidates, and create / edit / resolve / skip
// from the findings and backlint's comment on the item.
import { describe, expect, it } from 'vitest';
import { candidatesOf, checkedKey, contentOf, decide, type Candidate } from '../../src/annotate/plan.js';
import type { Finding } from '../../src/model.js';
import { makeItem, person } from '../helpers/items.js';

const finding = (itemKey: string, ruleId: string, extra: Partial<Finding> = {}): Finding => ({
  source: 'pay',
  itemKey,
  itemType: 'Story',
  kind: 'story',
  title: `Item ${itemKey}`,
  url: null,
  team: null,
  ruleId,
  severity: 'error',
  messageId: 'missing',
  message: `Problem ${ruleId}`,
  responsible: person('Ana Souza', { id: 'acc-ana' }),
  fingerprint: `${itemKey}-${ruleId}`,
  ...extra,
});

const docs = new Map([['story-po-owner', 'https://example.com/docs/story-po-owner'], ['story-acceptance-criteria', 'docs/rules/story-acceptance-criteria.md']]);

function candidate(findings: Finding[], extra: Partial<Candidate> = {}): Candidate {
  return { source: 'pay', itemKey: 'PAY-1', itemId: '10001', labels: [], title: 'T', findings, onlyKnown: false, labelled: false, ...extra };
}

describe('candidatesOf', () => {
  const items = [
    makeItem({ key: 'PAY-1' }),
    makeItem({ key: 'PAY-2', labels: ['backlint-ignore', 'backlint'] }),
    makeItem({ key: 'PAY-3', labels: ['Backlint'] }),
    makeItem({ key: 'PAY-4' }),
    makeItem({ key: 'PAY-5' }),
    makeItem({ key: 'PAY-6', labels: ['backlint'] }),
  ];
  const checked = new Set(['PAY-1', 'PAY-2', 'PAY-3', 'PAY-4', 'PAY-5'].map((key) => checkedKey('pay', key)));

  it('takes items with findings and clean items carrying the label; leaves out ignored, unchecked and clean unlabelled items', () => {
    const found = candidatesOf({ items, findings: [finding('PAY-1', 'story-po-owner'), finding('PAY-2', 'story-po-owner')], known: [finding('PAY-5', 'story-po-owner')], checked, ignoreLabel: 'backlint-ignore', label: 'backlint' });
    expect(found.map((entry) => [entry.itemKey, entry.findings.length, entry.labelled, entry.onlyKnown])).toEqual([
      ['PAY-1', 1, false, false],
      ['PAY-3', 0, true, false],
    ]);
  });

  it('an item whose findings are all known to the baseline and that carries the label is left alone, not resolved', () => {
    const found = candidatesOf({ items: [makeItem({ key: 'PAY-5', labels: ['backlint'] })], findings: [], known: [finding('PAY-5', 'story-po-owner')], checked, ignoreLabel: 'backlint-ignore', label: 'backlint' });
    expect(found).toHaveLength(1);
    expect(decide(found[0]!, { id: '7', state: 'open', digest: 'aaaaaaaaaaaa' }, docs)).toMatchObject({ action: 'skip', label: null });
  });
});

describe('decide', () => {
  const two = [finding('PAY-1', 'story-po-owner'), finding('PAY-1', 'story-acceptance-criteria', { severity: 'warn' })];
  const digest = contentOf(two, docs).digest;

  it.each([
    ['no comment yet: create and label', candidate(two), null, 'create', true],
    ['no comment, already labelled: create only', candidate(two, { labelled: true }), null, 'create', null],
    ['the same findings: skip', candidate(two, { labelled: true }), { id: '7', state: 'open' as const, digest }, 'skip', null],
    ['changed findings: edit', candidate(two.slice(0, 1), { labelled: true }), { id: '7', state: 'open' as const, digest }, 'edit', null],
    ['footer gone (edited by hand): rewrite', candidate(two, { labelled: true }), { id: '7', state: null, digest: null }, 'edit', null],
    ['clean, open comment, labelled: resolve and unlabel', candidate([], { labelled: true }), { id: '7', state: 'open' as const, digest }, 'resolve', false],
    ['clean, no comment, labelled: unlabel', candidate([], { labelled: true }), null, 'resolve', false],
    ['clean, already resolved, unlabelled: skip', candidate([], { labelled: false }), { id: '7', state: 'resolved' as const, digest: contentOf([], docs).digest }, 'skip', null],
  ])('%s', (_name, entry, existing, action, label) => {
    const planned = decide(entry, existing, docs);
    expect(planned.action).toBe(action);
    expect(planned.label).toBe(label);
    if (action === 'skip') expect(planned.content).toBeNull();
  });

  it('a resolved comment already saying so, still labelled: only the label goes', () => {
    const planned = decide(candidate([], { labelled: true }), { id: '7', state: 'resolved', digest: contentOf([], docs).digest }, docs);
    expect(planned).toMatchObject({ action: 'resolve', content: null, label: false });
  });
});

describe('contentOf', () => {
  it('lists errors first, mentions the responsible person, links only web docs, and digests what it says', () => {
    const content = contentOf([finding('PAY-1', 'story-acceptance-criteria', { severity: 'warn' }), finding('PAY-1', 'story-po-owner', { responsible: null })], docs);
    expect(content.state).toBe('open');
    expect(content.findings.map((entry) => [entry.severity, entry.ruleId, entry.docsUrl])).toEqual([
      ['error', 'story-po-owner', 'https://example.com/docs/story-po-owner'],
      ['warn', 'story-acceptance-criteria', null],
    ]);
    expect(content.mention).toEqual({ id: 'acc-ana', displayName: 'Ana Souza' });
    expect(content.digest).toMatch(/^[0-9a-f]{12}$/);
    expect(contentOf([finding('PAY-1', 'story-po-owner', { message: 'other words' })], docs).digest).not.toBe(contentOf([finding('PAY-1', 'story-po-owner')], docs).digest);
  });

  it('mentions nobody when no finding names anyone, and nobody in the resolved note', () => {
    expect(contentOf([finding('PAY-1', 'story-po-owner', { responsible: null })], docs).mention).toBeNull();
    expect(contentOf([], docs)).toMatchObject({ state: 'resolved', mention: null, findings: [] });
  });
});
