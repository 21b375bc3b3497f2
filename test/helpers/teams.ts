// Builders for team coverage and team findings (SPEC §4) in reporter tests.
import { fingerprintOf } from '../../src/fingerprint.js';
import type { Finding, TeamCoverage } from '../../src/model.js';
import { person } from './items.js';

export function makeTeamCoverage(partial: Partial<TeamCoverage> = {}): TeamCoverage {
  return {
    team: 'Payments',
    roster: true,
    sources: ['pay'],
    itemsChecked: 20,
    stories: 16,
    storiesWithAcceptanceCriteria: 12,
    storiesWithActiveProductOwner: 16,
    epics: 4,
    epicsWithActiveProductManager: 3,
    errors: 5,
    warnings: 1,
    ...partial,
  };
}

/** A finding about a roster team itself, as the roster stage reports it: `team/<name>`, no URL. */
export function makeTeamFinding(partial: Partial<Finding> & { team?: string } = {}): Finding {
  const team = partial.team ?? 'Payments';
  const source = partial.source ?? 'pay';
  const ruleId = partial.ruleId ?? 'team-owners';
  const itemKey = `team/${team}`;
  return {
    ruleId,
    severity: 'error',
    source,
    itemKey,
    itemType: 'Team',
    kind: 'team',
    title: team,
    url: null,
    messageId: 'noProductOwner',
    message: `Team ${team} has 12 stories in scope and no active Product Owner.`,
    responsible: person('Li Wei'),
    team,
    fingerprint: fingerprintOf(source, itemKey, ruleId),
    ...partial,
  };
}
