// SPEC §11: checking 100,000 already fetched items (realistic ADF and HTML descriptions) with every rule
// takes under 5 seconds on one core, with memory under 1 GB. The descriptions are parsed with the real
// parsers first, outside the engine timing; the parsing is timed as its own figure.
import { lint, type SourceItems } from '../src/engine.js';
import type { Kind, Person, SourceInfo, StateCategory, WorkItem } from '../src/model.js';
import { createRoleMatcher } from '../src/roles.js';
import { configureRules } from '../src/rules-config.js';
import { parseAdf, parseHtml } from '../src/text/index.js';
import { builtinRules } from '../rules/index.js';
import { applyRoster } from '../src/roster/apply.js';
import type { Roster } from '../src/roster/load.js';
import type { SourceConfig } from '../src/config/schema.js';

const ITEMS = 100_000;
const BUDGET_SECONDS = 5;
const MB = 1024 * 1024;

// ---- realistic descriptions: the shapes real stories take, with each item's own words in them -------

type AdfNode = Record<string, unknown>;
const t = (text: string, marks?: string[]): AdfNode => ({ type: 'text', text, ...(marks ? { marks: marks.map((type) => ({ type })) } : {}) });
const p = (...content: AdfNode[]): AdfNode => ({ type: 'paragraph', content });
const h = (level: number, text: string): AdfNode => ({ type: 'heading', attrs: { level }, content: [t(text)] });
const bullets = (...items: string[]): AdfNode => ({ type: 'bulletList', content: items.map((text) => ({ type: 'listItem', content: [p(t(text))] })) });
const tasks = (...items: string[]): AdfNode => ({
  type: 'taskList',
  attrs: { localId: 'tl' },
  content: items.map((text, i) => ({ type: 'taskItem', attrs: { localId: `ti${i}`, state: i % 2 ? 'DONE' : 'TODO' }, content: [t(text)] })),
});
const story = (i: number) =>
  p(t(`As a returning customer of shop ${i % 97} I want to pay with a saved card so that checkout takes less than a minute. `), { type: 'mention', attrs: { id: `acc-${i % 13}`, text: '@Ana Souza' } }, t(' has the designs.'));

const ADF_SHAPES: Array<(i: number) => AdfNode> = [
  // heading + bullet list
  (i) => ({ type: 'doc', version: 1, content: [story(i), h(3, 'Acceptance criteria'), bullets(`Saved card ${i} is offered first at checkout`, 'The customer can remove a saved card', 'An expired card is never offered'), h(3, 'Notes'), p(t('Payment provider sandbox is ready.'))] }),
  // bold label + task list
  (i) => ({ type: 'doc', version: 1, content: [story(i), p(t('Acceptance criteria:', ['strong'])), tasks('Card list loads within one second', `Order ${i} shows the masked card number`, 'Removing a card asks for confirmation')] }),
  // Gherkin in a code block inside an expand
  (i) => ({ type: 'doc', version: 1, content: [story(i), { type: 'expand', attrs: { title: 'Scenarios' }, content: [{ type: 'codeBlock', attrs: { language: 'gherkin' }, content: [t(`Given a customer with ${i % 5 + 1} saved cards\nWhen they open checkout\nThen the newest card is selected`)] }] }] }),
  // placeholder
  (i) => ({ type: 'doc', version: 1, content: [story(i), h(2, 'Acceptance Criteria'), p(t('TBD'))] }),
  // none, with a table and a panel
  (i) => ({
    type: 'doc',
    version: 1,
    content: [
      story(i),
      { type: 'panel', attrs: { panelType: 'info' }, content: [p(t(`Depends on PAY-${i % 500}: the vault migration.`))] },
      { type: 'table', attrs: { layout: 'default' }, content: [1, 2, 3].map((row) => ({ type: 'tableRow', content: [1, 2].map((col) => ({ type: 'tableCell', attrs: {}, content: [p(t(`Row ${row} col ${col} of ${i}`))] })) })) },
    ],
  }),
  // empty section, then notes
  (i) => ({ type: 'doc', version: 1, content: [story(i), h(3, 'Acceptance criteria'), h(3, 'Out of scope'), bullets(`Wallets (see PAY-${i % 700})`, 'Refunds')] }),
];

const html = (i: number, body: string) =>
  `<div>As a field technician in region ${i % 31} I want my work orders offline so that I can finish a shift without signal.</div><div><br></div>${body}`;
