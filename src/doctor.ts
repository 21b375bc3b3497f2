// `backlint doctor` (SPEC §8): loads the config as `check` does, then asks each selected source whether
// it can be linted (connection, auth, permissions, query, field mapping), without linting anything.
import path from 'node:path';
import { findConfigFile, loadConfig } from './config/load.js';
import { doctorSource, type DoctorCheck } from './connectors/index.js';
import type { SourceConfig } from './config/schema.js';
import { BacklintError } from './errors.js';
import { silentProgress } from './progress.js';
import { selectSources } from './runner.js';

export interface DoctorOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  configFile?: string;
  sources: string[];
}

export interface DoctorOutcome {
  ok: boolean;
  sources: { source: SourceConfig; checks: DoctorCheck[] }[];
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorOutcome> {
  const file = options.configFile ? path.resolve(options.cwd, options.configFile) : findConfigFile(options.cwd);
  if (file === null) throw new BacklintError('usage', 'No backlint.config.yaml here to check. Run `backlint init` to write one, or name one with --config.');
  const loaded = await loadConfig(file, options.env);
  const selected = selectSources(loaded, options.sources);
  const controller = new AbortController();
  const sources = await Promise.all(
    selected.map(async (source) => ({ source, checks: await doctorSource(source, { includeDone: loaded.config.checkDone, progress: silentProgress, signal: controller.signal }) })),
  );
  return { ok: sources.every(({ checks }) => checks.every((check) => check.ok)), sources };
}
