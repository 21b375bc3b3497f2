// `type: azure-devops-export` (SPEC §3.3): saved work items batch responses or JSON arrays of work items.
import { z } from 'zod';
import { BacklintError } from '../../errors.js';
import type { AzureDevOpsExportSourceConfig } from '../../config/schema.js';
import type { StateCategory, WorkItem } from '../../model.js';
import { resolveAdoFields } from './fields.js';
import { iterationCalendar, iterationsOfResponse, iterationsResponseSchema, withIterationSprints } from './iterations.js';
import { mapAdoWorkItem } from './map.js';
import { adoFieldSchema, adoWorkItemSchema, type AdoWorkItem } from './payload.js';
import { expandExportPaths, parsePayload, readJsonFile, whereIn } from '../files.js';
import { createKindResolver } from '../kinds.js';
import { resolveParentKinds } from '../parents.js';
import { sourceInfoOf, type SourceResult } from '../types.js';
import { displayPath } from '../../display-path.js';

const EXPECTED = 'an Azure DevOps work items batch response ({ "count": n, "value": [...] }), a JSON array of work items, or one work item';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The work items in a saved response, with the JSON path of their list: a batch / list response
 * (`value`), a plain array, or a single work item (`GET _apis/wit/workitems/{id}`, base null). Anything else is
 * an error naming the file; the items themselves are validated one by one, so an error names its index.
 */
function itemsOf(json: unknown, where: { source: string; file: string }): { list: unknown[]; base: (string | number)[] | null } {
  if (Array.isArray(json)) return { list: json, base: [] };
  if (isRecord(json) && 'value' in json) {
    return { list: parsePayload(z.array(z.unknown()), json.value, { ...where, path: ['value'], expected: EXPECTED }), base: ['value'] };
  }
  if (isRecord(json) && 'fields' in json && 'id' in json) return { list: [json], base: null };
  if (isRecord(json) && typeof json.message === 'string' && ('typeKey' in json || 'errorCode' in json)) {
    // curl saved Azure DevOps' error body instead of work items (a bad id list, a 401): say what it said.
    throw new BacklintError('source', `Source ${where.source}: ${displayPath(where.file)} is an Azure DevOps error response, not work items: ${json.message.slice(0, 300)}`);
  }
  const found = isRecord(json) ? `an object with the keys ${Object.keys(json).slice(0, 5).map((key) => JSON.stringify(key)).join(', ') || '(none)'}` : json === null ? 'null' : typeof json;
  throw new BacklintError('source', `Source ${where.source}: ${displayPath(where.file)} is not ${EXPECTED}: (root): found ${found}.`);
}
const fieldsResponseSchema = z.union([z.looseObject({ value: z.array(adoFieldSchema) }), z.array(adoFieldSchema)]);

export async function fetchAzureDevOpsExport(source: AzureDevOpsExportSourceConfig): Promise<SourceResult> {
  const files = await expandExportPaths(source.name, source.path);
  const loaded: { file: string; path: (string | number)[]; item: AdoWorkItem }[] = [];
  for (const file of files) {
    const json = await readJsonFile(source.name, file);
    const { list, base } = itemsOf(json, { source: source.name, file });
    list.forEach((raw, index) => {
      // errorPolicy=Omit answers null for an item that vanished: there is nothing to lint.
      if (raw === null) return;
      const path = base === null ? [] : [...base, index];
      loaded.push({ file, path, item: parsePayload(adoWorkItemSchema, raw, { source: source.name, file, path, expected: 'a valid work item' }) });
    });
  }
  const known = source.fieldsFile ? await readFieldsFile(source.name, source.fieldsFile) : null;
  const present = new Set(loaded.flatMap(({ item }) => Object.keys(item.fields)));
  const fields = resolveAdoFields(source.name, source.fields, known, present);
  const kindOf = createKindResolver('azure-devops', source.types);
  // An export has no state categories to ask: the config lists which states are done and which not started.
  const done = new Set(source.doneStates.map((state) => state.toLowerCase()));
  const todo = new Set(source.todoStates.map((state) => state.toLowerCase()));
  const stateCategoryOf = (_type: string, state: string): StateCategory => {
    const lower = state.toLowerCase();
    return done.has(lower) ? 'done' : todo.has(lower) ? 'todo' : 'in-progress';
  };

  const seen = new Set<number>();
  const items: WorkItem[] = [];
  for (const { file, path, item } of loaded) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    items.push(
      mapAdoWorkItem(item, {
        source: source.name,
        orgUrl: source.orgUrl ?? null,
        project: source.project ?? null,
        fields,
        kindOf,
        stateCategoryOf,
        where: whereIn(`Source ${source.name}: ${displayPath(file)}`, path),
      }),
    );
  }
  if (source.iterationsFile === undefined) return { info: sourceInfoOf(source, fields), items: resolveParentKinds(items), fetched: items.length };
  const json = await readJsonFile(source.name, source.iterationsFile);
  const iterations = iterationsOfResponse(parsePayload(iterationsResponseSchema, json, { source: source.name, file: source.iterationsFile, expected: "a team's work/teamsettings/iterations response" }));
  const calendar = iterationCalendar(iterations, source.team ?? 'team');
  return { info: sourceInfoOf(source, fields), items: resolveParentKinds(withIterationSprints(items, calendar)), fetched: items.length, sprints: [...calendar.values()] };
}

async function readFieldsFile(sourceName: string, file: string) {
  const json = await readJsonFile(sourceName, file);
  const parsed = parsePayload(fieldsResponseSchema, json, { source: sourceName, file, expected: 'an Azure DevOps _apis/wit/fields response' });
  return Array.isArray(parsed) ? parsed : parsed.value;
}
