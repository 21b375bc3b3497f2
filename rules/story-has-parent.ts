import { defineRule, docsUrlFor, noOptions } from '../src/rule.js';

const id = 'story-has-parent';

export default defineRule({
  meta: {
    id,
    description: 'User stories should sit under an epic or roadmap item, so a Product Manager-owned item explains why they are on the backlog.',
    appliesTo: ['story'],
    defaultSeverity: 'warn',
    messages: {
      noParent:
        'Story is under no epic or roadmap item. Without one, no Product Manager-owned item says why it is on the backlog: the PO should link it to the epic it serves, or ask the PM whether it belongs.',
      parentNotLarge:
        'Story\'s parent {parent} is a {kind}, not an epic or roadmap item. No Product Manager-owned item says why it is on the backlog: the PO should link it to the epic it serves.',
    },
    schema: noOptions,
    docsUrl: docsUrlFor(id),
  },
  // Jira's parent (Epic Link on Data Center), Azure DevOps' hierarchy link. A parent this run did not
  // fetch and whose kind the payload does not say is given the benefit of the doubt.
  check(item, _options, { parentOf }) {
    if (item.parent === null) return [{ messageId: 'noParent' }];
    const kind = item.parent.kind ?? parentOf(item)?.kind ?? null;
    if (kind === null || kind === 'epic' || kind === 'roadmap') return [];
    return [{ messageId: 'parentNotLarge', data: { parent: item.parent.key, kind: kind === 'other' ? 'work item of another type' : kind } }];
  },
});
