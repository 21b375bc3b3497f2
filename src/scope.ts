// Scopes (SPEC §5): which items the rules look at, and each rule's severity per item. Pure: the run's
// clock comes in as `now`, so "created two days before the run" is the same in every test.
import type { Config, OverrideConfig, ScopeConditions, SourceConfig } from './config/schema.js';
import { BacklintError } from './errors.js';
import type { SeverityOrOff, Sprint, SprintState, WorkItem } from './model.js';

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
  /** Whether a condition asks for sprints, so every item needs its sprint data. */
  usesSprints: boolean;
  /** Whether the item meets the config's scope and the named one; `calendar` of the item's source. */
  includes(item: WorkItem, calendar?: SprintCalendar): boolean;
  /** The rule's severity for this item: the last override whose scope holds it, else `base`. */
  severity(item: WorkItem, ruleId: string, base: SeverityOrOff, calendar?: SprintCalendar): SeverityOrOff;
  /**
   * A team rule's severity for a roster team (its team findings): the last override whose scope holds
   * for a team, else `base`. A team has no state, type, label or sprint, so such a scope is one with no
   * condition but `teams`, naming it (or none at all).
   */
  teamSeverity(team: string, ruleId: string, base: SeverityOrOff): SeverityOrOff;
}

/** What one source's items and known sprints tell about its sprints: which future sprint is each board's next. */
export interface SprintCalendar {
  isNext(sprint: Sprint): boolean;
}

const sprintKey = (sprint: Sprint) => `${sprint.board ?? ''}\u0000${sprint.id ?? sprint.name}`;

/**
 * Per board, the earliest future sprint among those the items are in and those known besides (an ADO
 * team's iterations, a Jira board's future sprints) (SPEC §5 "next"): by start date,
 * then the board's sequence, then the id; sprints with a date come before those without.
 */
export function sprintCalendar(items: Iterable<WorkItem>, now: Date, known: readonly Sprint[] = []): SprintCalendar {
  const earliest = new Map<string, Sprint>();
  // A known sprint (from the tracker's list of them) is the better account of itself than an item's copy.
  const knownKeys = new Set(known.map(sprintKey));
  const all = function* () {
    yield* known;
    for (const item of items) for (const sprint of item.sprints ?? []) if (!knownKeys.has(sprintKey(sprint))) yield sprint;
  };
  for (const sprint of all()) {
    if (stateOf(sprint, now.getTime()) !== 'future') continue;
    const board = sprint.board ?? '';
    const first = earliest.get(board);
    if (first === undefined || compareSprints(sprint, first) < 0) earliest.set(board, sprint);
  }
  const next = new Set([...earliest.values()].map(sprintKey));
  return { isNext: (sprint) => next.has(sprintKey(sprint)) };
}

function compareSprints(a: Sprint, b: Sprint): number {
  const byStart = (timeOf(a.start) ?? Infinity) - (timeOf(b.start) ?? Infinity);
  if (byStart !== 0 && !Number.isNaN(byStart)) return byStart;
  const bySequence = (a.sequence ?? Infinity) - (b.sequence ?? Infinity);
  if (bySequence !== 0 && !Number.isNaN(bySequence)) return bySequence;
  return Number(a.id ?? Infinity) - Number(b.id ?? Infinity) || 0;
}

/** The sprint's state as the tracker gives it, else from its dates and the run's clock. */
function stateOf(sprint: Sprint, now: number): SprintState | null {
  if (sprint.state !== null) return sprint.state;
  const start = timeOf(sprint.start);
  const end = timeOf(sprint.end);
  if (end !== null && end < now) return 'closed';
  if (start !== null && start > now) return 'future';
  if (start !== null && (end === null || end >= now)) return 'active';
  return null;
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
    usesSprints: usesSprints(setup),
    includes: (item, calendar) =>
      (setup.base === undefined || matchesScope(item, setup.base, now, calendar)) && (setup.named === undefined || matchesScope(item, setup.named.conditions, now, calendar)),
    severity: (item, ruleId, base, calendar) => {
      for (const override of overrides) {
        if (Object.hasOwn(override.rules, ruleId) && matchesScope(item, override.scope, now, calendar)) return override.rules[ruleId]!;
      }
      return base;
    },
    teamSeverity: (team, ruleId, base) => {
      for (const override of overrides) {
        if (Object.hasOwn(override.rules, ruleId) && holdsForTeam(override.scope, team)) return override.rules[ruleId]!;
      }
      return base;
    },
  };
}

