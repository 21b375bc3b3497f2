// A finding's identity across runs (SPEC §10): source, item key and rule id, never the wording, so a
// reworded message does not make an old finding new.
import { createHash } from 'node:crypto';

/** `detail` tells apart several findings of one rule on one item (a team's roster people). */
export function fingerprintOf(source: string, itemKey: string, ruleId: string, detail?: string): string {
  const parts = detail === undefined ? [source, itemKey, ruleId] : [source, itemKey, ruleId, detail];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}
