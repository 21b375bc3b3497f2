// lint(items, setup) → findings: synchronous, no I/O (STYLE.md). Decides which items are checked,
// applies suppression labels, names the responsible person and sorts the findings (SPEC §4, §5, §9).
import { BacklintError } from './errors.js';
import { fingerprintOf } from './fingerprint.js';
import type { CheckedItem, Finding, ItemSummary, Person, Severity, SeverityOrOff, SourceInfo, Sprint, SourceSummary, Summary, Suppression, TeamCoverage, WorkItem } from './model.js';
import { compareFindings, compareItems } from './finding-order.js';
import { formatMessage, type ParentItem, type Rule, type RuleContext, type RuleResult, type TeamState } from './rule.js';
import { accountKey, firstActive, primaryOwner } from './owners.js';
import type { RoleMatcher } from './roles.js';
import type { Roster } from './roster/load.js';
import { asWritten, personOf, type RosterPerson } from './roster/people.js';
import type { Ownership } from './roster/schema.js';
import { createItemScope, sprintCalendar, usesSprints, type ItemScope, type ScopeSetup, type SprintCalendar } from './scope.js';
import { findAcceptanceCriteria, type AcceptanceOptions } from './text/acceptance.js';

export interface ConfiguredRule {
  rule: Rule;
  /** `off` only for a rule that some override turns on for the items of its scope. */
  severity: SeverityOrOff;
  options: unknown;
}

export interface SourceItems {
  info: SourceInfo;
  items: readonly WorkItem[];
  /** Every item the source returned, checked or not. */
  fetched: number;
  /** After the roster stage (src/roster/apply.ts): where owners come from, and the roster people as this source knows them. */
  ownership?: Ownership;
  rosterPeople?: ReadonlyMap<string, RosterPerson>;
  /** Sprints known besides the items' own (ADO: the team's iterations; Jira: the boards' future sprints), for "next". */
  sprints?: readonly Sprint[];
  /** The tracker roster people were looked up in (`Jira`, `Azure DevOps`); absent: taken as written. */
  tracker?: string | null;
  /** The source's own `acceptanceCriteria` settings: each key given replaces the top-level one. */
  acceptanceCriteria?: AcceptanceOptions;
}

export interface LintSetup {
  rules: readonly ConfiguredRule[];
  roles: RoleMatcher;
  ignoreLabel: string;
  checkDone: boolean;
  /** The team roster, for team findings (SPEC §4). */
  roster?: Roster | null;
  /** The top-level `acceptanceCriteria` settings: languages and team labels (SPEC §6). */
  acceptanceCriteria?: AcceptanceOptions;
  /** The config's scope, --scope and overrides (SPEC §5); absent: every item, base severities. */
  scope?: ScopeSetup;
}

export interface LintResult {
  findings: Finding[];
  sources: SourceSummary[];
  summary: Summary;
  /** Every checked item and the rules that ran on it (JUnit lists the passes too). */
  checkedItems: CheckedItem[];
  /** Coverage per team (SPEC §4). */
  teams: TeamCoverage[];
  /** Items a scope left out (or whose every rule an override turned off), over all sources. */
  outOfScope: number;
  /** What suppression labels kept out, in report order: for a coach to audit the labels (SPEC §10). */
  suppressions: Suppression[];
}

const ACCEPTANCE_CRITERIA_RULE = 'story-acceptance-criteria';
const TEAM_OWNERS_RULE = 'team-owners';

/** Lints whole sources at once: the items of each source are added in one go (sprint scopes need them all). */
export function lint(sources: readonly SourceItems[], setup: LintSetup): LintResult {
  const linter = new Linter(setup);
  for (const source of sources) {
    const calendar = setup.scope && usesSprints(setup.scope) ? calendarOf(source, setup.scope.now) : undefined;
    const at = linter.source({ ...source, ...(calendar ? { calendar } : {}) });
    at.add(source.items);
    at.end(source.fetched);
  }
  return linter.finish();
}

/** One source as the engine starts on it: everything but its items, which come in batches. */
export interface SourceStart extends Omit<SourceItems, 'items' | 'fetched'> {
  /** The source's sprint calendar, for sprint conditions (a calendar needs every item: see `lint`). */
  calendar?: SprintCalendar;
}

/** What tells two people apart for the interner: id, name, e-mail and whether active. */
const personKey = (person: Person): string => `${person.id}\u0000${person.displayName}\u0000${person.email ?? ''}\u0000${person.active}`;

