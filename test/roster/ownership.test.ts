// The roster stage and the engine together (SPEC §4, §5): where owners come from per source
// (`ownership`), team findings instead of one finding per item, who is responsible, and coverage per team.
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import type { SourceConfig } from '../../src/config/schema.js';
import type { SourceResult } from '../../src/connectors/types.js';
import { lint } from '../../src/engine.js';
import type { OwnerField, Person, WorkItem } from '../../src/model.js';
import { createRoleMatcher, withRosterRoles, type RolesInput } from '../../src/roles.js';
import { applyRoster, type PeopleResolver } from '../../src/roster/apply.js';
import type { Roster, RosterTeam } from '../../src/roster/load.js';
import type { PersonLookup } from '../../src/roster/people.js';
import type { Ownership } from '../../src/roster/schema.js';
import { configureRules } from '../../src/rules-config.js';
import type { RuleSetting } from '../../src/config/schema.js';
import { parseAdoText } from '../../src/text/index.js';
import { makeItem, makeSourceInfo, person } from '../helpers/items.js';

const ana = person('Ana Souza');
const li = person('Li Wei');
const grace = person('Grace Okafor');
const jonas = person('Jonas Berg', { active: false });

type TeamInput = { name: string; match: RosterTeam['match']; productOwners?: string[]; productManagers?: string[] };
const team = ({ name, match, productOwners = [], productManagers = [] }: TeamInput): RosterTeam => ({ name, match, productOwners, productManagers, where: name });
const rosterOf = (...teams: TeamInput[]): Roster => ({ teams: teams.map(team), origin: 'backlint.config.yaml' });

/** Payments (project PAY) with Ana as PO and Li as PM, written as their emails. */
const payments = { name: 'Payments', match: { project: ['PAY'] }, productOwners: [ana.email!], productManagers: [li.email!] };

interface RunOptions {
  roster?: Roster | null;
  ownership?: Ownership;
  mapped?: OwnerField[];
  rules?: Record<string, RuleSetting>;
  roles?: RolesInput;
  resolve?: PeopleResolver;
}

/** One source of items, through the roster stage and the engine, as `backlint check` runs them. */
async function run(items: WorkItem[], options: RunOptions = {}, more: { name: string; items: WorkItem[] }[] = []) {
  const roster = options.roster === undefined ? null : options.roster;
  const sources = [{ name: 'pay', items }, ...more];
  const results: SourceResult[] = sources.map(({ name, items: its }) => ({ info: makeSourceInfo({ name, mappedFields: new Set(options.mapped ?? ['productOwner', 'productManager']) }), items: its, fetched: its.length }));
  const configs = sources.map(({ name }) => ({ name, type: 'jira-export', path: 'export.json', fields: {}, types: {}, ...(options.ownership ? { ownership: options.ownership } : {}) }) as unknown as SourceConfig);
  const rostered = await applyRoster(results, configs, roster, options.resolve ?? (async () => null));
  const result = lint(rostered, {
    rules: configureRules(builtinRules, { 'story-has-parent': 'off', ...options.rules }, 'test'),
    roles: withRosterRoles(createRoleMatcher(options.roles ?? { productOwners: ['nobody@acme.example'], productManagers: [], both: [] }), roster?.teams ?? []),
    ignoreLabel: 'backlint-ignore',
    checkDone: false,
    roster,
  });
  return { ...result, rostered, items: rostered.flatMap((source) => source.items) };
}

const rows = (findings: { itemKey: string; ruleId: string; messageId: string }[]) => findings.map((f) => [f.itemKey, f.ruleId, f.messageId]);
const ownerRows = (findings: { itemKey: string; ruleId: string }[]) => findings.filter((f) => f.ruleId !== 'story-acceptance-criteria').map((f) => [f.itemKey, f.ruleId]);
const names = (people: readonly Person[]) => people.map((p) => p.displayName);
const found = (people: Record<string, Person>): PeopleResolver => async (_source, written) => new Map<string, PersonLookup>(written.flatMap((name) => (people[name] ? [[name, { status: 'found', person: people[name] }] as const] : [])));

