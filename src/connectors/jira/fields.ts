// Field names → ids (SPEC §3.1, §3.3, §4). The same resolution serves exports (names map, fieldsFile)
// and the live site (/field). An unknown name is a config error that lists the nearest names.
import { BacklintError } from '../../errors.js';
import { nearestNames } from '../../suggest.js';
import { fieldNamesOf, type FieldsConfig, type ListedField } from '../../config/schema.js';
import type { JiraField } from './payload.js';

export interface JiraFieldCatalog {
  /** id → field; from a names map only the name is known. */
  byId: Map<string, Pick<JiraField, 'id' | 'name' | 'schema'>>;
  /** An export's catalog: whether the export carried a names map (even an empty one), and whether it holds any issue. */
  export?: { namesMap: boolean; issues: boolean };
}

/** `names`: a names map (`expand=names`), as a Map or as parsed JSON (own keys only). */
export function createJiraCatalog(names: ReadonlyMap<string, string> | Record<string, string>, fields: readonly JiraField[] = [], from?: JiraFieldCatalog['export']): JiraFieldCatalog {
  const byId = new Map<string, Pick<JiraField, 'id' | 'name' | 'schema'>>();
  for (const [id, name] of names instanceof Map ? names : Object.entries(names)) byId.set(id, { id, name });
  for (const field of fields) byId.set(field.id, field);
  return from === undefined ? { byId } : { byId, export: from };
}

/**
 * Field ids per logical field. The listed ones hold every id an item may carry the value in, in the
 * config's order (SPEC §4): a list in the config, or one name shared by several fields (team-managed
 * projects each create their own "Product Owner" or "Acceptance Criteria").
 */
export interface ResolvedJiraFields {
  productOwner: string[];
  productManager: string[];
  acceptanceCriteria: string[];
  /** The team field(s): configured, else the Atlassian Team field. */
  team: string[];
  /** No team field is configured: an item with no Team field value has its project key as its team. */
  teamFromProject: boolean;
  iteration: string | null;
  epicLink: string | null;
  parentLink: string | null;
}

const BUILT_IN_USERS = new Set(['assignee', 'reporter', 'creator']);
const CUSTOM_ID = /^customfield_\d+$/;

/** Fields a source reads when its config maps none: the site's field of that name, if it has one (SPEC §4). */
const DEFAULT_NAMES = { productOwner: 'Product Owner', productManager: 'Product Manager', acceptanceCriteria: 'Acceptance Criteria', team: null } as const;

export function resolveJiraFields(sourceName: string, config: FieldsConfig, catalog: JiraFieldCatalog): ResolvedJiraFields {
  const bySchema = (customType: string) => [...catalog.byId.values()].find((field) => field.schema?.custom === customType)?.id ?? null;
  const listed = (key: ListedField): string[] => {
    const wanted = fieldNamesOf(config, key);
    if (wanted === undefined) {
      const fallback = DEFAULT_NAMES[key];
      if (fallback === null) return atlassianTeamFields(catalog);
      // A site's "Product Owner" that holds no people (a text or a select list) is no owner field.
      return allNamed(catalog, fallback).filter((id) => !OWNER_FIELDS.has(key) || holdsPeople(catalog.byId.get(id)));
    }
    return [...new Set(wanted.flatMap((name) => ownerFieldsOnly(sourceName, key, name, resolveOne(sourceName, key, name, catalog), catalog)))];
  };
  const single = (key: 'iteration'): string | null => {
    const wanted = config[key];
    // By type first, as the Epic Link: a site may have a text field named "Sprint" too (listed before the real one).
    if (wanted === undefined) return bySchema('com.pyxis.greenhopper.jira:gh-sprint') ?? allNamed(catalog, 'Sprint')[0] ?? null;
    const ids = resolveOne(sourceName, key, wanted, catalog);
    if (ids.length > 1) {
      throw new BacklintError('config', `Source ${sourceName}: fields.${key}: '${wanted}' names ${ids.length} fields (${ids.join(', ')}); give the id instead.`);
    }
    return ids[0]!;
  };
  return {
    productOwner: listed('productOwner'),
    productManager: listed('productManager'),
    acceptanceCriteria: listed('acceptanceCriteria'),
    team: listed('team'),
    teamFromProject: config.team === undefined,
    iteration: single('iteration'),
    epicLink: bySchema('com.pyxis.greenhopper.jira:gh-epic-link') ?? allNamed(catalog, 'Epic Link')[0] ?? null,
    parentLink: bySchema('com.atlassian.jpo:jpo-custom-field-parent') ?? allNamed(catalog, 'Parent Link')[0] ?? null,
  };
}

/**
 * The Atlassian Team field, found by its type (current Cloud sites:
 * `com.atlassian.jira.plugin.system.customfieldtypes:atlassian-team`; Advanced Roadmaps and older sites:
 * `com.atlassian.teams:rm-teams-custom-field-team`, spelt a little differently across versions); from a
 * names map alone, which has no types, the field named `Team`.
 */
function atlassianTeamFields(catalog: JiraFieldCatalog): string[] {
  const typed = [...catalog.byId.values()].filter((field) => isAtlassianTeamField(field.schema?.custom)).map((field) => field.id);
  if (typed.length > 0) return typed;
  return [...catalog.byId.values()].some((field) => field.schema !== undefined) ? [] : allNamed(catalog, 'Team');
}

