// `backlint init --teams` on a live Azure DevOps project (SPEC §4 Discovery): its teams, each with the
// area paths its team field values name (includeChildren as Azure DevOps says it), and its team admins
// as commented suggestions. A team whose team field is not the area path is matched on the team field's
// value (the roster's `team` key) instead.
import pLimit from 'p-limit';
import type { AzureDevOpsSourceConfig } from '../../config/schema.js';
import { createAdoClient } from './fetch.js';
import type { DiscoveredTeam, Discovery } from '../../roster/starter.js';
import type { AdoClient } from './client.js';

export async function discoverAzureDevOpsTeams(source: AzureDevOpsSourceConfig, context: { signal?: AbortSignal }, options: { client?: AdoClient } = {}): Promise<Discovery> {
  const client = options.client ?? createAdoClient(source, context.signal ? { signal: context.signal } : {});
  const teams = await client.getTeams();
  const limit = pLimit(source.concurrency);
  const discovered = await Promise.all(teams.map((team) => limit(() => discoverTeam(client, team))));
  const notes = [`Azure DevOps project ${source.project}: ${teams.length} team${teams.length === 1 ? '' : 's'}`];
  // A team with no team field values owns no items: nothing to match it on.
  for (const [index, team] of teams.entries()) if (discovered[index] === null) notes.push(`team ${team.name} has no team field values (no area path): left out`);
  return { source: source.name, tracker: 'azure-devops', teams: discovered.filter((team): team is DiscoveredTeam => team !== null), notes };
}

async function discoverTeam(client: AdoClient, team: { id: string; name: string }): Promise<DiscoveredTeam | null> {
  const [settings, members] = await Promise.all([client.getTeamFieldValues(team), client.getTeamMembers(team)]);
  if (settings.values.length === 0) return null;
  const notes: string[] = [];
  const onAreaPath = settings.field.toLowerCase() === 'system.areapath';
  const paths = settings.values.map((entry) => entry.value);
  if (!onAreaPath) {
    notes.push(`Team ${team.name}: its team field is ${settings.field}, not the area path: matched on the team field's value; check the source maps fields.team to ${settings.field}`);
  } else {
    const exact = settings.values.filter((entry) => !entry.includeChildren).map((entry) => entry.value);
    if (exact.length > 0) notes.push(`Team ${team.name}: ${exact.join(', ')} without children (includeChildren false); the roster's areaPath takes the path and everything under it, and the most specific team wins`);
  }
  const admins = members.filter((member) => member.isTeamAdmin);
  return {
    name: team.name,
    match: onAreaPath ? { areaPath: paths.length === 1 ? paths[0]! : paths } : { team: paths.length === 1 ? paths[0]! : paths },
    owners: [],
    suggestions: admins.map((admin) => ({ role: 'productOwner' as const, person: admin.uniqueName ?? admin.displayName, why: `${admin.displayName}, team admin${admin.inactive ? ' (inactive)' : ''}` })),
    notes,
  };
}
