import rule from '../../rules/owner-role-mismatch.js';
import { makeItem, person } from '../helpers/items.js';
import { testRule } from '../helpers/rule-tester.js';

const ana = person('Ana Souza', { email: 'ana.souza@acme.example', id: '5b10ac8d82e05b22cc7d4ef5' });
const li = person('Li Wei', { email: 'li.wei@acme.example' });
const sam = person('Sam Taylor', { email: 'sam@acme.example' });
const roles = { productOwners: ['ana.souza@acme.example'], productManagers: ['LI.WEI@acme.example'], both: ['Sam Taylor'] };

testRule(rule, {
  valid: [
    { name: 'story owned by a listed PO', item: makeItem({ key: 'PAY-1', productOwner: ana }), roles },
    { name: 'story owned by someone holding both roles', item: makeItem({ key: 'PAY-2', productOwner: sam }), roles },
    { name: 'story owned by someone on no list', item: makeItem({ key: 'PAY-3', productOwner: person('Newcomer') }), roles },
    { name: 'epic owned by a listed PM', item: makeItem({ key: 'PAY-4', kind: 'epic', type: 'Epic', productManager: li }), roles },
    { name: 'roadmap item owned by someone holding both roles', item: makeItem({ key: 'PAY-5', kind: 'roadmap', type: 'Initiative', productManager: sam }), roles },
    { name: 'no roles configured: never a mismatch', item: makeItem({ key: 'PAY-6', productOwner: li }) },
    {
      name: 'a PM listed as PO too is fine as a story PO',
      item: makeItem({ key: 'PAY-7', productOwner: li }),
      roles: { productOwners: ['li.wei@acme.example'], productManagers: ['li.wei@acme.example'] },
    },
    { name: 'matched by account id as a PO', item: makeItem({ key: 'PAY-8', productOwner: { ...ana, email: undefined } }), roles: { productOwners: ['5b10ac8d82e05b22cc7d4ef5'] } },
    // Several owners: fine as soon as one of them holds the right role, whatever the order.
    { name: 'story with a PM first and a listed PO after', item: makeItem({ key: 'PAY-20', productOwners: [li, ana] }), roles },
    { name: 'story with a listed PO first and a PM after', item: makeItem({ key: 'PAY-21', productOwners: [ana, li] }), roles },
    { name: 'epic with a PO and a PM among its PMs', item: makeItem({ key: 'PAY-22', kind: 'epic', type: 'Epic', productManagers: [ana, li] }), roles },
    { name: 'story whose PO holds both roles beside a PM', item: makeItem({ key: 'PAY-24', productOwners: [li, sam] }), roles },
  ],
  invalid: [
    { name: 'story owned by a PM only', item: makeItem({ key: 'PAY-9', productOwner: li }), roles, errors: [{ messageId: 'pmAsProductOwner', data: { name: 'Li Wei' } }] },
    {
      name: 'epic owned by a PO only',
      item: makeItem({ key: 'PAY-10', kind: 'epic', type: 'Epic', productManager: ana }),
      roles,
      errors: [{ messageId: 'poAsProductManager', data: { name: 'Ana Souza', kind: 'Epic' } }],
    },
    {
      name: 'feature owned by a PO only, matched by display name case-insensitively',
      item: makeItem({ key: '12', kind: 'roadmap', type: 'Feature', productManager: person('Priya Natarajan', { email: undefined }) }),
      roles: { productOwners: ['priya natarajan'] },
      errors: [{ messageId: 'poAsProductManager', data: { kind: 'Roadmap item' } }],
    },
    {
      name: 'story whose POs are a PM and someone on no list: no PO among them',
      item: makeItem({ key: 'PAY-30', productOwners: [person('Newcomer'), li] }),
      roles,
      errors: [{ messageId: 'pmsAsProductOwners', data: { names: 'Newcomer, Li Wei', mismatched: 'Li Wei is' } }],
    },
    {
      name: 'story whose POs are two PMs',
      item: makeItem({ key: 'PAY-31', productOwners: [li, person('Oskar Lind')] }),
      roles: { ...roles, productManagers: ['li.wei@acme.example', 'Oskar Lind'] },
      errors: [{ messageId: 'pmsAsProductOwners', data: { mismatched: 'Li Wei and Oskar Lind are' } }],
    },
    {
      name: 'epic whose PMs are a PO and someone on no list',
      item: makeItem({ key: 'PAY-32', kind: 'epic', type: 'Epic', productManagers: [ana, person('Newcomer')] }),
      roles,
      errors: [{ messageId: 'posAsProductManagers', data: { names: 'Ana Souza, Newcomer', mismatched: 'Ana Souza is', lowerKind: 'epic' } }],
    },
  ],
});
