// The output formats by name, as `--format NAME[:PATH]` spells them (SPEC §9).
import { renderJson } from './json.js';
import { renderStylish } from './stylish.js';
import type { Reporter } from './types.js';

export const reporters: Record<string, Reporter> = {
  stylish: renderStylish,
  json: renderJson,
};

export const formatNames: readonly string[] = Object.keys(reporters);