/**
 * One copy of each person, owner list, label list and short text the kept parts of a run repeat: every
 * item of a live source comes with its own copies (one per item per field), and the parent index and the
 * findings would otherwise keep them all.
 */
class Interner {
  private readonly texts = new Map<string, string>();
  private readonly persons = new Map<string, Person>();
  private readonly lists = new Map<string, readonly unknown[]>();

  text<T extends string | null>(value: T): T {
    if (value === null) return value;
    const known = this.texts.get(value);
    if (known !== undefined) return known as T;
    this.texts.set(value, value);
    return value;
  }

  person<T extends Person | null>(person: T): T {
    if (person === null) return person;
    const key = `${personKey(person)}\u0000${Object.keys(person).length}`;
    const known = this.persons.get(key);
    if (known !== undefined) return known as T;
    this.persons.set(key, person);
    return person;
  }

  people(list: Person[]): Person[] {
    if (list.length === 0) return list;
    const people = list.map((person) => this.person(person));
    return this.list(people.map(personKey).join('\u0001'), people);
  }

  roster(roster: NonNullable<WorkItem['roster']>): NonNullable<WorkItem['roster']> {
    return this.list(`\u0003${roster.team}\u0000${roster.productOwners}\u0000${roster.productManagers}`, [roster])[0]!;
  }

  labels(list: string[]): string[] {
    return list.length === 0 ? list : this.list(`\u0002${list.join('\u0001')}`, list);
  }

  private list<T>(key: string, list: T[]): T[] {
    const known = this.lists.get(key);
    if (known !== undefined) return known as T[];
    this.lists.set(key, list);
    return list;
  }
}

/** What the index keeps of an item as a parent: what rules ask of a parent, no title, texts, sprints or links. */
function parentEntry(item: WorkItem, intern: Interner): ParentItem {
  const productOwners = intern.people(item.productOwners);
  const productManagers = intern.people(item.productManagers);
  const entry: ParentItem = {
    source: intern.text(item.source),
    key: item.key,
    type: intern.text(item.type),
    kind: item.kind,
    state: intern.text(item.state),
    stateCategory: item.stateCategory,
    productOwners,
    productManagers,
    productOwner: primaryOwner(productOwners),
    productManager: primaryOwner(productManagers),
    labels: intern.labels(item.labels),
    team: intern.text(item.team),
  };
  if (item.roster) entry.roster = intern.roster(item.roster);
  return entry;
}

/**
 * The engine as items stream in (SPEC §11): each source's items are linted batch by batch and dropped,
 * keeping the findings, a summary of each checked item and a compact index of the items as parents. An
 * item whose parent has not come yet waits, whole, until it comes or the source ends.
 */
export class Linter {
  private readonly findings: Finding[] = [];
  private readonly summaries: (SourceSummary | undefined)[] = [];
  private readonly started = new Set<number>();
  private readonly checkedItems: CheckedItem[] = [];
  private readonly suppressions: Suppression[] = [];
  private suppressed = 0;
  private itemsChecked = 0;
  private outOfScope = 0;
  private readonly coverage = new CoverageTally();
  private readonly teams: TeamTally;
  /** Whether team-owners reports on this roster team: its items missing an owner are then covered by the team finding. */
  private readonly teamRulesOn: (team: string) => boolean;
  private readonly scope: ItemScope | null;
  /** Rule id lists shared between the items that ran the same rules. */
  private readonly ranLists = new Map<string, string[]>();
  private readonly intern = new Interner();

  constructor(private readonly setup: LintSetup) {
    this.teams = new TeamTally(setup.roster ?? null);
    this.scope = setup.scope ? createItemScope(setup.scope) : null;
    // team-owners for a team as overrides set it (`scope: { teams: [...] }`): off, its items are not covered.
    const teamOwners = setup.rules.find(({ rule }) => rule.meta.id === TEAM_OWNERS_RULE);
    const byTeam = new Map<string, boolean>();
    this.teamRulesOn = (team) => {
      if (teamOwners === undefined) return false;
      let on = byTeam.get(team);
      if (on === undefined) byTeam.set(team, (on = teamSeverity(this.scope, team, TEAM_OWNERS_RULE, teamOwners.severity) !== 'off'));
      return on;
    };
  }

