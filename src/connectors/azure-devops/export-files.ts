// `backlint export` for a live Azure DevOps source (SPEC §10): the live fetch, with every answer it accepted
// saved in Azure DevOps' own shapes, read back by `type: azure-devops-export` (SPEC §3.3). Folder `<source>/`:
//   fields.json              _apis/wit/fields ({ count, value }), so configured display names resolve
//   workitems/page-*.json    each workitemsbatch answer ({ count, value })
//   iterations.json          the team's work/teamsettings/iterations, when the source names a team
// An export cannot ask for state categories or process categories, so the written source lists them:
// doneStates and todoStates from the types' states, and each kind's types with those of its category.
import type { AzureDevOpsSourceConfig } from '../../config/schema.js';
import type { StateCategory } from '../../model.js';
import { withoutCredentials } from '../../redact.js';
import type { ExportedSource, ExportFolder } from '../adapter.js';
import { keptSettings, pageFile } from '../export-files.js';
import type { FetchContext, FetchedPayload } from '../types.js';
import type { AdoState, AdoTypeCategory } from './client.js';
import { fetchAzureDevOps, typesWithCategories } from './fetch.js';
import { stateCategoryOf } from './state-names.js';

export async function exportAzureDevOpsFiles(source: AzureDevOpsSourceConfig, context: FetchContext, folder: ExportFolder): Promise<ExportedSource> {
  const base = source.name;
  let pages = 0;
  let categories: AdoTypeCategory[] = [];
  const categoriesOfStates = new Map<string, Set<StateCategory>>();
  const states = new Map<string, string>(); // lower case → as the process spells it
  const save = (payload: FetchedPayload) => {
    const { value } = payload.body as { value: unknown[] };
    if (payload.kind === 'fields') folder.save(`${base}/fields.json`, payload.body);
    if (payload.kind === 'workitems') folder.save(pageFile(`${base}/workitems`, ++pages), payload.body);
    if (payload.kind === 'iterations') folder.save(`${base}/iterations.json`, payload.body);
    if (payload.kind === 'type-categories') categories = value as AdoTypeCategory[];
    if (payload.kind === 'states') {
      for (const state of value as AdoState[]) {
        const key = state.name.toLowerCase();
        if (!states.has(key)) states.set(key, state.name);
        categoriesOfStates.set(key, (categoriesOfStates.get(key) ?? new Set()).add(stateCategoryOf(state.category)));
      }
    }
  };
  // The team's iterations when there is a team to ask: the export must answer --scope next-sprint offline.
  const result = await fetchAzureDevOps(source, { ...context, sprints: source.team !== undefined, onPayload: save });
  if (pages === 0) folder.save(pageFile(`${base}/workitems`, 1), { count: 0, value: [] });

  const named = (category: StateCategory) => [...categoriesOfStates].filter(([, found]) => found.has(category)).map(([key]) => states.get(key)!).sort();
  // A state that is done for one type and not for another cannot be told apart by name alone.
  const mixed = [...categoriesOfStates].filter(([, found]) => found.size > 1).map(([key]) => states.get(key)!);
  const notices = mixed.map(
    (state) => `Source ${source.name}: state '${state}' belongs to different state categories in different work item types; the export counts it as ${[...categoriesOfStates.get(state.toLowerCase())!].includes('done') ? 'done' : 'not started'} for every type.`,
  );
  return {
    source: {
      name: source.name,
      type: 'azure-devops-export',
      ...keptSettings(source),
      types: typesWithCategories(source.types, categories),
      path: `${base}/workitems`,
      fieldsFile: `${base}/fields.json`,
      orgUrl: withoutCredentials(source.orgUrl).replace(/\/+$/, ''),
      project: source.project,
      ...(source.team === undefined ? {} : { team: source.team, iterationsFile: `${base}/iterations.json` }),
      ...(states.size === 0 ? {} : { doneStates: named('done'), todoStates: named('todo').filter((state) => !named('done').includes(state)) }),
    },
    items: result.fetched,
    notices: [...(result.notices ?? []), ...notices],
  };
}
