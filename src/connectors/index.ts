// One entry point per source type; the runner knows nothing else about trackers.
import type { SourceConfig } from '../config/schema.js';
import type { OwnerField } from '../model.js';
import { fetchAzureDevOpsExport } from './azure-devops-export.js';
import { fetchAzureDevOps } from './azure-devops.js';
import { doctorAzureDevOps } from './azure-devops/doctor.js';
import { fetchJiraExport } from './jira-export.js';
import { doctorJiraSource } from './jira/doctor.js';
import { fetchJiraSource } from './jira-live.js';
import type { FetchContext, SourceResult } from './types.js';
import type { PersonLookup } from '../roster/people.js';

export function fetchSource(source: SourceConfig, context: FetchContext): Promise<SourceResult> {
  switch (source.type) {
    case 'jira':
      return fetchJiraSource(source, context);
    case 'jira-export':
      return fetchJiraExport(source);
    case 'azure-devops-export':
      return fetchAzureDevOpsExport(source);
    case 'azure-devops':
      return fetchAzureDevOps(source, context);
  }
}

/**
 * Roster people as the source's tracker knows them (SPEC §4), or null when there is no tracker to ask
 * (an export: people are matched against those seen on its items, else taken as written).
 */
export async function resolveRosterPeople(source: SourceConfig, written: readonly string[]): Promise<ReadonlyMap<string, PersonLookup> | null> {
  switch (source.type) {
    case 'jira': {
      const { resolveJiraPeople } = await import('./jira/resolve-people.js');
      return resolveJiraPeople(source, written, {});
    }
    case 'azure-devops': {
      const { resolveAzureDevOpsPeople } = await import('./azure-devops/resolve-people.js');
      return resolveAzureDevOpsPeople(source, written, {});
    }
    case 'jira-export':
    case 'azure-devops-export':
      return null;
  }
}

/** One line of `backlint doctor`: what was checked, whether it holds, and what to do if not. */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  /** Things the user may have meant (field names the site has, …). */
  suggestions?: string[];
  /** The owner field this check is about: doctor fails on it only when a rule that is on needs it. */
  field?: OwnerField;
}

/** `backlint doctor` for one source. An export source is healthy when its files read and map cleanly. */
export async function doctorSource(source: SourceConfig, context: FetchContext): Promise<DoctorCheck[]> {
  switch (source.type) {
    case 'jira':
      return doctorJiraSource(source, context);
    case 'jira-export':
    case 'azure-devops-export':
      return doctorExport(source, context);
    case 'azure-devops':
      return doctorAzureDevOps(source, context);
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

export type { FetchContext, SourceResult };
