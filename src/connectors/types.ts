import type { OwnerField, SourceInfo, WorkItem } from '../model.js';
import type { Progress } from '../progress.js';

/** What a connector may use besides its source's config: the run's overrides and its progress display. */
export interface FetchContext {
  /** `--jql` / `--wiql`: replaces the configured query of every source of that tracker for this run. */
  jql?: string;
  wiql?: string;
  /** `checkDone: true`: the default queries select done items too. */
  includeDone?: boolean;
  progress: Progress;
  /** Aborted when another source of the run has failed: stop fetching, the run exits 2 anyway. */
  signal: AbortSignal;
}

/** What a connector hands the engine for one source. */
export interface SourceResult {
  info: SourceInfo;
  items: WorkItem[];
  /** Every item the source returned. */
  fetched: number;
  /** Things a person should know about the fetch (items deleted meanwhile), for stderr. */
  notices?: string[];
}

interface ResolvedOwnerFields {
  productOwner: string | null;
  productManager: string | null;
  acceptanceCriteria: string | null;
}

export function sourceInfoOf(source: { name: string; type: string }, fields: ResolvedOwnerFields): SourceInfo {
  const mapped = new Set<OwnerField>();
  if (fields.productOwner) mapped.add('productOwner');
  if (fields.productManager) mapped.add('productManager');
  return { name: source.name, type: source.type, mappedFields: mapped, acceptanceCriteriaField: fields.acceptanceCriteria };
}
