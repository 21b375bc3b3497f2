// An Azure DevOps work item (REST JSON) → WorkItem (SPEC §2). Shared by the export and live sources.
import { BacklintError } from '../../errors.js';
import { withoutCredentials } from '../../redact.js';
import type { Person, StateCategory, WorkItem } from '../../model.js';
import { parseAdoText, parseMarkdown, type RichDocument } from '../../text/index.js';
import type { KindResolver } from '../kinds.js';
import type { ResolvedAdoFields } from './fields.js';
import { adoIdentitySchema, type AdoIdentity, type AdoWorkItem } from './payload.js';

export interface AdoMapContext {
  source: string;
  /** `https://dev.azure.com/{org}` or `https://host/tfs/{collection}`; null: derived from the item's url. */
  orgUrl: string | null;
  project: string | null;
  fields: ResolvedAdoFields;
  kindOf: KindResolver;
  stateCategoryOf: (type: string, state: string) => StateCategory;
  where: (path: (string | number)[]) => string;
}

export function mapAdoWorkItem(item: AdoWorkItem, context: AdoMapContext): WorkItem {
  const { fields } = item;
  const raw = fields as Record<string, unknown>;
  const type = fields['System.WorkItemType'];
  const state = fields['System.State'] ?? '';
  const person = (reference: string | null): Person | null => {
    if (reference === null || raw[reference] === undefined || raw[reference] === null) return null;
    const parsed = adoIdentitySchema.safeParse(raw[reference]);
    if (!parsed.success) {
      throw new BacklintError('source', `${context.where(['fields', reference])}: expected an identity ({ displayName, uniqueName, id }), found ${typeof raw[reference]}.`);
    }
    return toPerson(parsed.data);
  };
  const text = (reference: string) => (typeof raw[reference] === 'string' ? (raw[reference] as string) : null);
  const project = context.project ?? fields['System.TeamProject'] ?? null;
  return {
    source: context.source,
    id: String(item.id),
    key: String(item.id),
    url: browseUrl(item, context.orgUrl, project),
    type,
    kind: context.kindOf(type),
    title: fields['System.Title'] ?? '',
    state,
    stateCategory: context.stateCategoryOf(type, state),
    description: richText(item, 'System.Description'),
    acceptanceCriteria: richText(item, context.fields.acceptanceCriteria),
    productOwner: person(context.fields.productOwner),
    productManager: person(context.fields.productManager),
    assignee: person('System.AssignedTo'),
    reporter: person('System.CreatedBy'),
    parent: parentOf(item),
    labels: (fields['System.Tags'] ?? '')
      .split(';')
      .map((tag) => tag.trim())
      .filter(Boolean),
    team: text(context.fields.team),
    iteration: text(context.fields.iteration),
    created: fields['System.CreatedDate'] ?? null,
    updated: fields['System.ChangedDate'] ?? null,
  };
}

/**
 * A rich-text field: Markdown when the item says so (`multilineFieldsFormat`, 7.2+; its Markdown comes
 * with HTML entities such as `&gt;` escaped, which would otherwise pass for HTML), else by its content.
 */
function richText(item: AdoWorkItem, reference: string): RichDocument | null {
  const value = (item.fields as Record<string, unknown>)[reference];
  const format = item.multilineFieldsFormat?.[reference];
  if (typeof value === 'string' && value.length > 0 && format?.toLowerCase() === 'markdown') return parseMarkdown(value);
  return parseAdoText(value);
}

export function toPerson(identity: AdoIdentity): Person | null {
  if (typeof identity === 'string' && /^@\{.*\}$/s.test(identity)) {
    // Windows PowerShell's ConvertTo-Json stops at depth 2 and writes deeper objects as
    // "@{displayName=Jamal Hartnett; url=…; id=d291…; uniqueName=fabrikamfiber4@hotmail.com}".
    const record: Record<string, string> = {};
    for (const pair of identity.slice(2, -1).split('; ')) {
      const at = pair.indexOf('=');
      if (at > 0) record[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
    }
    const inactive = record.inactive?.toLowerCase() === 'true' || record.isDeletedInOrigin?.toLowerCase() === 'true';
    return toPerson({ displayName: record.displayName || null, id: record.id || null, uniqueName: record.uniqueName || null, inactive });
  }
  if (typeof identity === 'string') {
    // Older payloads: "Jamal Hartnett <fabrikamfiber4@hotmail.com>".
    const match = /^(.*?)\s*<([^>]+)>\s*$/.exec(identity);
    const displayName = (match?.[1] ?? identity).trim();
    const uniqueName = match?.[2]?.trim();
    if (!displayName && !uniqueName) return null;
    return { id: uniqueName ?? displayName, displayName: displayName || uniqueName!, ...(uniqueName?.includes('@') ? { email: uniqueName } : {}), active: true };
  }
  const id = identity.id ?? identity.uniqueName ?? identity.displayName ?? '';
  if (!id) return null;
  const uniqueName = identity.uniqueName ?? undefined;
  return {
    id,
    displayName: identity.displayName ?? uniqueName ?? id,
    // uniqueName is the email / UPN on Services, DOMAIN\user on Server.
    ...(uniqueName?.includes('@') ? { email: uniqueName } : {}),
    // `inactive` is deprecated but still sent; an identity removed from its directory is no active owner either.
    active: identity.inactive !== true && identity.isDeletedInOrigin !== true,
  };
}

function parentOf(item: AdoWorkItem): WorkItem['parent'] {
  const direct = item.fields['System.Parent'];
  if (typeof direct === 'number') return { key: String(direct), kind: null };
  const link = item.relations?.find((relation) => relation.rel === 'System.LinkTypes.Hierarchy-Reverse');
  const id = link ? /\/workItems\/(\d+)\/?$/i.exec(link.url)?.[1] : undefined;
  return id ? { key: id, kind: null } : null;
}

function browseUrl(item: AdoWorkItem, orgUrl: string | null, project: string | null): string | null {
  const found = orgUrl?.replace(/\/+$/, '') ?? orgOf(item.url, project);
  if (!found) return null;
  const org = withoutCredentials(found);
  return project ? `${org}/${encodeURIComponent(project)}/_workitems/edit/${item.id}` : `${org}/_workitems/edit/${item.id}`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `https://dev.azure.com/org/{project or its id}/_apis/wit/workItems/1` → `https://dev.azure.com/org`. */
function orgOf(url: string | undefined, project: string | null): string | null {
  const at = url?.indexOf('/_apis/') ?? -1;
  if (!url || at < 0) return null;
  const prefix = url.slice(0, at);
  const last = prefix.slice(prefix.lastIndexOf('/') + 1);
  const isProject = GUID.test(last) || (project !== null && decodeURIComponent(last).toLowerCase() === project.toLowerCase());
  return isProject ? prefix.slice(0, prefix.lastIndexOf('/')) : prefix;
}
