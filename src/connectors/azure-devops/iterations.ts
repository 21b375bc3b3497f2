// An Azure DevOps team's iterations as sprints (SPEC §5 sprint conditions): from the live
// work/teamsettings/iterations call or a saved copy of its response in an export.
import { z } from 'zod';
import type { Sprint, WorkItem } from '../../model.js';

export interface TeamIteration {
  id: string | null;
  name: string;
  path: string;
  start: string | null;
  end: string | null;
}

/** A saved `GET {project}/{team}/_apis/work/teamsettings/iterations` response, or its `value` list. */
const iterationSchema = z.object({
  id: z.string().optional(),
  name: z.string(),
  path: z.string(),
  attributes: z.object({ startDate: z.string().nullable().optional(), finishDate: z.string().nullable().optional() }).loose().optional(),
}).loose();
export const iterationsResponseSchema = z.union([z.array(iterationSchema), z.object({ value: z.array(iterationSchema) }).loose()]);

export function iterationsOfResponse(response: z.infer<typeof iterationsResponseSchema>): TeamIteration[] {
  const list = Array.isArray(response) ? response : response.value;
  return list.map((entry) => ({ id: entry.id ?? null, name: entry.name, path: entry.path, start: entry.attributes?.startDate ?? null, end: entry.attributes?.finishDate ?? null }));
}

/** The team's iterations by path, lower case; the state comes from the dates on the run's clock (the server's timeFrame is its own clock). */
export function iterationCalendar(iterations: readonly TeamIteration[], team: string): Map<string, Sprint> {
  return new Map(iterations.map((iteration) => [iteration.path.toLowerCase(), { id: iteration.id, name: iteration.name, state: null, board: team, start: iteration.start, end: endOfDay(iteration.end), sequence: null }]));
}

const DAY_MS = 86_400_000;

/**
 * An iteration's finishDate is its last day (Azure DevOps stores the date, at midnight UTC), so the sprint
 * ends when that day does: without this a sprint closed a day early, and `current` held nothing on its last
 * day. A finish with a time of day is taken as that instant.
 */
function endOfDay(finish: string | null): string | null {
  if (finish === null) return null;
  const at = Date.parse(finish);
  return Number.isNaN(at) || at % DAY_MS !== 0 ? finish : new Date(at + DAY_MS).toISOString();
}

/** Each item with its iteration as one of the team's sprints; an iteration the team does not have (the backlog root) is no sprint. */
export function withIterationSprints(items: readonly WorkItem[], calendar: ReadonlyMap<string, Sprint>): WorkItem[] {
  return items.map((item) => {
    const sprint = item.iteration === null ? undefined : calendar.get(item.iteration.toLowerCase());
    return { ...item, sprints: sprint === undefined ? [] : [sprint] };
  });
}
