// The configuration schema (SPEC §7): the one source of truth. Types come from it through z.infer,
// and backlint.schema.json is generated from it (scripts/generate.ts).
import { z } from 'zod';
import { notifySchema } from '../notify/schema.js';
import { ownershipSchema, teamsSchema } from '../roster/schema.js';
import { acceptanceLanguages, LABELLED_LANGUAGES } from '../text/acceptance.js';
import { nearestNames } from '../suggest.js';

export const severitySchema = z.enum(['off', 'warn', 'error']);

/** `error`, or ESLint style `[error, { …options }]`. */
export const ruleSettingSchema = z.union([
  severitySchema,
  z.tuple([severitySchema]),
  z.tuple([severitySchema, z.record(z.string(), z.unknown())]),
]);

const fieldName = z.string().trim().min(1);
/**
 * Azure DevOps states judged by name where no state category is at hand (SPEC §3: exports; a live type
 * whose states the service does not give): these are done, these not started, any other in progress.
 */
export const ADO_DONE_STATES = ['Closed', 'Done', 'Removed', 'Completed'] as const;
export const ADO_TODO_STATES = ['New', 'Proposed', 'To Do', 'Approved', 'Design'] as const;

/** One field, or a list of them (team-managed Jira projects each have their own copy of a field): an item reads whichever it carries (SPEC §4). */
const fieldNames = z.union([fieldName, z.array(fieldName).min(1)]);

export const fieldsSchema = z
  .object({
    productOwner: fieldNames
      .optional()
      .describe(
        "The Product Owner user field: a display name ('Product Owner'), an id ('customfield_10050', 'Custom.ProductOwner'), or 'assignee' / 'reporter'; or a list of them. An item's POs are everyone in the listed fields it carries (a multi-user picker gives several).",
      ),
    productManager: fieldNames.optional().describe('The Product Manager user field, or a list of them, named as productOwner is.'),
    acceptanceCriteria: fieldNames
      .optional()
      .describe(
        "A dedicated acceptance criteria field, or a list of them (an item reads the first it carries with a value). Azure DevOps uses 'Microsoft.VSTS.Common.AcceptanceCriteria' by default.",
      ),
    team: fieldNames
      .optional()
      .describe('The field naming the team, or a list of them (an item reads the first it carries with a value). Default: the Jira project key, the Azure DevOps area path.'),
    iteration: fieldName.optional().describe("The sprint / iteration field. Default: Jira's 'Sprint', Azure DevOps 'System.IterationPath'."),
  })
  .strict();

/** The logical fields that may name a list of fields. */
export type ListedField = 'productOwner' | 'productManager' | 'acceptanceCriteria' | 'team';

/** A configured field mapping as a list: undefined when the config maps none. */
export const fieldNamesOf = (config: FieldsConfig, key: ListedField): string[] | undefined => {
  const value = config[key];
  return value === undefined ? undefined : typeof value === 'string' ? [value] : [...value];
};

export const typesSchema = z
  .object({
    story: z.array(z.string().min(1)).optional(),
    epic: z.array(z.string().min(1)).optional(),
    roadmap: z.array(z.string().min(1)).optional(),
  })
  .strict()
  .describe('Work item type names per kind, matched case-insensitively; a list given here replaces that kind\'s defaults (Jira: story = Story, User Story; epic = Epic or hierarchy level 1; roadmap = level 2 and up. Azure DevOps: story = User Story, Product Backlog Item, Requirement, Issue; epic = Epic; roadmap = Feature).');

/** ` (did you mean sv?)` for a language code close to one of Cucumber's list, else nothing. */
function nearestLanguage(code: string): string {
  const nearest = nearestNames(code, acceptanceLanguages(), 1)[0];
  return nearest === undefined ? '' : ` (did you mean ${nearest}?)`;
}

