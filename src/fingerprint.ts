// A finding's identity across runs (SPEC §10): source, item key and rule id, never the wording, so a
// reworded message does not make an old finding new.
import { createHash } from 'node:crypto';

export function fingerprintOf(source: string, itemKey: string, ruleId: string): string {
  return createHash('sha256').update([source, itemKey, ruleId].join('\u0000')).digest('hex').slice(0, 32);
}
