// `backlint doctor`'s roster check for one source (SPEC §4): are the roster's people known to the tracker?
// Only the teams that can match the source are asked about, so a Jira site is not asked about the
// people of teams recognised by an Azure DevOps area path.
import type { SourceConfig } from '../config/schema.js';
import type { DoctorCheck } from '../connectors/index.js';
import { trackerOf, type PeopleResolver } from './apply.js';
import type { Roster, RosterTeam } from './load.js';
import { personFormsFor } from './people.js';

export async function rosterCheck(source: SourceConfig, roster: Roster, resolve: PeopleResolver): Promise<DoctorCheck> {
  const teams = roster.teams.filter((team) => canMatch(team, source));
  const written = [...new Set(teams.flatMap((team) => [...team.productOwners, ...team.productManagers]))];
  const teamsText = `${teams.length} of ${roster.teams.length} team${roster.teams.length === 1 ? '' : 's'} can match this source`;
  if (written.length === 0) return { name: 'roster', ok: true, detail: `${teamsText}; they name nobody to look up` };
  let answers;
  try {
    answers = await resolve(source, written);
  } catch (error) {
    return { name: 'roster', ok: false, detail: `cannot look up the roster's people: ${(error as Error).message}` };
  }
  if (answers === null) {
    return {
      name: 'roster',
      ok: true,
      detail: `${teamsText}; ${written.length === 1 ? "1 person" : `${written.length} people`} not looked up: an export cannot ask the tracker, so people seen on the export's items are taken as they appear there and the others as written and active`,
    };
  }
  const problems: string[] = [];
  const suggestions: string[] = [];
  for (const name of written) {
    const answer = answers.get(name);
    if (answer === undefined) continue;
    if (answer.status === 'unknown') {
      problems.push(`"${name}" is not known to the tracker`);
      suggestions.push(...answer.suggestions.map((suggestion) => `${name} → ${suggestion}`));
    } else if (answer.status === 'ambiguous') {
      problems.push(`"${name}" matches ${answer.candidates.length} people (${answer.candidates.map((person) => person.email ?? person.id).join(', ')}): write their ${personFormsFor(trackerOf(source))}`);
    } else if (!answer.person.active) {
      problems.push(`"${name}" is a deactivated account`);
    }
  }
  if (problems.length === 0) return { name: 'roster', ok: true, detail: `${teamsText}; all ${written.length} people found and active` };
  // Jira's user search answers an empty list, not an error, to an account without the global permission
  // Browse users and groups: every person then looks unknown, and no near name is offered.
  const noneFound = written.length > 1 && written.every((name) => answers.get(name)?.status === 'unknown') && suggestions.length === 0;
  const permission = noneFound && source.type === 'jira' ? ". Jira found none of them and offered no near name: if they exist, the account may lack the global permission Browse users and groups, without which its user search answers nobody" : '';
  return { name: 'roster', ok: false, detail: `${teamsText}; ${problems.join('; ')}${permission}`, ...(suggestions.length > 0 ? { suggestions } : {}) };
}

/** Whether a team's match can hold on this source's items, as far as the config tells. */
function canMatch(team: RosterTeam, source: SourceConfig): boolean {
  const jira = source.type === 'jira' || source.type === 'jira-export';
  if (jira && team.match.areaPath) return false;
  if (!jira && team.match.component) return false;
  const projects = source.type === 'jira' ? source.projects : source.type === 'azure-devops' ? [source.project] : undefined;
  if (team.match.project && projects) {
    const known = new Set(projects.map((project) => project.toLowerCase()));
    return team.match.project.some((project) => known.has(project.toLowerCase()));
  }
  return true;
}
