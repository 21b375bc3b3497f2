// `type: azure-devops-export` (SPEC §3.3): saved work items batch responses or JSON arrays of work items.
import { z } from 'zod';
import type { AzureDevOpsExportSourceConfig } from '../config/schema.js';
import type { StateCategory, WorkItem } from '../model.js';
import { resolveAdoFields } from './azure-devops/fields.js';
import { mapAdoWorkItem } from './azure-devops/map.js';
import { adoFieldSchema, adoWorkItemSchema, type AdoWorkItem } from './azure-devops/payload.js';
import { expandExportPaths, parsePayload, readJsonFile, shown, whereIn } from './files.js';
import { createKindResolver } from './kinds.js';
import { resolveParentKinds } from './parents.js';
import { sourceInfoOf, type SourceResult } from './types.js';

const EXPECTED = 'an Azure DevOps work items batch response ({ "count": n, "value": [...] }) or a JSON array of work items';

const envelopeSchema = z.union([z.array(z.unknown()), z.looseObject({ value: z.array(z.unknown()) })]);
const fieldsResponseSchema = z.union([z.looseObject({ value: z.array(adoFieldSchema) }), z.array(adoFieldSchema)]);

/** States that usually mean "not started"; an export has no state categories to ask. */
const TODO_STATES = new Set(['new', 'proposed', 'to do', 'approved', 'design']);

export async function fetchAzureDevOpsExport(source: AzureDevOpsExportSourceConfig): Promise<SourceResult> {
  const files = await expandExportPaths(source.name, source.path);
  const loaded: { file: string; path: (string | number)[]; item: AdoWorkItem }[] = [];
  for (const file of files) {
    const envelope = parsePayload(envelopeSchema, await readJsonFile(source.name, file), { source: source.name, file, expected: EXPECTED });
    const [list, base] = Array.isArray(envelope) ? [envelope, []] : [envelope.value, ['value']];
    list.forEach((raw, index) => {
      // errorPolicy=Omit answers null for an item that vanished: there is nothing to lint.
      if (raw === null) return;
      const path = [...base, index];
      loaded.push({ file, path, item: parsePayload(adoWorkItemSchema, raw, { source: source.name, file, path, expected: 'a valid work item' }) });
    });
  }
  const known = source.fieldsFile ? await readFieldsFile(source.name, source.fieldsFile) : null;
  const present = new Set(loaded.flatMap(({ item }) => Object.keys(item.fields)));
  const fields = resolveAdoFields(source.name, source.fields, known, present);
  const kindOf = createKindResolver('azure-devops', source.types);
  const done = new Set(source.doneStates.map((state) => state.toLowerCase()));
  const stateCategoryOf = (_type: string, state: string): StateCategory => {
    const lower = state.toLowerCase();
    return done.has(lower) ? 'done' : TODO_STATES.has(lower) ? 'todo' : 'in-progress';
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
        where: whereIn(`Source ${source.name}: ${shown(file)}`, path),
      }),
    );
  }
  return { info: sourceInfoOf(source, fields), items: resolveParentKinds(items), fetched: items.length };
}

async function readFieldsFile(sourceName: string, file: string) {
  const json = await readJsonFile(sourceName, file);
  const parsed = parsePayload(fieldsResponseSchema, json, { source: sourceName, file, expected: 'an Azure DevOps _apis/wit/fields response' });
  return Array.isArray(parsed) ? parsed : parsed.value;
}
