// A reporter turns a finished Report into text. Pure: no console, no file system, no clock.
import type { Report } from '../model.js';

export type GroupBy = 'item' | 'owner' | 'rule' | 'team';
export const GROUP_BY: readonly GroupBy[] = ['item', 'owner', 'rule', 'team'];

/** How JUnit shows a warning: a failure (as ESLint's junit formatter), a skipped test, or a pass with the message in system-out. */
export type JunitWarnings = 'failure' | 'skipped' | 'passed';
export const JUNIT_WARNINGS: readonly JunitWarnings[] = ['failure', 'skipped', 'passed'];

/** The report formats (SPEC §9), named here so the CLI can list them without loading the reporters. */
export const FORMAT_NAMES = ['stylish', 'json', 'html', 'markdown', 'junit', 'sarif', 'csv'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export const DEFAULT_MARKDOWN_LIMIT = 200;

export interface ReporterOptions {
  /** Decided by the caller (TTY, NO_COLOR, FORCE_COLOR); a reporter never looks for itself. */
  color: boolean;
  /** Unset: each format's own default (stylish by item, markdown by owner). */
  groupBy?: GroupBy | undefined;
  /** Markdown: list at most this many findings, then "and N more". */
  markdownLimit?: number | undefined;
  /** JUnit: how a warning finding shows. */
  junitWarnings?: JunitWarnings | undefined;
  /**
   * Stylish: the terminal's width in columns, to wrap messages to; unset (a file, a pipe) never wraps.
   * Decided by the caller from `process.stdout.columns`, as `color` is.
   */
  width?: number | undefined;
  /** CSV: start with a UTF-8 byte order mark, for spreadsheets (Excel) that otherwise misread UTF-8. */
  csvBom?: boolean | undefined;
}

export type Reporter = (report: Report, options: ReporterOptions) => string;