  /** Starts a source; its summary takes place `slot` among the sources (by default, the next one). */
  source(source: SourceStart, slot = this.summaries.length): SourceLinter {
    if (this.started.has(slot)) throw new BacklintError('internal', `Source ${slot + 1} was started twice.`);
    this.started.add(slot);
    this.summaries[slot] = undefined;
    return new SourceLinter(this, source, slot, (summary) => {
      this.summaries[slot] = summary;
    });
  }

  /** @internal What a SourceLinter hands back for one checked, suppressed or out-of-scope item. */
  record(entry: { findings?: Finding[]; checked?: CheckedItem; suppressions?: Suppression[]; suppressed?: number }): void {
    if (entry.findings) for (const finding of entry.findings) this.findings.push(finding);
    if (entry.checked) {
      const key = entry.checked.rules.join('\n');
      let shared = this.ranLists.get(key);
      if (shared === undefined) this.ranLists.set(key, (shared = entry.checked.rules));
      this.checkedItems.push({ ...entry.checked, rules: shared });
    }
    if (entry.suppressions) this.suppressions.push(...entry.suppressions);
    this.suppressed += entry.suppressed ?? 0;
  }

  /** @internal */
  get context() {
    return { setup: this.setup, scope: this.scope, teams: this.teams, teamRulesOn: this.teamRulesOn, coverage: this.coverage, intern: this.intern };
  }

  /** @internal */
  ended(checked: number, outOfScope: number): void {
    this.itemsChecked += checked;
    this.outOfScope += outOfScope;
  }

  finish(): LintResult {
    const unfinished = Array.from(this.summaries).findIndex((summary) => summary === undefined);
    if (unfinished >= 0) throw new BacklintError('internal', `The engine finished before source ${unfinished + 1} ended.`);
    const findings = this.findings;
    findings.push(...teamFindings(this.teams.states(), this.setup, this.scope));
    findings.sort(compareFindings);
    this.checkedItems.sort(compareItems);
    this.suppressions.sort((a, b) => compareFindings({ ...a, ruleId: a.ruleId ?? '' }, { ...b, ruleId: b.ruleId ?? '' }));
    return {
      findings,
      sources: this.summaries as SourceSummary[],
      summary: summarise(findings, this.itemsChecked, this.suppressed),
      checkedItems: this.checkedItems,
      teams: this.coverage.result(findings),
      outOfScope: this.outOfScope,
      suppressions: this.suppressions,
    };
  }
}

/** One source's items, linted as they are added. */
export class SourceLinter {
  private readonly parents = new Map<string, ParentItem>();
  /** Items a rule of which asked for a parent not there yet, by the parent's key. */
  private readonly waiting = new Map<string, WorkItem[]>();
  /** Whether a key is among the items still to come, once the connector knows (see `listed`). */
  private willCome: ((key: string) => boolean) | null = null;
  /** Findings and suppressions whose responsible person is to come with the parent, by its key. */
  private readonly unanswered = new Map<string, { responsible: Person | null }[]>();
  private readonly reasons: Record<string, string>;
  private readonly active: readonly ConfiguredRule[];
  /** The active rules for each kind of item, and, without a scope, each with its severity: the same for every item of the kind. */
  private readonly forKind = new Map<WorkItem['kind'], readonly ConfiguredRule[]>();
  private readonly unscoped = new Map<WorkItem['kind'], readonly (ConfiguredRule & { severity: Severity })[]>();
  private readonly usesRoster: boolean;
  private readonly context: RuleContext;
  /** The source as the team tally knows it: its name, tracker and roster people. */
  private readonly tally: TallySource;
  private checked = 0;
  private outOfScope = 0;
  private done = false;

  constructor(
    private readonly linter: Linter,
    private readonly source: SourceStart,
    slot: number,
    private readonly onEnd: (summary: SourceSummary) => void,
  ) {
    const { setup } = linter.context;
    this.reasons = notApplicableReasons(source.info, setup.rules, setup.roles);
    this.active = setup.rules.filter(({ rule }) => !Object.hasOwn(this.reasons, rule.meta.id) && rule.check !== undefined);
    this.usesRoster = source.ownership !== undefined && source.ownership !== 'field';
    this.tally = { info: source.info, slot, tracker: source.tracker ?? null, ...(source.rosterPeople ? { rosterPeople: source.rosterPeople } : {}) };
    this.context = {
      source: source.info,
      roles: setup.roles,
      acceptanceCriteria: { ...setup.acceptanceCriteria, ...source.acceptanceCriteria },
      parentOf: (item) => (item.parent ? (this.parents.get(item.parent.key) ?? null) : null),
    };
  }

