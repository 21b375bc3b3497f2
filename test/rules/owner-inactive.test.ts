import rule from '../../rules/owner-inactive.js';
import { makeItem, person } from '../helpers/items.js';
import { testRule } from '../helpers/rule-tester.js';

const gone = person('Former Owner', { active: false });

testRule(rule, {
  valid: [
    { name: 'story with an active PO', item: makeItem({ key: 'PAY-1', productOwner: person('Ana Souza') }) },
    { name: 'story with no PO (story-po-owner reports it)', item: makeItem({ key: 'PAY-2' }) },
    { name: 'story whose PM field holds a deactivated person: only the PO counts', item: makeItem({ key: 'PAY-3', productOwner: person('Ana Souza'), productManager: gone }) },
    { name: 'epic with an active PM', item: makeItem({ key: 'PAY-4', kind: 'epic', type: 'Epic', productManager: person('Li Wei') }) },
    { name: 'epic whose PO field holds a deactivated person: only the PM counts', item: makeItem({ key: 'PAY-5', kind: 'epic', type: 'Epic', productOwner: gone, productManager: person('Li Wei') }) },
  ],
  invalid: [
    { name: 'story with a deactivated PO', item: makeItem({ key: 'PAY-6', productOwner: gone }), errors: [{ messageId: 'inactiveProductOwner', data: { name: 'Former Owner' } }] },
    { name: 'epic with a deactivated PM', item: makeItem({ key: 'PAY-7', kind: 'epic', type: 'Epic', productManager: gone }), errors: [{ messageId: 'inactiveProductManager', data: { kind: 'epic' } }] },
    {
      name: 'feature with a deactivated PM',
      item: makeItem({ key: '77', kind: 'roadmap', type: 'Feature', productManager: person('Inactive Identity', { active: false }) }),
      errors: [{ messageId: 'inactiveProductManager', data: { kind: 'roadmap item' } }],
    },
  ],
});
