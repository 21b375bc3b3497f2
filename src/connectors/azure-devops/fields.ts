// Azure DevOps field references (SPEC §3.2, §4): reference names as they are, display names through the
// /fields list, built-in `assignee` / `reporter`.
import { BacklintError } from '../../errors.js';
import { nearestNames } from '../../suggest.js';
import { fieldNamesOf, type FieldsConfig, type ListedField } from '../../config/schema.js';
import type { AdoField } from './payload.js';

/** Reference names per logical field; the listed ones in the config's order (SPEC §4: an item reads whichever it carries). */
export interface ResolvedAdoFields {
  productOwner: string[];
  productManager: string[];
  acceptanceCriteria: string[];
  team: string[];
  iteration: string;
}

// A Map: a field named `constructor` or `__proto__` must not find Object.prototype's.
const BUILT_IN = new Map([
  ['assignee', 'System.AssignedTo'],
  ['reporter', 'System.CreatedBy'],
  ['creator', 'System.CreatedBy'],
]);
const REFERENCE_NAME = /^[A-Za-z_][\w]*(\.[\w]+)+$/;

/**
 * `known` is the /fields list when there is one; `present` the field keys seen on the items (an export
 * has no other way to tell whether a field exists: ADO omits empty fields).
 */
export function resolveAdoFields(sourceName: string, config: FieldsConfig, known: readonly AdoField[] | null, present: ReadonlySet<string>): ResolvedAdoFields {
  const byName = (name: string) => known?.find((field) => field.name.toLowerCase() === name.toLowerCase())?.referenceName ?? null;
  const exists = (reference: string) => (known ? known.some((field) => field.referenceName.toLowerCase() === reference.toLowerCase()) : present.has(reference));
  const resolve = (key: keyof FieldsConfig, wanted: string): string => {
    const builtIn = BUILT_IN.get(wanted.toLowerCase());
    if (builtIn) return builtIn;
    if (REFERENCE_NAME.test(wanted)) return wanted;
    const found = byName(wanted);
    if (found) return found;
    if (!known) return `Custom.${wanted.replace(/[^\w]/g, '')}`; // the inherited-process convention
    const suggestions = nearestNames(wanted, known.map((field) => field.name));
    const hint = suggestions.length > 0 ? ` The nearest names it has: ${suggestions.map((s) => `'${s}'`).join(', ')}.` : '';
    throw new BacklintError('config', `Source ${sourceName}: fields.${key}: no field is named '${wanted}'.${hint}`);
  };
  const listed = (key: ListedField, fallback: () => string[]): string[] => {
    const wanted = fieldNamesOf(config, key);
    return wanted === undefined ? fallback() : [...new Set(wanted.map((name) => resolve(key, name)))];
  };
  // Unmapped owner fields: the organization's field named Product Owner / Product Manager, if it has one.
  const owner = (displayName: string, reference: string) => () => {
    const found = byName(displayName) ?? (exists(reference) ? reference : null);
    return found === null ? [] : [found];
  };
  return {
    productOwner: listed('productOwner', owner('Product Owner', 'Custom.ProductOwner')),
    productManager: listed('productManager', owner('Product Manager', 'Custom.ProductManager')),
    acceptanceCriteria: listed('acceptanceCriteria', () => ['Microsoft.VSTS.Common.AcceptanceCriteria']),
    team: listed('team', () => ['System.AreaPath']),
    iteration: config.iteration ? resolve('iteration', config.iteration) : 'System.IterationPath',
  };
}
