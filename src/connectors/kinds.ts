// Kind mapping (SPEC §3.4): raw type name (and Jira's hierarchy level) → story, epic, roadmap or other.
import type { Kind } from '../model.js';
import type { TypesConfig } from '../config/schema.js';

type MappedKind = Exclude<Kind, 'other'>;

const JIRA_DEFAULTS: Record<MappedKind, readonly string[]> = { story: ['Story', 'User Story'], epic: ['Epic'], roadmap: [] };
export const ADO_DEFAULTS: Record<MappedKind, readonly string[]> = {
  story: ['User Story', 'Product Backlog Item', 'Requirement', 'Issue'],
  epic: ['Epic'],
  roadmap: ['Feature'],
};

export type KindResolver = (typeName: string, hierarchyLevel?: number | null) => Kind;

export function createKindResolver(tracker: 'jira' | 'azure-devops', overrides: TypesConfig = {}): KindResolver {
  const defaults = tracker === 'jira' ? JIRA_DEFAULTS : ADO_DEFAULTS;
  const byName = new Map<string, MappedKind>();
  // Defaults first, then the config's lists, so a type the config names wins over a default.
  for (const kind of ['story', 'epic', 'roadmap'] as const) {
    if (!overrides[kind]) for (const name of defaults[kind]) byName.set(name.toLowerCase(), kind);
  }
  for (const kind of ['story', 'epic', 'roadmap'] as const) {
    for (const name of overrides[kind] ?? []) byName.set(name.toLowerCase(), kind);
  }
  return (typeName, hierarchyLevel) => {
    const lower = typeName.trim().toLowerCase();
    const named = byName.get(lower);
    if (named) return named;
    if (tracker === 'jira' && typeof hierarchyLevel === 'number') {
      // Jira: level 1 is the epic level, anything above it (Initiative, Theme…) is roadmap; a config
      // list that names kinds explicitly replaces this for the kinds it names.
      if (hierarchyLevel === 1 && !overrides.epic) return 'epic';
      if (hierarchyLevel >= 2 && !overrides.roadmap) return 'roadmap';
    }
    return 'other';
  };
}
