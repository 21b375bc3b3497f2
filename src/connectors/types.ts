import type { OwnerField, SourceInfo, WorkItem } from '../model.js';

/** What a connector hands the engine for one source. */
export interface SourceResult {
  info: SourceInfo;
  items: WorkItem[];
  /** Every item the source returned. */
  fetched: number;
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
