import rule from '../../rules/story-has-parent.js';
import { makeItem } from '../helpers/items.js';
import { testRule } from '../helpers/rule-tester.js';

const epic = makeItem({ key: 'PAY-1', kind: 'epic', type: 'Epic' });
const feature = makeItem({ key: '77', kind: 'roadmap', type: 'Feature' });
const otherStory = makeItem({ key: 'PAY-9', kind: 'story', type: 'Story' });
const bug = makeItem({ key: 'PAY-8', kind: 'other', type: 'Bug' });

testRule(rule, {
  valid: [
    { name: 'Jira Cloud: a story whose parent is an epic', item: makeItem({ key: 'PAY-2', parent: { key: 'PAY-1', kind: 'epic' } }) },
    { name: 'a story under a roadmap item (an ADO Feature, a Jira Initiative)', item: makeItem({ key: '78', parent: { key: '77', kind: 'roadmap' } }) },
    { name: 'Data Center Parent Link or ADO hierarchy link: kind unknown, the parent fetched is an epic', item: makeItem({ key: 'PAY-3', parent: { key: 'PAY-1', kind: null } }), others: [epic] },
    { name: 'ADO hierarchy link to a Feature this run fetched', item: makeItem({ key: '79', parent: { key: '77', kind: null } }), others: [feature] },
    { name: 'a parent of unknown kind this run did not fetch: benefit of the doubt', item: makeItem({ key: 'PAY-4', parent: { key: 'OPS-1', kind: null } }) },
  ],
  invalid: [
    { name: 'a story with no parent', item: makeItem({ key: 'PAY-5' }), errors: [{ messageId: 'noParent' }] },
    { name: 'a story under another story', item: makeItem({ key: 'PAY-6', parent: { key: 'PAY-9', kind: 'story' } }), errors: [{ messageId: 'parentNotLarge', data: { parent: 'PAY-9', kind: 'story' } }] },
    {
      name: 'a hierarchy link to a story of unknown kind, fetched',
      item: makeItem({ key: 'PAY-10', parent: { key: 'PAY-9', kind: null } }),
      others: [otherStory],
      errors: [{ messageId: 'parentNotLarge', data: { kind: 'story' } }],
    },
    { name: 'a story under a bug', item: makeItem({ key: 'PAY-7', parent: { key: 'PAY-8', kind: null } }), others: [bug], errors: [{ messageId: 'parentNotLarge', data: { kind: 'work item of another type' } }] },
  ],
});
