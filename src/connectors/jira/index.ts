// The Jira adapter (Cloud and Data Center, live and export): everything Jira-specific lives in this folder.
import type { JiraExportSourceConfig, JiraSourceConfig } from '../../config/schema.js';
import { started, type TrackerAdapter } from '../adapter.js';

export const jiraAdapter: TrackerAdapter<JiraSourceConfig, JiraExportSourceConfig> = {
  fetch: async (source, context) => started((await import('./fetch.js')).fetchJiraSource(source, context), context),
  readExport: async (source, context) => started((await import('./read-export.js')).fetchJiraExport(source, context), context),
  doctor: async (source, context) => (await import('./doctor.js')).doctorJiraSource(source, context),
  resolvePeople: async (source, written, context) => (await import('./resolve-people.js')).resolveJiraPeople(source, written, context),
  discoverTeams: async (source, context) => (await import('./discover.js')).discoverJiraTeams(source, context),
  exportFiles: async (source, context, folder) => (await import('./export-files.js')).exportJiraFiles(source, context, folder),
  writeBack: async (source, annotate, context) => (await import('./write-back.js')).createJiraWriteBack(source, annotate, context),
  doctorWriteBack: async (source, context) => (await import('./write-back.js')).doctorJiraWriteBack(source, context),
};
