// Field names → ids (SPEC §3.1, §3.3, §4). The same resolution serves exports (names map, fieldsFile)
// and the live site (/field). An unknown name is a config error that lists the nearest names.
import { BacklintError } from '../../errors.js';
import { nearestNames } from '../../suggest.js';
import type { FieldsConfig } from '../../config/schema.js';
import type { JiraField } from './payload.js';

export interface JiraFieldCatalog {
  /** id → field; from a names map only the name is known. */
  byId: Map<string, Pick<JiraField, 'id' | 'name' | 'schema'>>;
}

/** `names`: a names map (`expand=names`), as a Map or as parsed JSON (own keys only). */
export function createJiraCatalog(names: ReadonlyMap<string, string> | Record<string, string>, fields: readonly JiraField[] = []): JiraFieldCatalog {
  const byId = new Map<string, Pick<JiraField, 'id' | 'name' | 'schema'>>();
  for (const [id, name] of names instanceof Map ? names : Object.entries(names)) byId.set(id, { id, name });
  for (const field of fields) byId.set(field.id, field);
  return { byId };
}

export interface ResolvedJiraFields {
  productOwner: string | null;
  productManager: string | null;
  acceptanceCriteria: string | null;
  /** null: the project key. */
  team: string | null;
  iteration: string | null;
  epicLink: string | null;
  parentLink: string | null;
}

const BUILT_IN_USERS = new Set(['assignee', 'reporter', 'creator']);
const CUSTOM_ID = /^customfield_\d+$/;

export function resolveJiraFields(sourceName: string, config: FieldsConfig, catalog: JiraFieldCatalog): ResolvedJiraFields {
  const named = (name: string) => findByName(catalog, name);
  const bySchema = (customType: string) => [...catalog.byId.values()].find((field) => field.schema?.custom === customType)?.id ?? null;
  const resolve = (key: keyof FieldsConfig, fallbackName: string | null) => {
    const wanted = config[key];
    if (wanted === undefined) return fallbackName ? named(fallbackName) : null;
    return resolveOne(sourceName, key, wanted, catalog);
  };
  return {
    productOwner: resolve('productOwner', 'Product Owner'),
    productManager: resolve('productManager', 'Product Manager'),
    acceptanceCriteria: resolve('acceptanceCriteria', 'Acceptance Criteria'),
    team: resolve('team', null),
    iteration: resolve('iteration', 'Sprint') ?? bySchema('com.pyxis.greenhopper.jira:gh-sprint'),
    epicLink: bySchema('com.pyxis.greenhopper.jira:gh-epic-link') ?? named('Epic Link'),
    parentLink: bySchema('com.atlassian.jpo:jpo-custom-field-parent') ?? named('Parent Link'),
  };
}

function findByName(catalog: JiraFieldCatalog, name: string): string | null {
  const wanted = name.trim().toLowerCase();
  for (const field of catalog.byId.values()) if (field.name.trim().toLowerCase() === wanted) return field.id;
  return null;
}

function resolveOne(sourceName: string, key: string, wanted: string, catalog: JiraFieldCatalog): string {
  const lower = wanted.toLowerCase();
  if (BUILT_IN_USERS.has(lower)) return lower;
  if (catalog.byId.has(wanted) || CUSTOM_ID.test(wanted)) return wanted;
  const matches = [...catalog.byId.values()].filter((field) => field.name.trim().toLowerCase() === lower.trim());
  if (matches.length === 1) return matches[0]!.id;
  if (matches.length > 1) {
    throw new BacklintError(
      'config',
      `Source ${sourceName}: fields.${key}: '${wanted}' names ${matches.length} fields (${matches.map((m) => m.id).join(', ')}); give the id instead.`,
    );
  }
  if (catalog.byId.size === 0) {
    throw new BacklintError(
      'config',
      `Source ${sourceName}: fields.${key}: cannot resolve the field name '${wanted}': the export has no names map. Export with expand=names, set fieldsFile to a saved /rest/api/3/field response, or give the field id (customfield_…).`,
    );
  }
  const suggestions = nearestNames(wanted, [...catalog.byId.values()].map((field) => field.name));
  const hint = suggestions.length > 0 ? ` The nearest names it has: ${suggestions.map((s) => `'${s}'`).join(', ')}.` : '';
  throw new BacklintError('config', `Source ${sourceName}: fields.${key}: no field is named '${wanted}'.${hint}`);
}

const BY_DEFAULT_NAME = ['productOwner', 'productManager', 'acceptanceCriteria'] as const;

export interface FieldsPerIssue {
  /** The fields this issue reads: where several fields share a default name, the one it carries. */
  forIssue(issue: { fields: object }): ResolvedJiraFields;
  /** Every id that may stand for a field found by its default name, to ask a live site for. */
  ids: string[];
}

/**
 * Team-managed projects each create their own field, so a site or an export across projects can hold two
 * fields both named "Product Owner" (customfield_10120 in one project, customfield_10300 in another). A
 * field found by its default name then stands for all of them: each issue uses the one it carries. A name
 * or id given in the config means exactly that field.
 */
export function sameNamedFields(config: FieldsConfig, fields: ResolvedJiraFields, catalog: JiraFieldCatalog): FieldsPerIssue {
  const groups: { key: (typeof BY_DEFAULT_NAME)[number]; ids: string[] }[] = [];
  for (const key of BY_DEFAULT_NAME) {
    const id = fields[key];
    if (config[key] !== undefined || id === null) continue;
    const name = catalog.byId.get(id)?.name.trim().toLowerCase();
    const ids = [...catalog.byId.values()].filter((field) => field.name.trim().toLowerCase() === name).map((field) => field.id);
    if (ids.length > 1) groups.push({ key, ids });
  }
  const ids = groups.flatMap((group) => group.ids);
  if (groups.length === 0) return { forIssue: () => fields, ids };
  return {
    ids,
    forIssue(issue) {
      const raw = issue.fields as Record<string, unknown>;
      let resolved = fields;
      for (const { key, ids: candidates } of groups) {
        const carried = candidates.find((id) => Object.hasOwn(raw, id) && raw[id] !== undefined && raw[id] !== null);
        if (carried !== undefined && carried !== resolved[key]) resolved = { ...resolved, [key]: carried };
      }
      return resolved;
    },
  };
}
