// A reporter turns a finished Report into text. Pure: no console, no file system, no clock.
import type { Report } from '../model.js';

export type GroupBy = 'item' | 'owner' | 'rule';

export interface ReporterOptions {
  /** Decided by the caller (TTY, NO_COLOR, FORCE_COLOR); a reporter never looks for itself. */
  color: boolean;
  groupBy: GroupBy;
}

export type Reporter = (report: Report, options: ReporterOptions) => string;