const HTML_SHAPES: Array<(i: number) => string> = [
  (i) => html(i, `<div><b>Acceptance Criteria</b></div><ul><li>Work order ${i} opens with no connection</li><li>Edits sync within a minute of reconnecting</li><li>Conflicts are shown, never silently dropped</li></ul>`),
  (i) => html(i, `<h3>Acceptance criteria</h3><ol><li>The list shows the next ${i % 20 + 5} orders</li><li>Photos queue until upload succeeds</li></ol><h3>Notes</h3><p>Needs the new sync API.</p>`),
  (i) => html(i, `<p>Given a technician with no signal</p><p>When they close work order ${i}</p><p>Then the closure is queued and shown as pending</p>`),
  (i) => html(i, `<div><b>AC:</b> N/A</div>`),
  (i) => html(i, `<table><tr><td><b>Device</b></td><td>TC52 batch ${i % 9}</td></tr><tr><td><b>Site</b></td><td>Plant room ${i % 40}</td></tr></table><div>&nbsp;</div>`),
  (i) => html(i, `<div><span style="font-weight:bold">Acceptance criteria</span></div><div><br></div><div><b>Out of scope:</b></div><div>Tablet layout</div>`),
];

// ---- items ---------------------------------------------------------------------------------------------

const people: Person[] = Array.from({ length: 40 }, (_, n) => ({
  id: `acc-${n}`,
  displayName: `Person ${n}`,
  email: `person.${n}@acme.example`,
  active: n % 17 !== 0,
}));
const pick = (i: number, salt: number): Person | null => (i % 11 === salt ? null : people[(i * 7 + salt) % people.length]!);
const KIND_CYCLE: Kind[] = ['story', 'story', 'story', 'story', 'story', 'story', 'story', 'epic', 'epic', 'roadmap', 'story', 'story', 'story', 'story', 'story', 'story', 'epic', 'roadmap', 'other', 'story'];
const STATES: Array<[string, StateCategory]> = [['To Do', 'todo'], ['In Progress', 'in-progress'], ['Done', 'done'], ['To Do', 'todo'], ['In Progress', 'in-progress']];

const owners = (po: Person | null, pm: Person | null) => ({ productOwners: po ? [po] : [], productManagers: pm ? [pm] : [], productOwner: po, productManager: pm });

function makeItem(source: string, i: number, description: WorkItem['description'], epicKeys: string[]): WorkItem {
  const kind = KIND_CYCLE[i % KIND_CYCLE.length]!;
  const [state, stateCategory] = STATES[i % STATES.length]!;
  const key = source === 'pay' ? `PAY-${i + 1}` : String(10_000 + i);
  if (kind === 'epic') epicKeys.push(key);
  return {
    source,
    id: String(i + 1),
    key,
    url: source === 'pay' ? `https://acme.atlassian.net/browse/${key}` : `https://dev.azure.com/acme/Field/_workitems/edit/${key}`,
    type: kind === 'story' ? 'Story' : kind === 'epic' ? 'Epic' : kind === 'roadmap' ? 'Initiative' : 'Bug',
    kind,
    title: `Item ${key}`,
    state,
    stateCategory,
    description,
    acceptanceCriteria: null,
    ...owners(kind === 'story' ? pick(i, 3) : null, kind === 'story' ? null : pick(i, 5)),
    assignee: pick(i, 1),
    reporter: pick(i, 2),
    parent: kind === 'story' && epicKeys.length > 0 ? { key: epicKeys[(i * 31) % epicKeys.length]!, kind: 'epic' } : null,
    labels: i % 101 === 0 ? ['backlint-ignore'] : i % 53 === 0 ? ['backlint-ignore:story-po-owner', 'mobile'] : ['mobile'],
    team: source === 'pay' ? 'PAY' : 'Field\\Offline',
    project: source === 'pay' ? 'PAY' : 'Field',
    components: [],
    areaPath: source === 'pay' ? null : 'Field\\Offline',
    iteration: `Sprint ${i % 26}`,
    created: '2026-10-01T09:00:00.000Z',
    updated: '2026-11-20T09:00:00.000Z',
  };
}

const info = (name: string, type: string): SourceInfo => ({ name, type, mappedFields: new Set(['productOwner', 'productManager']), acceptanceCriteriaField: null });

