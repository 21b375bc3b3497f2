import { defineRule, docsUrlFor, noOptions } from '../src/rule.js';

const id = 'epic-pm-owner';

export default defineRule({
  meta: {
    id,
    description: 'Epics need a Product Manager, the strategic owner of the roadmap and its large items.',
    appliesTo: ['epic'],
    defaultSeverity: 'error',
    messages: {
      missing:
        'Epic has no Product Manager. The PM owns the roadmap: someone must decide why this epic matters, what outcome it serves and when it is worth doing.',
    },
    schema: noOptions,
    docsUrl: docsUrlFor(id),
    requiresFields: ['productManager'],
    coveredByTeamFinding: true,
  },
  // Missing means no PM at all. PMs who are all deactivated are owner-inactive's finding, not this one (SPEC §5).
  check: (item) => (item.productManagers.length === 0 ? [{ messageId: 'missing' }] : []),
});
