// The parts of Azure DevOps work item payloads that backlint reads, validated at the boundary (SPEC §12).
// What is not named here is ignored, and only a work item's `fields` keep their other members (custom
// fields are read from there by reference name): dropping the rest, rather than copying it, is most of
// the cost of checking 100,000 work items.
import { z } from 'zod';

/** An identity field value: an IdentityRef, or the older "Name <email>" string. */
export const adoIdentitySchema = z.union([
  z.object({
    displayName: z.string().nullish(),
    id: z.string().nullish(),
    uniqueName: z.string().nullish(),
    inactive: z.boolean().nullish(),
    isDeletedInOrigin: z.boolean().nullish(),
  }),
  z.string(),
]);
export type AdoIdentity = z.infer<typeof adoIdentitySchema>;

export const adoWorkItemSchema = z.object({
  id: z.number().int(),
  url: z.string().optional(),
  fields: z.looseObject({
    'System.WorkItemType': z.string(),
    'System.Title': z.string().nullish(),
    'System.State': z.string().nullish(),
    'System.TeamProject': z.string().nullish(),
    'System.Tags': z.string().nullish(),
    'System.Parent': z.number().int().nullish(),
    'System.AreaPath': z.string().nullish(),
    'System.IterationPath': z.string().nullish(),
    'System.CreatedDate': z.string().nullish(),
    'System.ChangedDate': z.string().nullish(),
    'System.AssignedTo': adoIdentitySchema.nullish(),
    'System.CreatedBy': adoIdentitySchema.nullish(),
  }),
  relations: z.array(z.object({ rel: z.string(), url: z.string() })).nullish(),
  /** 7.2+: `{ "System.Description": "markdown" }` for fields stored as Markdown; absent means HTML. */
  multilineFieldsFormat: z.record(z.string(), z.string()).nullish(),
});
export type AdoWorkItem = z.infer<typeof adoWorkItemSchema>;

export const adoFieldSchema = z.looseObject({
  name: z.string(),
  referenceName: z.string(),
  type: z.string().optional(),
  isIdentity: z.boolean().optional(),
});
export type AdoField = z.infer<typeof adoFieldSchema>;
