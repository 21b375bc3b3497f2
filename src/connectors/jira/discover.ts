// `backlint init --teams` on a live Jira (SPEC §4 Discovery): the configured projects with their leads,
// their components with their leads, actors of project roles named like Product Owner / Product Manager,
// and the Atlassian Team field's values on the projects' open items. Leads are suggestions only.
import pLimit from 'p-limit';
import { z } from 'zod';
import type { JiraSourceConfig } from '../../config/schema.js';
import { BacklintError } from '../../errors.js';
import { fetchJiraSource } from './fetch.js';
import { silentProgress } from '../../progress.js';
import type { DiscoveredTeam, Discovery, RosterRole } from '../../roster/starter.js';
import { JiraClient, Refused, type JiraClientOptions } from './client.js';
import { jiraFieldSchema, jiraUserSchema, validate, type JiraUser } from './payload.js';
import { isAtlassianTeamField } from './fields.js';

/** Pages of projects read at most (50 each). */
const MAX_PROJECT_PAGES = 50;

const projectSchema = z.looseObject({ id: z.string().optional(), key: z.string().min(1), name: z.string().default(''), lead: jiraUserSchema.nullish() });
const projectPageSchema = z.looseObject({ values: z.array(projectSchema), isLast: z.boolean().optional(), total: z.number().optional() });
const componentSchema = z.looseObject({ name: z.string().min(1), lead: jiraUserSchema.nullish(), leadAccountId: z.string().nullish(), leadUserName: z.string().nullish(), assigneeType: z.string().optional() });
const roleActorSchema = z.looseObject({ type: z.string().optional(), displayName: z.string().nullish(), name: z.string().nullish(), actorUser: z.looseObject({ accountId: z.string().optional() }).nullish() });
const roleSchema = z.looseObject({ name: z.string().default(''), actors: z.array(roleActorSchema).default([]) });

type JiraProject = z.infer<typeof projectSchema>;

/** Project roles read as a roster role: "Product Owner", "Product Owners", "product-manager", "PO", "PM". */
export function rosterRoleOf(roleName: string): RosterRole | null {
  const letters = roleName.toLowerCase().replace(/[^a-z]/g, '');
  if (letters.includes('productowner') || letters === 'po' || letters === 'pos') return 'productOwner';
  if (letters.includes('productmanager') || letters.includes('productmanagement') || letters === 'pm' || letters === 'pms') return 'productManager';
  return null;
}

/** The Atlassian Team field, by its schema (spellings vary: matched loosely). */
export { isAtlassianTeamField };

/** How a person is written in the roster: email where the site shows it, else account id (Cloud) or username (DC). */
function written(user: JiraUser): string | null {
  return user.emailAddress || user.accountId || user.name || user.displayName || null;
}

const who = (user: JiraUser, role: string) => `${user.displayName ?? written(user)}, ${role}${user.active === false ? ' (deactivated)' : ''}`;

export async function discoverJiraTeams(source: JiraSourceConfig, context: { signal?: AbortSignal }, options: JiraClientOptions = {}): Promise<Discovery> {
  const client = new JiraClient(source, { ...options, ...(context.signal ? { signal: context.signal } : {}) });
  const notes: string[] = [];
  const projects = await listProjects(source, client, notes);
  const limit = pLimit(source.concurrency);
  const perProject = await Promise.all(projects.map((project) => limit(() => projectTeams(source, client, project))));
  const warnings = perProject.flatMap((each) => (each.rolesRefused === null ? [] : [each.rolesRefused]));
  const teams = [...perProject.flatMap((each) => each.teams), ...(await teamFieldTeams(source, client, projects, context.signal ?? new AbortController().signal, options))];
  return { source: source.name, tracker: 'jira', teams, notes, ...(warnings.length > 0 ? { warnings } : {}) };
}

async function listProjects(source: JiraSourceConfig, client: JiraClient, notes: string[]): Promise<JiraProject[]> {
  const all: JiraProject[] = [];
  if (client.api === 'v3') {
    const request = `GET ${client.prefix}/project/search`;
    for (let page = 0, startAt = 0; ; page++) {
      if (page >= MAX_PROJECT_PAGES) throw new BacklintError('source', `Source ${source.name}: ${request} announced more than ${MAX_PROJECT_PAGES} pages of projects.`);
      const body = validate(source.name, request, projectPageSchema, await client.searchProjects(startAt, 50), 'a page of projects');
      all.push(...body.values);
      if (body.isLast !== false || body.values.length === 0) break;
      startAt += body.values.length;
    }
  } else {
    all.push(...validate(source.name, `GET ${client.prefix}/project`, z.array(projectSchema), await client.getAllProjects(), 'a list of projects'));
  }
  if (!source.projects) return all;
  const byKey = new Map(all.map((project) => [project.key.toUpperCase(), project]));
  const chosen: JiraProject[] = [];
  for (const key of source.projects) {
    const project = byKey.get(key.toUpperCase());
    if (project) chosen.push(project);
    else notes.push(`project ${key} is configured but not visible to this account`);
  }
  return chosen;
}

