// What both trackers' `backlint export` share (SPEC §10): the settings an export source keeps from its live
// source, and how saved pages are named so that a folder read in name order reads them in fetch order.
import type { AzureDevOpsSourceConfig, JiraSourceConfig } from '../config/schema.js';

/** The live source's settings an export source takes over as they are: name, fields, types, ownership, acceptance criteria. */
export function keptSettings(source: JiraSourceConfig | AzureDevOpsSourceConfig): Record<string, unknown> {
  const nonEmpty = (value: object) => Object.keys(value).length > 0;
  return {
    name: source.name,
    ...(nonEmpty(source.fields) ? { fields: source.fields } : {}),
    ...(nonEmpty(source.types) ? { types: source.types } : {}),
    ...(source.ownership === undefined ? {} : { ownership: source.ownership }),
    ...(source.acceptanceCriteria === undefined ? {} : { acceptanceCriteria: source.acceptanceCriteria }),
  };
}

/** `page-0000001.json`: seven digits hold every page number and Data Center startAt (at most 5,000,000 issues). */
export const pageFile = (folder: string, number: number) => `${folder}/page-${String(number).padStart(7, '0')}.json`;
