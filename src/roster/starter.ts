// What `backlint init --teams` writes (SPEC §4 Discovery): a commented starter roster from what the
// trackers say about their teams. The shape is the roster's (`teams:` with name, match, productOwner,
// productManager). Role actors named Product Owner / Product Manager are written as entries; project and
// component leads and team admins only as commented suggestions: leading a project or administering a
// team is not owning its backlog, so a person confirms each.
import YAML from 'yaml';

export type RosterRole = 'productOwner' | 'productManager';

export interface DiscoveredTeam {
  name: string;
  /** The roster's match keys; a list means any of. */
  match: { project?: string; component?: string; team?: string | string[]; areaPath?: string | string[]; label?: string };
  /** People written as entries (from project roles named like the role). */
  owners: { role: RosterRole; person: string; why: string }[];
  /** People written as comments, for a person to confirm. */
  suggestions: { role: RosterRole; person: string; why: string }[];
  /** Comment lines above the entry. */
  notes: string[];
}

export interface Discovery {
  source: string;
  tracker: 'jira' | 'azure-devops';
  teams: DiscoveredTeam[];
  /** Comment lines about the source as a whole. */
  notes: string[];
  /** What could not be read (a project's roles): in the file as notes, and said on stderr too. */
  warnings?: string[];
}

const HEADER = [
  "# backlint team roster: who owns each team's backlog (Product Owner) and product area (Product Manager).",
  '# Written by `backlint init --teams` from what the trackers say; review every entry, then point the config',
  '# at it with `teamsFile: backlint.teams.yaml`. Commented people are suggestions (leads, admins): uncomment',
  '# the ones who really own the backlog. People may be an email, account id, Data Center username or display name.',
];

const MATCH_HELP = '# keys: project, component, team (team field value), areaPath (ADO, the path and below), label; several keys must all hold; a value may be a list (any of)';

/** One YAML scalar on one line, quoted only where YAML needs it. */
const scalar = (value: string): string => YAML.stringify(value, { lineWidth: 0 }).trimEnd();

/** A comment's text on one line (a tracker's names may hold newlines). */
const commentText = (text: string): string => text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();

function flowMap(match: DiscoveredTeam['match']): string {
  const parts = Object.entries(match).flatMap(([key, value]) => {
    if (value === undefined) return [];
    const shown = Array.isArray(value) ? (value.length === 1 ? scalar(value[0]!) : `[${value.map(scalar).join(', ')}]`) : scalar(value);
    return [`${key}: ${shown}`];
  });
  return `{ ${parts.join(', ')} }`;
}

function renderTeam(team: DiscoveredTeam, first: boolean): string[] {
  const lines = team.notes.map((note) => `  # ${commentText(note)}`);
  lines.push(`  - name: ${scalar(team.name)}`);
  lines.push(`    match: ${flowMap(team.match)}${first ? `          ${MATCH_HELP}` : ''}`);
  for (const role of ['productOwner', 'productManager'] as const) {
    const owners = team.owners.filter((owner) => owner.role === role);
    if (owners.length === 1) lines.push(`    ${role}: ${scalar(owners[0]!.person)}   # ${commentText(owners[0]!.why)}`);
    if (owners.length > 1) {
      lines.push(`    ${role}:`);
      for (const owner of owners) lines.push(`      - ${scalar(owner.person)}   # ${commentText(owner.why)}`);
    }
    for (const suggestion of team.suggestions.filter((entry) => entry.role === role)) {
      lines.push(`    # ${role}: ${scalar(suggestion.person)}   # ${commentText(suggestion.why)} — confirm`);
    }
  }
  return lines;
}

/** The starter roster file's text for the discoveries of every live source. */
/**
 * A project-wide entry after the narrower ones (a component, a Team field value, a label): an item belongs
 * to the first entry that matches it (SPEC §4), so a project listed first would take every item of its
 * components and teams, and theirs would never match. Otherwise in the order discovered.
 */
function narrowestFirst(teams: readonly DiscoveredTeam[]): DiscoveredTeam[] {
  const projectWide = (team: DiscoveredTeam) => Object.keys(team.match).length === 1 && team.match.project !== undefined;
  return [...teams.filter((team) => !projectWide(team)), ...teams.filter(projectWide)];
}

export function renderStarterRoster(discoveries: readonly Discovery[]): string {
  const lines = [...HEADER];
  const teams = discoveries.flatMap((discovery) => discovery.teams);
  if (teams.length === 0) {
    lines.push('# The trackers named no teams, projects or components: list your teams here.', 'teams: []');
    for (const discovery of discoveries) for (const note of discovery.notes) lines.push(`# ${discovery.source}: ${commentText(note)}`);
    return `${lines.join('\n')}\n`;
  }
  lines.push('teams:');
  let first = true;
  // A team's name is its key in findings (team/<name>): a name two sources share gets the source's name.
  const used = new Set<string>();
  for (const discovery of discoveries) {
    lines.push('', `  # ── source ${commentText(discovery.source)} (${discovery.tracker}) ──`);
    for (const note of discovery.notes) lines.push(`  # ${commentText(note)}`);
    for (const team of narrowestFirst(discovery.teams)) {
      let name = team.name;
      for (let n = 2; used.has(name.toLowerCase()); n++) name = n === 2 ? `${team.name} (${discovery.source})` : `${team.name} (${discovery.source} ${n})`;
      used.add(name.toLowerCase());
      lines.push(...renderTeam({ ...team, name }, first));
      first = false;
    }
  }
  return `${lines.join('\n')}\n`;
}
