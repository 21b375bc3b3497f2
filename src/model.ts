// The types every layer speaks (SPEC §2). Connectors produce WorkItems, the engine turns them into
// Findings, reporters render a Report.
import type { RichDocument } from './text/tree.js';

export type Kind = 'story' | 'epic' | 'roadmap' | 'other';
export const KINDS: readonly Kind[] = ['story', 'epic', 'roadmap', 'other'];
/** What a finding is about: an item of some kind, or a roster team. */
export type FindingKind = Kind | 'team';

export type StateCategory = 'todo' | 'in-progress' | 'done';

export interface Person {
  id: string;
  displayName: string;
  email?: string;
  /** False for a deactivated Jira account or an inactive ADO identity; unknown counts as active. */
  active: boolean;
}

export interface WorkItem {
  source: string;
  id: string;
  key: string;
  url: string | null;
  type: string;
  kind: Kind;
  title: string;
  state: string;
  stateCategory: StateCategory;
  description: RichDocument | null;
  acceptanceCriteria: RichDocument | null;
  /**
   * With several acceptance criteria fields configured, each the item sets, in config order: any of them
   * with meaningful content counts (SPEC §6 case 1). Absent with one field; acceptanceCriteria is one of these.
   */
  acceptanceCriteriaFields?: RichDocument[];
  /** Every Product Owner from the mapped owner fields, in field order, each once; empty when none. */
  productOwners: Person[];
  /** Every Product Manager, as productOwners. */
  productManagers: Person[];
  /** The first active of productOwners, else the first, else null: for rules written for one owner. */
  productOwner: Person | null;
  /** The first active of productManagers, else the first, else null. */
  productManager: Person | null;
  assignee: Person | null;
  reporter: Person | null;
  parent: { key: string; kind: Kind | null } | null;
  labels: string[];
  /** The team field's value (Atlassian Team field, or the configured team field), else the Jira project key / ADO area path. */
  team: string | null;
  /** Jira project key, ADO project name: for roster `match: { project }`. */
  project: string | null;
  /** Jira component names (ADO has none): for roster `match: { component }`. */
  components: string[];
  /** ADO `System.AreaPath` (Jira has none): for roster `match: { areaPath }`. */
  areaPath: string | null;
  /** Set by the roster stage: the roster team the item belongs to, and where each role's owners came from. */
  roster?: ItemRoster;
  /** The sprint name (Jira: the active one, else the last) or the ADO iteration path. */
  iteration: string | null;
  /**
   * Every sprint the item is or was in, with its state, board and dates where known (SPEC §2, §5 scopes);
   * empty when it is in none. Absent when the source gives no sprint data (no sprint field in an export).
   */
  sprints?: Sprint[];
  created: string | null;
  updated: string | null;
}

export type SprintState = 'active' | 'future' | 'closed';

/** A Jira sprint or an Azure DevOps iteration, as far as the source tells. */
export interface Sprint {
  /** The tracker's id, where given. */
  id: string | null;
  name: string;
  state: SprintState | null;
  /** The Jira board (`boardId`, `rapidViewId` in the old string form); null when unknown. */
  board: string | null;
  /** ISO timestamps, where known. */
  start: string | null;
  end: string | null;
  /** The order of the board's sprints (`sequence` in the old string form), where given. */
  sequence: number | null;
}

/** Where an item's owners of one role came from: its own fields, or its roster team. */
export type OwnerSource = 'field' | 'roster';

export interface ItemRoster {
  /** The most specific roster team the item matches, or null. */
  team: string | null;
  /** Per role: where the owners came from; null when the item has none of that role. */
  productOwners: OwnerSource | null;
  productManagers: OwnerSource | null;
}

/** The owner fields a source can map. */
export type OwnerField = 'productOwner' | 'productManager';

/** What the engine knows about a source besides its items. */
export interface SourceInfo {
  name: string;
  type: string;
  /** Owner fields this source maps to a real field; a rule needing an unmapped one is not applicable. */
  mappedFields: ReadonlySet<OwnerField>;
  /** Whether a dedicated acceptance criteria field is mapped (informational). */
  acceptanceCriteriaField: string | null;
}

