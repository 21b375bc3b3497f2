// The output formats by name, as `--format NAME[:PATH]` spells them (SPEC §9).
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderStylish } from './stylish.js';
import type { Reporter } from './types.js';

export const reporters: Record<string, Reporter> = {
  stylish: renderStylish,
  json: renderJson,
  html: renderHtml,
  markdown: renderMarkdown,
  junit: renderJunit,
  sarif: renderSarif,
  csv: renderCsv,
};

export const formatNames: readonly string[] = Object.keys(reporters);