const story = (key: string, extra: Partial<WorkItem> = {}) => makeItem({ key, acceptanceCriteria: null, ...extra });
const epic = (key: string, extra: Partial<WorkItem> = {}) => makeItem({ key, kind: 'epic', type: 'Epic', ...extra });

describe('ownership: where owners come from', () => {
  it('field-then-roster, per role: a story with a PO of its own keeps it, one without takes the team\'s; the same for an epic\'s PM', async () => {
    const { items } = await run(
      [story('PAY-1', { productOwners: [grace] }), story('PAY-2', { productManagers: [grace] }), epic('PAY-3', { productManagers: [grace] }), epic('PAY-4')],
      { roster: rosterOf(payments), ownership: 'field-then-roster' },
    );
    expect(items.map((item) => [item.key, names(item.productOwners), names(item.productManagers), item.roster])).toEqual([
      ['PAY-1', ['Grace Okafor'], [li.email], { team: 'Payments', productOwners: 'field', productManagers: 'roster' }],
      ['PAY-2', [ana.email], ['Grace Okafor'], { team: 'Payments', productOwners: 'roster', productManagers: 'field' }],
      ['PAY-3', [ana.email], ['Grace Okafor'], { team: 'Payments', productOwners: 'roster', productManagers: 'field' }],
      ['PAY-4', [ana.email], [li.email], { team: 'Payments', productOwners: 'roster', productManagers: 'roster' }],
    ]);
    expect(items[1]!.productOwner?.displayName).toBe(ana.email);
  });

  it('roster: the team\'s owners even where the item names its own', async () => {
    const { items, findings } = await run([story('PAY-1', { productOwners: [grace] }), story('PAY-2')], { roster: rosterOf(payments), ownership: 'roster' });
    expect(items.map((item) => [names(item.productOwners), item.roster?.productOwners])).toEqual([
      [[ana.email], 'roster'],
      [[ana.email], 'roster'],
    ]);
    expect(ownerRows(findings)).toEqual([]);
  });

  it('field: the roster gives no owners, and a story without a PO gets its own finding', async () => {
    const { items, findings } = await run([story('PAY-1', { productOwners: [grace] }), story('PAY-2')], { roster: rosterOf({ ...payments, productOwners: [] }), ownership: 'field' });
    expect(items.map((item) => [names(item.productOwners), item.roster])).toEqual([
      [['Grace Okafor'], { team: 'Payments', productOwners: 'field', productManagers: null }],
      [[], { team: 'Payments', productOwners: null, productManagers: null }],
    ]);
    // No team finding: nothing of this source takes owners from the roster.
    expect(ownerRows(findings)).toEqual([['PAY-2', 'story-po-owner']]);
  });

  it('the default: field-then-roster with a roster, field without', async () => {
    const withRoster = await run([story('PAY-1')], { roster: rosterOf(payments) });
    expect(withRoster.rostered[0]!.ownership).toBe('field-then-roster');
    expect(names(withRoster.items[0]!.productOwners)).toEqual([ana.email]);
    const without = await run([story('PAY-1')]);
    expect(without.rostered[0]!.ownership).toBe('field');
    expect(without.items[0]!.roster).toBeUndefined();
    expect(ownerRows(without.findings)).toEqual([['PAY-1', 'story-po-owner']]);
  });

  it('a source with no owner fields: the owner rules are not applicable without a roster, and all apply with one', async () => {
    const items = [story('PAY-1'), epic('PAY-2')];
    const without = await run(items, { mapped: [] });
    expect(without.sources[0]!.notApplicable).toEqual(['story-po-owner', 'epic-pm-owner', 'roadmap-pm-owner', 'owner-role-mismatch', 'owner-inactive']);
    for (const ownership of [undefined, 'roster', 'field-then-roster'] as const) {
      const withRoster = await run(items, { mapped: [], roster: rosterOf(payments), ...(ownership ? { ownership } : {}) });
      expect(withRoster.sources[0]!.notApplicable).toEqual([]);
      expect(ownerRows(withRoster.findings)).toEqual([]);
    }
    // ownership: field asks for no roster owners, so the roster gives this source no owner information.
    const field = await run(items, { mapped: [], roster: rosterOf(payments), ownership: 'field' });
    expect(field.sources[0]!.notApplicable).toContain('story-po-owner');
  });

  it('roster people written as account id, email or display name are the people seen on the items', async () => {
    const grace2 = person('Grace Okafor', { id: '5b10ac8d82e05b22cc7d4ef5', email: 'grace.okafor@acme.example' });
    for (const written of ['5b10ac8d82e05b22cc7d4ef5', 'GRACE.OKAFOR@acme.example', 'grace okafor']) {
      const { items } = await run([story('PAY-1', { assignee: grace2 }), story('PAY-2')], { roster: rosterOf({ ...payments, productOwners: [written] }) });
      expect(items[1]!.productOwners).toEqual([grace2]);
    }
  });

  it('ownership per source: a field source beside a roster source gives the team finding to the roster one only', async () => {
    const results: SourceResult[] = ['web', 'mobile'].map((name) => ({ info: makeSourceInfo({ name }), items: [story('PAY-1', { source: name })], fetched: 1 }));
    const configs = [
      { name: 'web', type: 'jira-export', ownership: 'field' },
      { name: 'mobile', type: 'azure-devops-export', ownership: 'roster' },
    ] as unknown as SourceConfig[];
    const roster = rosterOf({ name: 'Payments', match: { project: ['PAY'] } });
    const rostered = await applyRoster(results, configs, roster, async () => null);
    const { findings } = lint(rostered, { rules: configureRules(builtinRules, { 'story-has-parent': 'off' }, 'test'), roles: createRoleMatcher(undefined), ignoreLabel: 'backlint-ignore', checkDone: false, roster });
    expect(findings.filter((f) => f.ruleId !== 'story-acceptance-criteria').map((f) => [f.source, f.itemKey, f.ruleId])).toEqual([
      ['mobile', 'team/Payments', 'team-owners'],
      ['web', 'PAY-1', 'story-po-owner'],
    ]);
  });

  it('a roster none of a source\'s items match gives it no owner information: its owner rules stay not applicable', async () => {
    const items = [story('APP-1', { project: 'APP' }), epic('APP-2', { project: 'APP' })];
    for (const roster of [rosterOf(payments), rosterOf()]) {
      const { sources, findings } = await run(items, { mapped: [], roster });
      expect(sources[0]!.notApplicable).toEqual(['story-po-owner', 'epic-pm-owner', 'roadmap-pm-owner', 'owner-role-mismatch', 'owner-inactive']);
      expect(ownerRows(findings)).toEqual([]);
    }
    // One item of a team is enough: the others get the usual missing-owner findings.
    const some = await run([...items, story('PAY-1')], { mapped: [], roster: rosterOf(payments) });
    expect(some.sources[0]!.notApplicable).toEqual([]);
    expect(ownerRows(some.findings)).toEqual([
      ['APP-1', 'story-po-owner'],
      ['APP-2', 'epic-pm-owner'],
    ]);
  });

  it('roster mode on a source with owner fields: the rules still apply', async () => {
    const { sources } = await run([story('PAY-1')], { mapped: ['productOwner'], roster: rosterOf(payments), ownership: 'roster' });
    expect(sources[0]!.notApplicable).toEqual([]);
  });
});

