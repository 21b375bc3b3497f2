// The output formats by name, as `--format NAME[:PATH]` spells them (SPEC §9).
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderStylish } from './stylish.js';
import type { Reporter } from './types.js';

// A Map, not an object: `--format constructor` or `__proto__` must be an unknown format, not a prototype hit.
export const reporters: ReadonlyMap<string, Reporter> = new Map([
  ['stylish', renderStylish],
  ['json', renderJson],
  ['html', renderHtml],
  ['markdown', renderMarkdown],
  ['junit', renderJunit],
  ['sarif', renderSarif],
  ['csv', renderCsv],
]);

export const formatNames: readonly string[] = [...reporters.keys()];
