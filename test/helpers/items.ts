// Builders for WorkItems and people in tests: only what a case is about needs writing down.
import type { Person, SourceInfo, WorkItem } from '../../src/model.js';

export const person = (name: string, extra: Partial<Person> = {}): Person => ({
  id: `id-${name.toLowerCase().replace(/\W+/g, '-')}`,
  displayName: name,
  email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`,
  active: true,
  ...extra,
});

let counter = 0;

export function makeItem(partial: Partial<WorkItem> = {}): WorkItem {
  counter += 1;
  const key = partial.key ?? `PAY-${counter}`;
  return {
    source: 'pay',
    id: String(counter),
    key,
    url: `https://acme.atlassian.net/browse/${key}`,
    type: 'Story',
    kind: 'story',
    title: `Item ${key}`,
    state: 'To Do',
    stateCategory: 'todo',
    description: null,
    acceptanceCriteria: null,
    productOwner: null,
    productManager: null,
    assignee: null,
    reporter: null,
    parent: null,
    labels: [],
    team: 'PAY',
    iteration: null,
    created: null,
    updated: null,
    ...partial,
  };
}

export function makeSourceInfo(partial: Partial<SourceInfo> = {}): SourceInfo {
  return {
    name: 'pay',
    type: 'jira-export',
    mappedFields: new Set(['productOwner', 'productManager']),
    acceptanceCriteriaField: null,
    ...partial,
  };
}