describe('team findings (SPEC §4, team-owners)', () => {
  const noPo = { name: 'Payments', match: { project: ['PAY'] }, productManagers: [li.email!] };

  it('a team with stories in scope and no PO: one team finding, and its stories get no story-po-owner', async () => {
    const { findings } = await run([story('PAY-1'), story('PAY-2'), story('PAY-3', { stateCategory: 'done' })], { roster: rosterOf(noPo) });
    expect(ownerRows(findings)).toEqual([['team/Payments', 'team-owners']]);
    const teamFinding = findings.find((f) => f.ruleId === 'team-owners')!;
    expect(teamFinding).toMatchObject({
      source: 'pay',
      itemKey: 'team/Payments',
      itemType: 'Team',
      kind: 'team',
      title: 'Payments',
      url: null,
      team: 'Payments',
      severity: 'error',
      messageId: 'noProductOwner',
      ownerSource: 'roster',
    });
    expect(teamFinding.message).toContain('Team Payments has 2 stories in scope');
    // The team finding names the team's PM.
    expect(teamFinding.responsible?.displayName).toBe(li.email);
  });

  it('a team with epics in scope and no PM: one team finding; with neither, the team finding has nobody responsible', async () => {
    const onlyPo = await run([epic('PAY-1'), epic('PAY-2', { kind: 'roadmap', type: 'Initiative' })], { roster: rosterOf({ ...payments, productManagers: [] }) });
    expect(rows(onlyPo.findings)).toEqual([['team/Payments', 'team-owners', 'noProductManager']]);
    expect(onlyPo.findings[0]!.message).toContain('2 epics and roadmap items');
    const nobody = await run([story('PAY-1')], { roster: rosterOf({ name: 'Payments', match: { project: ['PAY'] } }) });
    expect(nobody.findings.find((f) => f.kind === 'team')!.responsible).toBeNull();
  });

  it('with team-owners off, the stories\' own missing-owner findings come back', async () => {
    const { findings } = await run([story('PAY-1'), story('PAY-2')], { roster: rosterOf(noPo), rules: { 'team-owners': 'off' } });
    expect(ownerRows(findings)).toEqual([
      ['PAY-1', 'story-po-owner'],
      ['PAY-2', 'story-po-owner'],
    ]);
    const inactive = await run([story('PAY-1')], { roster: rosterOf({ ...payments, productOwners: [jonas.email!] }), resolve: found({ [jonas.email!]: jonas }), rules: { 'team-owners': 'off' } });
    expect(inactive.findings.filter((f) => f.ruleId === 'owner-inactive').map((f) => [f.itemKey, f.ownerSource])).toEqual([['PAY-1', 'roster']]);
    const on = await run([story('PAY-1')], { roster: rosterOf({ ...payments, productOwners: [jonas.email!] }), resolve: found({ [jonas.email!]: jonas }) });
    expect(on.findings.filter((f) => f.ruleId === 'owner-inactive')).toEqual([]);
  });

  it('stories with a PO of their own do not make a team without one a finding', async () => {
    const { findings } = await run([story('PAY-1', { productOwners: [grace] })], { roster: rosterOf(noPo) });
    expect(ownerRows(findings)).toEqual([]);
  });

  it('a deactivated roster person (as the tracker says): a team finding, and the items it leaves ownerless get none of their own', async () => {
    const gone = person('Jonas Berg', { active: false, email: 'jonas.berg@acme.example' });
    const { findings, items } = await run([story('PAY-1'), story('PAY-2')], {
      roster: rosterOf({ ...payments, productOwners: ['jonas.berg@acme.example'] }),
      resolve: found({ 'jonas.berg@acme.example': gone, [li.email!]: li }),
    });
    expect(items[0]!.productOwners).toEqual([gone]);
    expect(rows(findings.filter((f) => f.ruleId !== 'story-acceptance-criteria'))).toEqual([
      ['team/Payments', 'team-owners', 'noProductOwner'],
      ['team/Payments', 'team-owners', 'inactivePerson'],
    ]);
    expect(findings.find((f) => f.messageId === 'inactivePerson')!.message).toContain('Product Owner Jonas Berg of team Payments in the roster is a deactivated account');
  });

  it('a deactivated roster person seen on the items (an export): the same', async () => {
    const { findings } = await run([story('PAY-1', { reporter: jonas }), story('PAY-2')], { roster: rosterOf({ ...payments, productOwners: [jonas.email!] }) });
    expect(ownerRows(findings)).toEqual([
      ['team/Payments', 'team-owners'],
      ['team/Payments', 'team-owners'],
    ]);
    expect(findings.filter((f) => f.kind === 'team').map((f) => f.messageId)).toEqual(['noProductOwner', 'inactivePerson']);
  });

  it('one deactivated person the roster writes twice (by email and by name) is reported once', async () => {
    const gone = person('Jonas Berg', { active: false, email: 'jonas.berg@acme.example' });
    const { findings } = await run([story('PAY-1')], {
      roster: rosterOf({ ...payments, productOwners: ['jonas.berg@acme.example', 'Jonas Berg', ana.email!] }),
      resolve: found({ 'jonas.berg@acme.example': gone, 'Jonas Berg': gone }),
    });
    expect(rows(findings.filter((f) => f.kind === 'team'))).toEqual([['team/Payments', 'team-owners', 'inactivePerson']]);
  });

  it('a deactivated roster PO beside an active one: only the person finding, and the stories are owned', async () => {
    const { findings, items } = await run([story('PAY-1')], { roster: rosterOf({ ...payments, productOwners: [jonas.email!, ana.email!] }), resolve: found({ [jonas.email!]: jonas }) });
    expect(rows(findings.filter((f) => f.kind === 'team'))).toEqual([['team/Payments', 'team-owners', 'inactivePerson']]);
    expect(items[0]!.productOwner?.displayName).toBe(ana.email);
    expect(findings.filter((f) => f.itemKey === 'PAY-1').map((f) => f.responsible?.displayName)).toEqual([ana.email]);
  });

  it('a roster person the tracker does not know: a team finding naming the tracker', async () => {
    const { findings } = await run([story('PAY-1')], {
      roster: rosterOf({ ...payments, productOwners: ['ana.sousa@acme.example', ana.email!] }),
      resolve: async (_source, written) => new Map(written.map((name) => [name, name === ana.email ? { status: 'found', person: ana } : { status: 'unknown', suggestions: [ana.email!] }] as const)),
    });
    const unknown = findings.filter((f) => f.kind === 'team');
    expect(unknown.map((f) => f.messageId)).toEqual(['unknownPerson']);
    expect(unknown[0]!.message).toContain('is not known to Jira (did you mean ana.souza@example.com?)');
  });

  it('an item whose own field names a deactivated owner still gets owner-inactive, whatever its team', async () => {
    for (const teamPo of [[ana.email!], [jonas.email!]]) {
      const { findings } = await run([story('PAY-1', { productOwners: [jonas] })], { roster: rosterOf({ ...payments, productOwners: teamPo }) });
      expect(findings.filter((f) => f.itemKey === 'PAY-1' && f.ruleId === 'owner-inactive').map((f) => f.ownerSource)).toEqual(['field']);
    }
  });

  it('an item that matches no team and has no field owner gets the usual missing-owner finding', async () => {
    const { findings } = await run([story('APP-1', { project: 'APP', team: 'APP' }), epic('APP-2', { project: 'APP', team: 'APP' })], { roster: rosterOf(noPo) });
    expect(ownerRows(findings)).toEqual([
      ['APP-1', 'story-po-owner'],
      ['APP-2', 'epic-pm-owner'],
    ]);
    expect(findings.every((f) => f.ownerSource === undefined)).toBe(true);
  });

  it('several team findings of one team have different fingerprints, the same from run to run', async () => {
    const options = { roster: rosterOf({ name: 'Payments', match: { project: ['PAY'] }, productOwners: [jonas.email!], productManagers: [jonas.email!] }), resolve: found({ [jonas.email!]: jonas }) };
    const items = () => [story('PAY-1'), epic('PAY-2')];
    const first = (await run(items(), options)).findings.filter((f) => f.kind === 'team');
    expect(first.map((f) => f.messageId)).toEqual(['noProductOwner', 'noProductManager', 'inactivePerson', 'inactivePerson']);
    expect(new Set(first.map((f) => f.fingerprint)).size).toBe(4);
    const again = (await run(items(), options)).findings.filter((f) => f.kind === 'team');
    expect(again.map((f) => f.fingerprint)).toEqual(first.map((f) => f.fingerprint));
  });

  it('a team finding\'s source is the first source with items of that team', async () => {
    const { findings } = await run([story('APP-1', { project: 'APP' })], { roster: rosterOf(noPo) }, [
      { name: 'web', items: [story('PAY-1')] },
      { name: 'mobile', items: [story('PAY-2')] },
    ]);
    const teamFindings = findings.filter((f) => f.kind === 'team');
    expect(teamFindings.map((f) => [f.source, f.itemKey])).toEqual([['web', 'team/Payments']]);
  });
});

