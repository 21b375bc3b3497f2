// `backlint init --teams` (SPEC §4 Discovery): reads the config's live sources and writes a commented
// starter roster, backlint.teams.yaml beside the config. Everything is read before anything is written:
// a failed request fails the command (exit 2, naming the source and the request) and writes no file; only
// project roles the account may not read (Data Center: project admins only) are a note, said on stderr. The
// file passes the same guard as printed output (known secrets redacted, CI log commands broken): its
// names come from the tracker. It must then be a roster the roster schema accepts, or nothing is written.
import { existsSync } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import YAML from 'yaml';
import { findConfigFile, loadConfig } from './config/load.js';
import type { AzureDevOpsSourceConfig, JiraSourceConfig, SourceConfig } from './config/schema.js';
import { BacklintError } from './errors.js';
import { teamsSchema } from './roster/schema.js';
import { renderStarterRoster, type Discovery } from './roster/starter.js';
import { guardPrinted } from './safe-output.js';
import { discoverTeams } from './connectors/index.js';

export const ROSTER_FILE_NAME = 'backlint.teams.yaml';

export interface InitTeamsOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  configFile?: string;
  force: boolean;
}

export interface InitTeamsOutcome {
  file: string;
  teams: number;
  sources: string[];
  /** What could not be read, per source (guarded as the file is), for stderr. */
  warnings: string[];
}

type LiveSource = JiraSourceConfig | AzureDevOpsSourceConfig;
const isLive = (source: SourceConfig): source is LiveSource => source.type === 'jira' || source.type === 'azure-devops';

export async function runInitTeams(options: InitTeamsOptions): Promise<InitTeamsOutcome> {
  const configFile = options.configFile ? path.resolve(options.cwd, options.configFile) : findConfigFile(options.cwd);
  if (configFile === null) {
    throw new BacklintError('usage', 'No backlint.config.yaml here to read sources from. `backlint init --teams` asks the live sources of a config (type jira or azure-devops): write one with `backlint init`, or name one with --config.');
  }
  const loaded = await loadConfig(configFile, options.env);
  const configName = path.relative(options.cwd, loaded.file) || loaded.file;
  const live = loaded.config.sources.filter(isLive);
  if (live.length === 0) {
    throw new BacklintError('config', `${configName} has no live source (type jira or azure-devops): discovery asks the tracker itself, an export file does not say who leads what.`);
  }
  const file = path.join(loaded.dir, ROSTER_FILE_NAME);
  const shown = path.relative(options.cwd, file) || file;
  if (existsSync(file) && !options.force) throw new BacklintError('usage', `${shown} already exists; use --force to overwrite it.`);

  // All sources at once; the first failure stops the others (as fetch-all does) and nothing is written.
  const controller = new AbortController();
  const discoveries = await Promise.all(
    live.map((source) =>
      discoverTeams(source, { signal: controller.signal }).catch((error: unknown) => {
        controller.abort();
        throw error;
      }),
    ),
  );
  const text = guardPrinted(renderStarterRoster(discoveries));
  // What is written must be a roster backlint accepts, whatever names the tracker holds.
  let problem: string | null = null;
  try {
    const parsed = teamsSchema.safeParse((YAML.parse(text, { logLevel: 'error' }) as { teams?: unknown } | null)?.teams);
    if (!parsed.success) problem = parsed.error.issues.map((issue) => `teams.${issue.path.join('.')}: ${issue.message}`).join('; ');
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  if (problem !== null) throw new BacklintError('internal', `the starter roster is not a valid roster (${problem}); please report this.`);
  await writeFileAtomic(file, text, 'utf8');
  return {
    file: shown,
    teams: discoveries.reduce((sum, discovery) => sum + discovery.teams.length, 0),
    sources: live.map((source) => source.name),
    warnings: discoveries.flatMap((discovery) => (discovery.warnings ?? []).map((warning) => guardPrinted(`backlint: source ${discovery.source}: ${warning}.`))),
  };
}
