import rule from '../../rules/story-po-owner.js';
import { makeItem, person } from '../helpers/items.js';
import { testRule } from '../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'story with an active PO', item: makeItem({ key: 'PAY-1', productOwner: person('Ana Souza') }) },
    {
      name: 'story whose PO is deactivated (owner-inactive reports it)',
      item: makeItem({ key: 'PAY-2', productOwner: person('Old Owner', { active: false }) }),
    },
    { name: 'story with only a PM still has its PO checked elsewhere', item: makeItem({ key: 'PAY-3', productOwner: person('Ana Souza'), productManager: null }) },
    { name: 'story with several POs', item: makeItem({ key: 'PAY-7', productOwners: [person('Ana Souza'), person('Li Wei')] }) },
    {
      name: 'story whose POs are all deactivated (owner-inactive reports it)',
      item: makeItem({ key: 'PAY-8', productOwners: [person('Old Owner', { active: false }), person('Jonas Berg', { active: false })] }),
    },
  ],
  invalid: [
    { name: 'story with no PO', item: makeItem({ key: 'PAY-4' }), errors: [{ messageId: 'missing' }] },
    { name: 'story with PMs but no PO', item: makeItem({ key: 'PAY-9', productManagers: [person('Li Wei'), person('Oskar Lind')] }), errors: [{ messageId: 'missing' }] },
    {
      name: 'story with an assignee but no PO',
      item: makeItem({ key: 'PAY-5', assignee: person('Dev Person') }),
      errors: [{ messageId: 'missing' }],
    },
    {
      name: 'story whose parent epic has a PM still needs its own PO',
      item: makeItem({ key: 'PAY-6', parent: { key: 'PAY-100', kind: 'epic' } }),
      others: [makeItem({ key: 'PAY-100', kind: 'epic', type: 'Epic', productManager: person('Li Wei') })],
      errors: [{ messageId: 'missing' }],
    },
  ],
});
