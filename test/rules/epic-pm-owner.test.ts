import rule from '../../rules/epic-pm-owner.js';
import { makeItem, person } from '../helpers/items.js';
import { testRule } from '../helpers/rule-tester.js';

const epic = (key: string, extra = {}) => makeItem({ key, kind: 'epic', type: 'Epic', ...extra });

testRule(rule, {
  valid: [
    { name: 'epic with a PM', item: epic('PAY-1', { productManager: person('Li Wei') }) },
    { name: 'epic with a deactivated PM (owner-inactive reports it)', item: epic('PAY-2', { productManager: person('Gone', { active: false }) }) },
    { name: 'epic with a deactivated PM and an active one', item: epic('PAY-5', { productManagers: [person('Gone', { active: false }), person('Li Wei')] }) },
    { name: 'epic whose PMs are all deactivated (owner-inactive reports it)', item: epic('PAY-6', { productManagers: [person('Gone', { active: false }), person('Jonas Berg', { active: false })] }) },
  ],
  invalid: [
    { name: 'epic with no PM', item: epic('PAY-3'), errors: [{ messageId: 'missing' }] },
    { name: 'epic with a PO but no PM', item: epic('PAY-4', { productOwner: person('Ana Souza') }), errors: [{ messageId: 'missing' }] },
    { name: 'epic with several POs but no PM', item: epic('PAY-7', { productOwners: [person('Ana Souza'), person('Tomás Ortega')] }), errors: [{ messageId: 'missing' }] },
  ],
});
