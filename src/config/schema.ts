// The configuration schema (SPEC §7): the one source of truth. Types come from it through z.infer,
// and backlint.schema.json is generated from it (scripts/generate.ts).
import { z } from 'zod';

export const severitySchema = z.enum(['off', 'warn', 'error']);

/** `error`, or ESLint style `[error, { …options }]`. */
export const ruleSettingSchema = z.union([
  severitySchema,
  z.tuple([severitySchema]),
  z.tuple([severitySchema, z.record(z.string(), z.unknown())]),
]);

const fieldName = z.string().trim().min(1);

export const fieldsSchema = z
  .object({
    productOwner: fieldName
      .optional()
      .describe("The Product Owner user field: a display name ('Product Owner'), an id ('customfield_10050', 'Custom.ProductOwner'), or 'assignee' / 'reporter'."),
    productManager: fieldName.optional().describe('The Product Manager user field, named as productOwner is.'),
    acceptanceCriteria: fieldName
      .optional()
      .describe("A dedicated acceptance criteria field. Azure DevOps uses 'Microsoft.VSTS.Common.AcceptanceCriteria' by default."),
    team: fieldName.optional().describe('The field naming the team. Default: the Jira project key, the Azure DevOps area path.'),
    iteration: fieldName.optional().describe("The sprint / iteration field. Default: Jira's 'Sprint', Azure DevOps 'System.IterationPath'."),
  })
  .strict();

export const typesSchema = z
  .object({
    story: z.array(z.string().min(1)).optional(),
    epic: z.array(z.string().min(1)).optional(),
    roadmap: z.array(z.string().min(1)).optional(),
  })
  .strict()
  .describe('Work item type names per kind, matched case-insensitively; a list given here replaces that kind\'s defaults (SPEC §3.4).');

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
};

export const jiraExportSourceSchema = z
  .object({
    ...sourceCommon,
    type: z.literal('jira-export'),
    path: paths,
    fieldsFile: z.string().min(1).optional().describe('A saved /rest/api/{2,3}/field response, to resolve field names.'),
    baseUrl: z.url().optional().describe('The site URL for browse links; default: taken from each issue\'s self link.'),
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
    doneStates: z
      .array(z.string().min(1))
      .default(['Closed', 'Done', 'Removed', 'Completed'])
      .describe('States that count as done, since an export cannot ask for state categories.'),
  })
  .strict();

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
    wiql: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe("The selection (SELECT [System.Id] FROM WorkItems WHERE …). Default: the project's items whose state category is not Completed or Removed."),
    concurrency: z.number().int().min(1).max(64).default(8).describe('Work items batch requests in flight at once.'),
    retries: z.number().int().min(0).max(10).default(5).describe('Tries after the first on 429, 5xx, resets and timeouts.'),
    timeoutSeconds: z.number().positive().max(600).default(60).describe('Per-request timeout.'),
  })
  .strict();

export const sourceSchema = z.discriminatedUnion('type', [jiraExportSourceSchema, azureDevOpsExportSourceSchema, azureDevOpsSourceSchema]);

const people = z.array(z.string().min(1)).default([]);

export const rolesSchema = z
  .object({
    productOwners: people.describe('Product Owners, by email, account id or display name.'),
    productManagers: people.describe('Product Managers, by email, account id or display name.'),
    both: people.describe('People who hold both roles (small organisations).'),
  })
  .strict();

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    sources: z.array(sourceSchema).min(1),
    rules: z.record(z.string(), ruleSettingSchema).default({}).describe('Severity per rule id: off, warn, error, or [severity, options].'),
    roles: rolesSchema.optional(),
    ignoreLabel: z.string().min(1).default('backlint-ignore').describe('The label / tag that suppresses findings (SPEC §5).'),
    checkDone: z.boolean().default(false).describe('Also check items whose state category is done.'),
    plugins: z.array(z.string().min(1)).default([]).describe('Modules exporting custom rules, relative to the config file.'),
    baseline: z.string().min(1).optional().describe('The baseline file; default backlint-baseline.json beside the config.'),
  })
  .strict()
  .superRefine((config, ctx) => {
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
export type JiraExportSourceConfig = z.infer<typeof jiraExportSourceSchema>;
export type AzureDevOpsExportSourceConfig = z.infer<typeof azureDevOpsExportSourceSchema>;
export type AzureDevOpsSourceConfig = z.infer<typeof azureDevOpsSourceSchema>;
export type FieldsConfig = z.infer<typeof fieldsSchema>;
export type TypesConfig = z.infer<typeof typesSchema>;
export type RolesConfig = z.infer<typeof rolesSchema>;
export type RuleSetting = z.infer<typeof ruleSettingSchema>;

/** Keys whose value is a secret: accepted only as `${env:NAME}` (SPEC §7). */
export const SECRET_KEYS: ReadonlySet<string> = new Set(['token', 'apitoken', 'bearer', 'password', 'pat', 'accesstoken', 'secret']);
