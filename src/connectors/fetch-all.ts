// Fetches the run's sources side by side. The first failure aborts the others (their requests stop,
// the run exits 2 anyway) and is the error reported: a partial fetch never becomes a report (SPEC §8).
import type { SourceConfig } from '../config/schema.js';
import { BacklintError } from '../errors.js';
import { fetchSource, type FetchContext, type SourceResult } from './index.js';

/** Which source type a query override is for, so that a stray `--wiql` on a Jira-only config is an error. */
const QUERY_OVERRIDES = [
  { option: '--jql', key: 'jql', types: ['jira'], tracker: 'Jira' },
  { option: '--wiql', key: 'wiql', types: ['azure-devops'], tracker: 'Azure DevOps' },
] as const;

export async function fetchSources(sources: readonly SourceConfig[], context: Omit<FetchContext, 'signal'>): Promise<SourceResult[]> {
  for (const { option, key, types, tracker } of QUERY_OVERRIDES) {
    if (context[key] !== undefined && !sources.some((source) => (types as readonly string[]).includes(source.type))) {
      throw new BacklintError('usage', `${option} applies to live ${tracker} sources (type: ${types.join(', ')}), and none is selected.`);
    }
  }
  const controller = new AbortController();
  try {
    return await Promise.all(
      sources.map((source) =>
        fetchSource(source, { ...context, signal: controller.signal }).catch((error: unknown) => {
          controller.abort();
          throw error;
        }),
      ),
    );
  } finally {
    context.progress.stop();
  }
}