/** `…customfieldtypes:atlassian-team`, `com.atlassian.teams:rm-teams-custom-field-team` and its spellings. */
export const isAtlassianTeamField = (custom: string | undefined): boolean =>
  typeof custom === 'string' && (/[:.]atlassian-teams?$/i.test(custom) || (/com\.atlassian\.teams?[:.]/i.test(custom) && /team/i.test(custom.split(/[:.]/).pop() ?? '')));

const OWNER_FIELDS: ReadonlySet<ListedField> = new Set(['productOwner', 'productManager']);

/**
 * Whether a field's values are people (SPEC §4: owners come from user fields): a user picker (`user`), a
 * multi-user picker (an `array` of `user`), or a field whose type the catalog does not say (a names map).
 */
export const holdsPeople = (field: Pick<JiraField, 'schema'> | undefined): boolean => {
  const type = field?.schema?.type;
  if (type === undefined || type === 'any' || isUserPicker(field)) return true;
  return type === 'array' && (field!.schema!.items === undefined || field!.schema!.items === 'any');
};

/** A user picker (`user`: one person, as assignee and reporter) or a multi-user picker (`array` of `user`). */
export const isUserPicker = (field: Pick<JiraField, 'schema'> | undefined): boolean => field?.schema?.type === 'user' || (field?.schema?.type === 'array' && field.schema.items === 'user');

/**
 * An owner mapping's fields, those that hold people: a name several fields share keeps its user fields;
 * a name or id whose fields hold none is a config error naming the site's user fields.
 */
function ownerFieldsOnly(sourceName: string, key: ListedField, wanted: string, ids: string[], catalog: JiraFieldCatalog): string[] {
  if (!OWNER_FIELDS.has(key)) return ids;
  const people = ids.filter((id) => holdsPeople(catalog.byId.get(id)));
  if (people.length > 0) return people;
  const described = ids.map((id) => {
    const schema = catalog.byId.get(id)?.schema;
    const type = schema?.type === 'array' ? `a list of ${schema.items ?? 'values'}` : `${schema?.type ?? 'unknown'}`;
    return `${id} holds ${type}${schema?.custom ? ` (${schema.custom.split(':').pop()})` : ''}`;
  });
  const users = [...catalog.byId.values()].filter(isUserPicker).map((field) => `${field.name} (${field.id})`);
  const hint = users.length > 0 ? ` The site's user fields: ${users.slice(0, 8).join(', ')}${users.length > 8 ? `, and ${users.length - 8} more` : ''}.` : '';
  throw new BacklintError('config', `Source ${sourceName}: fields.${key}: '${wanted}' is no user field (${described.join('; ')}): owners are read from user pickers, or assignee / reporter.${hint}`);
}

/** Every field with this name, in the catalog's order. */
function allNamed(catalog: JiraFieldCatalog, name: string): string[] {
  const wanted = name.trim().toLowerCase();
  return [...catalog.byId.values()].filter((field) => field.name.trim().toLowerCase() === wanted).map((field) => field.id);
}

/** The ids one configured name or id stands for: a name shared by several fields stands for all of them. */
function resolveOne(sourceName: string, key: string, wanted: string, catalog: JiraFieldCatalog): string[] {
  const lower = wanted.toLowerCase();
  if (BUILT_IN_USERS.has(lower)) return [lower];
  if (catalog.byId.has(wanted) || CUSTOM_ID.test(wanted)) return [wanted];
  const matches = allNamed(catalog, wanted);
  if (matches.length > 0) return matches;
  // An export of no issues has no value to look up: the name stands for itself (Jira leaves its names map empty then).
  if (catalog.export?.issues === false) return [wanted];
  if (catalog.byId.size === 0 && catalog.export?.namesMap !== true) {
    throw new BacklintError(
      'config',
      `Source ${sourceName}: fields.${key}: cannot resolve the field name '${wanted}': the export has no names map. Export with expand=names, set fieldsFile to a saved /rest/api/3/field response, or give the field id (customfield_…).`,
    );
  }
  const suggestions = nearestNames(wanted, [...catalog.byId.values()].map((field) => field.name));
  const hint = suggestions.length > 0 ? ` The nearest names it has: ${suggestions.map((s) => `'${s}'`).join(', ')}.` : '';
  if (catalog.export?.namesMap === true) {
    throw new BacklintError('config', `Source ${sourceName}: fields.${key}: the field '${wanted}' is not in the export's names map.${hint} Check the name, set fieldsFile to a saved /rest/api/3/field response, or give the field id (customfield_…).`);
  }
  throw new BacklintError('config', `Source ${sourceName}: fields.${key}: no field is named '${wanted}'.${hint}`);
}

/** Every field id a fetch must ask for. */
export function resolvedFieldIds(fields: ResolvedJiraFields): string[] {
  const ids = [...fields.productOwner, ...fields.productManager, ...fields.acceptanceCriteria, ...fields.team, fields.iteration, fields.epicLink, fields.parentLink];
  return [...new Set(ids.filter((id): id is string => id !== null))];
}
