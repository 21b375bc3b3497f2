// A parent's kind is only known when the parent's own type is: fill it in from the items fetched together.
import type { WorkItem } from '../model.js';

export function resolveParentKinds(items: WorkItem[]): WorkItem[] {
  const kinds = new Map(items.map((item) => [item.key, item.kind]));
  for (const item of items) {
    if (item.parent && item.parent.kind === null) item.parent.kind = kinds.get(item.parent.key) ?? null;
  }
  return items;
}
