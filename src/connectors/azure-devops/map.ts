// An Azure DevOps work item (REST JSON) → WorkItem (SPEC §2). Shared by the export and live sources.
import { BacklintError } from '../../errors.js';
import { withoutCredentials } from '../../redact.js';
import type { Person, StateCategory, WorkItem } from '../../model.js';
import { primaryOwner, uniquePeople } from '../../owners.js';
import { acceptanceCriteriaOf, parseAdoText, parseMarkdown, type RichDocument } from '../../text/index.js';
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

/** A payload's own value for a key: `constructor` or `__proto__` as a field name must not reach Object.prototype. */
export const own = (record: object | null | undefined, key: string): unknown => (record && Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined);

export function mapAdoWorkItem(item: AdoWorkItem, context: AdoMapContext): WorkItem {
  const { fields } = item;
  const field = (reference: string) => own(fields, reference);
  const type = fields['System.WorkItemType'];
  const state = fields['System.State'] ?? '';
  const person = (reference: string | null): Person | null => {
    const value = reference === null ? undefined : field(reference);
    if (reference === null || value === undefined || value === null) return null;
    const parsed = adoIdentitySchema.safeParse(value);
    if (!parsed.success) {
      throw new BacklintError('source', `${context.where(['fields', reference])}: expected an identity ({ displayName, uniqueName, id }), found ${typeof value}.`);
    }
    return toPerson(parsed.data);
  };
  const text = (reference: string) => {
    const value = field(reference);
    return typeof value === 'string' ? value : null;
  };
  // Identity fields hold one person each; a list of fields gives several owners (SPEC §4).
  const owners = (references: readonly string[]): Person[] => uniquePeople(references.flatMap((reference) => person(reference) ?? []));
  const productOwners = owners(context.fields.productOwner);
  const productManagers = owners(context.fields.productManager);
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
    ...acceptanceCriteriaOf(context.fields.acceptanceCriteria.map((reference) => richText(item, reference))),
    productOwners,
    productManagers,
    productOwner: primaryOwner(productOwners),
    productManager: primaryOwner(productManagers),
    assignee: person('System.AssignedTo'),
    reporter: person('System.CreatedBy'),
    parent: parentOf(item),
    labels: (fields['System.Tags'] ?? '')
      .split(';')
      .map((tag) => tag.trim())
      .filter(Boolean),
    team: context.fields.team.map(text).find((value) => value !== null && value !== '') ?? null,
    project,
    components: [],
    areaPath: text('System.AreaPath'),
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
  const value = own(item.fields, reference);
  const format = own(item.multilineFieldsFormat, reference);
  if (typeof value === 'string' && value.length > 0 && typeof format === 'string' && format.toLowerCase() === 'markdown') return parseMarkdown(value);
  return parseAdoText(value);
}

export function toPerson(identity: AdoIdentity): Person | null {
  if (typeof identity === 'string' && /^@\{.*\}$/s.test(identity)) {
    // Windows PowerShell's ConvertTo-Json stops at depth 2 and writes deeper objects as
    // "@{displayName=Jamal Hartnett; url=…; id=d291…; uniqueName=fabrikamfiber4@hotmail.com}".
    const record = new Map<string, string>();
    for (const pair of identity.slice(2, -1).split('; ')) {
      const at = pair.indexOf('=');
      if (at > 0) record.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    const inactive = record.get('inactive')?.toLowerCase() === 'true' || record.get('isDeletedInOrigin')?.toLowerCase() === 'true';
    return toPerson({ displayName: record.get('displayName') || null, id: record.get('id') || null, uniqueName: record.get('uniqueName') || null, inactive });
  }
  if (typeof identity === 'string') {
    // Older payloads: "Jamal Hartnett <fabrikamfiber4@hotmail.com>".
    const match = splitNameAndAddress(identity);
    const displayName = (match?.name ?? identity).trim();
    // (An address of only spaces is none: it must not give the person the id ''.)
    const uniqueName = match?.address.trim() || undefined;
    if (!displayName && !uniqueName) return null;
    return personWith(uniqueName ?? displayName, displayName || uniqueName!, uniqueName, true);
  }
  const id = identity.id ?? identity.uniqueName ?? identity.displayName ?? '';
  if (!id) return null;
  const uniqueName = identity.uniqueName ?? undefined;
  // `inactive` is deprecated but still sent; an identity removed from its directory is no active owner either.
  return personWith(id, identity.displayName ?? uniqueName ?? id, uniqueName, identity.inactive !== true && identity.isDeletedInOrigin !== true);
}

/**
 * A person whose uniqueName is their email when it is one (the email / UPN on Services, DOMAIN\user on
 * Server). Two literals rather than a spread of the email: several people per item, and spreads cost more.
 */
function personWith(id: string, displayName: string, uniqueName: string | undefined, active: boolean): Person {
  return uniqueName?.includes('@') ? { id, displayName, email: uniqueName, active } : { id, displayName, active };
}

const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/**
 * `Name <address>` split as `/^(.*?)\s*<([^>]+)>\s*$/` would split it, without its backtracking (that
 * regex is quadratic on a string of many `<` or spaces, and any tracker user writes these strings): the
 * string ends in `>` after optional white space; the address runs from the first `<` after the last
 * earlier `>` (none of `[^>]+` may be a `>`) and is not empty; the name before it has no line break
 * (`.` matches none). A few passes over the string, each linear.
 */
export function splitNameAndAddress(identity: string): { name: string; address: string } | null {
  const end = identity.trimEnd();
  const close = end.length - 1;
  if (close < 0 || end[close] !== '>') return null;
  const previousClose = end.lastIndexOf('>', close - 1);
  const open = end.indexOf('<', previousClose + 1);
  if (open < 0 || open >= close - 1) return null;
  const name = end.slice(0, open).trimEnd();
  if (LINE_TERMINATOR.test(name)) return null;
  return { name, address: end.slice(open + 1, close) };
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