  /**
   * Lints these items now. Where an item's parent has not come yet, what depends on it waits, not the
   * item: the responsible person of a story with no active PO of its own (the parent's PM) is filled in
   * when the parent comes. Only an item one of whose rules asked for the missing parent waits whole, to be
   * linted again when the parent comes or the source ends.
   */
  add(items: readonly WorkItem[]): void {
    if (this.done) throw new BacklintError('internal', `Source ${this.source.info.name}: items added after its end.`);
    const { intern } = this.linter.context;
    for (const item of items) this.parents.set(item.key, parentEntry(item, intern));
    for (const item of items) {
      const parent = item.parent;
      const pending = parent !== null && !this.parents.has(parent.key) && (this.willCome?.(parent.key) ?? true);
      if (this.lintItem(item, pending) === 'asked for its parent') {
        const list = this.waiting.get(parent!.key);
        if (list === undefined) this.waiting.set(parent!.key, [item]);
        else list.push(item);
      }
    }
    for (const item of items) this.arrived(item.key);
  }

  /**
   * The connector has listed every item it will hand on: what waits for a parent not among them is
   * finished now rather than at the end of the source, and later items do not wait for such a parent.
   */
  listed(willCome: (key: string) => boolean): void {
    if (this.done) return;
    this.willCome = willCome;
    for (const [key, list] of this.waiting) {
      if (willCome(key)) continue;
      this.waiting.delete(key);
      for (const item of list) this.lintItem(item, false);
    }
    for (const key of this.unanswered.keys()) if (!willCome(key)) this.unanswered.delete(key);
  }

  /**
   * The source is complete: items still waiting have a parent this run did not fetch. `tracker`: the
   * tracker its roster people were looked up in, when that is known only now.
   */
  end(fetched: number, tracker?: string | null): void {
    if (tracker !== undefined) this.tally.tracker = tracker;
    for (const list of this.waiting.values()) for (const item of list) this.lintItem(item, false);
    this.waiting.clear();
    this.unanswered.clear();
    this.done = true;
    this.linter.ended(this.checked, this.outOfScope);
    const { info } = this.source;
    this.onEnd({
      name: info.name,
      type: info.type,
      itemsFetched: fetched,
      itemsChecked: this.checked,
      notApplicable: Object.keys(this.reasons),
      notApplicableReasons: this.reasons,
      ...(this.linter.context.scope === null ? {} : { outOfScope: this.outOfScope }),
    });
  }

  /** The item `key` has come: what waited for it as a parent is finished. */
  private arrived(key: string): void {
    const parent = this.parents.get(key)!;
    const unanswered = this.unanswered.get(key);
    if (unanswered !== undefined) {
      this.unanswered.delete(key);
      const responsible = firstActive(parent.productManagers);
      for (const entry of unanswered) entry.responsible = responsible;
    }
    const list = this.waiting.get(key);
    if (list === undefined) return;
    this.waiting.delete(key);
    for (const item of list) this.lintItem(item, false);
  }

