// The team roster's shape (SPEC §4): `teams:` in the config or a `teamsFile` (YAML or CSV). The config
// schema embeds it, and the file loader (./load.ts) validates a teams file against the same schema.
import { z } from 'zod';

const text = z.string().trim().min(1);
/** One value, or a list of them: any of the list matches. */
const oneOrMany = z.union([text, z.array(text).min(1)]);

export const matchSchema = z
  .object({
    project: oneOrMany.optional().describe('Jira project key, or Azure DevOps project name.'),
    component: oneOrMany.optional().describe('A Jira component the item carries.'),
    team: oneOrMany.optional().describe("The item's team value: the Atlassian Team field, the configured team field, …"),
    areaPath: oneOrMany.optional().describe('Azure DevOps area path: the path and everything under it. The longest matching path wins.'),
    label: oneOrMany.optional().describe('A Jira label or Azure DevOps tag the item carries.'),
  })
  .strict()
  .refine((match) => Object.values(match).some((value) => value !== undefined), {
    message: 'give at least one of project, component, team, areaPath, label',
  })
  .describe('How to recognise the team\'s items; several keys must all hold; a list means any of its values.');

const people = oneOrMany.describe('Email, account id, Data Center username or display name; or a list of them.');

export const rosterTeamSchema = z
  .object({
    name: text.describe('The team, as reports show it.'),
    match: matchSchema,
    productOwner: people.optional().describe("The team's Product Owner(s): owners of its backlog and its stories' acceptance criteria."),
    productManager: people.optional().describe("The team's Product Manager(s): owners of its product area's roadmap and large items."),
  })
  .strict();

export const teamsSchema = z
  .array(rosterTeamSchema)
  .superRefine((teams, ctx) => {
    const seen = new Map<string, number>();
    teams.forEach((team, index) => {
      const key = team.name.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `duplicate team name '${team.name}' (also teams[${first}])` });
      else seen.set(key, index);
    });
  })
  .describe('The team roster: each team, how to recognise its items and its owners.');

export const ownershipSchema = z
  .enum(['field', 'roster', 'field-then-roster'])
  .describe("Where this source's owners come from: the items' owner fields, the team roster, or the fields and, where they name nobody, the roster. Default: field-then-roster when there is a roster, else field.");

export type RosterTeamConfig = z.infer<typeof rosterTeamSchema>;
export type MatchConfig = z.infer<typeof matchSchema>;
export type Ownership = z.infer<typeof ownershipSchema>;

/** A list from one value or a list. */
export const listOf = (value: string | readonly string[] | undefined): string[] => (value === undefined ? [] : typeof value === 'string' ? [value] : [...value]);