/** Whether a scope holds for a team as a whole: no condition but `teams`, and that one naming it (case-insensitively). */
function holdsForTeam(conditions: ScopeConditions, team: string): boolean {
  for (const [key, value] of Object.entries(conditions)) {
    if (value === undefined) continue;
    if (key !== 'teams') return false;
  }
  return conditions.teams === undefined || lower(conditions.teams).has(team.toLowerCase());
}

const lower = (values: readonly string[]) => new Set(values.map((value) => value.toLowerCase()));

/** Whether the item meets every condition; `now` in epoch milliseconds; `calendar` for `sprint: next`. */
export function matchesScope(item: WorkItem, conditions: ScopeConditions, now: number, calendar?: SprintCalendar): boolean {
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
  if (sprint !== undefined && !inSprint(item, sprint, now, calendar)) return false;
  return true;
}

function inSprint(item: WorkItem, wanted: NonNullable<ScopeConditions['sprint']>, now: number, calendar: SprintCalendar | undefined): boolean {
  // The engine refuses a source whose items carry no sprint data before asking.
  if (item.sprints === undefined) return false;
  // A sprint with neither a state nor a start (an undated ADO iteration) is one the item is planned into,
  // so it counts for any and none; with no dates it is never current, future or next.
  const open = item.sprints.filter((sprint) => stateOf(sprint, now) !== 'closed');
  switch (wanted) {
    case 'any':
      return open.length > 0;
    case 'none':
      return open.length === 0;
    case 'current':
      return open.some((sprint) => stateOf(sprint, now) === 'active');
    case 'future':
      return open.some((sprint) => stateOf(sprint, now) === 'future');
    case 'next':
      return open.some((sprint) => stateOf(sprint, now) === 'future' && (calendar?.isNext(sprint) ?? false));
  }
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

// ── The run's scope set-up, from the config and --scope (the runner's and check()'s) ─────────────────────

/** The config's scope and overrides and `--scope NAME`, or null when the run has none (SPEC §5). */
export function scopeSetupOf(config: Pick<Config, 'scope' | 'overrides' | 'scopes'>, name: string | undefined, now: Date): ScopeSetup | null {
  const { scope: base, overrides, scopes } = config;
  const setup: ScopeSetup = {
    ...(base ? { base } : {}),
    ...(name === undefined ? {} : { named: { name, conditions: namedScope(name, scopes) } }),
    overrides,
    now,
  };
  return setup.base === undefined && setup.named === undefined && overrides.length === 0 ? null : setup;
}

/** Whether any of the run's scopes has a sprint condition (the fetch then asks for sprint data). */
export const usesSprints = (scope: ScopeSetup): boolean => scopesOf(scope).some(({ conditions }) => conditions.sprint !== undefined);

/** Whether the config's scope, an override or a named scope has a sprint condition: doctor then checks the sprint data can be read. */
export function configUsesSprints(config: Pick<Config, 'scope' | 'overrides' | 'scopes'>): boolean {
  const conditions = [config.scope, ...config.overrides.map((override) => override.scope), ...Object.values(config.scopes ?? {})];
  return conditions.some((condition) => condition?.sprint !== undefined);
}

/** An Azure DevOps export without its team's iterations cannot answer sprint conditions: refuse before reading rather than guess. */
export function refuseSprintsWithoutData(scope: ScopeSetup, sources: readonly SourceConfig[]): void {
  const where = scopesOf(scope).filter(({ conditions }) => conditions.sprint !== undefined).map(({ where }) => where);
  const ado = sources.filter((source) => source.type === 'azure-devops-export' && source.iterationsFile === undefined).map((source) => source.name);
  if (where.length === 0 || ado.length === 0) return;
  throw new BacklintError(
    'usage',
    `${where.join(', ')}: sprint conditions need each item's iteration with its dates, and an Azure DevOps export carries them only in iterationsFile: (a saved {project}/{team}/_apis/work/teamsettings/iterations response), which source ${ado.join(', ')} lacks. Add it, select by iteration path with iterations:, or leave the source out with --source.`,
  );
}