  /**
   * Lints one item. `pending`: its parent has not come yet; then a rule that asks for it makes the item
   * wait (nothing is recorded), and a responsible person to come from it is filled in when it comes.
   */
  private lintItem(item: WorkItem, pending: boolean): 'done' | 'asked for its parent' {
    const { setup, scope, teams, teamRulesOn, coverage, intern } = this.linter.context;
    const { info } = this.source;
    let asked = false;
    const context: RuleContext = pending
      ? {
          ...this.context,
          parentOf: (of) => {
            const found = this.context.parentOf(of);
            if (found === null && of === item) asked = true;
            return found;
          },
        }
      : this.context;
    const parent = item.parent;
    if (parent !== null && parent.kind === null) parent.kind = this.parents.get(parent.key)?.kind ?? null;
    if (item.stateCategory === 'done' && !setup.checkDone) return 'done';
    let forKind = this.forKind.get(item.kind);
    if (forKind === undefined) this.forKind.set(item.kind, (forKind = this.active.filter(({ rule }) => rule.meta.appliesTo.includes(item.kind))));
    if (forKind.length === 0) return 'done';
    const calendar = this.source.calendar;
    // Out of scope: not checked, not counted, not part of a team's or of coverage (SPEC §5).
    let applicable: readonly (ConfiguredRule & { severity: Severity })[];
    if (scope !== null) applicable = scope.includes(item, calendar) ? withItemSeverities(forKind, item, scope, calendar) : [];
    else {
      const known = this.unscoped.get(item.kind);
      applicable = known ?? withItemSeverities(forKind, item, null, calendar);
      if (known === undefined) this.unscoped.set(item.kind, applicable);
    }
    if (applicable.length === 0) {
      if (forKind.some(({ severity }) => severity !== 'off')) this.outOfScope += 1;
      return 'done';
    }
    const labels = new Set(item.labels.map((label) => label.toLowerCase()));
    const ignoreLabel = setup.ignoreLabel.toLowerCase();
    const responsible = intern.person(responsibleFor(item, this.context));
    // A story with no active PO of its own answers to its parent's PM: to be filled in when the parent comes.
    const awaitsResponsible = pending && responsible === null && item.kind === 'story';
    const rosterTeam = item.roster?.team ?? null;
    const team = intern.text(rosterTeam ?? item.team);
    const summary: ItemSummary = { source: info.name, itemKey: item.key, itemType: intern.text(item.type), kind: item.kind, title: item.title, url: item.url, team };
    if (labels.has(ignoreLabel)) {
      const suppression: Suppression = { ...summary, label: setup.ignoreLabel, ruleId: null, findings: null, responsible };
      this.linter.record({ suppressed: 1, suppressions: [suppression] });
      if (awaitsResponsible) this.awaitResponsible(item, [suppression]);
      return 'done';
    }
    const ownerSource = (item.kind === 'story' ? item.roster?.productOwners : item.roster?.productManagers) ?? (ownersOfRole(item).length > 0 ? 'field' : null);
    // The team finding covers an item whose owners of its role could only come from a team with none active.
    const covered = this.usesRoster && rosterTeam !== null && ownerSource !== 'field' && teamRulesOn(rosterTeam) && !teams.hasActive(rosterTeam, item, this.tally);
    const ran: string[] = [];
    const findings: Finding[] = [];
    const suppressions: Suppression[] = [];
    let suppressed = 0;
    let hasAcceptanceCriteria: boolean | null = null;
    for (const { rule, severity, options } of applicable) {
      if (covered && rule.meta.coveredByTeamFinding) continue;
      const results = runRule(rule, item, options, context);
      if (rule.meta.id === ACCEPTANCE_CRITERIA_RULE) hasAcceptanceCriteria = results.length === 0;
      const ruleSuppressed = labels.has(`${ignoreLabel}:${rule.meta.id.toLowerCase()}`);
      if (!ruleSuppressed) ran.push(rule.meta.id);
      if (results.length === 0) continue;
      if (ruleSuppressed) {
        suppressed += results.length;
        suppressions.push({ ...summary, label: `${setup.ignoreLabel}:${rule.meta.id}`, ruleId: rule.meta.id, findings: results.length, responsible });
        continue;
      }
      for (const result of results) {
        const template = templateOf(rule, result.messageId);
        // Members written out, not spread from the summary: one finding per finding of the backlog, and V8
        // builds spreads several times slower than literals.
        const finding: Finding = {
          ruleId: rule.meta.id,
          severity,
          source: summary.source,
          itemKey: summary.itemKey,
          itemType: summary.itemType,
          kind: summary.kind,
          title: summary.title,
          url: summary.url,
          team: summary.team,
          messageId: result.messageId,
          message: intern.text(formatMessage(template, result.data)),
          responsible,
          fingerprint: fingerprintOf(info.name, item.key, rule.meta.id),
        };
        if (ownerSource) finding.ownerSource = ownerSource;
        findings.push(finding);
      }
    }
    if (asked) return 'asked for its parent';
    this.checked += 1;
    if (this.usesRoster && rosterTeam !== null) teams.count(rosterTeam, item, this.tally, ownerSource !== 'field');
    const checked: CheckedItem = { source: summary.source, itemKey: summary.itemKey, itemType: summary.itemType, kind: summary.kind, title: summary.title, url: summary.url, team: summary.team, rules: ran };
    this.linter.record({ findings, checked, suppressions, suppressed });
    if (awaitsResponsible) this.awaitResponsible(item, [...findings, ...suppressions]);
    if (item.kind === 'story') hasAcceptanceCriteria ??= findAcceptanceCriteria({ field: item.acceptanceCriteria, fields: item.acceptanceCriteriaFields, description: item.description }, context.acceptanceCriteria ?? {}).status === 'ok';
    coverage.count(team, rosterTeam !== null, this.tally, item, hasAcceptanceCriteria === true);
    return 'done';
  }