/** One project's teams, and why its role actors could not be read if they could not (also in the project's notes). */
async function projectTeams(source: JiraSourceConfig, client: JiraClient, project: JiraProject): Promise<{ teams: DiscoveredTeam[]; rolesRefused: string | null }> {
  const base = `${client.prefix}/project/${project.key}`;
  const lead = project.lead ?? validate(source.name, `GET ${base}`, projectSchema, await client.getProject(project.key), 'a project').lead ?? null;
  const components = validate(source.name, `GET ${base}/components`, z.array(componentSchema), await client.getProjectComponents(project.key), 'a list of components');
  const roleLinks = validate(source.name, `GET ${base}/role`, z.record(z.string(), z.string()), await client.getProjectRoles(project.key), 'a map of roles');
  const owners: DiscoveredTeam['owners'] = [];
  let refused: string | null = null;
  for (const [roleName, link] of Object.entries(roleLinks)) {
    const role = rosterRoleOf(roleName);
    const id = Number(/\/role\/(\d+)\/?$/.exec(link)?.[1]);
    if (role === null || !Number.isInteger(id)) continue;
    const answer = await client.getProjectRole(project.key, id);
    if (answer instanceof Refused) {
      // Role actors go to project admins only (Data Center, JRASERVER-40816): the rest of the project still reads.
      refused = `Jira project ${project.key}: its project roles could not be read (GET ${base}/role/${id}: ${answer.reason}${answer.details ? `: ${answer.details}` : ''}); reading role actors needs project admin rights (Administer Projects) in ${project.key}: add its Product Owner / Product Manager by hand`;
      break;
    }
    const detail = validate(source.name, `GET ${base}/role/${id}`, roleSchema, answer, 'a project role');
    for (const actor of detail.actors) {
      if (actor.type !== 'atlassian-user-role-actor') continue; // groups are not people
      const person = actor.actorUser?.accountId ?? actor.name;
      if (person) owners.push({ role, person, why: `${actor.displayName ?? person}, project role ${roleName}` });
    }
  }
  const leadPerson = lead ? written(lead) : null;
  const teams: DiscoveredTeam[] = [
    {
      name: project.name || project.key,
      match: { project: project.key },
      owners,
      suggestions: lead && leadPerson ? [{ role: 'productOwner', person: leadPerson, why: who(lead, 'project lead') }] : [],
      notes:
        refused !== null
          ? [refused]
          : owners.length === 0
            ? [`Jira project ${project.key}: no project role named like Product Owner / Product Manager has people in it`]
            : [`Jira project ${project.key}`],
    },
  ];
  for (const component of components) {
    const componentLead = component.lead ?? (component.leadAccountId ? { accountId: component.leadAccountId } : component.leadUserName ? { name: component.leadUserName } : null);
    const person = componentLead ? written(componentLead) : null;
    if (!componentLead || !person) continue; // a component nobody leads says nothing about ownership
    teams.push({
      name: `${project.name || project.key} ${component.name}`,
      match: { project: project.key, component: component.name },
      owners: [],
      suggestions: [{ role: 'productOwner', person, why: who(componentLead, 'component lead') }],
      notes: [],
    });
  }
  return { teams, rolesRefused: refused };
}

/**
 * The Atlassian Team field's values on the projects' open items, most used first. The items come through
 * the same fetch `check` uses (its paging and answer checks), with the Team field as the team field.
 */
async function teamFieldTeams(source: JiraSourceConfig, client: JiraClient, projects: readonly JiraProject[], signal: AbortSignal, options: JiraClientOptions): Promise<DiscoveredTeam[]> {
  const fields = validate(source.name, `GET ${client.prefix}/field`, z.array(jiraFieldSchema), await client.getFields(), 'a list of fields');
  const field = fields.find((candidate) => isAtlassianTeamField(candidate.schema?.custom));
  if (!field) return [];
  const scope = source.projects ? `project in (${projects.map((project) => project.key).join(', ')})` : source.jql ? `(${source.jql})` : null;
  if (scope === null || projects.length === 0) return [];
  const jql = `${scope} AND statusCategory != Done AND cf[${field.id.replace(/^customfield_/, '')}] is not EMPTY`;
  const { items } = await fetchJiraSource({ ...source, jql, fields: { ...source.fields, team: field.id } }, { progress: silentProgress, signal }, options);
  const counts = new Map<string, number>();
  for (const item of items) if (item.team !== null) counts.set(item.team, (counts.get(item.team) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, count]) => ({
      name,
      match: { team: name },
      owners: [],
      suggestions: [],
      notes: [`Atlassian team (${field.name} field), on ${count} open item${count === 1 ? '' : 's'}`],
    }));
}
