import type { OwnerField, SourceInfo, Sprint, WorkItem } from '../model.js';
import type { Progress } from '../progress.js';

/** What a connector may use besides its source's config: the run's overrides and its progress display. */
export interface FetchContext {
  /** `--jql` / `--wiql`: replaces the configured query of every source of that tracker for this run. */
  jql?: string;
  wiql?: string;
  /** `checkDone: true`: the default queries select done items too. */
  includeDone?: boolean;
  /** A scope asks for sprints (SPEC §5): read what the items' sprints need besides the items (ADO: the team's iterations). */
  sprints?: boolean;
  progress: Progress;
  /** Aborted when another source of the run has failed: stop fetching, the run exits 2 anyway. */
  signal: AbortSignal;
  /** `backlint export` (SPEC §10): each answer the fetch accepted, handed on once it passed its checks. */
  onPayload?: (payload: FetchedPayload) => void;
  /**
   * Items as their batches are mapped (SPEC §11): when given, the connector hands each batch here and
   * keeps none of them (its result's `items` is empty), with the source's info, which is settled before
   * the first batch. Repeats are dropped before they get here.
   */
  onItems?: (items: WorkItem[], info: SourceInfo) => void;
  /**
   * Once the fetch knows every item it will hand on (its query is fully listed, before all of them have
   * come): whether an item key is among them. An item whose parent is not will never get it from this run,
   * so what waits for that parent need wait no longer. Only connectors that list before they fetch call it.
   */
  onListed?: (listed: (key: string) => boolean) => void;
  /**
   * The source's connector is loaded and its fetch under way (a live one's first requests are sent): what
   * the run loads only for later (the reporters) loads now, in the time spent waiting on the tracker.
   */
  onStarted?: () => void;
}

/**
 * One answer of a live fetch: what it is (the tracker's own names: `issues`, `fields`, `board-sprints`,
 * `workitems`, `iterations`, …), what it belongs to (a board, a work item type, a team) and its body, as
 * the API gave it, or in the API's own shape where the client has already unwrapped it (Azure DevOps'
 * `{ count, value }` lists, with the members backlint reads).
 */
export interface FetchedPayload {
  kind: string;
  of?: string;
  body: unknown;
}

/** What a connector hands the engine for one source. */
export interface SourceResult {
  info: SourceInfo;
  items: WorkItem[];
  /** Every item the source returned. */
  fetched: number;
  /** Things a person should know about the fetch (items deleted meanwhile), for stderr. */
  notices?: string[];
  /** Sprints known besides the items' own (ADO: the team's iterations; Jira: the boards' future sprints), so "next" is right when no item is in it yet. */
  sprints?: readonly Sprint[];
}

/** The fields a source resolved: ids or reference names, several where the config lists several (SPEC §4). */
interface ResolvedOwnerFields {
  productOwner: readonly string[];
  productManager: readonly string[];
  acceptanceCriteria: readonly string[];
}

export function sourceInfoOf(source: { name: string; type: string }, fields: ResolvedOwnerFields): SourceInfo {
  const mapped = new Set<OwnerField>();
  if (fields.productOwner.length > 0) mapped.add('productOwner');
  if (fields.productManager.length > 0) mapped.add('productManager');
  const criteria = fields.acceptanceCriteria.length > 0 ? fields.acceptanceCriteria.join(', ') : null;
  return { name: source.name, type: source.type, mappedFields: mapped, acceptanceCriteriaField: criteria };
}

/**
 * What a run says of items its query selected that were gone when they were fetched: not checked, and
 * counted, so a shrinking selection is seen. `how`: what the tracker lets one tell of where they went.
 */
export function goneNotice(sourceName: string, count: number, noun: string, how: string): string {
  return `Source ${sourceName}: ${count} ${noun}${count === 1 ? '' : 's'} selected by the query no longer exist${count === 1 ? 's' : ''} ${how}; not checked.`;
}
