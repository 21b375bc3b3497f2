import rule from '../../rules/roadmap-pm-owner.js';
import { makeItem, person } from '../helpers/items.js';
import { testRule } from '../helpers/rule-tester.js';

const roadmap = (key: string, type: string, extra = {}) => makeItem({ key, kind: 'roadmap', type, ...extra });

testRule(rule, {
  valid: [
    { name: 'initiative with a PM', item: roadmap('PAY-1', 'Initiative', { productManager: person('Li Wei') }) },
    { name: 'feature with a PM', item: roadmap('501', 'Feature', { source: 'boards', productManager: person('Kofi Mensah') }) },
    { name: 'feature with two PMs from two identity fields', item: roadmap('503', 'Feature', { source: 'boards', productManagers: [person('Kofi Mensah'), person('Li Wei')] }) },
    { name: 'initiative whose PMs are all deactivated (owner-inactive reports it)', item: roadmap('PAY-3', 'Initiative', { productManagers: [person('Gone', { active: false }), person('Jonas Berg', { active: false })] }) },
  ],
  invalid: [
    { name: 'initiative with no PM', item: roadmap('PAY-2', 'Initiative'), errors: [{ messageId: 'missing' }] },
    { name: 'feature with an assignee but no PM', item: roadmap('502', 'Feature', { assignee: person('Dev') }), errors: [{ messageId: 'missing' }] },
    { name: 'initiative with POs but no PM', item: roadmap('PAY-4', 'Initiative', { productOwners: [person('Ana Souza'), person('Grace Okafor')] }), errors: [{ messageId: 'missing' }] },
  ],
});
