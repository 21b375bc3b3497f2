// History entries for trend tests: a few teams whose figures move run by run.
import type { HistoryEntry } from '../../src/model.js';

type Team = HistoryEntry['teams'][number];

export function makeTeamFigures(team: string | null, partial: Partial<Team> = {}): Team {
  return { team, itemsChecked: 10, stories: 8, storiesWithAcceptanceCriteria: 4, storiesWithActiveProductOwner: 6, epics: 2, epicsWithActiveProductManager: 1, errors: 3, warnings: 1, ...partial };
}

/** One run a day from 2026-11-20, each team's findings falling and its coverage rising. */
export function makeHistory(runs: number, teams: readonly (string | null)[] = ['Payments', 'Platform', 'Mobile']): HistoryEntry[] {
  return Array.from({ length: runs }, (_, run) => {
    const figures = teams.map((team, t) =>
      makeTeamFigures(team, { errors: Math.max(0, 12 - run * 2 + t * 3), warnings: t, storiesWithActiveProductOwner: Math.min(8, 3 + run + t), storiesWithAcceptanceCriteria: Math.min(8, 2 + run) }),
    );
    const errors = figures.reduce((sum, team) => sum + team.errors, 0);
    const warnings = figures.reduce((sum, team) => sum + team.warnings, 0);
    return {
      schemaVersion: 1,
      generatedAt: new Date(Date.UTC(2026, 10, 20 + run, 5)).toISOString(),
      summary: { itemsChecked: 10 * teams.length, errors, warnings, known: 2, suppressed: 1 },
      sources: [{ name: 'pay', itemsChecked: 10 * teams.length, errors, warnings }],
      byRule: { 'story-po-owner': errors + warnings },
      teams: figures,
    };
  });
}
