// `type: jira-export` (SPEC §3.3): saved Jira search or bulk fetch responses, or arrays of issues, v2 or v3.
import { z } from 'zod';
import { BacklintError } from '../errors.js';
import type { JiraExportSourceConfig } from '../config/schema.js';
import type { WorkItem } from '../model.js';
import { expandExportPaths, parsePayload, readJsonFile, shown, whereIn } from './files.js';
import { createJiraCatalog, resolveJiraFields } from './jira/fields.js';
import { mapJiraIssue } from './jira/map.js';
import { jiraFieldSchema, jiraIssueSchema, type JiraIssue } from './jira/payload.js';
import { createKindResolver } from './kinds.js';
import { resolveParentKinds } from './parents.js';
import { sourceInfoOf, type SourceResult } from './types.js';

const EXPECTED = 'a Jira search response ({ "issues": [...] }), a bulk fetch response, a JSON array of issues, or one issue';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The issues in a saved response, with the JSON path of their list and the `names` map if any: a search
 * response (v3 `/search/jql`, v2 `/search` with `startAt`/`total`), a bulk fetch response, a plain array,
 * or a single issue (`GET /issue/{key}`, base null). Issues are validated one by one, so an error names its index.
 */
function envelopeOf(json: unknown, where: { source: string; file: string }): { issues: unknown[]; base: (string | number)[] | null; names: Record<string, string> } {
  if (Array.isArray(json)) return { issues: json, base: [], names: {} };
  if (isRecord(json) && 'issues' in json) {
    const issues = parsePayload(z.array(z.unknown()), json.issues, { ...where, path: ['issues'], expected: EXPECTED });
    const names = json.names === undefined || json.names === null ? {} : parsePayload(namesSchema, json.names, { ...where, path: ['names'], expected: EXPECTED });
    return { issues, base: ['issues'], names };
  }
  if (isRecord(json) && 'fields' in json && 'key' in json) {
    const names = isRecord(json.names) ? parsePayload(namesSchema, json.names, { ...where, path: ['names'], expected: EXPECTED }) : {};
    return { issues: [json], base: null, names };
  }
  const found = isRecord(json) ? `an object with the keys ${Object.keys(json).slice(0, 5).map((key) => JSON.stringify(key)).join(', ') || '(none)'}` : json === null ? 'null' : typeof json;
  throw new BacklintError('source', `Source ${where.source}: ${shown(where.file)} is not ${EXPECTED}: (root): found ${found}.`);
}

const namesSchema = z.record(z.string(), z.string());

export async function fetchJiraExport(source: JiraExportSourceConfig): Promise<SourceResult> {
  const files = await expandExportPaths(source.name, source.path);
  const loaded: { file: string; issues: unknown[]; base: (string | number)[] | null }[] = [];
  const names: Record<string, string> = {};
  for (const file of files) {
    const envelope = envelopeOf(await readJsonFile(source.name, file), { source: source.name, file });
    Object.assign(names, envelope.names);
    loaded.push({ file, issues: envelope.issues, base: envelope.base });
  }
  const fieldsFile = source.fieldsFile;
  const fieldList = fieldsFile
    ? parsePayload(z.array(jiraFieldSchema), await readJsonFile(source.name, fieldsFile), {
        source: source.name,
        file: fieldsFile,
        expected: 'a Jira /rest/api/3/field response (an array of fields)',
      })
    : [];
  const fields = resolveJiraFields(source.name, source.fields, createJiraCatalog(names, fieldList));
  const kindOf = createKindResolver('jira', source.types);

  const items: WorkItem[] = [];
  for (const { file, issues, base } of loaded) {
    issues.forEach((raw, index) => {
      const path = base === null ? [] : [...base, index];
      const issue: JiraIssue = parsePayload(jiraIssueSchema, raw, { source: source.name, file, path, expected: 'a valid Jira issue' });
      items.push(
        mapJiraIssue(issue, {
          source: source.name,
          baseUrl: source.baseUrl ?? null,
          fields,
          kindOf,
          where: whereIn(`Source ${source.name}: ${shown(file)}`, path),
        }),
      );
    });
  }
  const unique = dropDuplicateKeys(items);
  return { info: sourceInfoOf(source, fields), items: resolveParentKinds(unique), fetched: unique.length };
}

/** The same issue saved in two files (overlapping pages) is one item. */
function dropDuplicateKeys(items: WorkItem[]): WorkItem[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.key) ? false : (seen.add(item.key), true)));
}
