import { z } from 'zod';
import { defineRule, docsUrlFor } from '../src/rule.js';
import { findAcceptanceCriteria } from '../src/text/acceptance.js';

const id = 'story-acceptance-criteria';

export default defineRule({
  meta: {
    id,
    description: 'User stories need meaningful acceptance criteria, which the Product Owner defines and accepts.',
    appliesTo: ['story'],
    defaultSeverity: 'error',
    messages: {
      missing:
        'Story has no acceptance criteria. The Product Owner defines them so the team knows what "done" means before the sprint starts.',
      empty:
        'Story\'s acceptance criteria section is empty. The Product Owner should fill it in so the team knows what "done" means before the sprint starts.',
      placeholder:
        "Story's acceptance criteria are a placeholder ('{text}'). The Product Owner should replace it with real criteria the team can test against.",
      tooShort:
        "Story's acceptance criteria are too short to test against ('{text}'). The Product Owner should say what the team will check to call the story done, in at least a sentence.",
    },
    schema: z.object({}).strict(),
    docsUrl: docsUrlFor(id),
  },
  check(item, _options, context) {
    const result = findAcceptanceCriteria({ field: item.acceptanceCriteria, fields: item.acceptanceCriteriaFields, description: item.description }, context.acceptanceCriteria);
    switch (result.status) {
      case 'ok':
        return [];
      case 'placeholder':
        return [{ messageId: 'placeholder', data: { text: result.text } }];
      case 'too-short':
        return [{ messageId: 'tooShort', data: { text: result.text } }];
      default:
        return [{ messageId: result.status }];
    }
  },
});
