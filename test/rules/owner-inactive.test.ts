import rule from '../../rules/owner-inactive.js';
import { makeItem, person } from '../helpers/items.js';
import { testRule } from '../helpers/rule-tester.js';

const gone = person('Former Owner', { active: false });
const alsoGone = person('Jonas Berg', { active: false });
const ana = person('Ana Souza');
const li = person('Li Wei');

testRule(rule, {
  valid: [
    { name: 'story with an active PO', item: makeItem({ key: 'PAY-1', productOwner: person('Ana Souza') }) },
    { name: 'story with no PO (story-po-owner reports it)', item: makeItem({ key: 'PAY-2' }) },
    { name: 'story whose PM field holds a deactivated person: only the PO counts', item: makeItem({ key: 'PAY-3', productOwner: person('Ana Souza'), productManager: gone }) },
    { name: 'epic with an active PM', item: makeItem({ key: 'PAY-4', kind: 'epic', type: 'Epic', productManager: person('Li Wei') }) },
    { name: 'epic whose PO field holds a deactivated person: only the PM counts', item: makeItem({ key: 'PAY-5', kind: 'epic', type: 'Epic', productOwner: gone, productManager: person('Li Wei') }) },
    // Several owners (a multi-user picker, or a list of fields): one active owner is enough, in any order.
    { name: 'story with a deactivated PO first and an active one after', item: makeItem({ key: 'PAY-20', productOwners: [gone, ana] }) },
    { name: 'story with an active PO first and a deactivated one after', item: makeItem({ key: 'PAY-21', productOwners: [ana, gone] }) },
    { name: 'epic whose PM picker holds a deactivated and an active account', item: makeItem({ key: 'PAY-22', kind: 'epic', type: 'Epic', productManagers: [alsoGone, li] }) },
    { name: 'epic whose PM picker holds an active and a deactivated account', item: makeItem({ key: 'PAY-23', kind: 'epic', type: 'Epic', productManagers: [li, alsoGone] }) },
    { name: 'story whose POs are all active', item: makeItem({ key: 'PAY-24', productOwners: [ana, li] }) },
  ],
  invalid: [
    { name: 'story with a deactivated PO', item: makeItem({ key: 'PAY-6', productOwner: gone }), errors: [{ messageId: 'inactiveProductOwner', data: { name: 'Former Owner' } }] },
    { name: 'epic with a deactivated PM', item: makeItem({ key: 'PAY-7', kind: 'epic', type: 'Epic', productManager: gone }), errors: [{ messageId: 'inactiveProductManager', data: { kind: 'epic' } }] },
    {
      name: 'feature with a deactivated PM',
      item: makeItem({ key: '77', kind: 'roadmap', type: 'Feature', productManager: person('Inactive Identity', { active: false }) }),
      errors: [{ messageId: 'inactiveProductManager', data: { kind: 'roadmap item' } }],
    },
    {
      name: 'story whose POs are all deactivated: one finding naming them all',
      item: makeItem({ key: 'PAY-25', productOwners: [gone, alsoGone] }),
      errors: [{ messageId: 'inactiveProductOwners', data: { names: 'Former Owner, Jonas Berg' } }],
    },
    {
      name: 'epic whose PMs are all deactivated, an active PO does not count',
      item: makeItem({ key: 'PAY-26', kind: 'epic', type: 'Epic', productOwners: [ana], productManagers: [alsoGone, gone] }),
      errors: [{ messageId: 'inactiveProductManagers', data: { names: 'Jonas Berg, Former Owner', kind: 'epic' } }],
    },
    {
      name: 'roadmap item whose PMs are all deactivated',
      item: makeItem({ key: '78', kind: 'roadmap', type: 'Feature', productManagers: [gone, alsoGone] }),
      errors: [{ messageId: 'inactiveProductManagers', data: { kind: 'roadmap item' } }],
    },
  ],
});
