// `type: jira-export` (SPEC §3.3): saved Jira search or bulk fetch responses, or arrays of issues, v2 or v3.
import { z } from 'zod';
import { BacklintError } from '../../errors.js';
import type { JiraExportSourceConfig } from '../../config/schema.js';
import type { Sprint, WorkItem } from '../../model.js';
import { expandExportPaths, parsePayload, readJsonFile, whereIn } from '../files.js';
import { createJiraCatalog, resolveJiraFields } from './fields.js';
import { mapJiraIssue } from './map.js';
import { jiraFieldSchema, jiraIssueSchema, type JiraField, type JiraIssue } from './payload.js';
import { BoardSprintList, sprintPageSchema } from './sprints.js';
import { createKindResolver } from '../kinds.js';
import { resolveParentKinds } from '../parents.js';
import { sourceInfoOf, type FetchContext, type SourceResult } from '../types.js';
import { displayPath } from '../../display-path.js';

const EXPECTED = 'a Jira search response ({ "issues": [...] }), a bulk fetch response, a JSON array of issues, or one issue';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const namesSchema = z.record(z.string(), z.string());
const fieldSchemasSchema = z.record(
  z.string(),
  z.looseObject({ type: z.string().nullish(), custom: z.string().nullish(), items: z.string().nullish() }),
);
/** `/rest/api/{2,3}/field` (an array), or the paginated `/rest/api/3/field/search` (`{ values: [...] }`). */
const fieldsResponseSchema = z.union([z.array(jiraFieldSchema), z.looseObject({ values: z.array(jiraFieldSchema) }).transform((page) => page.values)]);

/**
 * The issues in a saved response, with the JSON path of their list: a search response (v3 `/search/jql`,
 * v2 `/search` with `startAt`/`total`), a bulk fetch response, a plain array, or a single issue
 * (`GET /issue/{key}`, base null). Issues are validated one by one, so an error names its index.
 */
function envelopeOf(json: unknown, where: { source: string; file: string }): { issues: unknown[]; base: (string | number)[] | null } {
  if (Array.isArray(json)) return { issues: json, base: [] };
  if (isRecord(json) && 'issues' in json) {
    return { issues: parsePayload(z.array(z.unknown()), json.issues, { ...where, path: ['issues'], expected: EXPECTED }), base: ['issues'] };
  }
  if (isRecord(json) && ('fields' in json || 'versionedRepresentations' in json) && 'key' in json) return { issues: [json], base: null };
  if (isRecord(json) && Array.isArray(json.errorMessages)) {
    // curl saved Jira's error body instead of results (a bad JQL, a 401): say what Jira said.
    const said = [...json.errorMessages, ...(isRecord(json.errors) ? Object.values(json.errors) : [])].filter((m) => typeof m === 'string').join(' ');
    throw new BacklintError('source', `Source ${where.source}: ${displayPath(where.file)} is a Jira error response, not issues: ${said.slice(0, 300) || '(no message)'}`);
  }
  const found = isRecord(json) ? `an object with the keys ${Object.keys(json).slice(0, 5).map((key) => JSON.stringify(key)).join(', ') || '(none)'}` : json === null ? 'null' : typeof json;
  throw new BacklintError('source', `Source ${where.source}: ${displayPath(where.file)} is not ${EXPECTED}: (root): found ${found}.`);
}

/**
 * `expand=names` / `expand=schema` maps: on a search response they sit beside `issues`; on a bulk fetch
 * response, and on a single issue, each issue carries its own. Every one of them feeds the catalog.
 */
function collectFieldMaps(value: unknown, where: { source: string; file: string; path: (string | number)[] }, into: { names: Map<string, string>; fields: Map<string, JiraField>; namesMap: boolean }): void {
  if (!isRecord(value)) return;
  if (value.names !== undefined && value.names !== null) {
    into.namesMap = true;
    // Maps, not objects: a field id is the site's text (`constructor`, `__proto__` are ids like others).
    for (const [id, name] of Object.entries(parsePayload(namesSchema, value.names, { ...where, path: [...where.path, 'names'], expected: EXPECTED }))) into.names.set(id, name);
  }
  if (value.schema !== undefined && value.schema !== null) {
    const schemas = parsePayload(fieldSchemasSchema, value.schema, { ...where, path: [...where.path, 'schema'], expected: EXPECTED });
    for (const [id, schema] of Object.entries(schemas)) {
      const name = into.names.get(id); // a schema entry is only useful with the field's name
      if (name === undefined) continue;
      into.fields.set(id, {
        id,
        name,
        schema: { ...(schema.type ? { type: schema.type } : {}), ...(schema.custom ? { custom: schema.custom } : {}), ...(schema.items ? { items: schema.items } : {}) },
      });
    }
  }
}

/**
 * Reads the export one file at a time (SPEC §11): a first pass gathers the field names every file may
 * carry (the catalog needs them all before any issue maps), a second maps each file's issues and hands
 * them on (`onItems`) or keeps them. A single file is read once.
 */
