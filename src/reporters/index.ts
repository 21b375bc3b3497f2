// The output formats by name, as `--format NAME[:PATH]` spells them (SPEC §9).
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { jsonChunks, renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderStylish } from './stylish.js';
import type { Report } from '../model.js';
import { FORMAT_NAMES, type FormatName, type Reporter } from './types.js';

const byName: Record<FormatName, Reporter> = {
  stylish: renderStylish,
  json: renderJson,
  html: renderHtml,
  markdown: renderMarkdown,
  junit: renderJunit,
  sarif: renderSarif,
  csv: renderCsv,
};

// A Map, not an object: `--format constructor` or `__proto__` must be an unknown format, not a prototype hit.
export const reporters: ReadonlyMap<string, Reporter> = new Map(FORMAT_NAMES.map((name) => [name, byName[name]]));

/** Formats a file can be written of in pieces, as it is rendered (SPEC §11): the same text as the reporter's. */
export const reportPieces: ReadonlyMap<string, (report: Report) => Iterable<string>> = new Map([['json', jsonChunks]]);

export const formatNames: readonly string[] = FORMAT_NAMES;
