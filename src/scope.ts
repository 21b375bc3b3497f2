// Scopes (SPEC §5): which items the rules look at, and each rule's severity per item. Pure: the run's
// clock comes in as `now`, so "created two days before the run" is the same in every test.
import type { OverrideConfig, ScopeConditions } from './config/schema.js';
import { BacklintError } from './errors.js';
import type { SeverityOrOff, WorkItem } from './model.js';

/** Named scopes every config has; a config's own scope of the same name replaces one. */
export const BUILTIN_SCOPES: Readonly<Record<string, ScopeConditions>> = {
  'next-sprint': { sprint: 'next' },
  'current-sprint': { sprint: 'current' },
};

export interface ScopeSetup {
  /** The config's `scope`: every rule, every run. */
  base?: ScopeConditions;
  /** `--scope NAME`: this run, on top of `base`. */
  named?: { name: string; conditions: ScopeConditions };
  /** The config's `overrides`, in order: a later entry wins. */
  overrides: readonly OverrideConfig[];
  now: Date;
}

export interface ItemScope {
  /** Whether the item meets the config's scope and the named one. */
  includes(item: WorkItem): boolean;
  /** The rule's severity for this item: the last override whose scope holds it, else `base`. */
  severity(item: WorkItem, ruleId: string, base: SeverityOrOff): SeverityOrOff;
}

const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** `36h`, `2d`, `1w` in milliseconds (the schema has checked the form). */
export function durationMs(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([hdw])$/i.exec(text.trim());
  if (match === null) throw new BacklintError('config', `'${text}' is not a duration: a number and h, d or w, such as '36h', '2d' or '1w'.`);
  return Number(match[1]) * UNIT_MS[match[2]!.toLowerCase() as keyof typeof UNIT_MS];
}

/** The conditions of `--scope NAME`: the config's scope of that name, else a built-in one. */
export function namedScope(name: string, scopes: Readonly<Record<string, ScopeConditions>>): ScopeConditions {
  const conditions = Object.hasOwn(scopes, name) ? scopes[name] : Object.hasOwn(BUILTIN_SCOPES, name) ? BUILTIN_SCOPES[name] : undefined;
  if (conditions !== undefined) return conditions;
  const known = [...new Set([...Object.keys(scopes), ...Object.keys(BUILTIN_SCOPES)])];
  throw new BacklintError('usage', `--scope ${name}: no such scope. Known scopes: ${known.join(', ')} (name your own under scopes: in the config).`);
}

/** Every scope a run uses (base, named, overrides), for checks made before anything is fetched. */
export function scopesOf(setup: ScopeSetup): { where: string; conditions: ScopeConditions }[] {
  return [
    ...(setup.base ? [{ where: 'scope', conditions: setup.base }] : []),
    ...(setup.named ? [{ where: `--scope ${setup.named.name}`, conditions: setup.named.conditions }] : []),
    ...setup.overrides.map((override, index) => ({ where: `overrides[${index}].scope`, conditions: override.scope })),
  ];
}

export function createItemScope(setup: ScopeSetup): ItemScope {
  const now = setup.now.getTime();
  const overrides = [...setup.overrides].reverse();
  return {
    includes: (item) => (setup.base === undefined || matchesScope(item, setup.base, now)) && (setup.named === undefined || matchesScope(item, setup.named.conditions, now)),
    severity: (item, ruleId, base) => {
      for (const override of overrides) {
        if (Object.hasOwn(override.rules, ruleId) && matchesScope(item, override.scope, now)) return override.rules[ruleId]!;
      }
      return base;
    },
  };
}

const lower = (values: readonly string[]) => new Set(values.map((value) => value.toLowerCase()));

/** Whether the item meets every condition; `now` in epoch milliseconds. */
export function matchesScope(item: WorkItem, conditions: ScopeConditions, now: number): boolean {
  const { states, stateCategories, types, kinds, teams, labels, notLabels, iterations, createdBefore, updatedWithin, sprint } = conditions;
  if (states && !lower(states).has(item.state.toLowerCase())) return false;
  if (stateCategories && !stateCategories.includes(item.stateCategory)) return false;
  if (types && !lower(types).has(item.type.toLowerCase())) return false;
  if (kinds && !kinds.includes(item.kind)) return false;
  if (teams) {
    const wanted = lower(teams);
    const own = [item.roster?.team, item.team].filter((team): team is string => typeof team === 'string');
    if (!own.some((team) => wanted.has(team.toLowerCase()))) return false;
  }
  const carried = lower(item.labels);
  if (labels && !labels.some((label) => carried.has(label.toLowerCase()))) return false;
  if (notLabels && notLabels.some((label) => carried.has(label.toLowerCase()))) return false;
  if (iterations && !iterations.some((path) => isUnder(item.iteration, path))) return false;
  if (createdBefore !== undefined) {
    const created = timeOf(item.created);
    if (created !== null && created > now - durationMs(createdBefore)) return false;
  }
  if (updatedWithin !== undefined) {
    const updated = timeOf(item.updated);
    if (updated === null || updated < now - durationMs(updatedWithin)) return false;
  }
  if (sprint !== undefined) throw new BacklintError('internal', 'sprint conditions reached the engine: the runner refuses them until items carry sprint data');
  return true;
}

const timeOf = (iso: string | null): number | null => {
  if (iso === null) return null;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : time;
};

/** Azure DevOps paths use backslashes; a Jira sprint name is a path of one step. */
const normalisePath = (path: string) => path.trim().replace(/\\+$/, '').toLowerCase();

/** ADO "under": the path itself or anything below it, case-insensitively. */
export function isUnder(iteration: string | null, path: string): boolean {
  if (iteration === null) return false;
  const item = normalisePath(iteration);
  const wanted = normalisePath(path);
  return item === wanted || item.startsWith(`${wanted}\\`);
}