describe('responsible and ownerSource', () => {
  it('a story: its first active PO, field or roster', async () => {
    const { findings } = await run([story('PAY-1', { productOwners: [jonas, grace] }), story('PAY-2')], { roster: rosterOf({ ...payments, productOwners: [jonas.email!, ana.email!] }), resolve: found({ [jonas.email!]: jonas }) });
    const byKey = Object.fromEntries(findings.filter((f) => f.kind !== 'team').map((f) => [f.itemKey, [f.responsible?.displayName, f.ownerSource, f.team]]));
    expect(byKey).toEqual({ 'PAY-1': ['Grace Okafor', 'field', 'Payments'], 'PAY-2': [ana.email, 'roster', 'Payments'] });
  });

  it('a story with no active PO: the parent\'s first active PM, roster PMs included', async () => {
    const noPo = { name: 'Payments', match: { project: ['PAY'] }, productManagers: [jonas.email!, li.email!] };
    const { findings } = await run([epic('PAY-1'), story('PAY-2', { parent: { key: 'PAY-1', kind: 'epic' } }), story('PAY-3', { parent: { key: 'PAY-9', kind: 'epic' } })], {
      roster: rosterOf(noPo),
      resolve: found({ [jonas.email!]: jonas }),
    });
    const storyFindings = findings.filter((f) => f.ruleId === 'story-acceptance-criteria');
    expect(storyFindings.map((f) => [f.itemKey, f.responsible?.displayName ?? null, f.ownerSource ?? null])).toEqual([
      ['PAY-2', li.email, null],
      ['PAY-3', null, null],
    ]);
  });

  it('an epic: its first active PM, from the roster', async () => {
    const { findings } = await run([epic('PAY-1', { productOwners: [grace] })], { roster: rosterOf(payments), roles: { productOwners: [], productManagers: [], both: [] }});
    expect(findings).toEqual([]);
    const withRoleMismatch = await run([epic('PAY-1')], { roster: rosterOf(payments), roles: { productOwners: [li.email!], productManagers: [], both: [] } });
    expect(withRoleMismatch.findings.map((f) => [f.ruleId, f.responsible?.displayName, f.ownerSource])).toEqual([['owner-role-mismatch', li.email, 'roster']]);
  });
});

