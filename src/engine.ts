// lint(items, setup) → findings: synchronous, no I/O (STYLE.md). Decides which items are checked,
// applies suppression labels, names the responsible person and sorts the findings (SPEC §4, §5, §9).
import { BacklintError } from './errors.js';
import { fingerprintOf } from './fingerprint.js';
import type { CheckedItem, Finding, ItemSummary, Person, Severity, SourceInfo, SourceSummary, Summary, WorkItem } from './model.js';
import { compareFindings, compareItems } from './finding-order.js';
import { formatMessage, type Rule, type RuleContext } from './rule.js';
import { firstActive } from './owners.js';
import type { RoleMatcher } from './roles.js';

export interface ConfiguredRule {
  rule: Rule;
  severity: Severity;
  options: unknown;
}

export interface SourceItems {
  info: SourceInfo;
  items: readonly WorkItem[];
  /** Every item the source returned, checked or not. */
  fetched: number;
}

export interface LintSetup {
  rules: readonly ConfiguredRule[];
  roles: RoleMatcher;
  ignoreLabel: string;
  checkDone: boolean;
}

export interface LintResult {
  findings: Finding[];
  sources: SourceSummary[];
  summary: Summary;
  /** Every checked item and the rules that ran on it (JUnit lists the passes too). */
  checkedItems: CheckedItem[];
}

export function lint(sources: readonly SourceItems[], setup: LintSetup): LintResult {
  const findings: Finding[] = [];
  const summaries: SourceSummary[] = [];
  const checkedItems: CheckedItem[] = [];
  let suppressed = 0;
  let itemsChecked = 0;

  for (const { info, items, fetched } of sources) {
    const reasons = notApplicableReasons(info, setup.rules, setup.roles);
    const active = setup.rules.filter(({ rule }) => !Object.hasOwn(reasons, rule.meta.id));
    const byKey = new Map(items.map((item) => [item.key, item]));
    const context: RuleContext = {
      source: info,
      roles: setup.roles,
      parentOf: (item) => (item.parent ? (byKey.get(item.parent.key) ?? null) : null),
    };
    let checkedHere = 0;

    for (const item of items) {
      if (item.stateCategory === 'done' && !setup.checkDone) continue;
      const applicable = active.filter(({ rule }) => rule.meta.appliesTo.includes(item.kind));
      if (applicable.length === 0) continue;
      const labels = new Set(item.labels.map((label) => label.toLowerCase()));
      const ignoreLabel = setup.ignoreLabel.toLowerCase();
      if (labels.has(ignoreLabel)) {
        suppressed += 1;
        continue;
      }
      checkedHere += 1;
      const responsible = responsibleFor(item, context);
      const summary: ItemSummary = { source: info.name, itemKey: item.key, itemType: item.type, kind: item.kind, title: item.title, url: item.url, team: item.team };
      const ran: string[] = [];
      for (const { rule, severity, options } of applicable) {
        const results = runRule(rule, item, options, context);
        const ruleSuppressed = labels.has(`${ignoreLabel}:${rule.meta.id.toLowerCase()}`);
        if (!ruleSuppressed) ran.push(rule.meta.id);
        if (results.length === 0) continue;
        if (ruleSuppressed) {
          suppressed += results.length;
          continue;
        }
        for (const result of results) {
          const template = Object.hasOwn(rule.meta.messages, result.messageId) ? rule.meta.messages[result.messageId] : undefined;
          if (template === undefined) {
            throw new BacklintError('internal', `Rule ${rule.meta.id} reported an unknown message id '${result.messageId}'.`);
          }
          findings.push({
            ruleId: rule.meta.id,
            severity,
            ...summary,
            messageId: result.messageId,
            message: formatMessage(template, result.data),
            responsible,
            fingerprint: fingerprintOf(info.name, item.key, rule.meta.id),
          });
        }
      }
      checkedItems.push({ ...summary, rules: ran });
    }
    itemsChecked += checkedHere;
    summaries.push({
      name: info.name,
      type: info.type,
      itemsFetched: fetched,
      itemsChecked: checkedHere,
      notApplicable: Object.keys(reasons),
      notApplicableReasons: reasons,
    });
  }

  findings.sort(compareFindings);
  checkedItems.sort(compareItems);
  return { findings, sources: summaries, summary: summarise(findings, itemsChecked, suppressed), checkedItems };
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
    reasons[rule.meta.id] = `no ${names} field is mapped for this source (set fields.${needed[0]} in the config)`;
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
    return rule.check(item, options, context);
  } catch (error) {
    throw new BacklintError('internal', `Rule ${rule.meta.id} failed on ${item.source} ${item.key}: ${(error as Error)?.message ?? String(error)}`);
  }
}
