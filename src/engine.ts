// lint(items, setup) → findings: synchronous, no I/O (STYLE.md). Decides which items are checked,
// applies suppression labels, names the responsible person and sorts the findings (SPEC §4, §5, §9).
import { BacklintError } from './errors.js';
import { fingerprintOf } from './fingerprint.js';
import type { CheckedItem, Finding, ItemSummary, Person, Severity, SeverityOrOff, SourceInfo, Sprint, SourceSummary, Summary, Suppression, TeamCoverage, WorkItem } from './model.js';
import { compareFindings, compareItems } from './finding-order.js';
import { formatMessage, type Rule, type RuleContext, type RuleResult, type TeamState } from './rule.js';
import { firstActive } from './owners.js';
import type { RoleMatcher } from './roles.js';
import type { Roster } from './roster/load.js';
import { asWritten, personOf, type RosterPerson } from './roster/people.js';
import type { Ownership } from './roster/schema.js';
import { createItemScope, sprintCalendar, type ItemScope, type ScopeSetup, type SprintCalendar } from './scope.js';
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

export function lint(sources: readonly SourceItems[], setup: LintSetup): LintResult {
  const findings: Finding[] = [];
  const summaries: SourceSummary[] = [];
  const checkedItems: CheckedItem[] = [];
  let suppressed = 0;
  const suppressions: Suppression[] = [];
  let itemsChecked = 0;
  const coverage = new CoverageTally();
  const teams = new TeamTally(setup.roster ?? null);
  const teamRulesOn = setup.rules.some(({ rule, severity }) => rule.meta.id === TEAM_OWNERS_RULE && severity !== 'off');
  const scope = setup.scope ? createItemScope(setup.scope) : null;
  let outOfScope = 0;

  for (const source of sources) {
    const { info, items, fetched } = source;
    const reasons = notApplicableReasons(info, setup.rules, setup.roles);
    const active = setup.rules.filter(({ rule }) => !Object.hasOwn(reasons, rule.meta.id) && rule.check !== undefined);
    const usesRoster = source.ownership !== undefined && source.ownership !== 'field';
    const byKey = new Map(items.map((item) => [item.key, item]));
    const acceptanceCriteria: AcceptanceOptions = { ...setup.acceptanceCriteria, ...source.acceptanceCriteria };
    const context: RuleContext = {
      source: info,
      roles: setup.roles,
      acceptanceCriteria,
      parentOf: (item) => (item.parent ? (byKey.get(item.parent.key) ?? null) : null),
    };
    let checkedHere = 0;
    let outOfScopeHere = 0;
    const calendar = scope?.usesSprints ? calendarOf(source, setup.scope!.now) : undefined;

    for (const item of items) {
      if (item.stateCategory === 'done' && !setup.checkDone) continue;
      const forKind = active.filter(({ rule }) => rule.meta.appliesTo.includes(item.kind));
      if (forKind.length === 0) continue;
      // Out of scope: not checked, not counted, not part of a team's or of coverage (SPEC §5).
      const applicable = scope === null || scope.includes(item, calendar) ? withItemSeverities(forKind, item, scope, calendar) : [];
      if (applicable.length === 0) {
        if (forKind.some(({ severity }) => severity !== 'off')) outOfScopeHere += 1;
        continue;
      }
      const labels = new Set(item.labels.map((label) => label.toLowerCase()));
      const ignoreLabel = setup.ignoreLabel.toLowerCase();
      const responsible = responsibleFor(item, context);
      const rosterTeam = item.roster?.team ?? null;
      const team = rosterTeam ?? item.team;
      const summary: ItemSummary = { source: info.name, itemKey: item.key, itemType: item.type, kind: item.kind, title: item.title, url: item.url, team };
      if (labels.has(ignoreLabel)) {
        suppressed += 1;
        suppressions.push({ ...summary, label: setup.ignoreLabel, ruleId: null, findings: null, responsible });
        continue;
      }
      checkedHere += 1;
      const ownerSource = (item.kind === 'story' ? item.roster?.productOwners : item.roster?.productManagers) ?? (ownersOfRole(item).length > 0 ? 'field' : null);
      if (usesRoster && rosterTeam !== null) teams.count(rosterTeam, item, source, ownerSource !== 'field');
      // The team finding covers an item whose owners of its role could only come from a team with none active.
      const covered = teamRulesOn && usesRoster && rosterTeam !== null && ownerSource !== 'field' && !teams.hasActive(rosterTeam, item, source);
      const ran: string[] = [];
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
          findings.push({
            ruleId: rule.meta.id,
            severity,
            ...summary,
            messageId: result.messageId,
            message: formatMessage(template, result.data),
            responsible,
            ...(ownerSource ? { ownerSource } : {}),
            fingerprint: fingerprintOf(info.name, item.key, rule.meta.id),
          });
        }
      }
      checkedItems.push({ ...summary, rules: ran });
      if (item.kind === 'story') hasAcceptanceCriteria ??= findAcceptanceCriteria({ field: item.acceptanceCriteria, description: item.description }, acceptanceCriteria).status === 'ok';
      coverage.count(team, rosterTeam !== null, info.name, item, hasAcceptanceCriteria === true);
    }
    itemsChecked += checkedHere;
    outOfScope += outOfScopeHere;
    summaries.push({
      name: info.name,
      type: info.type,
      itemsFetched: fetched,
      itemsChecked: checkedHere,
      notApplicable: Object.keys(reasons),
      notApplicableReasons: reasons,
      ...(scope === null ? {} : { outOfScope: outOfScopeHere }),
    });
  }

  findings.push(...teamFindings(teams.states(), setup));
  findings.sort(compareFindings);
  checkedItems.sort(compareItems);
  suppressions.sort((a, b) => compareFindings({ ...a, ruleId: a.ruleId ?? '' }, { ...b, ruleId: b.ruleId ?? '' }));
  return { findings, sources: summaries, summary: summarise(findings, itemsChecked, suppressed), checkedItems, teams: coverage.result(findings), outOfScope, suppressions };
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
function calendarOf(source: SourceItems, now: Date): SprintCalendar {
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

/** Roster teams with items in scope on sources whose owners come from the roster, as team rules see them. */
class TeamTally {
  private readonly byName = new Map<string, { stories: number; epics: number; storiesRelying: number; epicsRelying: number; source: SourceItems }>();
  private readonly teams: ReadonlyMap<string, Roster['teams'][number]>;

  constructor(roster: Roster | null) {
    this.teams = new Map((roster?.teams ?? []).map((team) => [team.name, team]));
  }

  /** `relying`: the item has no owner of its role of its own, so its owner is the team's. */
  count(name: string, item: WorkItem, source: SourceItems, relying: boolean): void {
    let entry = this.byName.get(name);
    if (entry === undefined) this.byName.set(name, (entry = { stories: 0, epics: 0, storiesRelying: 0, epicsRelying: 0, source }));
    if (item.kind === 'story') {
      entry.stories += 1;
      if (relying) entry.storiesRelying += 1;
    } else if (item.kind === 'epic' || item.kind === 'roadmap') {
      entry.epics += 1;
      if (relying) entry.epicsRelying += 1;
    }
  }

  private readonly active = new Map<SourceItems, Map<string, boolean>>();

  /** Whether the team has an active roster owner of the item's role, as the item's source knows them. */
  hasActive(name: string, item: WorkItem, source: SourceItems): boolean {
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
        tracker: entry.source.tracker ?? null,
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

  private lookup(written: readonly string[], source: SourceItems): RosterPerson[] {
    return written.map((name) => source.rosterPeople?.get(name) ?? { written: name, status: 'unchecked', person: asWritten(name) });
  }
}

function teamFindings(states: readonly TeamState[], setup: LintSetup): Finding[] {
  const findings: Finding[] = [];
  // Overrides scope items, not teams: a team rule runs at its configured severity.
  const teamRules = setup.rules.filter((configured): configured is ConfiguredRule & { severity: Severity } => configured.severity !== 'off' && configured.rule.meta.appliesTo.includes('team') && configured.rule.checkTeam !== undefined);
  for (const team of states) {
    const itemKey = `team/${team.name}`;
    const responsible = activePeople(team.productManagers)[0] ?? null;
    for (const { rule, severity, options } of teamRules) {
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

  count(team: string | null, roster: boolean, source: string, item: WorkItem, hasAcceptanceCriteria: boolean): void {
    let entry = this.byTeam.get(team);
    if (entry === undefined) {
      entry = { team, roster, sources: [], itemsChecked: 0, stories: 0, storiesWithAcceptanceCriteria: 0, storiesWithActiveProductOwner: 0, epics: 0, epicsWithActiveProductManager: 0, errors: 0, warnings: 0 };
      this.byTeam.set(team, entry);
    }
    if (!entry.sources.includes(source)) entry.sources.push(source);
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
