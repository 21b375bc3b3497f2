// The future sprints of each board the items are on (SPEC §5 "next" is the earliest future sprint of that
// board), through the Agile API: the items' Sprint field only names sprints that hold an item, so the
// board's true next sprint may be missing from them when nobody has planned into it yet.
// GET /rest/agile/1.0/board/{boardId}/sprint?state=future answers pages of
// { maxResults, startAt, isLast, values: [{ id, self, state, name, startDate?, endDate?, originBoardId?, goal? }] }
// on Cloud and Data Center alike, in the board's order (the order of the backlog).
import pLimit from 'p-limit';
import { z } from 'zod';
import { BacklintError } from '../../errors.js';
import type { Sprint, WorkItem } from '../../model.js';
import type { JiraClient } from './client.js';
import type { FetchedPayload } from '../types.js';
import { validate } from './payload.js';

const PAGE_SIZE = 50;
/** A board with more future sprints than this is a server going round in circles. */
const MAX_PAGES = 200;

/** One page of GET /rest/agile/1.0/board/{boardId}/sprint, live or saved in an export. */
export const sprintPageSchema = z.looseObject({
  startAt: z.number().int().min(0).optional(),
  maxResults: z.number().int().min(0).optional(),
  isLast: z.boolean().optional(),
  values: z.array(
    z.looseObject({
      id: z.union([z.number(), z.string()]).transform(String),
      name: z.string(),
      state: z.string(),
      startDate: z.string().nullish(),
      endDate: z.string().nullish(),
      originBoardId: z.union([z.number(), z.string()]).nullish(),
    }),
  ),
});

export interface BoardSprints {
  sprints: Sprint[];
  /** Things a person should know: boards the token may not read, whose next sprint comes from the items alone. */
  notices: string[];
}

/**
 * The future sprints of every board the items are on, each board asked as soon as the first item naming it
 * is mapped, beside the item pages still arriving rather than after them. `sequence` is the sprint's place
 * in the board's list, so sprints without dates keep the board's order. A board answering 403 or 404 (or
 * 400 for a Kanban board, which has no sprints) is left out with a notice naming it; any other failure
 * fails the source, as every request does, when `finish` is awaited.
 */
export class BoardSprintFetcher {
  private readonly boards = new Map<string, Promise<Sprint[] | null>>();
  private readonly limit: ReturnType<typeof pLimit>;

  constructor(
    private readonly sourceName: string,
    private readonly client: JiraClient,
    concurrency: number,
    private readonly onPayload?: (payload: FetchedPayload) => void,
  ) {
    this.limit = pLimit(concurrency);
  }

  /** Asks for the boards of this item's sprints that no earlier item named. */
  add(item: WorkItem): void {
    for (const sprint of item.sprints ?? []) {
      if (sprint.board === null || this.boards.has(sprint.board)) continue;
      const board = sprint.board;
      const list = this.limit(() => futureSprintsOf(this.sourceName, this.client, board, this.onPayload));
      // Observed in finish(); until then a failure must not count as unhandled.
      list.catch(() => undefined);
      this.boards.set(board, list);
    }
  }

  async finish(): Promise<BoardSprints> {
    const boards = [...this.boards.keys()];
    const lists = await Promise.all(this.boards.values());
    const sprints = lists.flatMap((list) => list ?? []);
    const unreadable = boards.filter((_board, index) => lists[index] === null);
    const notices = unreadable.map(
      (board) =>
        `Source ${this.sourceName}: board ${board}'s future sprints could not be read (GET /rest/agile/1.0/board/${board}/sprint answered 403 or 404, or 400 for a Kanban board: the board has no sprints, the token may not see it, or it was deleted); "next" for that board comes from the items' own sprints, and misses a next sprint no item is in yet.`,
    );
    return { sprints, notices };
  }
}

/** A board's future sprints, one page after another, read the same from the Agile API and from an export's saved pages. */
export class BoardSprintList {
  readonly sprints: Sprint[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly board: string) {}

  /** Adds a page's future sprints, each once; says how many sprints it added and whether it is the last page. */
  add(page: z.infer<typeof sprintPageSchema>): { added: number; last: boolean } {
    let added = 0;
    for (const value of page.values) {
      if (this.seen.has(value.id)) continue;
      this.seen.add(value.id);
      added += 1;
      if (value.state.toLowerCase() !== 'future') continue;
      // A board's filter may show another board's sprint: the items' Sprint field names it by its origin board.
      const origin = value.originBoardId === null || value.originBoardId === undefined ? this.board : String(value.originBoardId);
      this.sprints.push({ id: value.id, name: value.name, state: 'future', board: origin, start: value.startDate ?? null, end: value.endDate ?? null, sequence: this.sprints.length });
    }
    // isLast is in the documented shape; a server that leaves it out has more only when the page is full.
    const last = (page.isLast ?? page.values.length < (page.maxResults ?? PAGE_SIZE)) || page.values.length === 0;
    return { added, last };
  }
}

async function futureSprintsOf(sourceName: string, client: JiraClient, board: string, onPayload?: (payload: FetchedPayload) => void): Promise<Sprint[] | null> {
  const list = new BoardSprintList(board);
  for (let startAt = 0, pageNumber = 1; ; pageNumber++) {
    const name = `GET /rest/agile/1.0/board/${board}/sprint (state=future, startAt=${startAt})`;
    const body = await client.getBoardFutureSprints(board, startAt, PAGE_SIZE);
    if (body === null) {
      if (pageNumber === 1) return null;
      throw new BacklintError('source', `Source ${sourceName}: ${name} answered 403 or 404, though the page before was readable.`);
    }
    const page = validate(sourceName, name, sprintPageSchema, body, 'a page of sprints');
    const { added, last } = list.add(page);
    onPayload?.({ kind: 'board-sprints', of: board, body });
    if (last) return list.sprints;
    if (added === 0 || pageNumber >= MAX_PAGES) {
      throw new BacklintError('source', `Source ${sourceName}: ${name} answered no new sprints yet isLast false: the list would never end.`);
    }
    startAt += page.values.length;
  }
}