export const acceptanceCriteriaSchema = z
  .object({
    languages: z
      .array(
        z.enum(acceptanceLanguages(), {
          error: (issue) =>
            `${JSON.stringify(issue.input)} is not a language of Cucumber's Gherkin keyword list${nearestLanguage(String(issue.input))}; built-in labels exist for ${LABELLED_LANGUAGES.join(', ')}`,
        }),
      )
      .min(1)
      .optional()
      .describe(
        `Languages whose acceptance criteria count besides English, as codes of Cucumber's Gherkin keyword list (en, de, fr, sv, zh-CN, …): each adds its Gherkin keywords (Given/Then), and ${LABELLED_LANGUAGES.join(', ')} also their headings and labels ('Akzeptanzkriterien') and placeholders ('folgt', 'à définir'); for another language, add its labels with labels. Default: [en].`,
      ),
    labels: z
      .array(z.string().trim().min(1))
      .optional()
      .describe("The team's own labels for an acceptance criteria section ('Definition of Ready', 'Abnahme'), matched as the built-in ones are: case, bold marks, a trailing colon and accents aside."),
  })
  .strict()
  .describe('How acceptance criteria are found in descriptions: the languages the team writes in, and labels of its own.');

const paths = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .describe('A file, a directory (every *.json in it) or a glob; or a list of them. Relative to the config file.');

const sourceName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, ".", "_" and "-", starting with a letter or digit');

const sourceCommon = {
  name: sourceName.describe('A short name for the source, used in reports and with --source.'),
  fields: fieldsSchema.default({}),
  types: typesSchema.default({}),
  ownership: ownershipSchema.optional(),
  acceptanceCriteria: acceptanceCriteriaSchema
    .optional()
    .describe("This source's own acceptance criteria languages and labels; each key given here replaces the top-level one for this source's items."),
};

/** How a live source (Jira, Azure DevOps) retries and bounds each request; `concurrency` stays per source, as its meaning differs. */
const liveRequestOptions = {
  maxTries: z.int().min(1).max(20).default(6).describe('Tries per request, the first included, on 429, 502, 503, 504, resets and timeouts.'),
  timeoutSeconds: z.number().positive().max(600).default(60).describe('Per-request deadline: the whole answer, body included, must arrive within it.'),
  maxWaitSeconds: z
    .number()
    .positive()
    .max(3600)
    .default(300)
    .describe('The longest wait a server may ask for (Retry-After, X-RateLimit-Reset, X-RateLimit-Delay); a longer one fails the source, naming the delay.'),
};

export const jiraExportSourceSchema = z
  .object({
    ...sourceCommon,
    type: z.literal('jira-export'),
    path: paths,
    fieldsFile: z.string().min(1).optional().describe('A saved /rest/api/{2,3}/field response, to resolve field names.'),
    baseUrl: z.url().optional().describe('The site URL for browse links; default: taken from each issue\'s self link.'),
    boardSprints: z
      .record(z.string(), paths)
      .refine((boards) => Object.keys(boards).every((board) => /^\d+$/.test(board)), { error: 'each key is a board id (digits), as in /rest/agile/1.0/board/{boardId}/sprint' })
      .optional()
      .describe(
        "Saved GET /rest/agile/1.0/board/{boardId}/sprint?state=future pages, by board id: each board's future sprints, so that sprint: next finds a board's next sprint that no exported item is in yet.",
      ),
    rosterPeopleFile: z
      .string()
      .min(1)
      .optional()
      .describe("Roster people as the live site answered them, saved by backlint export: an unknown or deactivated roster person is reported as on the site."),
  })
  .strict();

export const azureDevOpsExportSourceSchema = z
  .object({
    ...sourceCommon,
    type: z.literal('azure-devops-export'),
    path: paths,
    fieldsFile: z.string().min(1).optional().describe('A saved _apis/wit/fields response, to resolve field display names.'),
    orgUrl: z.url().optional().describe('https://dev.azure.com/{org} or https://host/tfs/{collection}; default: taken from each item\'s url.'),
    project: z.string().min(1).optional().describe('The project for browse links; default: System.TeamProject.'),
    iterationsFile: z
      .string()
      .min(1)
      .optional()
      .describe("A saved {project}/{team}/_apis/work/teamsettings/iterations response: the team's iterations with their dates, for sprint conditions (current, next, …)."),
    team: z.string().trim().min(1).optional().describe('The team whose iterations iterationsFile holds, as reports name it.'),
    rosterPeopleFile: z
      .string()
      .min(1)
      .optional()
      .describe("Roster people as the live site answered them, saved by backlint export: an unknown or deactivated roster person is reported as on the site."),
    doneStates: z
      .array(z.string().min(1))
      .default([...ADO_DONE_STATES])
      .describe('States that count as done, since an export cannot ask for state categories.'),
    todoStates: z
      .array(z.string().min(1))
      .default([...ADO_TODO_STATES])
      .describe('States that count as not started (state category todo); any other state that is not done is in progress.'),
  })
  .strict();

