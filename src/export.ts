// `backlint export --out DIR` (SPEC §10): each selected live source fetched as `check` fetches it, every
// answer saved in the vendor's own shape (SPEC §3.3), plus DIR/backlint.config.yaml with one export source
// per live source, so that `backlint check --config DIR/backlint.config.yaml` gives the live run's findings
// with no network and no token. Everything goes to a folder beside DIR first, and DIR is only put in place
// once every source has been fetched completely and every file written: a failed fetch leaves no file.
import { copyFile, mkdtemp, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import type { Config, SourceConfig } from './config/schema.js';
import { findConfigFile, loadConfig } from './config/load.js';
import { exportSourceFiles, resolveRosterPeople, type ExportedSource, type ExportFolder } from './connectors/index.js';
import { savedPeopleDocument } from './connectors/saved-people.js';
import { ownershipOf } from './roster/apply.js';
import { loadRoster, type Roster } from './roster/load.js';
import { BacklintError } from './errors.js';
import { eachSourceToItsEnd } from './connectors/fetch-all.js';
import { displayPath } from './display-path.js';
import { makeDirs } from './make-dirs.js';
import { silentProgress, type Progress } from './progress.js';
import { withoutUrlCredentials } from './redact.js';
import { selectSources } from './runner.js';
import { redactKnownSecrets } from './safe-output.js';
import { VERSION } from './package-info.js';

export const EXPORT_CONFIG = 'backlint.config.yaml';

export interface ExportOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  configFile?: string;
  out: string;
  sources: string[];
  /** Replace a DIR that is not empty. */
  force: boolean;
  progress?: Progress;
}

export interface ExportOutcome {
  dir: string;
  config: string;
  sources: { name: string; items: number }[];
  notices: string[];
}

