// The types every layer speaks (SPEC §2). Connectors produce WorkItems, the engine turns them into
// Findings, reporters render a Report.
import type { RichDocument } from './text/tree.js';

export type Kind = 'story' | 'epic' | 'roadmap' | 'other';
export const KINDS: readonly Kind[] = ['story', 'epic', 'roadmap', 'other'];

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
  /** Every Product Owner from the mapped owner fields, in field order, each once; empty when none (SPEC §4). */
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
  team: string | null;
  iteration: string | null;
  created: string | null;
  updated: string | null;
}

/** The owner fields a source can map (SPEC §4). */
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
  itemKey: string;
  itemType: string;
  kind: Kind;
  title: string;
  url: string | null;
  team: string | null;
}

export interface Finding extends ItemSummary {
  ruleId: string;
  severity: Severity;
  messageId: string;
  message: string;
  responsible: Person | null;
  fingerprint: string;
  /** With `--compare`: whether the previous report already had this finding (by fingerprint). */
  change?: FindingChange;
}

export type FindingChange = 'new' | 'old';

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
  /** Rule ids that cannot run on this source because a field they need is not mapped (SPEC §4). */
  notApplicable: string[];
  /** Why each of those rules is not applicable, for people. */
  notApplicableReasons: Record<string, string>;
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
  /** Findings hidden because the baseline already knows them. */
  known: number;
  /** Baseline entries no longer found: fixed since the baseline was written. */
  fixed: number;
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
}

export interface RuleSummary {
  id: string;
  description: string;
  severity: SeverityOrOff;
  docsUrl: string;
}

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
  /** The run linted the bundled demo dataset (no config): every report says so. */
  demo?: true;
  /** Every checked item with the rules that ran on it, in report order; absent in reports built by hand. */
  checkedItems?: CheckedItem[];
}
