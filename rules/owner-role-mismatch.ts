import { defineRule, docsUrlFor, noOptions, personName } from '../src/rule.js';

const id = 'owner-role-mismatch';

export default defineRule({
  meta: {
    id,
    description: "A story's PO should be a Product Owner, an epic's or roadmap item's PM a Product Manager (needs `roles`).",
    appliesTo: ['story', 'epic', 'roadmap'],
    defaultSeverity: 'warn',
    messages: {
      pmAsProductOwner:
        "Product Owner {name} is listed only as a Product Manager. Stories need a PO: the tactical owner who works with the team sprint by sprint and accepts the story's acceptance criteria.",
      poAsProductManager:
        '{kind} owner {name} is listed only as a Product Owner. Epics and roadmap items need a PM: the strategic owner of the product vision and the roadmap.',
    },
    schema: noOptions,
    docsUrl: docsUrlFor(id),
    requiresFields: ['productOwner', 'productManager'],
    requiresRoles: true,
  },
  check(item, _options, { roles }) {
    if (item.kind === 'story') {
      const listed = item.productOwner && roles.rolesOf(item.productOwner);
      return listed && listed.productManager && !listed.productOwner
        ? [{ messageId: 'pmAsProductOwner', data: { name: personName(item.productOwner!) } }]
        : [];
    }
    const listed = item.productManager && roles.rolesOf(item.productManager);
    return listed && listed.productOwner && !listed.productManager
      ? [{ messageId: 'poAsProductManager', data: { name: personName(item.productManager!), kind: item.kind === 'epic' ? 'Epic' : 'Roadmap item' } }]
      : [];
  },
});
