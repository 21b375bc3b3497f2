// Azure DevOps state categories as backlint reads them: from the category the service gives a state, or
// from the state's name alone. No client code: exports use it too.
import type { StateCategory } from '../../model.js';

// Maps, not object literals: a category or state named `constructor` (the server's text) must not
// find Object.prototype's.
const CATEGORY_OF = new Map<string, StateCategory>([
  ['proposed', 'todo'],
  ['inprogress', 'in-progress'],
  ['resolved', 'in-progress'],
  ['completed', 'done'],
  ['removed', 'done'],
]);

/** A state category as Azure DevOps names it (Proposed, InProgress, Resolved, Completed, Removed), as backlint reads it. */
export const stateCategoryOf = (category: string): StateCategory => CATEGORY_OF.get(category.toLowerCase()) ?? 'in-progress';

/** A state's category from its name alone: `done` states, `todo` states, any other in progress (case-insensitive). */
export function categoryByName(done: readonly string[], todo: readonly string[]): (state: string) => StateCategory {
  const doneSet = new Set(done.map((state) => state.toLowerCase()));
  const todoSet = new Set(todo.map((state) => state.toLowerCase()));
  return (state) => {
    const lower = state.toLowerCase();
    return doneSet.has(lower) ? 'done' : todoSet.has(lower) ? 'todo' : 'in-progress';
  };
}