describe('owner-role-mismatch with roster owners', () => {
  const roles = (extra: Partial<RolesInput> = {}): RolesInput => ({ productOwners: ['someone.else@acme.example'], productManagers: [], both: [], ...extra });
  const mismatches = async (items: WorkItem[], rolesInput: RolesInput, teamInput = payments) =>
    (await run(items, { roster: rosterOf(teamInput), roles: rolesInput })).findings.filter((f) => f.ruleId === 'owner-role-mismatch').map((f) => [f.itemKey, f.messageId]);

  it('roster owners count as listed in their role', async () => {
    expect(await mismatches([story('PAY-1'), epic('PAY-2')], roles())).toEqual([]);
  });

  it('unless roles says otherwise', async () => {
    expect(await mismatches([story('PAY-1'), epic('PAY-2')], roles({ productManagers: [ana.email!], productOwners: [li.email!] }))).toEqual([
      ['PAY-1', 'pmAsProductOwner'],
      ['PAY-2', 'poAsProductManager'],
    ]);
    expect(await mismatches([story('PAY-1')], roles({ both: [ana.email!] }))).toEqual([]);
  });

  it('the same person as the team\'s PO and PM: each role as the roster lists it', async () => {
    const one = { name: 'Payments', match: { project: ['PAY'] }, productOwners: [ana.email!], productManagers: [ana.email!] };
    expect(await mismatches([story('PAY-1'), epic('PAY-2')], roles(), one)).toEqual([]);
  });

  it('a roster PO who is an epic\'s own PM, or a roster PM who is a story\'s own PO, counts in the roster\'s role: a mismatch', async () => {
    expect(await mismatches([epic('PAY-2', { productManagers: [ana] }), story('PAY-3', { productOwners: [li] })], roles())).toEqual([
      ['PAY-2', 'poAsProductManager'],
      ['PAY-3', 'pmAsProductOwner'],
    ]);
    // roles says otherwise: it wins.
    expect(await mismatches([epic('PAY-2', { productManagers: [ana] })], roles({ productManagers: [ana.email!] }))).toEqual([]);
  });

  it('a field owner on no list is still never a mismatch, and one listed in the other role is', async () => {
    expect(await mismatches([story('PAY-1', { productOwners: [grace] })], roles())).toEqual([]);
    expect(await mismatches([story('PAY-1', { productOwners: [grace] })], roles({ productManagers: [grace.email!] }))).toEqual([['PAY-1', 'pmAsProductOwner']]);
  });
});