export async function fetchJiraExport(source: JiraExportSourceConfig, context: Pick<FetchContext, 'onItems'> = {}): Promise<SourceResult> {
  const files = await expandExportPaths(source.name, source.path);
  const maps = { names: new Map<string, string>(), fields: new Map<string, JiraField>(), namesMap: false };
  const pages = new SearchPages();
  let last: { file: string; json: unknown } | null = null;
  let issues = false;
  for (const file of files) {
    const json = await readJsonFile(source.name, file);
    const envelope = envelopeOf(json, { source: source.name, file });
    pages.add(json, file);
    if (envelope.issues.length > 0) issues = true;
    if (envelope.base !== null) collectFieldMaps(json, { source: source.name, file, path: [] }, maps);
    envelope.issues.forEach((issue, index) => collectFieldMaps(issue, { source: source.name, file, path: envelope.base === null ? [] : [...envelope.base, index] }, maps));
    last = files.length === 1 ? { file, json } : null;
  }
  const fieldsFile = source.fieldsFile;
  const fieldList = fieldsFile
    ? parsePayload(fieldsResponseSchema, await readJsonFile(source.name, fieldsFile), {
        source: source.name,
        file: fieldsFile,
        expected: 'a Jira /rest/api/{2,3}/field response (an array of fields) or a /field/search page',
      })
    : [];
  const catalog = createJiraCatalog(maps.names, [...maps.fields.values(), ...fieldList], { namesMap: maps.namesMap, issues });
  const fields = resolveJiraFields(source.name, source.fields, catalog);
  const kindOf = createKindResolver('jira', source.types);
  const info = sourceInfoOf(source, fields);

  // The same issue saved in two files (overlapping pages) is one item: the first.
  const seen = new Set<string>();
  const items: WorkItem[] = [];
  for (const file of files) {
    const json = last?.file === file ? last.json : await readJsonFile(source.name, file);
    last = null;
    const { issues, base } = envelopeOf(json, { source: source.name, file });
    const batch: WorkItem[] = [];
    issues.forEach((raw, index) => {
      const path = base === null ? [] : [...base, index];
      const issue: JiraIssue = parsePayload(jiraIssueSchema, withFields(raw), { source: source.name, file, path, expected: 'a valid Jira issue' });
      const item = mapJiraIssue(issue, {
        source: source.name,
        baseUrl: source.baseUrl ?? null,
        fields,
        kindOf,
        where: whereIn(`Source ${source.name}: ${displayPath(file)}`, path),
      });
      if (seen.has(item.key)) return;
      seen.add(item.key);
      batch.push(item);
    });
    if (context.onItems === undefined) items.push(...batch);
    else if (batch.length > 0) context.onItems(batch, info);
  }
  pages.checkComplete(source.name, seen.size);
  const result = { info, items: resolveParentKinds(items), fetched: seen.size };
  return source.boardSprints === undefined ? result : { ...result, sprints: await readBoardSprints(source.name, source.boardSprints) };
}

/**
 * What the saved search pages say of the whole search, to tell an export with pages missing from a
 * complete one (SPEC §8: a partial fetch never yields a clean report). A `/search` page (Data Center, v2)
 * gives the search's `total`: the export must hold that many distinct issues (the smallest total of its
 * pages, as issues may leave the search while it is paged). An enhanced search page (`/search/jql`) with a
 * `nextPageToken` has a page after it: some page of the export must be a last one. Bulk fetch answers and
 * plain arrays say nothing of a whole.
 */
class SearchPages {
  private total: { count: number; file: string } | null = null;
  private continued: string | null = null;
  private ended = false;

  add(json: unknown, file: string): void {
    if (!isRecord(json) || !Array.isArray(json.issues)) return;
    if (typeof json.total === 'number' && Number.isInteger(json.total) && (this.total === null || json.total < this.total.count)) this.total = { count: json.total, file };
    if (typeof json.nextPageToken === 'string' && json.nextPageToken !== '' && json.isLast !== true) this.continued ??= file;
    else if ('nextPageToken' in json || 'isLast' in json) this.ended = true;
  }

  checkComplete(sourceName: string, issues: number): void {
    if (this.total !== null && issues < this.total.count) {
      throw new BacklintError('source', `Source ${sourceName}: the export holds ${issues} distinct issues, but its search answered ${this.total.count} (total in ${displayPath(this.total.file)}): pages are missing. Save every page of the search.`);
    }
    if (this.continued !== null && !this.ended) {
      throw new BacklintError('source', `Source ${sourceName}: ${displayPath(this.continued)} has a nextPageToken, and no page of the export is the search's last: pages are missing. Save every page, up to the one without a nextPageToken.`);
    }
  }
}

/** `boardSprints`: each board's saved pages of future sprints, in file order, read as the live fetch reads the Agile API's. */
async function readBoardSprints(sourceName: string, boards: Readonly<Record<string, string | readonly string[]>>): Promise<Sprint[]> {
  const sprints: Sprint[] = [];
  for (const [board, paths] of Object.entries(boards)) {
    const list = new BoardSprintList(board);
    for (const file of await expandExportPaths(sourceName, paths)) {
      list.add(parsePayload(sprintPageSchema, await readJsonFile(sourceName, file), { source: sourceName, file, expected: `a page of board ${board}'s sprints (GET /rest/agile/1.0/board/${board}/sprint)` }));
    }
    sprints.push(...list.sprints);
  }
  return sprints;
}

/**
 * `expand=versionedRepresentations` replaces `fields` with `{ field: { "1": v1, "2": v2, … } }`; the
 * highest version is what `fields` would hold (v3: ADF descriptions).
 */
function withFields(raw: unknown): unknown {
  if (!isRecord(raw) || 'fields' in raw || !isRecord(raw.versionedRepresentations)) return raw;
  // Own properties only (Object.fromEntries defines them): `fields['__proto__'] = …` would set a prototype.
  const entries: [string, unknown][] = [];
  for (const [id, versions] of Object.entries(raw.versionedRepresentations)) {
    if (!isRecord(versions)) continue;
    const latest = Object.keys(versions).filter((version) => /^\d+$/.test(version)).sort((a, b) => Number(b) - Number(a))[0];
    if (latest !== undefined) entries.push([id, versions[latest]]);
  }
  return { ...raw, fields: Object.fromEntries(entries) };
}