const secretRef = z.string().min(1);

const jiraAuthSchema = z.union([
  z.object({ email: z.string().min(1).describe("The Atlassian account's email."), token: secretRef.describe('An API token, as ${env:NAME}.') }).strict(),
  z.object({ bearer: secretRef.describe('A Data Center personal access token, as ${env:NAME}.') }).strict(),
  z
    .object({
      username: z.string().min(1).describe('A Data Center / Server user name.'),
      password: secretRef.describe("That user's password, as ${env:NAME}."),
    })
    .strict(),
]);

export const jiraSourceSchema = z
  .object({
    ...sourceCommon,
    type: z.literal('jira'),
    deployment: z
      .enum(['cloud', 'datacenter'])
      .default('cloud')
      .describe('cloud: Jira Cloud through REST v3 (email + API token); datacenter: Jira Data Center / Server through REST v2 (personal access token).'),
    baseUrl: z.url().describe('The site: https://acme.atlassian.net, or https://jira.example.com (with its context path, if any).'),
    auth: jiraAuthSchema.describe(
      'Cloud: { email, token } (an API token); Data Center: { bearer } (a personal access token, Jira 8.14 or later), or { username, password } for older sites. Secrets only as ${env:NAME}.',
    ),
    writeAuth: jiraAuthSchema
      .optional()
      .describe('`backlint annotate` only: the credentials it writes comments and labels with (a token with write scope, kept apart from the read-only auth); default: auth. Same shape as auth.'),
    projects: z.array(z.string().min(1)).min(1).optional().describe('Project keys; the default JQL selects their items that are not done.'),
    jql: z.string().trim().min(1).optional().describe('The selection; default: project in (<projects>) AND statusCategory != Done. --jql replaces it for one run.'),
    concurrency: z.int().min(1).max(64).default(8).describe('Requests in flight at once for this source.'),
    ...liveRequestOptions,
  })
  .strict()
  .superRefine((source, ctx) => {
    if (source.jql === undefined && source.projects === undefined) {
      ctx.addIssue({ code: 'custom', path: ['jql'], message: 'give jql, or projects (the default JQL needs them): Jira Cloud refuses an unbounded query' });
    }
    for (const key of ['auth', 'writeAuth'] as const) {
      const auth = source[key];
      if (auth === undefined) continue;
      const cloudAuth = 'email' in auth;
      if (source.deployment === 'cloud' && !cloudAuth) {
        ctx.addIssue({ code: 'custom', path: [key], message: `deployment cloud takes ${key}: { email, token } (an API token); { ${'username' in auth ? 'username, password } is for Data Center / Server before 8.14' : 'bearer } is for datacenter'}` });
      }
      if (source.deployment === 'datacenter' && cloudAuth) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `deployment datacenter takes ${key}: { bearer } (a personal access token), or { username, password } before Jira 8.14; { email, token } is for cloud`,
        });
      }
    }
  });


export const azureDevOpsSourceSchema = z
  .object({
    ...sourceCommon,
    type: z.literal('azure-devops'),
    orgUrl: z.url().describe('Services: https://dev.azure.com/{org}; Server: https://host/tfs/{collection}.'),
    project: z.string().trim().min(1).describe('The project (name or id).'),
    team: z.string().trim().min(1).optional().describe('A team, for WIQL macros such as @CurrentIteration.'),
    auth: z
      .object({ token: z.string().min(1).describe('A personal access token with the Work Items (Read) scope, as ${env:NAME}.') })
      .strict(),
    writeAuth: z
      .object({ token: z.string().min(1).describe('A personal access token with the Work Items (Read & write) scope, as ${env:NAME}.') })
      .strict()
      .optional()
      .describe('`backlint annotate` only: the token it writes comments and tags with, kept apart from the read-only auth; default: auth.'),
    wiql: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe("The selection (SELECT [System.Id] FROM WorkItems WHERE …). Default: the project's items whose state category is not Completed or Removed."),
    concurrency: z.int().min(1).max(64).default(8).describe('Work items batch requests in flight at once.'),
    ...liveRequestOptions,
  })
  .strict();

