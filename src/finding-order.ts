// The order of findings in every report (SPEC §9): by source, item key (numeric-aware, so PAY-9 comes
// before PAY-10) and rule id, so reports diff cleanly. The engine sorts with it, the baseline file too;
// it lives here rather than in a reporter because data flows from the engine to the reporters, not back.
import type { Finding } from './model.js';

let keyCollator: Intl.Collator | null = null;
/** Made on first use: ICU's collation data takes ~10 ms to load, not to be spent before a run's first request. */
const collator = (): Intl.Collator => (keyCollator ??= new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' }));

/** Loads the collation data now: `check` calls it once its requests are out, in time spent waiting on them. */
export function prepareFindingOrder(): void {
  collator();
}

/** What the item order looks at. */
export type ItemOrderKey = Pick<Finding, 'source' | 'itemKey'>;
/** What the report order looks at; baseline entries have it too. */
export type FindingOrderKey = ItemOrderKey & Pick<Finding, 'ruleId'>;

/** Source, then item key numeric-aware (PAY-9 before PAY-10). */
export function compareItems(a: ItemOrderKey, b: ItemOrderKey): number {
  return compareText(a.source, b.source) || collator().compare(a.itemKey, b.itemKey) || compareText(a.itemKey, b.itemKey);
}

/** The SPEC §9 order: source, item key numeric-aware, rule id. */
export function compareFindings(a: FindingOrderKey, b: FindingOrderKey): number {
  return compareItems(a, b) || compareText(a.ruleId, b.ruleId);
}

// Code-unit order: the same on every machine, whatever its locale.
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
