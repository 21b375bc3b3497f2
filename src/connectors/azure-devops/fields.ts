// Azure DevOps field references (SPEC §3.2, §4): reference names as they are, display names through the
// /fields list, built-in `assignee` / `reporter`.
import { BacklintError } from '../../errors.js';
import { nearestNames } from '../../suggest.js';
import type { FieldsConfig } from '../../config/schema.js';
import type { AdoField } from './payload.js';

export interface ResolvedAdoFields {
  productOwner: string | null;
  productManager: string | null;
  acceptanceCriteria: string;
  team: string;
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
  const owner = (key: 'productOwner' | 'productManager', displayName: string, reference: string) => {
    const wanted = config[key];
    if (wanted !== undefined) return resolve(key, wanted);
    return byName(displayName) ?? (exists(reference) ? reference : null);
  };
  return {
    productOwner: owner('productOwner', 'Product Owner', 'Custom.ProductOwner'),
    productManager: owner('productManager', 'Product Manager', 'Custom.ProductManager'),
    acceptanceCriteria: config.acceptanceCriteria ? resolve('acceptanceCriteria', config.acceptanceCriteria) : 'Microsoft.VSTS.Common.AcceptanceCriteria',
    team: config.team ? resolve('team', config.team) : 'System.AreaPath',
    iteration: config.iteration ? resolve('iteration', config.iteration) : 'System.IterationPath',
  };
}