export const sourceSchema = z.discriminatedUnion('type', [jiraSourceSchema, jiraExportSourceSchema, azureDevOpsSourceSchema, azureDevOpsExportSourceSchema]);

/** A duration back from the run's clock: hours, days or weeks (`36h`, `2d`, `1w`). */
export const durationSchema = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?\s*[hdw]$/i, { error: (issue) => `expected a duration: a number and h, d or w, such as '36h', '2d' or '1w'; found '${String(issue.input)}'` });

const names = z.array(z.string().trim().min(1)).min(1);

export const SPRINT_CONDITIONS = ['current', 'next', 'future', 'none', 'any'] as const;

export const scopeSchema = z
  .object({
    states: names.optional().describe('Workflow states (To Do, Active, …), matched case-insensitively: the item is in one of them.'),
    stateCategories: z.array(z.enum(['todo', 'in-progress', 'done'])).min(1).optional().describe("State categories: todo, in-progress, done. Done items are checked only with checkDone: true."),
    types: names.optional().describe('Work item type names (Story, Product Backlog Item, …), matched case-insensitively.'),
    kinds: z.array(z.enum(['story', 'epic', 'roadmap', 'other'])).min(1).optional().describe('Kinds: story, epic, roadmap, other.'),
    teams: names.optional().describe("Teams: the item's roster team, else its team value (project key, team field, area path), matched case-insensitively."),
    labels: names.optional().describe('Jira labels / Azure DevOps tags: the item carries at least one of them (case-insensitive).'),
    notLabels: names.optional().describe('Jira labels / Azure DevOps tags: the item carries none of them (case-insensitive).'),
    sprint: z
      .enum(SPRINT_CONDITIONS)
      .optional()
      .describe("The item's sprint: current (active), next (the earliest future sprint of its board or team), future, none (in no open sprint), any (in an open sprint)."),
    iterations: names
      .optional()
      .describe("Sprint names or iteration paths: the item's iteration is one of them or under one (Azure DevOps: 'Project\\Release 1' holds 'Project\\Release 1\\Sprint 3')."),
    createdBefore: durationSchema.optional().describe("Created at least this long before the run (a grace period: '2d' leaves out items younger than two days). An item with no creation date is kept."),
    updatedWithin: durationSchema.optional().describe("Updated within this long before the run ('1w'). An item with no update date is left out."),
  })
  .strict()
  .describe('Conditions an item must all meet; a list means any of its values.');

export const overrideSchema = z
  .object({
    scope: scopeSchema,
    rules: z.record(z.string(), severitySchema).describe('Severity per rule id (off, warn, error) for the items in this scope.'),
  })
  .strict();

const SCOPE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const people = z.array(z.string().min(1)).default([]);

export const rolesSchema = z
  .object({
    productOwners: people.describe('Product Owners, by email, account id or display name.'),
    productManagers: people.describe('Product Managers, by email, account id or display name.'),
    both: people.describe('People who hold both roles (small organisations).'),
  })
  .strict();

