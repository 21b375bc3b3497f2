// The rule over items as connectors build them: the field and the description parsed from each
// tracker's markup. test/text/acceptance.test.ts covers SPEC §6 branch by branch; this table checks
// that the rule turns each outcome into the right message.
import rule from '../../rules/story-acceptance-criteria.js';
import { parseAdf } from '../../src/text/adf.js';
import { parseAdoText, parseJiraText } from '../../src/text/index.js';
import { parseMarkdown } from '../../src/text/markdown.js';
import { doc, h, p, strong, table, tasks, ul } from '../text/adf-builders.js';
import { makeItem } from '../helpers/items.js';
import { testRule } from '../helpers/rule-tester.js';

const adf = (...content: Array<Record<string, unknown>>) => parseAdf(doc(...content));

testRule(rule, {
  valid: [
    {
      name: 'ADF heading and a bullet list',
      item: makeItem({ key: 'PAY-1', description: adf(h(3, 'Acceptance criteria'), ul('Saved cards show their last four digits')) }),
    },
    {
      name: 'ADF bold label and a task list',
      item: makeItem({ key: 'PAY-2', description: adf(p(strong('Acceptance Criteria:')), tasks('The invite expires after seven days')) }),
    },
    {
      name: 'ADF table under a label',
      item: makeItem({ key: 'PAY-3', description: adf(p(strong('AC')), table(['Given', 'When', 'Then'], ['a closed month', 'I export it', 'a CSV downloads'])) }),
    },
    {
      name: 'the dedicated field filled, the description silent',
      item: makeItem({ key: 'PAY-4', acceptanceCriteria: adf(ul('The payout file has one row per payout')), description: adf(p('As a merchant I want payouts.')) }),
    },
    {
      name: 'two fields configured: TBD in the first, the criteria in the second',
      item: makeItem({ key: 'PAY-40', acceptanceCriteria: parseJiraText('TBD'), acceptanceCriteriaFields: [parseJiraText('TBD')!, parseJiraText('* Export lists every payout of the month')!] }),
    },
    {
      name: 'wiki h3. heading and a numbered list (Data Center)',
      item: makeItem({ key: 'WMS-5', description: parseJiraText('h3. Acceptance Criteria\r\n# Pallets can be scanned twice\r\n# The second scan is ignored') }),
    },
    {
      name: 'HTML <div> label in the description (Azure DevOps)',
      item: makeItem({ key: '1221', description: parseAdoText('<div><b>Acceptance Criteria</b></div><ul><li>The admin can revoke any session</li></ul>') }),
    },
    {
      name: 'HTML acceptance criteria field (Azure DevOps)',
      item: makeItem({ key: '1220', acceptanceCriteria: parseAdoText('<div>The gateway rejects requests without a tenant header</div>') }),
    },
    {
      name: 'a Gherkin scenario in a Markdown description',
      item: makeItem({ key: '1300', description: parseMarkdown('Given a signed-in admin\nWhen they open the audit log\nThen the newest event is first') }),
    },
    {
      name: 'a German wiki heading, with languages [de] for the source',
      item: makeItem({ key: 'KASSE-1', description: parseJiraText('h3. Akzeptanzkriterien\n* Die Erstattung erscheint in der Zeitleiste') }),
      acceptanceCriteria: { languages: ['de'] },
    },
    {
      name: "a French bold label in Azure DevOps HTML, with languages [en, fr]",
      item: makeItem({ key: '1401', description: parseAdoText("<div><b>Critères d'acceptation :</b></div><ul><li>Le remboursement apparaît dans l'historique</li></ul>") }),
      acceptanceCriteria: { languages: ['en', 'fr'] },
    },
    {
      name: 'a Spanish Gherkin scenario, with languages [es]',
      item: makeItem({ key: '1402', description: parseMarkdown('Dado un cliente registrado\nCuando pide un reembolso\nEntonces aparece en el historial') }),
      acceptanceCriteria: { languages: ['es'] },
    },
    {
      name: "a team's own label",
      item: makeItem({ key: 'PAY-20', description: adf(h(3, 'Definition of Ready'), ul('The refund shows in the timeline')) }),
      acceptanceCriteria: { labels: ['Definition of Ready'] },
    },
    {
      name: 'A/C: in wiki markup',
      item: makeItem({ key: 'JSW-21', description: parseJiraText('A/C:\n# display the trendline from the projection to the start') }),
    },
    {
      name: 'the label-led sentence',
      item: makeItem({ key: 'MULE-22', description: parseJiraText('Acceptance criteria for this story is that a refund shows in the timeline.') }),
    },
  ],
  invalid: [
    {
      name: 'two fields configured, neither with criteria: the placeholder, not the empty field',
      item: makeItem({ key: 'PAY-41', acceptanceCriteria: parseAdoText('<div>TBD</div>'), acceptanceCriteriaFields: [parseAdoText('<div><br></div>')!, parseAdoText('<div>TBD</div>')!] }),
      errors: [{ messageId: 'placeholder', data: { text: 'TBD' } }],
    },
    {
      name: 'ACS: at the start of a line is a product name, not a label',
      item: makeItem({ key: 'STUDIO-23', description: parseJiraText('ACS: improve the login progress message\n* spelling is wrong') }),
      errors: [{ messageId: 'missing' }],
    },
    {
      name: 'a German heading without languages configured',
      item: makeItem({ key: 'KASSE-2', description: parseJiraText('h3. Akzeptanzkriterien\n* Die Erstattung erscheint in der Zeitleiste') }),
      errors: [{ messageId: 'missing' }],
    },
    {
      name: 'a German heading followed by TBD is a placeholder',
      item: makeItem({ key: 'KASSE-3', description: parseJiraText('h3. Akzeptanzkriterien\nTBD') }),
      acceptanceCriteria: { languages: ['de'] },
      errors: [{ messageId: 'placeholder', data: { text: 'TBD' } }],
    },
    {
      name: 'two words in the Azure DevOps field',
      item: makeItem({ key: '1403', acceptanceCriteria: parseAdoText('<div>Looks good</div>') }),
      errors: [{ messageId: 'tooShort', data: { text: 'Looks good' } }],
    },
    {
      name: 'no description and no field',
      item: makeItem({ key: 'PAY-10' }),
      errors: [{ messageId: 'missing' }],
    },
    {
      name: 'a user story sentence only',
      item: makeItem({ key: 'PAY-11', description: adf(p('As a shopper I want to save my card so that checkout is faster.')) }),
      errors: [{ messageId: 'missing' }],
    },
    {
      name: 'an Azure DevOps field that is <div><br></div>',
      item: makeItem({ key: '1230', acceptanceCriteria: parseAdoText('<div><br></div>'), description: parseAdoText('<div>Provision users from SAML.</div>') }),
      errors: [{ messageId: 'missing' }],
    },
    {
      name: 'an AC heading followed at once by another heading',
      item: makeItem({ key: 'PAY-12', description: adf(h(3, 'Acceptance criteria'), h(3, 'Technical notes'), p('Use the existing payment method table.')) }),
      errors: [{ messageId: 'empty' }],
    },
    {
      name: 'an AC section of two words (wiki)',
      item: makeItem({ key: 'WMS-13', description: parseJiraText('h3. Acceptance Criteria\nWorks fine') }),
      errors: [{ messageId: 'tooShort', data: { text: 'Works fine' } }],
    },
    {
      name: "'TBD' under the heading",
      item: makeItem({ key: 'PAY-14', description: adf(h(3, 'Acceptance criteria'), p('TBD')) }),
      errors: [{ messageId: 'placeholder', data: { text: 'TBD' } }],
    },
    {
      name: "'To be determined' in the Azure DevOps field",
      item: makeItem({ key: '1236', acceptanceCriteria: parseAdoText('<div>To be determined</div>') }),
      errors: [{ messageId: 'placeholder', data: { text: 'To be determined' } }],
    },
    {
      name: 'an unfilled Gherkin template, entity-escaped as Azure DevOps stores it',
      item: makeItem({ key: '1234', acceptanceCriteria: parseAdoText('<div>Given &lt;context&gt;</div><div>When &lt;action&gt;</div><div>Then &lt;outcome&gt;</div>') }),
      errors: [{ messageId: 'placeholder', data: { text: 'Given <context> When <action> Then <outcome>' } }],
    },
  ],
});
