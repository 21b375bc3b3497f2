import { defineRule, docsUrlFor, noOptions, personName } from '../src/rule.js';

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
      inactiveProductManager:
        'Product Manager {name} is a deactivated account. This {kind} needs a PM who still owns the roadmap it belongs to.',
    },
    schema: noOptions,
    docsUrl: docsUrlFor(id),
    requiresFields: ['productOwner', 'productManager'],
  },
  check(item) {
    if (item.kind === 'story') {
      return item.productOwner && !item.productOwner.active
        ? [{ messageId: 'inactiveProductOwner', data: { name: personName(item.productOwner) } }]
        : [];
    }
    return item.productManager && !item.productManager.active
      ? [{ messageId: 'inactiveProductManager', data: { name: personName(item.productManager), kind: item.kind === 'epic' ? 'epic' : 'roadmap item' } }]
      : [];
  },
});
