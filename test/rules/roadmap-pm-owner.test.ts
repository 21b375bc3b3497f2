import rule from '../../rules/roadmap-pm-owner.js';
import { makeItem, person } from '../helpers/items.js';
import { testRule } from '../helpers/rule-tester.js';

const roadmap = (key: string, type: string, extra = {}) => makeItem({ key, kind: 'roadmap', type, ...extra });

testRule(rule, {
  valid: [
    { name: 'initiative with a PM', item: roadmap('PAY-1', 'Initiative', { productManager: person('Li Wei') }) },
    { name: 'feature with a PM', item: roadmap('501', 'Feature', { source: 'boards', productManager: person('Kofi Mensah') }) },
  ],
  invalid: [
    { name: 'initiative with no PM', item: roadmap('PAY-2', 'Initiative'), errors: [{ messageId: 'missing' }] },
    { name: 'feature with an assignee but no PM', item: roadmap('502', 'Feature', { assignee: person('Dev') }), errors: [{ messageId: 'missing' }] },
  ],
});