export type Severity = 'error' | 'warn';
export type SeverityOrOff = Severity | 'off';

/** The item a finding or a JUnit test case is about, as reports show it. */
export interface ItemSummary {
  source: string;
  /** The item's key; a team finding's is `team/<name>`. */
  itemKey: string;
  /** The item's type; `Team` for a team finding. */
  itemType: string;
  kind: FindingKind;
  /** The item's title; the team's name for a team finding. */
  title: string;
  url: string | null;
  /** The roster team the item belongs to, else the item's team value (project key, area path, team field). */
  team: string | null;
}

export interface Finding extends ItemSummary {
  ruleId: string;
  severity: Severity;
  messageId: string;
  message: string;
  responsible: Person | null;
  /** Where the owners of the item's role (a story's POs, an epic's PMs) came from; absent when it has none. */
  ownerSource?: OwnerSource;
  fingerprint: string;
  /** With `--compare`: whether the previous report already had this finding (by fingerprint). */
  change?: FindingChange;
  /** With `--baseline`: the baseline entry that knows this finding (SPEC §10); absent for a finding it does not know. */
  baseline?: FindingBaseline;
}

export type FindingChange = 'new' | 'old';

/**
 * A finding the baseline knows: `known` is excused (listed, but out of the exit code and the "new"
 * counts); `expired` is an entry past its `expires` date, which no longer excuses the finding.
 */
export interface FindingBaseline {
  state: 'known' | 'expired';
  reason?: string;
  /** The entry's expiry date, `YYYY-MM-DD`. */
  expires?: string;
}

/** Whether the baseline excuses a finding: known debt, not counted for the exit code. */
export const isKnown = (finding: Finding): boolean => finding.baseline?.state === 'known';

/** An item, or one rule's findings on it, that a suppression label (`backlint-ignore`, `backlint-ignore:<rule>`) kept out of the report. */
export interface Suppression extends ItemSummary {
  /** The label as the config names it: `backlint-ignore` or `backlint-ignore:story-po-owner`. */
  label: string;
  /** The rule the label names; null when the label suppresses the whole item. */
  ruleId: string | null;
  /** Findings the label suppressed; null for a whole item, whose rules did not run. */
  findings: number | null;
  responsible: Person | null;
}

/** A finding of the previous report (`--compare`) that this run no longer has. */
export interface FixedFinding {
  source: string;
  itemKey: string;
  itemType: string;
  kind: string;
  title: string;
  url: string | null;
  ruleId: string;
  severity: Severity;
  message: string;
  responsible: Person | null;
  team: string | null;
  fingerprint: string;
}

/** An item the engine checked and the rules that ran on it, so reports can list passes too (JUnit). */
export interface CheckedItem extends ItemSummary {
  /** Rule ids that ran on the item, in rule order; a rule suppressed by a label is left out. */
  rules: string[];
}

export interface SourceSummary {
  name: string;
  type: string;
  itemsFetched: number;
  itemsChecked: number;
  /** Rule ids that cannot run on this source because a field they need is not mapped. */
  notApplicable: string[];
  /** Why each of those rules is not applicable, for people. */
  notApplicableReasons: Record<string, string>;
  /** With a scope or overrides (SPEC §5): items that would have been checked but were left out. */
  outOfScope?: number;
}

/** The scope a run used (SPEC §5): the config's `scope` and `overrides`, and `--scope NAME`. */
export interface ScopeSummary {
  /** The `--scope` name; null when only the config's scope and overrides applied. */
  name: string | null;
  /** Items left out, over all sources. */
  outOfScope: number;
}

export interface Summary {
  itemsChecked: number;
  errors: number;
  warnings: number;
  suppressed: number;
  byRule: Record<string, number>;
  /** With `--quiet`: the warnings found but not listed (they still count for `--max-warnings`). */
  hiddenWarnings?: number;
}

