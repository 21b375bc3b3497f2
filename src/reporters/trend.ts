// The trend a `--history` file gives (SPEC §10): per team, findings and coverage run by run, for the
// HTML charts and the Markdown table. Pure.
import type { HistoryEntry } from '../model.js';
import { coveragePercent, nameCollator, NO_TEAM } from './common.js';

export type TrendMetric = 'findings' | 'acceptanceCriteria' | 'activeProductOwner' | 'activeProductManager';

export interface TeamSeries {
  team: string;
  /** One value a run, oldest first; null where the team had nothing to count in that run. */
  values: (number | null)[];
}

type TeamFigures = HistoryEntry['teams'][number];


function valueOf(team: TeamFigures, metric: TrendMetric): number | null {
  switch (metric) {
    case 'findings':
      return team.errors + team.warnings;
    case 'acceptanceCriteria':
      return coveragePercent(team.storiesWithAcceptanceCriteria, team.stories);
    case 'activeProductOwner':
      return coveragePercent(team.storiesWithActiveProductOwner, team.stories);
    case 'activeProductManager':
      return coveragePercent(team.epicsWithActiveProductManager, team.epics);
  }
}

/** Every team of the runs, by name ("no team" last), each with its value per run. */
export function teamSeries(runs: readonly HistoryEntry[], metric: TrendMetric): TeamSeries[] {
  const names = new Set<string>();
  for (const run of runs) for (const team of run.teams) names.add(team.team ?? NO_TEAM);
  const ordered = [...names].sort((a, b) => (a === NO_TEAM ? 1 : b === NO_TEAM ? -1 : nameCollator.compare(a, b)));
  return ordered.map((team) => ({
    team,
    values: runs.map((run) => {
      const figures = run.teams.find((entry) => (entry.team ?? NO_TEAM) === team);
      return figures === undefined ? null : valueOf(figures, metric);
    }),
  }));
}

/** The whole run's coverage, all teams together. */
export function runCoverage(run: HistoryEntry): { acceptanceCriteria: number | null; activeProductOwner: number | null; activeProductManager: number | null } {
  const sum = (pick: (team: TeamFigures) => number) => run.teams.reduce((total, team) => total + pick(team), 0);
  const stories = sum((team) => team.stories);
  const epics = sum((team) => team.epics);
  return {
    acceptanceCriteria: coveragePercent(sum((team) => team.storiesWithAcceptanceCriteria), stories),
    activeProductOwner: coveragePercent(sum((team) => team.storiesWithActiveProductOwner), stories),
    activeProductManager: coveragePercent(sum((team) => team.epicsWithActiveProductManager), epics),
  };
}

/** `2026-11-24 06:00 UTC`: a run's time as a report shows it. */
export const runTime = (iso: string): string => iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
