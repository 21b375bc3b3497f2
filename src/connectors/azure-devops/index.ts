// The Azure DevOps adapter (Services and Server, live and export): everything ADO-specific lives in this folder.
import type { AzureDevOpsExportSourceConfig, AzureDevOpsSourceConfig } from '../../config/schema.js';
import { started, type TrackerAdapter } from '../adapter.js';

export const azureDevOpsAdapter: TrackerAdapter<AzureDevOpsSourceConfig, AzureDevOpsExportSourceConfig> = {
  fetch: async (source, context) => started((await import('./fetch.js')).fetchAzureDevOps(source, context), context),
  readExport: async (source, context) => started((await import('./read-export.js')).fetchAzureDevOpsExport(source, context), context),
  doctor: async (source, context) => (await import('./doctor.js')).doctorAzureDevOps(source, context),
  resolvePeople: async (source, written, context) => (await import('./resolve-people.js')).resolveAzureDevOpsPeople(source, written, context),
  discoverTeams: async (source, context) => (await import('./discover.js')).discoverAzureDevOpsTeams(source, context),
  exportFiles: async (source, context, folder) => (await import('./export-files.js')).exportAzureDevOpsFiles(source, context, folder),
  writeBack: async (source, annotate, context) => (await import('./write-back.js')).createAzureDevOpsWriteBack(source, annotate, context),
  doctorWriteBack: async (source, context) => (await import('./write-back.js')).doctorAzureDevOpsWriteBack(source, context),
};