  /** Findings and suppressions whose responsible person is the PM of the item's parent, when it comes. */
  private awaitResponsible(item: WorkItem, entries: { responsible: Person | null }[]): void {
    if (entries.length === 0) return;
    const key = item.parent!.key;
    const list = this.unanswered.get(key);
    if (list === undefined) this.unanswered.set(key, entries);
    else for (const entry of entries) list.push(entry);
  }
}

/** The rules that run on an item, with its severity for each; a rule an override turns off for it is left out. */
function withItemSeverities(rules: readonly ConfiguredRule[], item: WorkItem, scope: ItemScope | null, calendar: SprintCalendar | undefined): (ConfiguredRule & { severity: Severity })[] {
  return rules.flatMap((configured) => {
    const severity: SeverityOrOff = scope === null ? configured.severity : scope.severity(item, configured.rule.meta.id, configured.severity, calendar);
    return severity === 'off' ? [] : [{ ...configured, severity }];
  });
}

/**
 * The source's sprint calendar for sprint conditions; a source whose items carry no sprint data cannot
 * answer them, and says so (SPEC §5) rather than calling every item "in no sprint".
 */
export function calendarOf(source: Pick<SourceItems, 'info' | 'items' | 'sprints'>, now: Date): SprintCalendar {
  const without = source.items.find((item) => item.sprints === undefined);
  if (without !== undefined) {
    const { name, type } = source.info;
    const why =
      type === 'jira-export'
        ? `item ${without.key} has no Sprint field in the export: export the search with the Sprint field among its fields (and expand=names), or name it under fields.iteration`
        : type === 'jira'
          ? `the site has no Sprint field backlint could find (item ${without.key} carries none): name it under fields.iteration`
          : type === 'azure-devops'
            ? `the team's iterations were not read for item ${without.key}: set team: in the source's config`
            : `the export has no iterationsFile: (a saved {project}/{team}/_apis/work/teamsettings/iterations response) to read them from`;
    throw new BacklintError('source', `Source ${name}: sprint conditions (scope sprint: …, --scope next-sprint / current-sprint) need each item's sprints with their state and dates, and ${why}.`);
  }
  return sprintCalendar(source.items, now, source.sprints);
}

/** A story's POs, an epic's or roadmap item's PMs. */
const ownersOfRole = (item: WorkItem): readonly Person[] => (item.kind === 'story' ? item.productOwners : item.kind === 'epic' || item.kind === 'roadmap' ? item.productManagers : []);

const activePeople = (people: readonly RosterPerson[]): Person[] => people.flatMap((entry) => {
  const person = personOf(entry);
  return person?.active ? [person] : [];
});

/** A source as the team tally knows it. */
interface TallySource {
  info: SourceInfo;
  /** The source's place in the config: a team on two sources is judged by the first one's people. */
  slot: number;
  tracker: string | null;
  rosterPeople?: ReadonlyMap<string, RosterPerson>;
}

/** Roster teams with items in scope on sources whose owners come from the roster, as team rules see them. */
class TeamTally {
  private readonly byName = new Map<string, { stories: number; epics: number; storiesRelying: number; epicsRelying: number; source: TallySource }>();
  private readonly teams: ReadonlyMap<string, Roster['teams'][number]>;

  constructor(roster: Roster | null) {
    this.teams = new Map((roster?.teams ?? []).map((team) => [team.name, team]));
  }

  /** `relying`: the item has no owner of its role of its own, so its owner is the team's. */
  count(name: string, item: WorkItem, source: TallySource, relying: boolean): void {
    let entry = this.byName.get(name);
    if (entry === undefined) this.byName.set(name, (entry = { stories: 0, epics: 0, storiesRelying: 0, epicsRelying: 0, source }));
    else if (source.slot < entry.source.slot) entry.source = source;
    if (item.kind === 'story') {
      entry.stories += 1;
      if (relying) entry.storiesRelying += 1;
    } else if (item.kind === 'epic' || item.kind === 'roadmap') {
      entry.epics += 1;
      if (relying) entry.epicsRelying += 1;
    }
  }

  private readonly active = new Map<TallySource, Map<string, boolean>>();

