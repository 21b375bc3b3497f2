// One entry point per source type; the runner knows nothing else about trackers.
import type { SourceConfig } from '../config/schema.js';
import { fetchAzureDevOpsExport } from './azure-devops-export.js';
import { fetchJiraExport } from './jira-export.js';
import type { SourceResult } from './types.js';

export function fetchSource(source: SourceConfig): Promise<SourceResult> {
  switch (source.type) {
    case 'jira-export':
      return fetchJiraExport(source);
    case 'azure-devops-export':
      return fetchAzureDevOpsExport(source);
  }
}

export type { SourceResult };