export default async function benchEngine(): Promise<void> {
  const half = ITEMS / 2;
  const adfRaw = Array.from({ length: half }, (_, i) => ADF_SHAPES[i % ADF_SHAPES.length]!(i));
  const htmlRaw = Array.from({ length: ITEMS - half }, (_, i) => HTML_SHAPES[i % HTML_SHAPES.length]!(i));

  // Parsing: ADF / HTML → document tree, once per item, as the connectors do.
  const parseStart = process.hrtime.bigint();
  const adfDocs = adfRaw.map((raw) => parseAdf(raw));
  const htmlDocs = htmlRaw.map((raw) => parseHtml(raw));
  const parseSeconds = Number(process.hrtime.bigint() - parseStart) / 1e9;
  console.log(
    JSON.stringify({
      bench: 'engine-parse',
      items: ITEMS,
      adfItems: adfDocs.length,
      htmlItems: htmlDocs.length,
      seconds: round(parseSeconds, 3),
      itemsPerSecond: Math.round(ITEMS / parseSeconds),
      microsecondsPerItem: round((parseSeconds * 1e6) / ITEMS, 1),
    }),
  );
  adfRaw.length = 0;
  htmlRaw.length = 0;

  const payEpics: string[] = [];
  const fieldEpics: string[] = [];
  const sources: SourceItems[] = [
    { info: info('pay', 'jira-export'), items: adfDocs.map((doc, i) => makeItem('pay', i, doc, payEpics)), fetched: adfDocs.length },
    { info: info('field', 'azure-devops-export'), items: htmlDocs.map((doc, i) => makeItem('field', i, doc, fieldEpics)), fetched: htmlDocs.length },
  ];
  const setup = {
    rules: configureRules(builtinRules, {}, 'bench'),
    roles: createRoleMatcher({
      productOwners: people.filter((_, n) => n % 3 === 0).map((person) => person.email!),
      productManagers: people.filter((_, n) => n % 3 === 1).map((person) => person.id),
      both: [people[2]!.displayName],
    }),
    ignoreLabel: 'backlint-ignore',
    checkDone: false,
  };

  globalThis.gc?.();
  const start = process.hrtime.bigint();
  const result = lint(sources, setup);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const memory = process.memoryUsage();
  console.log(
    JSON.stringify({
      bench: 'engine',
      items: ITEMS,
      rules: setup.rules.length,
      itemsChecked: result.summary.itemsChecked,
      findings: result.findings.length,
      byRule: result.summary.byRule,
      seconds: round(seconds, 3),
      itemsPerSecond: Math.round(ITEMS / seconds),
      heapUsedMB: Math.round(memory.heapUsed / MB),
      rssMB: Math.round(memory.rss / MB),
      budgetSeconds: BUDGET_SECONDS,
      withinBudget: seconds < BUDGET_SECONDS && memory.rss < 1024 * MB,
    }),
  );

  // The same items with owners from a 40-team roster (area paths on one source, project and label on the
  // other), as the runner does it: the roster stage, then lint; side by side with lint alone.
  const roster: Roster = {
    origin: 'bench',
    teams: [
      ...Array.from({ length: 20 }, (_, n) => ({ name: `Field ${n}`, match: { areaPath: [n === 0 ? 'Field' : `Field\\Offline\\Crew ${n}`] }, productOwners: [people[n % people.length]!.email!], productManagers: [people[(n + 1) % people.length]!.id], where: `teams[${n}]` })),
      ...Array.from({ length: 20 }, (_, n) => ({ name: `Pay ${n}`, match: n === 0 ? { project: ['PAY'] } : { project: ['PAY'], label: [`squad-${n}`] }, productOwners: [people[(n + 2) % people.length]!.displayName], productManagers: [], where: `teams[${20 + n}]` })),
    ],
  };
  const configs = [{ name: 'pay', type: 'jira-export', ownership: 'field-then-roster' }, { name: 'field', type: 'azure-devops-export', ownership: 'roster' }] as unknown as SourceConfig[];
  globalThis.gc?.();
  const plainStart = process.hrtime.bigint();
  lint(sources, setup);
  const plainSeconds = Number(process.hrtime.bigint() - plainStart) / 1e9;
  globalThis.gc?.();
  const rosterStart = process.hrtime.bigint();
  const rostered = await applyRoster(sources.map((source) => ({ ...source, items: [...source.items] })), configs, roster, async () => null);
  const withRoster = lint(rostered, { ...setup, roster });
  const rosterSeconds = Number(process.hrtime.bigint() - rosterStart) / 1e9;
  console.log(
    JSON.stringify({
      bench: 'engine-roster',
      items: ITEMS,
      teams: roster.teams.length,
      teamFindings: withRoster.findings.filter((finding) => finding.kind === 'team').length,
      seconds: round(rosterSeconds, 3),
      withoutRosterSeconds: round(plainSeconds, 3),
      ratio: round(rosterSeconds / plainSeconds, 2),
    }),
  );
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