export interface BaselineSummary {
  file: string;
  /** Findings the baseline knows (listed as known, unless `--hide-baseline`; never counted for the exit code). */
  known: number;
  /** Baseline entries no longer found: fixed since the baseline was written. */
  fixed: number;
  /** Findings whose baseline entry has expired: they count again. */
  expired?: number;
  /** `--hide-baseline`: the known findings are left out of the report's lists. */
  hidden?: boolean;
}

/** `--compare PREVIOUS.json`: the change since an earlier JSON report, by fingerprint. */
export interface ComparisonSummary {
  file: string;
  previousGeneratedAt: string | null;
  /** Findings the previous report did not have. */
  new: number;
  /** Findings the previous report had too. */
  old: number;
  /** Findings of the previous report that are gone. */
  fixed: number;
  /** Those findings, as the previous report had them, in report order. */
  fixedFindings?: FixedFinding[];
}

export interface RuleSummary {
  id: string;
  description: string;
  severity: SeverityOrOff;
  docsUrl: string;
}

/**
 * Coverage of one team: the roster team, else the items' team value; null gathers items with
 * neither. Shares are counts, so a reader sees both "3 of 4" and the bar.
 */
export interface TeamCoverage {
  team: string | null;
  /** A team of the roster (as opposed to a team value read off the items). */
  roster: boolean;
  /** Sources with checked items of this team, in config order. */
  sources: string[];
  itemsChecked: number;
  stories: number;
  storiesWithAcceptanceCriteria: number;
  storiesWithActiveProductOwner: number;
  /** Epics and roadmap items. */
  epics: number;
  epicsWithActiveProductManager: number;
  /** Findings on the team's items and on the team itself, as reported. */
  errors: number;
  warnings: number;
}

/** A team's coverage with only TeamCoverage's fields, in its key order (how the JSON report writes it). */
export const teamCoverageOf = (team: TeamCoverage): TeamCoverage => ({
  team: team.team,
  roster: team.roster,
  sources: [...team.sources],
  itemsChecked: team.itemsChecked,
  stories: team.stories,
  storiesWithAcceptanceCriteria: team.storiesWithAcceptanceCriteria,
  storiesWithActiveProductOwner: team.storiesWithActiveProductOwner,
  epics: team.epics,
  epicsWithActiveProductManager: team.epicsWithActiveProductManager,
  errors: team.errors,
  warnings: team.warnings,
});

export interface Report {
  schemaVersion: 1;
  tool: { name: 'backlint'; version: string };
  generatedAt: string;
  sources: SourceSummary[];
  summary: Summary;
  findings: Finding[];
  rules: RuleSummary[];
  baseline?: BaselineSummary;
  comparison?: ComparisonSummary;
  /** Present when the config has a scope or overrides, or --scope was given. */
  scope?: ScopeSummary;
  /** The run linted the bundled demo dataset (no config): every report says so. */
  demo?: true;
  /** Coverage per team, sorted by team name (null last); absent in reports built by hand. */
  teams?: TeamCoverage[];
  /** Every checked item with the rules that ran on it, in report order; absent in reports built by hand. */
  checkedItems?: CheckedItem[];
  /** What suppression labels kept out, in report order (SPEC §10); absent in reports built by hand. */
  suppressions?: Suppression[];
  /** With `--history`: the runs recorded so far, this one last (SPEC §10). */
  history?: HistoryEntry[];
}

/** One run in the `--history` file (one JSON line): counts only, so 400 of them stay small. */
export interface HistoryEntry {
  schemaVersion: 1;
  generatedAt: string;
  /** Every finding of the run, known (baselined) ones included: the trend is of the backlog, not of the exit code. */
  summary: { itemsChecked: number; errors: number; warnings: number; known: number; suppressed: number };
  sources: { name: string; itemsChecked: number; errors: number; warnings: number }[];
  byRule: Record<string, number>;
  teams: Omit<TeamCoverage, 'roster' | 'sources'>[];
}
