// Builders for WorkItems and people in tests: only what a case is about needs writing down.
import type { Person, SourceInfo, WorkItem } from '../../src/model.js';
import { primaryOwner } from '../../src/owners.js';

export const person = (name: string, extra: Partial<Person> = {}): Person => ({
  id: `id-${name.toLowerCase().replace(/\W+/g, '-')}`,
  displayName: name,
  email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`,
  active: true,
  ...extra,
});

let counter = 0;

/**
 * An item; owners may be given as lists (productOwners / productManagers) or, as plugins see them, one
 * each (productOwner / productManager): either way both forms agree, as a connector's items do.
 */
export function makeItem(partial: Partial<WorkItem> = {}): WorkItem {
  counter += 1;
  const key = partial.key ?? `PAY-${counter}`;
  const productOwners = partial.productOwners ?? (partial.productOwner ? [partial.productOwner] : []);
  const productManagers = partial.productManagers ?? (partial.productManager ? [partial.productManager] : []);
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
    assignee: null,
    reporter: null,
    parent: null,
    labels: [],
    team: 'PAY',
    project: 'PAY',
    components: [],
    areaPath: null,
    iteration: null,
    created: null,
    updated: null,
    ...partial,
    productOwners,
    productManagers,
    productOwner: primaryOwner(productOwners),
    productManager: primaryOwner(productManagers),
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
