// Which roster team an item belongs to (SPEC §4): every key of a team's match must hold (a list: any of
// its values); among the teams that match, the longest area path wins, otherwise the first entry.
import type { WorkItem } from '../model.js';
import type { Roster, RosterTeam } from './load.js';

type Matchable = Pick<WorkItem, 'project' | 'components' | 'team' | 'areaPath' | 'labels'>;

interface CompiledTeam {
  team: RosterTeam;
  project?: Set<string>;
  component?: Set<string>;
  team_?: Set<string>;
  label?: Set<string>;
  /** Lower-cased area paths without a trailing backslash. */
  areaPaths?: string[];
}

const lower = (value: string) => value.trim().toLowerCase();
const setOf = (values: readonly string[] | undefined) => (values === undefined ? undefined : new Set(values.map(lower)));
/** `Platform\Identity\` and `platform\identity` are one path. */
const normalisePath = (value: string) => lower(value).replace(/\\+$/, '');

export type TeamMatcher = (item: Matchable) => RosterTeam | null;

export function createTeamMatcher(roster: Roster | null): TeamMatcher {
  if (roster === null || roster.teams.length === 0) return () => null;
  const teams: CompiledTeam[] = roster.teams.map((team) => ({
    team,
    project: setOf(team.match.project),
    component: setOf(team.match.component),
    team_: setOf(team.match.team),
    label: setOf(team.match.label),
    areaPaths: team.match.areaPath?.map(normalisePath),
  }));
  return (item) => {
    // The item's values once, not once per team.
    const facts: ItemFacts = {
      project: item.project === null ? null : lower(item.project),
      team: item.team === null ? null : lower(item.team),
      components: item.components.map(lower),
      labels: item.labels.map(lower),
      areaPath: item.areaPath === null ? null : normalisePath(item.areaPath),
    };
    let best: RosterTeam | null = null;
    let bestDepth = -1;
    for (const compiled of teams) {
      const depth = matchDepth(compiled, facts);
      // Strictly deeper only: on a tie the first entry keeps the item.
      if (depth > bestDepth) {
        best = compiled.team;
        bestDepth = depth;
      }
    }
    return best;
  };
}

interface ItemFacts {
  project: string | null;
  team: string | null;
  components: string[];
  labels: string[];
  areaPath: string | null;
}

/** -1 when the team does not match; else the length of the area path it matched on (0 without one). */
function matchDepth(compiled: CompiledTeam, item: ItemFacts): number {
  if (compiled.project && !(item.project !== null && compiled.project.has(item.project))) return -1;
  if (compiled.team_ && !(item.team !== null && compiled.team_.has(item.team))) return -1;
  if (compiled.component && !item.components.some((component) => compiled.component!.has(component))) return -1;
  if (compiled.label && !item.labels.some((label) => compiled.label!.has(label))) return -1;
  if (!compiled.areaPaths) return 0;
  const path = item.areaPath;
  if (path === null) return -1;
  let depth = -1;
  for (const wanted of compiled.areaPaths) {
    // Under means the path itself or a child: `A\B` holds `A\B\C`, not `A\BC`.
    if ((path === wanted || path.startsWith(`${wanted}\\`)) && wanted.length > depth) depth = wanted.length;
  }
  return depth;
}
