// The connector registry: one adapter per tracker (./jira, ./azure-devops), each imported only when a source
// of that tracker is used, so that a run on Jira exports never loads the Azure DevOps client and `--version`
// loads neither (SPEC §11). The runner knows nothing else about trackers.
import type { AnnotateConfig, AzureDevOpsSourceConfig, JiraSourceConfig, SourceConfig } from '../config/schema.js';
import type { WriteBack } from '../annotate/types.js';
import type { PersonLookup } from '../roster/people.js';
import type { Discovery } from '../roster/starter.js';
import type { DoctorCheck, ExportedSource, ExportFolder } from './adapter.js';
import type { FetchContext, SourceResult } from './types.js';

const jira = async () => (await import('./jira/index.js')).jiraAdapter;
const azureDevOps = async () => (await import('./azure-devops/index.js')).azureDevOpsAdapter;

export async function fetchSource(source: SourceConfig, context: FetchContext): Promise<SourceResult> {
  switch (source.type) {
    case 'jira':
      return (await jira()).fetch(source, context);
    case 'jira-export':
      return (await jira()).readExport(source, context);
    case 'azure-devops':
      return (await azureDevOps()).fetch(source, context);
    case 'azure-devops-export':
      return (await azureDevOps()).readExport(source, context);
  }
}

/**
 * Roster people as the source's tracker knows them (SPEC §4), or null when there is no tracker to ask
 * (an export without saved answers: people are matched against those seen on its items, else taken as written).
 */
export async function resolveRosterPeople(source: SourceConfig, written: readonly string[]): Promise<ReadonlyMap<string, PersonLookup> | null> {
  switch (source.type) {
    case 'jira':
      return (await jira()).resolvePeople(source, written, {});
    case 'azure-devops':
      return (await azureDevOps()).resolvePeople(source, written, {});
    case 'jira-export':
    case 'azure-devops-export':
      // What the site answered when the export was made, if it was saved; else nothing can be asked.
      return source.rosterPeopleFile === undefined ? null : (await import('./saved-people.js')).readSavedPeople(source.name, source.rosterPeopleFile);
  }
}

/** `backlint init --teams` for a live source. */
export async function discoverTeams(source: JiraSourceConfig | AzureDevOpsSourceConfig, context: { signal?: AbortSignal }): Promise<Discovery> {
  return source.type === 'jira' ? (await jira()).discoverTeams(source, context) : (await azureDevOps()).discoverTeams(source, context);
}

/** `backlint export` for a live source: its fetch saved as export files in `folder`. */
export async function exportSourceFiles(source: JiraSourceConfig | AzureDevOpsSourceConfig, context: FetchContext, folder: ExportFolder): Promise<ExportedSource> {
  return source.type === 'jira' ? (await jira()).exportFiles(source, context, folder) : (await azureDevOps()).exportFiles(source, context, folder);
}

/** `backlint annotate`: the source's write-back; an export source cannot be written to. */
export async function writeBackFor(source: JiraSourceConfig | AzureDevOpsSourceConfig, annotate: AnnotateConfig, context: { signal?: AbortSignal }): Promise<WriteBack> {
  return source.type === 'jira' ? (await jira()).writeBack(source, annotate, context) : (await azureDevOps()).writeBack(source, annotate, context);
}

/** `backlint doctor` with annotate configured: the write permissions of a live source (an export has none to check). */
export async function doctorWriteBack(source: SourceConfig, context: FetchContext): Promise<DoctorCheck[]> {
  if (source.type === 'jira') return (await jira()).doctorWriteBack(source, context);
  if (source.type === 'azure-devops') return (await azureDevOps()).doctorWriteBack(source, context);
  return [];
}

/** `backlint doctor` for one source. An export source is healthy when its files read and map cleanly. */
export async function doctorSource(source: SourceConfig, context: FetchContext): Promise<DoctorCheck[]> {
  switch (source.type) {
    case 'jira':
      return (await jira()).doctor(source, context);
    case 'azure-devops':
      return (await azureDevOps()).doctor(source, context);
    case 'jira-export':
    case 'azure-devops-export':
      return doctorExport(source, context);
  }
}

async function doctorExport(source: SourceConfig, context: FetchContext): Promise<DoctorCheck[]> {
  try {
    const result = await fetchSource(source, context);
    const checks: DoctorCheck[] = [{ name: 'export files', ok: true, detail: `${result.fetched} item${result.fetched === 1 ? "" : "s"} read` }];
    for (const field of ['productOwner', 'productManager'] as const) {
      const mapped = result.info.mappedFields.has(field);
      checks.push({
        name: `${field} field`,
        field,
        ok: mapped,
        detail: mapped ? 'mapped' : `not mapped: the rules that need it are not applicable to this source (set fields.${field})`,
      });
    }
    return checks;
  } catch (error) {
    return [{ name: 'export files', ok: false, detail: error instanceof Error ? error.message : String(error) }];
  }
}

export type { DoctorCheck, ExportedSource, ExportFolder, FetchContext, SourceResult };