export const annotateSchema = z
  .object({
    label: z.string().trim().min(1).regex(/^\S+$/, { error: 'a label has no spaces' }).default('backlint').describe('The label (Jira) or tag (Azure DevOps) backlint annotate puts on the items it comments on, and removes when they are clean.'),
    maxWrites: z.int().min(0).default(50).describe('Items acted on per run at most (a comment and its label count as one); --max-writes overrides it.'),
    visibility: z
      .object({
        type: z.enum(['group', 'role']),
        value: z.string().min(1).optional(),
        identifier: z.string().min(1).optional(),
      })
      .strict()
      .refine((visibility) => visibility.value !== undefined || visibility.identifier !== undefined, { error: 'give value (the group or role name) or identifier (its id)' })
      .optional()
      .describe("Jira only: who may see backlint's comments, as the comment API takes it ({ type: role, value: Developers }); default: everyone who sees the issue."),
  })
  .strict()
  .describe('backlint annotate: one comment per item with findings, mentioning who is responsible, and a label.');

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    sources: z.array(sourceSchema).min(1),
    rules: z.record(z.string(), ruleSettingSchema).default({}).describe('Severity per rule id: off, warn, error, or [severity, options].'),
    roles: rolesSchema.optional(),
    acceptanceCriteria: acceptanceCriteriaSchema.optional(),
    ignoreLabel: z.string().min(1).default('backlint-ignore').describe('The label (Jira) or tag (Azure DevOps) that suppresses findings: an item carrying it is skipped by every rule, one carrying <label>:<rule-id> by that rule.'),
    checkDone: z.boolean().default(false).describe('Also check items whose state category is done.'),
    plugins: z.array(z.string().min(1)).default([]).describe('Modules exporting custom rules, relative to the config file.'),
    baseline: z.string().min(1).optional().describe('The baseline file; default backlint-baseline.json beside the config.'),
    scope: scopeSchema.optional().describe('Conditions for every rule: items outside them are not checked and not counted.'),
    overrides: z
      .array(overrideSchema)
      .default([])
      .describe('Rule severities for the items of a scope; a later entry wins over an earlier one, and both over rules.'),
    scopes: z
      .record(z.string(), scopeSchema)
      .default({})
      .describe('Named scopes, for check --scope NAME, applied on top of scope. next-sprint and current-sprint are built in; a scope of that name here replaces them.'),
    teams: teamsSchema.optional(),
    teamsFile: z
      .string()
      .min(1)
      .optional()
      .describe('The team roster in a file of its own: YAML (a list of teams, or { teams: [...] }) or CSV (columns name, project, component, team, areaPath, label, productOwner, productManager). Relative to the config file.'),
    annotate: annotateSchema.optional(),
    notify: notifySchema.optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.teams !== undefined && config.teamsFile !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['teamsFile'], message: 'give the roster once: teams, or teamsFile, not both' });
    }
    const hasRoster = config.teams !== undefined || config.teamsFile !== undefined;
    config.sources.forEach((source, index) => {
      if (!hasRoster && source.ownership !== undefined && source.ownership !== 'field') {
        ctx.addIssue({ code: 'custom', path: ['sources', index, 'ownership'], message: `ownership ${source.ownership} takes owners from the team roster, and the config has none: add teams (or teamsFile)` });
      }
    });
    for (const name of Object.keys(config.scopes)) {
      if (!SCOPE_NAME.test(name)) {
        ctx.addIssue({ code: 'custom', path: ['scopes', name], message: `a scope name is given as --scope NAME: letters, digits, ".", "_" and "-", starting with a letter or digit; found '${name}'` });
      }
    }
    const seen = new Set<string>();
    config.sources.forEach((source, index) => {
      if (seen.has(source.name)) {
        ctx.addIssue({ code: 'custom', path: ['sources', index, 'name'], message: `duplicate source name '${source.name}'` });
      }
      seen.add(source.name);
    });
  });

export type Config = z.infer<typeof configSchema>;
export type SourceConfig = z.infer<typeof sourceSchema>;
export type JiraSourceConfig = z.infer<typeof jiraSourceSchema>;
export type JiraExportSourceConfig = z.infer<typeof jiraExportSourceSchema>;
export type AzureDevOpsExportSourceConfig = z.infer<typeof azureDevOpsExportSourceSchema>;
export type AzureDevOpsSourceConfig = z.infer<typeof azureDevOpsSourceSchema>;
export type FieldsConfig = z.infer<typeof fieldsSchema>;
export type TypesConfig = z.infer<typeof typesSchema>;
export type RolesConfig = z.infer<typeof rolesSchema>;
export type AcceptanceCriteriaConfig = z.infer<typeof acceptanceCriteriaSchema>;
export type RuleSetting = z.infer<typeof ruleSettingSchema>;
export type ScopeConditions = z.infer<typeof scopeSchema>;
export type OverrideConfig = z.infer<typeof overrideSchema>;
export type AnnotateConfig = z.infer<typeof annotateSchema>;

/** Keys whose value is a secret: accepted only as `${env:NAME}` (SPEC §7). */
export const SECRET_KEYS: ReadonlySet<string> = new Set(['token', 'apitoken', 'bearer', 'password', 'pat', 'accesstoken', 'secret']);

/** A value that is a secret by where it stands, whatever its key: a notify target's webhook URL (SPEC §13). */
export { isWebhookUrlPath as isSecretPath } from '../notify/schema.js';
