// The parts of Jira's REST payloads (Cloud v3, Data Center v2) that backlint reads, validated at the
// boundary (SPEC §12). Jira sends far more than this and adds fields over time: what is not named here is
// ignored, and only an issue's `fields` keep their other members (the site's custom fields are read from
// there by id). Dropping the rest, rather than copying it, is most of the cost of checking 100,000 issues.
import { z } from 'zod';
import { BacklintError } from '../../errors.js';
import { formatPath } from '../../json-path.js';

export const jiraUserSchema = z.object({
  accountId: z.string().optional(),
  name: z.string().optional(),
  key: z.string().optional(),
  displayName: z.string().nullish(),
  emailAddress: z.string().nullish(),
  active: z.boolean().optional(),
  /** Cloud: atlassian (a person), app (a Connect or Forge app's system account), customer (a service desk customer). */
  accountType: z.string().optional(),
});

/**
 * Whether the account is a person who can own a backlog: not an app's system account nor a service desk
 * customer (Cloud's User.accountType). Data Center users carry no type: people.
 */
export const isTeamMember = (user: { accountType?: string | undefined }): boolean => user.accountType !== 'app' && user.accountType !== 'customer';

const issueTypeSchema = z.object({
  name: z.string(),
  hierarchyLevel: z.number().optional(),
  subtask: z.boolean().optional(),
});

/** ISO text as Jira sends it; epoch milliseconds, as some of Atlassian's own examples and apps write it, become ISO text. */
const timestamp = z
  .union([z.string(), z.number().transform((ms) => (Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : null))])
  .nullish();

export const jiraIssueSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  key: z.string().min(1),
  self: z.string().optional(),
  fields: z.looseObject({
    summary: z.string().nullish(),
    issuetype: issueTypeSchema,
    status: z
      .object({
        name: z.string(),
        statusCategory: z.object({ key: z.string() }).optional(),
      })
      .nullish(),
    labels: z.array(z.string()).nullish(),
    parent: z
      .object({
        key: z.string(),
        fields: z.object({ issuetype: issueTypeSchema.optional() }).optional(),
      })
      .nullish(),
    project: z.object({ key: z.string().optional(), name: z.string().optional() }).nullish(),
    components: z.array(z.object({ name: z.string().optional() }).nullable()).nullish(),
    assignee: jiraUserSchema.nullish(),
    reporter: jiraUserSchema.nullish(),
    created: timestamp,
    updated: timestamp,
  }),
});

export type JiraIssue = z.infer<typeof jiraIssueSchema>;
export type JiraUser = z.infer<typeof jiraUserSchema>;

export const jiraFieldSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  custom: z.boolean().optional(),
  schema: z.looseObject({ type: z.string().optional(), custom: z.string().optional(), items: z.string().optional() }).optional(),
});
export type JiraField = z.infer<typeof jiraFieldSchema>;

/** A field value that names people: a user picker (one user), or a multi-user picker (a list of users). */
export const jiraUserValueSchema = z.union([jiraUserSchema, z.array(jiraUserSchema)]).nullish();

/** A live answer checked against its schema; a mismatch is a source error naming the request and the JSON paths. */
export function validate<T extends z.ZodType>(sourceName: string, request: string, schema: T, body: unknown, expected: string): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 3).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  throw new BacklintError('source', `Source ${sourceName}: ${request} did not answer ${expected}: ${issues.join('; ')}.`);
}
