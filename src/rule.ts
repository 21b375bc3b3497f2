// The rule interface, shared by the built-in rules in rules/ and custom rules loaded through `plugins`.
// A rule is pure: it looks at one item and returns what is wrong with it (STYLE.md).
import { z } from 'zod';
import type { FindingKind, OwnerField, Person, SeverityOrOff, SourceInfo, WorkItem } from './model.js';
import type { RoleMatcher } from './roles.js';
import type { RosterPerson } from './roster/people.js';
import type { AcceptanceOptions } from './text/acceptance.js';

export interface RuleMeta<Schema extends z.ZodType = z.ZodType> {
  /** Stable id, kebab-case. */
  id: string;
  /** One line for `backlint rules` and the README table. */
  description: string;
  /** The kinds of item the rule looks at. */
  appliesTo: readonly FindingKind[];
  defaultSeverity: SeverityOrOff;
  /** Message templates by id; `{name}` placeholders are filled from a result's data. */
  messages: Record<string, string>;
  /** Options; its defaults are what the rule runs with when the config gives none. */
  schema: Schema;
  /** The rule's docs: a web address, or (built-in rules) a page's path in the backlint package. */
  docsUrl: string;
  /** The rule is not applicable on a source that maps none of these owner fields. */
  requiresFields?: readonly OwnerField[];
  /** The rule is not applicable when the config lists no `roles` (it could find nothing). */
  requiresRoles?: boolean;
  /**
   * A missing- or inactive-owner rule: on an item whose owners of its role would come only from a roster
   * team that has no active owner of that role, the team's `team-owners` finding covers it (SPEC §4).
   */
  coveredByTeamFinding?: boolean;
}

/** A roster team with items in scope, as a team rule sees it (SPEC §4, §5). */
export interface TeamState {
  name: string;
  /** The first source with items of this team in scope: the team finding's source. */
  source: string;
  /** The tracker the roster people were looked up in, for messages (`Jira`, `Azure DevOps`); null: not looked up. */
  tracker: string | null;
  /** Items of the team in scope: stories, and epics and roadmap items. */
  stories: number;
  epics: number;
  /** Of those, the items with no owner of their role of their own: their owner is the team's. */
  storiesRelying: number;
  epicsRelying: number;
  productOwners: readonly RosterPerson[];
  productManagers: readonly RosterPerson[];
}

/** What `parentOf` gives a rule. */
export type ParentItem = Pick<WorkItem, 'source' | 'key' | 'type' | 'kind' | 'state' | 'stateCategory' | 'productOwners' | 'productManagers' | 'productOwner' | 'productManager' | 'labels' | 'team' | 'roster'>;

export interface RuleContext {
  source: SourceInfo;
  roles: RoleMatcher;
  /** The languages and team labels acceptance criteria are written in, for the item's source (`acceptanceCriteria` in the config). */
  acceptanceCriteria?: AcceptanceOptions;
  /**
   * The item's parent, when the same source fetched it: its kind, type, state, owners, labels and team, not
   * its title, texts, sprints or links (the engine keeps that much of every item while items stream in).
   */
  parentOf(item: WorkItem): ParentItem | null;
}

export interface RuleResult {
  messageId: string;
  data?: Record<string, string | number>;
  /** Tells apart several findings of one rule on one item (a team's people), for fingerprints. */
  key?: string;
}

export interface Rule<Schema extends z.ZodType = z.ZodType> {
  meta: RuleMeta<Schema>;
  /** What is wrong with one item of a kind in `appliesTo`. */
  check?(item: WorkItem, options: z.infer<Schema>, context: RuleContext): RuleResult[];
  /** What is wrong with one roster team (`appliesTo` includes `team`). */
  checkTeam?(team: TeamState, options: z.infer<Schema>, context: Omit<RuleContext, 'parentOf'>): RuleResult[];
}

/**
 * A rule as a plugin may write it: without `schema` it takes no options, without `docsUrl` it has no docs
 * link, without `defaultSeverity` it is an error. backlint fills these in when it loads the plugin.
 */
export interface PluginRule<Schema extends z.ZodType = z.ZodType> extends Omit<Rule<Schema>, 'meta'> {
  meta: Omit<RuleMeta<Schema>, 'schema' | 'docsUrl' | 'defaultSeverity'> & Partial<Pick<RuleMeta<Schema>, 'schema' | 'docsUrl' | 'defaultSeverity'>>;
}

/** Identity function that gives a rule its option types from its schema. */
export function defineRule<Schema extends z.ZodType>(rule: Rule<Schema>): Rule<Schema>;
export function defineRule<Schema extends z.ZodType>(rule: PluginRule<Schema>): PluginRule<Schema>;
export function defineRule(rule: Rule | PluginRule): Rule | PluginRule {
  return rule;
}

/** A rule with no options. */
export const noOptions = z.object({}).strict();

/**
 * Where a built-in rule's docs page is, relative to the backlint package (docs/rules/ ships in it): a
 * reference that is the same on every machine, for reports. `backlint rules` prints the installed file.
 */
export const DOCS_DIR = 'docs/rules';
export const docsUrlFor = (id: string): string => `${DOCS_DIR}/${id}.md`;

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in data ? String(data[name]) : whole));
}

export const personName = (person: Person): string => person.displayName || person.email || person.id;
