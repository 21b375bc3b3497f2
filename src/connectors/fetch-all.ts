// Fetches the run's sources side by side. Every source runs to its end, so that a failed run names every
// source that failed, not only the first (a person fixes them all in one go); any failure is exit 2 and a
// partial fetch never becomes a report (SPEC §8).
import type { SourceConfig } from '../config/schema.js';
import { BacklintError, isBacklintError } from '../errors.js';
import { fetchSource, type FetchContext, type SourceResult } from './index.js';

/** Which source type a query override is for, so that a stray `--wiql` on a Jira-only config is an error. */
const QUERY_OVERRIDES = [
  { option: '--jql', key: 'jql', types: ['jira'], tracker: 'Jira' },
  { option: '--wiql', key: 'wiql', types: ['azure-devops'], tracker: 'Azure DevOps' },
] as const;

/** Fetches the sources side by side; `streamOf(index)`: where each source's batches go as they come, if anywhere (else the results keep the items). */
export async function fetchSources(sources: readonly SourceConfig[], context: Omit<FetchContext, 'signal' | 'onItems' | 'onListed'>, streamOf?: (index: number) => Pick<FetchContext, 'onItems' | 'onListed'>): Promise<SourceResult[]> {
  for (const { option, key, types, tracker } of QUERY_OVERRIDES) {
    if (context[key] !== undefined && !sources.some((source) => (types as readonly string[]).includes(source.type))) {
      throw new BacklintError('usage', `${option} applies to live ${tracker} sources (type: ${types.join(', ')}), and none is selected.`);
    }
  }
  try {
    return await eachSourceToItsEnd(sources, (source, signal, index) => fetchSource(source, { ...context, signal, ...streamOf?.(index) }));
  } finally {
    context.progress.stop();
  }
}

/**
 * Runs `run` for every source side by side. No source is stopped because another failed: each runs to its
 * end, so that every failure is named (one error listing them all); a failure not ours is thrown as it is.
 */
export async function eachSourceToItsEnd<S extends SourceConfig, T>(sources: readonly S[], run: (source: S, signal: AbortSignal, index: number) => Promise<T>): Promise<T[]> {
  const signal = new AbortController().signal;
  const settled = await Promise.allSettled(sources.map((source, index) => run(source, signal, index)));
  const failures = settled.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    // Not ours (a bug): let the CLI's "unexpected error" path tell it apart.
    const foreign = failures.find((failure) => !isBacklintError(failure));
    if (foreign !== undefined) throw foreign;
    throw new BacklintError('source', `${failures.length} sources failed:\n  ${failures.map((failure) => (failure as BacklintError).message.replace(/\n/g, '\n  ')).join('\n  ')}`);
  }
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<T>).value);
}
