// `type: azure-devops-export` (SPEC §3.3): saved work items batch responses or JSON arrays of work items.
import { z } from 'zod';
import { BacklintError } from '../../errors.js';
import type { AzureDevOpsExportSourceConfig } from '../../config/schema.js';
import type { StateCategory, WorkItem } from '../../model.js';
import { resolveAdoFields } from './fields.js';
import { categoryByName } from './state-names.js';
import { iterationCalendar, iterationsOfResponse, iterationsResponseSchema, withIterationSprints } from './iterations.js';
import { mapAdoWorkItem } from './map.js';
import { adoFieldSchema, adoWorkItemSchema, type AdoWorkItem } from './payload.js';
import { expandExportPaths, parsePayload, readJsonFile, whereIn } from '../files.js';
import { createKindResolver } from '../kinds.js';
import { resolveParentKinds } from '../parents.js';
import { sourceInfoOf, type FetchContext, type SourceResult } from '../types.js';
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
    const list = parsePayload(z.array(z.unknown()), json.value, { ...where, path: ['value'], expected: EXPECTED });
    // `count` is the number of values Azure DevOps put in the answer: fewer is a file cut short, never a smaller backlog.
    if (typeof json.count === 'number' && json.count !== list.length) {
      throw new BacklintError('source', `Source ${where.source}: ${displayPath(where.file)} says count ${json.count} but holds ${list.length} work items: the saved answer is incomplete. Save it again.`);
    }
    return { list, base: ['value'] };
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

/**
 * Reads the export one file at a time (SPEC §11): without a fields file, a first pass gathers the field
 * names the items carry (the mapping needs them all before any item maps); then each file's items are
 * mapped and handed on (`onItems`) or kept. A single file is read once.
 */
export async function fetchAzureDevOpsExport(source: AzureDevOpsExportSourceConfig, context: Pick<FetchContext, 'onItems'> = {}): Promise<SourceResult> {
  const files = await expandExportPaths(source.name, source.path);
  /** The file's work items, validated; null for an item that vanished (errorPolicy=Omit): there is nothing to lint. */
  const read = async (file: string) => {
    const { list, base } = itemsOf(await readJsonFile(source.name, file), { source: source.name, file });
    return list.flatMap((raw, index) => {
      if (raw === null) return [];
      const path = base === null ? [] : [...base, index];
      return [{ path, item: parsePayload(adoWorkItemSchema, raw, { source: source.name, file, path, expected: 'a valid work item' }) as AdoWorkItem }];
    });
  };
  const known = source.fieldsFile ? await readFieldsFile(source.name, source.fieldsFile) : null;
  const present = new Set<string>();
  let single: Awaited<ReturnType<typeof read>> | null = null;
  for (const file of files) {
    const loaded = await read(file);
    for (const { item } of loaded) for (const name of Object.keys(item.fields)) present.add(name);
    if (files.length === 1) single = loaded;
  }
  const fields = resolveAdoFields(source.name, source.fields, known, present);
  const kindOf = createKindResolver('azure-devops', source.types);
  const info = sourceInfoOf(source, fields);
  // An export has no state categories to ask: the config lists which states are done and which not started.
  const byName = categoryByName(source.doneStates, source.todoStates);
  const stateCategoryOf = (_type: string, state: string): StateCategory => byName(state);
  const calendar = source.iterationsFile === undefined ? null : await readIterations(source);

  const seen = new Set<number>();
  const items: WorkItem[] = [];
  for (const file of files) {
    const loaded = single ?? (await read(file));
    const batch: WorkItem[] = [];
    for (const { path, item } of loaded) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      batch.push(
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
    const placed = calendar === null ? batch : withIterationSprints(batch, calendar);
    if (context.onItems === undefined) items.push(...placed);
    else if (placed.length > 0) context.onItems(placed, info);
  }
  return { info, items: resolveParentKinds(items), fetched: seen.size, ...(calendar === null ? {} : { sprints: [...calendar.values()] }) };
}

/** `iterationsFile`: the team's saved iterations, for sprint conditions. */
async function readIterations(source: AzureDevOpsExportSourceConfig) {
  const file = source.iterationsFile!;
  const json = await readJsonFile(source.name, file);
  const iterations = iterationsOfResponse(parsePayload(iterationsResponseSchema, json, { source: source.name, file, expected: "a team's work/teamsettings/iterations response" }));
  return iterationCalendar(iterations, source.team ?? 'team');
}

async function readFieldsFile(sourceName: string, file: string) {
  const json = await readJsonFile(sourceName, file);
  const parsed = parsePayload(fieldsResponseSchema, json, { source: sourceName, file, expected: 'an Azure DevOps _apis/wit/fields response' });
  return Array.isArray(parsed) ? parsed : parsed.value;
}
