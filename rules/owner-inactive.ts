import { defineRule, docsUrlFor, noOptions, personName, type RuleResult } from '../src/rule.js';

const id = 'owner-inactive';

export default defineRule({
  meta: {
    id,
    description: "A story's Product Owner or an epic's or roadmap item's Product Manager must not be a deactivated account.",
    appliesTo: ['story', 'epic', 'roadmap'],
    defaultSeverity: 'error',
    messages: {
      inactiveProductOwner:
        'Product Owner {name} is a deactivated account. The story needs a PO who can still clarify it and accept it: hand it to the team\'s current PO.',
      inactiveProductOwners:
        'Every Product Owner of this story is a deactivated account ({names}). The story needs a PO who can still clarify it and accept it: hand it to the team\'s current PO.',
      inactiveProductManager:
        'Product Manager {name} is a deactivated account. This {kind} needs a PM who still owns the roadmap it belongs to.',
      inactiveProductManagers:
        'Every Product Manager of this {kind} is a deactivated account ({names}). It needs a PM who still owns the roadmap it belongs to.',
    },
    schema: noOptions,
    docsUrl: docsUrlFor(id),
    requiresFields: ['productOwner', 'productManager'],
    coveredByTeamFinding: true,
  },
  // With several owners, one active owner is enough: the finding is for an item nobody can act on (SPEC §5).
  check(item): RuleResult[] {
    const story = item.kind === 'story';
    const owners = story ? item.productOwners : item.productManagers;
    if (owners.length === 0 || owners.some((owner) => owner.active)) return [];
    const kind = item.kind === 'epic' ? 'epic' : 'roadmap item';
    if (owners.length === 1) {
      const name = personName(owners[0]!);
      return [story ? { messageId: 'inactiveProductOwner', data: { name } } : { messageId: 'inactiveProductManager', data: { name, kind } }];
    }
    const names = owners.map(personName).join(', ');
    return [story ? { messageId: 'inactiveProductOwners', data: { names } } : { messageId: 'inactiveProductManagers', data: { names, kind } }];
  },
});