export async function runExport(options: ExportOptions): Promise<ExportOutcome> {
  const file = options.configFile ? path.resolve(options.cwd, options.configFile) : findConfigFile(options.cwd);
  if (file === null) throw new BacklintError('usage', 'No backlint.config.yaml here to export from. Run `backlint init` to write one, or name one with --config.');
  const loaded = await loadConfig(file, options.env);
  const { live: selected, skipped } = liveSourcesOf(selectSources(loaded, options.sources), options.sources.length > 0);
  const dir = path.resolve(options.cwd, options.out);
  await checkDestination(dir, options.force, [loaded.file, options.cwd]);

  await makeDirs(path.dirname(dir));
  const staging = await mkdtemp(path.join(path.dirname(dir), `.${path.basename(dir)}.backlint-export-`));
  try {
    const folder = new StagingFolder(staging);
    // The roster first: an unreadable teams file fails before anything is fetched.
    const teamsFile = loaded.config.teamsFile === undefined ? null : `teams${path.extname(loaded.config.teamsFile).toLowerCase() || '.yaml'}`;
    if (loaded.config.teamsFile !== undefined && teamsFile !== null) await copyTeamsFile(loaded.config.teamsFile, path.join(staging, teamsFile));
    const roster = await loadRoster(loaded.config, path.relative(options.cwd, loaded.file) || loaded.file);
    const exported = await exportAll(selected, folder, { includeDone: loaded.config.checkDone, progress: options.progress ?? silentProgress });
    await saveRosterPeople(selected, exported, roster, folder);
    const config = exportConfigOf(loaded.config, exported, { dir, teamsFile, from: path.relative(options.cwd, loaded.file) || loaded.file });
    folder.save(EXPORT_CONFIG, config);
    await folder.finish();
    await putInPlace(staging, dir);
    return {
      dir,
      config: path.join(dir, EXPORT_CONFIG),
      sources: selected.map((source, index) => ({ name: source.name, items: exported[index]!.items })),
      notices: [
        ...skipped.map((source) => `Source ${source.name} is export files already (type ${source.type}): not part of the export.`),
        ...exported.flatMap((entry) => entry.notices),
      ],
    };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

type LiveSource = Extract<SourceConfig, { type: 'jira' | 'azure-devops' }>;

/** The live sources among those selected, and the export sources left out: they have nothing to fetch. */
function liveSourcesOf(sources: readonly SourceConfig[], named: boolean): { live: LiveSource[]; skipped: SourceConfig[] } {
  const live = sources.filter((source): source is LiveSource => source.type === 'jira' || source.type === 'azure-devops');
  const saved = sources.filter((source) => !live.includes(source as LiveSource));
  if (named && saved.length > 0) {
    throw new BacklintError('usage', `--source ${saved.map((source) => source.name).join(', ')}: already export files (type ${saved[0]!.type}); export saves live sources (type jira or azure-devops).`);
  }
  if (live.length === 0) throw new BacklintError('usage', 'The config has no live source (type jira or azure-devops) to export.');
  return { live, skipped: saved };
}

/**
 * The roster people of each source that takes owners from the roster, looked up on the site now and saved
 * beside its items, so that the export's check reports an unknown or deactivated roster person as the live
 * check does (SPEC §4). Every roster name is asked: which teams an item matches is the check's to decide.
 */
async function saveRosterPeople(sources: readonly LiveSource[], exported: readonly ExportedSource[], roster: Roster | null, folder: ExportFolder): Promise<void> {
  if (roster === null) return;
  const written = [...new Set(roster.teams.flatMap((team) => [...team.productOwners, ...team.productManagers]))];
  if (written.length === 0) return;
  await Promise.all(
    sources.map(async (source, index) => {
      if (ownershipOf(source, roster) === 'field') return;
      const people = await resolveRosterPeople(source, written);
      if (people === null) return;
      const file = `${source.name}/roster-people.json`;
      folder.save(file, savedPeopleDocument(people));
      exported[index]!.source.rosterPeopleFile = file;
    }),
  );
}

/** DIR may be new or empty; a DIR with files only with --force, and never one holding the config or the working directory. */
async function checkDestination(dir: string, force: boolean, keep: readonly string[]): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (info === null) return;
  if (!info.isDirectory()) throw new BacklintError('usage', `--out ${displayPath(dir)}: not a folder.`);
  const inside = keep.find((file) => file === dir || file.startsWith(`${dir}${path.sep}`));
  if (inside !== undefined) throw new BacklintError('usage', `--out ${displayPath(dir)}: holds ${displayPath(inside)}, which an export must not replace; name a folder of its own.`);
  const entries = await readdir(dir);
  if (entries.length > 0 && !force) {
    throw new BacklintError('usage', `--out ${displayPath(dir)}: the folder is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}); name a new or empty folder, or give --force to replace it.`);
  }
}

/** Every source exported side by side, each to its end, so that a failed run names every source that failed (as check does). */
async function exportAll(sources: readonly LiveSource[], folder: ExportFolder, context: { includeDone: boolean; progress: Progress }): Promise<ExportedSource[]> {
  try {
    return await eachSourceToItsEnd(sources, (source, signal) => exportSourceFiles(source, { ...context, signal }, folder));
  } finally {
    context.progress.stop();
  }
}

/**
 * Writes each file as it is handed over (a large export is never held in memory whole); `finish` waits
 * for them all and throws the first failure. An export is meant to be handed around: no file may hold a
 * secret the config read, nor a URL's credentials.
 */
class StagingFolder implements ExportFolder {
  private readonly writes: Promise<void>[] = [];
  private failure: unknown = null;

  constructor(private readonly root: string) {}

  save(file: string, body: unknown): void {
    // Credentials in a URL of an item's text are cut out as every report cuts them; a token is refused.
    const text = withoutUrlCredentials(typeof body === 'string' ? body : `${JSON.stringify(body)}\n`);
    if (redactKnownSecrets(text) !== text) {
      this.failure ??= new BacklintError('source', `The export's ${file} would hold a token the config read; nothing was written.`);
      return;
    }
    const target = path.join(this.root, file);
    this.writes.push(
      makeDirs(path.dirname(target))
        .then(() => writeFile(target, text, 'utf8'))
        .catch((error: unknown) => void (this.failure ??= new BacklintError('io', `Cannot write ${displayPath(target)}: ${(error as Error).message}.`))),
    );
  }

  async finish(): Promise<void> {
    await Promise.all(this.writes);
    if (this.failure !== null) throw this.failure;
  }
}

/** The roster travels with the export, so that its check matches items to the same teams. */
async function copyTeamsFile(from: string, to: string): Promise<void> {
  try {
    await copyFile(from, to);
  } catch (error) {
    throw new BacklintError('config', `Cannot read the teams file ${displayPath(from)}: ${(error as Error).message}.`);
  }
}

/** The staged folder becomes DIR: an empty DIR is replaced, a full one (--force) moved aside first and removed once the new one stands. */
async function putInPlace(staging: string, dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (info === null) {
    await rename(staging, dir);
    return;
  }
  if ((await readdir(dir)).length === 0) {
    await rmdir(dir);
    await rename(staging, dir);
    return;
  }
  const old = `${staging}.old`;
  await rename(dir, old);
  try {
    await rename(staging, dir);
  } catch (error) {
    await rename(old, dir);
    throw error;
  }
  await rm(old, { recursive: true, force: true });
}

/**
 * DIR/backlint.config.yaml: the exported sources, and the run settings of the config they came from
 * (rules, roles, scopes, roster, plugins), so that a check on the export decides as a check on the site.
 * Paths are relative to DIR; the teams file is copied beside it.
 */
function exportConfigOf(config: Config, exported: readonly ExportedSource[], where: { dir: string; teamsFile: string | null; from: string }): string {
  const relative = (file: string) => {
    const found = path.relative(where.dir, file).split(path.sep).join('/');
    return found.startsWith('.') ? found : `./${found}`;
  };
  const nonEmpty = (value: object) => Object.keys(value).length > 0;
  const document = {
    sources: exported.map((entry) => entry.source),
    ...(nonEmpty(config.rules) ? { rules: config.rules } : {}),
    ...(config.roles === undefined ? {} : { roles: config.roles }),
    ...(config.acceptanceCriteria === undefined ? {} : { acceptanceCriteria: config.acceptanceCriteria }),
    ...(config.ignoreLabel === 'backlint-ignore' ? {} : { ignoreLabel: config.ignoreLabel }),
    ...(config.checkDone ? { checkDone: true } : {}),
    // A path (resolved when the config loaded) is made relative to DIR; a bare name is a package.
    ...(config.plugins.length > 0 ? { plugins: config.plugins.map((plugin) => (path.isAbsolute(plugin) ? relative(plugin) : plugin)) } : {}),
    ...(config.baseline === undefined ? {} : { baseline: relative(config.baseline) }),
    ...(config.scope === undefined ? {} : { scope: config.scope }),
    ...(config.overrides.length > 0 ? { overrides: config.overrides } : {}),
    ...(nonEmpty(config.scopes) ? { scopes: config.scopes } : {}),
    ...(config.teams === undefined ? {} : { teams: config.teams }),
    ...(where.teamsFile === null ? {} : { teamsFile: where.teamsFile }),
  };
  const header = [
    `# Written by backlint ${VERSION} export from ${where.from}: the sources' items as their APIs answered, linted offline with`,
    `#   backlint check --config ${EXPORT_CONFIG} (no network, no token).`,
  ].join('\n');
  return `${header}\n${YAML.stringify(document, { lineWidth: 0 })}`;
}