  /** Whether the team has an active roster owner of the item's role, as the item's source knows them. */
  hasActive(name: string, item: WorkItem, source: TallySource): boolean {
    const team = this.teams.get(name);
    if (team === undefined) return true;
    const role = item.kind === 'story' ? 'po' : 'pm';
    let known = this.active.get(source);
    if (known === undefined) this.active.set(source, (known = new Map()));
    let answer = known.get(`${role}:${name}`);
    if (answer === undefined) {
      answer = activePeople(this.lookup(role === 'po' ? team.productOwners : team.productManagers, source)).length > 0;
      known.set(`${role}:${name}`, answer);
    }
    return answer;
  }

  states(): TeamState[] {
    const out: TeamState[] = [];
    for (const [name, team] of this.teams) {
      const entry = this.byName.get(name);
      if (entry === undefined) continue;
      out.push({
        name,
        source: entry.source.info.name,
        tracker: entry.source.tracker,
        stories: entry.stories,
        epics: entry.epics,
        storiesRelying: entry.storiesRelying,
        epicsRelying: entry.epicsRelying,
        productOwners: this.lookup(team.productOwners, entry.source),
        productManagers: this.lookup(team.productManagers, entry.source),
      });
    }
    return out;
  }

  /** A role's people as the roster writes them, each account once (written by email and by name, it is one person). */
  private lookup(written: readonly string[], source: TallySource): RosterPerson[] {
    const seen = new Set<string>();
    const out: RosterPerson[] = [];
    for (const name of written) {
      const entry: RosterPerson = source.rosterPeople?.get(name) ?? { written: name, status: 'unchecked', person: asWritten(name) };
      const person = personOf(entry);
      if (person !== null) {
        if (seen.has(accountKey(person))) continue;
        seen.add(accountKey(person));
      }
      out.push(entry);
    }
    return out;
  }
}

/** A team rule's severity for a roster team: as the overrides set it for that team, else as configured. */
const teamSeverity = (scope: ItemScope | null, team: string, ruleId: string, base: SeverityOrOff): SeverityOrOff => (scope === null ? base : scope.teamSeverity(team, ruleId, base));

function teamFindings(states: readonly TeamState[], setup: LintSetup, scope: ItemScope | null): Finding[] {
  const findings: Finding[] = [];
  // Kept `off` when only an override turns it on (for a team, by `teams`): each team's severity decides.
  const teamRules = setup.rules.filter((configured) => configured.rule.meta.appliesTo.includes('team') && configured.rule.checkTeam !== undefined);
  for (const team of states) {
    const itemKey = `team/${team.name}`;
    const responsible = activePeople(team.productManagers)[0] ?? null;
    for (const { rule, severity: base, options } of teamRules) {
      const severity = teamSeverity(scope, team.name, rule.meta.id, base);
      if (severity === 'off') continue;
      let results: RuleResult[];
      try {
        results = rule.checkTeam!(team, options, { source: { name: team.source, type: 'roster', mappedFields: new Set(), acceptanceCriteriaField: null }, roles: setup.roles });
      } catch (error) {
        throw new BacklintError('internal', `Rule ${rule.meta.id} failed on team ${team.name}: ${(error as Error)?.message ?? String(error)}`);
      }
      for (const result of results) {
        findings.push({
          ruleId: rule.meta.id,
          severity,
          source: team.source,
          itemKey,
          itemType: 'Team',
          kind: 'team',
          title: team.name,
          url: null,
          team: team.name,
          messageId: result.messageId,
          message: formatMessage(templateOf(rule, result.messageId), result.data),
          responsible,
          ownerSource: 'roster',
          fingerprint: fingerprintOf(team.source, itemKey, rule.meta.id, result.key),
        });
      }
    }
  }
  return findings;
}

function templateOf(rule: Rule, messageId: string): string {
  const template = Object.hasOwn(rule.meta.messages, messageId) ? rule.meta.messages[messageId] : undefined;
  if (template === undefined) throw new BacklintError('internal', `Rule ${rule.meta.id} reported an unknown message id '${messageId}'.`);
  return template;
}

/** Coverage per team (SPEC §4): the roster team, else the item's team value. */
class CoverageTally {
  private readonly byTeam = new Map<string | null, TeamCoverage>();
  /** Each team's sources by their place in the config: sources stream side by side, in no set order. */
  private readonly sourcesOf = new Map<TeamCoverage, Map<number, string>>();

