// Azure DevOps state categories: asked of the service per work item type (live), or judged by the state's
// name where none is at hand (exports; a live type whose states the service does not give, or a state its
// type does not list). Only items not done are checked (SPEC §5), so a state never guesses "in progress"
// where its name says done.
import pLimit from 'p-limit';
import { ADO_DONE_STATES, ADO_TODO_STATES } from '../../config/schema.js';
import type { StateCategory } from '../../model.js';
import type { FetchContext } from '../types.js';
import { AdoNotFoundError, type AdoClient, type AdoState } from './client.js';
import { categoryByName, stateCategoryOf } from './state-names.js';

const byDefaultName = categoryByName(ADO_DONE_STATES, ADO_TODO_STATES);

/**
 * State categories per type. The list of work item types, asked beside the fields and categories, carries
 * each type's states where the service includes them (WorkItemType.states): then the WIQL needs no further
 * round trip. A type it does not list with its states is asked getWorkItemTypeStates, once. A type the
 * service gives no states for (a 404: not a type of this project, as items of another project or a
 * renamed type are; or an empty list), and a state its type does not list, are judged by name
 * (ADO_DONE_STATES are done), and `judgedByName()` says which types were.
 */
export class StateCategories {
  private readonly byType = new Map<string, Promise<AdoState[]>>();
  private readonly loaded = new Map<string, Map<string, StateCategory>>();
  /** What the type list says; empty when it lists no states or the server has no such route (each type is then asked). */
  private readonly listed: Promise<Map<string, AdoState[]>>;
  /** Types (as items spell them) with items judged by their state's name, and how many. */
  private readonly guessed = new Map<string, number>();
  /** Types the default WIQL excluded done states of by name. */
  private readonly unlisted = new Set<string>();

  constructor(
    private readonly client: AdoClient,
    private readonly onPayload: FetchContext['onPayload'],
  ) {
    this.listed = client.getListedTypeStates().catch((error: unknown) => {
      if (error instanceof AdoNotFoundError) return new Map<string, AdoState[]>();
      throw error;
    });
    // Awaited by the first type whose states are needed; a run that needs none leaves no rejection unhandled.
    this.listed.catch(() => undefined);
  }

  async load(types: Iterable<string>): Promise<void> {
    await Promise.all([...new Set(types)].map((type) => this.statesOf(type)));
  }

  /** Each type's done states, for the default WIQL; a type with no states given, the done states by name. */
  async doneStatesOf(types: readonly string[], concurrency: number): Promise<Map<string, string[]>> {
    const limit = pLimit(concurrency);
    const lists = await Promise.all(types.map((type) => limit(() => this.statesOf(type))));
    return new Map(
      types.map((type, index) => {
        const states = lists[index]!;
        if (states.length === 0) {
          this.unlisted.add(type);
          return [type, [...ADO_DONE_STATES]];
        }
        return [type, states.filter((state) => stateCategoryOf(state.category) === 'done').map((state) => state.name)];
      }),
    );
  }

  categoryOf(type: string, state: string): StateCategory {
    const category = this.loaded.get(type.toLowerCase())?.get(state.toLowerCase());
    if (category !== undefined) return category;
    this.guessed.set(type, (this.guessed.get(type) ?? 0) + 1);
    return byDefaultName(state);
  }

  /** What was judged by name (`Azure DevOps gave no state categories for …`); null when nothing was. */
  judgedByName(project: string): string | null {
    const types = [...new Set([...this.unlisted, ...this.guessed.keys()])].sort();
    if (types.length === 0) return null;
    const items = [...this.guessed.values()].reduce((total, count) => total + count, 0);
    const what = items > 0 ? `${items.toLocaleString('en-US')} work item${items === 1 ? '' : 's'} of type${types.length === 1 ? '' : 's'} ${types.join(', ')}` : `type${types.length === 1 ? '' : 's'} ${types.join(', ')}`;
    return `Azure DevOps gave no state categories for ${what} in project ${project} (not its types or states there); judged by the state's name instead: ${ADO_DONE_STATES.join(', ')} count as done.`;
  }

  private statesOf(type: string): Promise<AdoState[]> {
    const key = type.toLowerCase();
    let states = this.byType.get(key);
    if (!states) {
      const asked = () =>
        this.client
          .getTypeStates(type)
          // A type the project does not have (items keep their old type name, or come from another project).
          .catch((error: unknown) => {
            if (error instanceof AdoNotFoundError) return [];
            throw error;
          });
      states = this.listed
        .then((listed) => listed.get(key) ?? asked())
        .then((list) => {
          this.onPayload?.({ kind: 'states', of: type, body: { count: list.length, value: list } });
          this.loaded.set(key, new Map(list.map((state) => [state.name.toLowerCase(), stateCategoryOf(state.category)])));
          return list;
        });
      this.byType.set(key, states);
      states.catch(() => this.byType.delete(key));
    }
    return states;
  }
}