describe('coverage per team (teams[])', () => {
  it('counts per roster team, else the item\'s team value, with no team last', async () => {
    const gone = { name: 'Identity', match: { label: ['iam'] }, productOwners: [jonas.email!], productManagers: [] };
    const { teams, findings } = await run(
      [
        story('PAY-1'),
        story('PAY-2', { productOwners: [jonas] }),
        epic('PAY-3'),
        story('PAY-4', { labels: ['iam'] }),
        epic('PAY-5', { labels: ['iam'] }),
        story('APP-1', { project: 'APP', team: 'APP', productOwners: [grace] }),
        story('X-1', { project: null, team: null }),
        makeItem({ key: 'PAY-9', kind: 'other', type: 'Bug' }),
      ],
      // Identity first: PAY-4 and PAY-5 match both teams, and the first entry wins.
      { roster: rosterOf(gone, payments), resolve: found({ [jonas.email!]: jonas }) },
    );
    const errorsOf = (team: string | null) => findings.filter((f) => f.team === team && f.severity === 'error').length;
    const warningsOf = (team: string | null) => findings.filter((f) => f.team === team && f.severity === 'warn').length;
    expect(teams.map((t) => [t.team, t.roster, t.sources, t.itemsChecked, t.stories, t.storiesWithActiveProductOwner, t.epics, t.epicsWithActiveProductManager])).toEqual([
      ['APP', false, ['pay'], 1, 1, 1, 0, 0],
      ['Identity', true, ['pay'], 2, 1, 0, 1, 0],
      ['Payments', true, ['pay'], 3, 2, 1, 1, 1],
      [null, false, ['pay'], 1, 1, 0, 0, 0],
    ]);
    for (const entry of teams) {
      expect([entry.team, entry.errors, entry.warnings]).toEqual([entry.team, errorsOf(entry.team), warningsOf(entry.team)]);
    }
    // Identity's errors include its team findings (no PO: PAY-4 relies on a deactivated one; no PM for PAY-5).
    expect(findings.filter((f) => f.itemKey === 'team/Identity').map((f) => f.messageId)).toEqual(['noProductOwner', 'noProductManager', 'inactivePerson']);
    expect(teams.find((t) => t.team === 'Identity')!.errors).toBeGreaterThanOrEqual(3);
  });

  it('counts stories with acceptance criteria', async () => {
    const criteria = (text: string) => parseAdoText(`<div>${text}</div>`);
    const { teams, findings } = await run(
      [story('PAY-1', { acceptanceCriteria: criteria('Given a saved card, when the shopper pays, then the card is charged once') }), story('PAY-2')],
      { roster: rosterOf(payments) },
    );
    expect(findings.filter((f) => f.ruleId === 'story-acceptance-criteria').map((f) => f.itemKey)).toEqual(['PAY-2']);
    expect(teams.map((t) => [t.team, t.stories, t.storiesWithAcceptanceCriteria, t.storiesWithActiveProductOwner, t.errors])).toEqual([['Payments', 2, 1, 2, 1]]);
  });
});
