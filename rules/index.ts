// The built-in rules, in the order `backlint rules` and the README list them.
import type { Rule } from '../src/rule.js';
import epicPmOwner from './epic-pm-owner.js';
import ownerInactive from './owner-inactive.js';
import ownerRoleMismatch from './owner-role-mismatch.js';
import roadmapPmOwner from './roadmap-pm-owner.js';
import storyAcceptanceCriteria from './story-acceptance-criteria.js';
import storyHasParent from './story-has-parent.js';
import storyPoOwner from './story-po-owner.js';
import teamOwners from './team-owners.js';

export const builtinRules: readonly Rule[] = [
  storyAcceptanceCriteria,
  storyPoOwner,
  epicPmOwner,
  roadmapPmOwner,
  ownerRoleMismatch,
  ownerInactive,
  teamOwners,
  storyHasParent,
] as readonly Rule[];
