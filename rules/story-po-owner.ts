import { defineRule, docsUrlFor, noOptions } from '../src/rule.js';

const id = 'story-po-owner';

export default defineRule({
  meta: {
    id,
    description: 'User stories need a Product Owner, the tactical owner of the team backlog.',
    appliesTo: ['story'],
    defaultSeverity: 'error',
    messages: {
      missing:
        'Story has no Product Owner. The PO owns the team backlog: someone must clarify this story, answer the team\'s questions and accept it against its acceptance criteria.',
    },
    schema: noOptions,
    docsUrl: docsUrlFor(id),
    requiresFields: ['productOwner'],
    coveredByTeamFinding: true,
  },
  // Missing means no PO at all. POs who are all deactivated are owner-inactive's finding, not this one (SPEC §5).
  check: (item) => (item.productOwners.length === 0 ? [{ messageId: 'missing' }] : []),
});
