import { defineRule, docsUrlFor, noOptions } from '../src/rule.js';

const id = 'roadmap-pm-owner';

export default defineRule({
  meta: {
    id,
    description: 'Roadmap items (features, initiatives) need a Product Manager, the strategic owner of the roadmap.',
    appliesTo: ['roadmap'],
    defaultSeverity: 'error',
    messages: {
      missing:
        'Roadmap item has no Product Manager. The PM owns the product vision and the roadmap: without one, nobody answers for why this item is on it.',
    },
    schema: noOptions,
    docsUrl: docsUrlFor(id),
    requiresFields: ['productManager'],
    coveredByTeamFinding: true,
  },
  // Missing means no PM at all. PMs who are all deactivated are owner-inactive's finding, not this one (SPEC §5).
  check: (item) => (item.productManagers.length === 0 ? [{ messageId: 'missing' }] : []),
});
