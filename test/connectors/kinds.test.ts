import { describe, expect, it } from 'vitest';
import { createKindResolver } from '../../src/connectors/kinds.js';

describe('kind mapping (SPEC §3.4)', () => {
  const jira = createKindResolver('jira');
  const ado = createKindResolver('azure-devops');

  it.each([
    ['Story', 0, 'story'],
    ['user story', 0, 'story'],
    ['Epic', 1, 'epic'],
    ['Feature Set', 1, 'epic'],
    ['Initiative', 2, 'roadmap'],
    ['Theme', 3, 'roadmap'],
    ['Bug', 0, 'other'],
    ['Sub-task', -1, 'other'],
    ['Epic', undefined, 'epic'],
  ] as const)('Jira %s (level %s) is %s', (type, level, kind) => {
    expect(jira(type, level)).toBe(kind);
  });

  it.each([
    ['User Story', 'story'],
    ['Product Backlog Item', 'story'],
    ['Requirement', 'story'],
    ['Issue', 'story'],
    ['Epic', 'epic'],
    ['Feature', 'roadmap'],
    ['Task', 'other'],
    ['Bug', 'other'],
  ] as const)('Azure DevOps %s is %s', (type, kind) => {
    expect(ado(type)).toBe(kind);
  });

  it('lets a source override a kind, case-insensitively, replacing that kind\'s defaults', () => {
    const custom = createKindResolver('jira', { story: ['Story', 'Spike'], roadmap: ['big bet'] });
    expect(custom('SPIKE', 0)).toBe('story');
    expect(custom('User Story', 0)).toBe('other');
    expect(custom('Big Bet', 0)).toBe('roadmap');
    // A configured roadmap list replaces the hierarchy default for roadmap, not for epics.
    expect(custom('Initiative', 2)).toBe('other');
    expect(custom('Epic', 1)).toBe('epic');
  });

  it('lets a configured name win over the hierarchy level', () => {
    const custom = createKindResolver('jira', { story: ['Epic'] });
    expect(custom('Epic', 1)).toBe('story');
  });
});