  count(team: string | null, roster: boolean, source: Pick<TallySource, 'info' | 'slot'>, item: WorkItem, hasAcceptanceCriteria: boolean): void {
    let entry = this.byTeam.get(team);
    if (entry === undefined) {
      entry = { team, roster, sources: [], itemsChecked: 0, stories: 0, storiesWithAcceptanceCriteria: 0, storiesWithActiveProductOwner: 0, epics: 0, epicsWithActiveProductManager: 0, errors: 0, warnings: 0 };
      this.byTeam.set(team, entry);
      this.sourcesOf.set(entry, new Map());
    }
    this.sourcesOf.get(entry)!.set(source.slot, source.info.name);
    entry.itemsChecked += 1;
    if (item.kind === 'story') {
      entry.stories += 1;
      if (hasAcceptanceCriteria) entry.storiesWithAcceptanceCriteria += 1;
      if (firstActive(item.productOwners)) entry.storiesWithActiveProductOwner += 1;
    } else if (item.kind === 'epic' || item.kind === 'roadmap') {
      entry.epics += 1;
      if (firstActive(item.productManagers)) entry.epicsWithActiveProductManager += 1;
    }
  }

  result(findings: readonly Finding[]): TeamCoverage[] {
    for (const [entry, sources] of this.sourcesOf) entry.sources = [...sources].sort(([a], [b]) => a - b).map(([, name]) => name);
    for (const finding of findings) {
      const entry = this.byTeam.get(finding.team);
      if (entry === undefined) continue;
      if (finding.severity === 'error') entry.errors += 1;
      else entry.warnings += 1;
    }
    // By name, code-unit order so reports diff cleanly; items with no team last.
    return [...this.byTeam.values()].sort((a, b) => (a.team === b.team ? 0 : a.team === null ? 1 : b.team === null ? -1 : a.team < b.team ? -1 : 1));
  }
}

export function summarise(findings: readonly Finding[], itemsChecked: number, suppressed: number): Summary {
  const byRule = new Map<string, number>(); // a plugin rule may be called `constructor`
  let errors = 0;
  for (const finding of findings) {
    byRule.set(finding.ruleId, (byRule.get(finding.ruleId) ?? 0) + 1);
    if (finding.severity === 'error') errors += 1;
  }
  // Rule ids in code-unit order, so the JSON report diffs cleanly from run to run.
  const sortedByRule = Object.fromEntries([...byRule].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { itemsChecked, errors, warnings: findings.length - errors, suppressed, byRule: sortedByRule };
}

const FIELD_LABELS = { productOwner: 'Product Owner', productManager: 'Product Manager' } as const;

/** Rules that need an owner field the source does not map (SPEC §4), with the reason. */
function notApplicableReasons(info: SourceInfo, rules: readonly ConfiguredRule[], roles: RoleMatcher): Record<string, string> {
  const reasons: Record<string, string> = {};
  for (const { rule } of rules) {
    if (rule.meta.requiresRoles && !roles.configured) {
      reasons[rule.meta.id] = 'no roles are configured (list people under roles: productOwners, productManagers, both)';
      continue;
    }
    const needed = rule.meta.requiresFields;
    if (!needed || needed.length === 0 || needed.some((field) => info.mappedFields.has(field))) continue;
    const names = needed.map((field) => FIELD_LABELS[field]).join(' or ');
    reasons[rule.meta.id] = `no ${names} field is mapped for this source and no team roster gives owners (set fields.${needed[0]}, or list the teams and their owners under teams)`;
  }
  return reasons;
}

/**
 * SPEC §4: a story's first active PO, failing that the first active PM of its parent; an epic's or
 * roadmap item's first active PM. Only people who can act, whatever their order in a multi-user picker.
 */
function responsibleFor(item: WorkItem, context: RuleContext): Person | null {
  if (item.kind === 'story') return firstActive(item.productOwners) ?? firstActive(context.parentOf(item)?.productManagers ?? []);
  if (item.kind === 'epic' || item.kind === 'roadmap') return firstActive(item.productManagers);
  return null;
}

function runRule(rule: Rule, item: WorkItem, options: unknown, context: RuleContext) {
  try {
    return rule.check!(item, options, context);
  } catch (error) {
    throw new BacklintError('internal', `Rule ${rule.meta.id} failed on ${item.source} ${item.key}: ${(error as Error)?.message ?? String(error)}`);
  }
}
