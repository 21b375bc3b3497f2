// `backlint check` from config to report files. Everything is fetched and rendered before the output
// stage (src/output.ts) writes the files as one transaction, so a failure leaves every old report in
// place (SPEC §8, §12).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { builtinRules } from '../rules/index.js';
import { applyBaseline, looksLikeReport, parseBaseline, reachOf, updateBaseline, type BaselineFile } from './baseline.js';
import { compareWithPrevious, parsePreviousReport } from './compare.js';
import { CONFIG_FILE_NAMES, findConfigFile, loadConfig, type LoadedConfig } from './config/load.js';
import type { SourceConfig } from './config/schema.js';
import { fetchSources } from './connectors/fetch-all.js';
import type { FetchContext, SourceResult } from './connectors/types.js';
import { exportFilesOf } from './connectors/files.js';
import { calendarOf, Linter, summarise, type SourceLinter } from './engine.js';
import { BacklintError } from './errors.js';
import { isKnown, type Report, type WorkItem } from './model.js';
import { HeapKeeper } from './heap.js';
import { underHistory } from './history.js';
import { emitReports, loadReporters, planOutputs, type FileTarget, type FormatTarget } from './output.js';
import { InputFileError, readRegularFile } from './read-file.js';
import type { GroupBy, JunitWarnings } from './reporters/types.js';
import { createRoleMatcher, withRosterRoles } from './roles.js';
import { silentProgress, type Progress } from './progress.js';
import { configureRules, loadPluginRules } from './rules-config.js';
import { displayPath } from './display-path.js';
import { prepareFindingOrder } from './finding-order.js';
import { DEMO_CONFIG, PACKAGE_ROOT, VERSION } from './package-info.js';
import { RosterStream } from './roster/apply.js';
import { redactSecretsIn } from './safe-output.js';
import { loadRoster } from './roster/load.js';
import { resolveRosterPeople } from './connectors/index.js';
import { refuseSprintsWithoutData, scopeSetupOf, usesSprints, type SprintCalendar } from './scope.js';
import type { NotifyConfig } from './notify/schema.js';
import type { NotifyMode } from './notify/stage.js';

export type { FormatTarget } from './output.js';

export interface CheckOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  configFile?: string;
  /** `--demo`: lint the bundled demo dataset whatever config is here, also with CI set. */
  demo?: boolean;
  sources: string[];
  formats: FormatTarget[];
  baseline?: string;
  updateBaseline: boolean;
  /** `--hide-baseline`: leave the known (baselined) findings out of the reports' lists, as ESLint does. */
  hideBaseline?: boolean;
  /** `--history FILE`: append this run to a JSON Lines history (SPEC §10); reports then show the trend. */
  history?: string;
  maxWarnings?: number;
  quiet: boolean;
  groupBy?: GroupBy;
  /** `--compare`: an earlier JSON report to mark findings new or old against. */
  compare?: string;
  markdownLimit?: number;
  junitWarnings?: JunitWarnings;
  /** `--csv-bom`: the CSV report starts with a UTF-8 byte order mark. */
  csvBom?: boolean;
  /** `--jql` / `--wiql`: this run's query for every selected Jira / Azure DevOps source. */
  jql?: string;
  wiql?: string;
  /** `--scope NAME`: a named scope of the config, or a built-in one, on top of the config's scope. */
  scope?: string;
  /** `--notify` / `--notify-dry-run`: the config must have a notify section (checked before anything is fetched). */
  notify?: NotifyMode;
  progress?: Progress;
  /** Colour for what goes to stdout (files never get colour). */
  color: boolean;
  /** The terminal width for what goes to stdout (files are never wrapped); unset when stdout is no terminal. */
  width?: number;
  now: Date;
}

export interface CheckOutcome {
  exitCode: 0 | 1;
  /** Lines for stdout before the report (the demo notice). */
  notices: string[];
  /** What goes to stdout, if a format has no path. */
  stdout: string;
  /** Lines for stderr: which files were written. */
  messages: string[];
  report: Report;
  /** The config's notify section, when --notify or --notify-dry-run asked for it: the notify stage runs after this. */
  notify?: NotifyConfig;
}

export { DEMO_CONFIG, PACKAGE_ROOT, VERSION };
export const DEFAULT_BASELINE = 'backlint-baseline.json';

/** What `check` and `annotate` share up to the fetch: the config, rules, scope, selected sources and roster. */
export interface LintSetup {
  /** The config file named or found; null for the demo. */
  explicit: string | null;
  notices: string[];
  loaded: LoadedConfig;
  configName: string;
  rules: ReturnType<typeof configureRules>;
  scope: ReturnType<typeof scopeSetupOf>;
  selected: SourceConfig[];
  roster: Awaited<ReturnType<typeof loadRoster>>;
  /** `--baseline`, else the config's baseline, else null. */
  baselineFile: string | null;
}

type SetupOptions = Pick<CheckOptions, 'cwd' | 'env' | 'configFile' | 'demo' | 'sources' | 'scope' | 'baseline' | 'now'>;

/** Loads the config and everything the lint needs before anything is fetched (a config error costs no request). */
export async function prepareLint(options: SetupOptions): Promise<LintSetup> {
  const notices: string[] = [];
  if (options.demo && options.configFile) throw new BacklintError('usage', '--demo lints the bundled demo dataset: give it without --config.');
  const explicit = options.demo ? null : options.configFile ? path.resolve(options.cwd, options.configFile) : findConfigFile(options.cwd);
  const configFile = explicit ?? DEMO_CONFIG;
  if (!explicit && !options.demo && isCi(options.env)) {
    throw new BacklintError(
      'usage',
      `No backlint config here (looked for ${CONFIG_FILE_NAMES.join(', ')} in ${options.cwd}). With CI set, backlint never lints its demo instead: commit your config beside the job, or name it with --config.`,
    );
  }
  if (!explicit) {
    notices.push(
      options.demo
        ? 'Running on the bundled demo dataset (fixtures/demo). Run `backlint init` to lint your own backlog.'
        : 'No backlint.config.yaml here: running on the bundled demo dataset (fixtures/demo). Run `backlint init` to lint your own backlog.',
    );
  }
  const loaded = await loadConfig(configFile, options.env);
  const configName = path.relative(options.cwd, loaded.file) || loaded.file;
  const plugins = await loadPluginRules(loaded.config.plugins, loaded.dir);
  const rules = configureRules([...builtinRules, ...plugins], loaded.config.rules, configName, loaded.config.overrides);
  const scope = scopeSetupOf(loaded.config, options.scope, options.now);
  const selected = selectSources(loaded, options.sources);
  if (scope) refuseSprintsWithoutData(scope, selected);
  const roster = await loadRoster(loaded.config, configName);
  const baselineFile = options.baseline ? path.resolve(options.cwd, options.baseline) : (loaded.config.baseline ?? null);
  return { explicit, notices, loaded, configName, rules, scope, selected, roster, baselineFile };
}

/**
 * Fetches the selected sources, applies the roster and lints, each source's items batch by batch as they
 * arrive and then dropped (SPEC §11), so that memory grows with findings, not with items. Two cases keep
 * every item until its source is complete: sprint conditions (which sprint is next needs all of them) and
 * `keepItems` (annotate reads the items' labels).
 */
export async function fetchAndLint(setup: LintSetup, options: Pick<CheckOptions, 'jql' | 'wiql' | 'progress'> & Pick<FetchContext, 'onStarted'>, keepItems = false) {
  const { loaded, selected, scope, roster, rules } = setup;
  const linter = new Linter({
    rules,
    roles: withRosterRoles(createRoleMatcher(loaded.config.roles), roster?.teams ?? []),
    ignoreLabel: loaded.config.ignoreLabel,
    checkDone: loaded.config.checkDone,
    roster,
    acceptanceCriteria: loaded.config.acceptanceCriteria,
    ...(scope ? { scope } : {}),
  });
  const sprints = scope !== null && usesSprints(scope);
  const heap = new HeapKeeper();
  const lanes = selected.map((source, index) => {
    const kept: WorkItem[] = [];
    let engine: SourceLinter | null = null;
    let calendar: SprintCalendar | undefined;
    let willCome: ((key: string) => boolean) | null = null;
    const stream = new RosterStream(source, roster, resolveRosterPeople, {
      start: (start) => {
        engine = linter.source({ ...start, acceptanceCriteria: source.acceptanceCriteria, ...(calendar ? { calendar } : {}) }, index);
        if (willCome !== null) engine.listed(willCome);
      },
      items: (items) => {
        engine!.add(items);
        if (keepItems) kept.push(...items);
        else heap.afterBatch();
      },
    });
    return {
      stream,
      kept,
      /** The connector has listed every item to come (before the engine has started on the source, perhaps). */
      listed(listed: (key: string) => boolean) {
        willCome = listed;
        engine?.listed(listed);
      },
      /** The whole source at once: its sprint calendar first, when sprint conditions need one. */
      addAll(result: SourceResult) {
        if (sprints) calendar = calendarOf(result, scope.now);
        stream.add(result.items, result.info);
      },
      end: async (result: SourceResult) => {
        const start = await stream.end(result);
        engine!.end(result.fetched, start.tracker);
        return start;
      },
    };
  });
  const streaming = !keepItems && !sprints;
  const results = await fetchSources(
    selected,
    {
      ...(options.jql === undefined ? {} : { jql: options.jql }),
      ...(options.wiql === undefined ? {} : { wiql: options.wiql }),
      includeDone: loaded.config.checkDone,
      ...(sprints ? { sprints: true } : {}),
      progress: options.progress ?? silentProgress,
      ...(options.onStarted ? { onStarted: options.onStarted } : {}),
    },
    streaming ? (index) => ({ onItems: (items, info) => lanes[index]!.stream.add(items, info), onListed: (listed) => lanes[index]!.listed(listed) }) : undefined,
  );
  const fetched = await Promise.all(
    results.map(async (result, index) => {
      const lane = lanes[index]!;
      if (!streaming) lane.addAll(result);
      const start = await lane.end(result);
      return { ...result, ...start, items: lane.kept };
    }),
  );
  return { fetched, result: linter.finish() };
}

export async function runCheck(options: CheckOptions): Promise<CheckOutcome> {
  const setup = await prepareLint(options);
  const { explicit, notices, loaded, configName, rules, scope, selected, baselineFile } = setup;
  if (options.notify && options.updateBaseline) {
    throw new BacklintError('usage', `--${options.notify === 'send' ? 'notify' : 'notify-dry-run'} goes with a lint run, not with --update-baseline: a run that writes the baseline has nothing new to tell.`);
  }
  if (options.notify && !loaded.config.notify) {
    throw new BacklintError('usage', `--${options.notify === 'send' ? 'notify' : 'notify-dry-run'}: ${configName} has no notify section. Add notify: { targets: [{ type: slack, url: "\${env:SLACK_WEBHOOK_URL}" }] } (README: Notifications).`);
  }
  const compareFile = options.compare === undefined ? null : path.resolve(options.cwd, options.compare);
  const historyFile = options.history === undefined ? null : path.resolve(options.cwd, options.history);
  const plan = await planOutputs({
    cwd: options.cwd,
    formats: options.formats,
    baseline: options.updateBaseline ? (baselineFile ?? path.resolve(options.cwd, DEFAULT_BASELINE)) : null,
    history: historyFile,
    inputs: [
      ...configInputs(loaded, options.updateBaseline ? null : baselineFile),
      ...(compareFile ? [{ what: 'the --compare report', file: compareFile }] : []),
      ...(await exportFilesOf(loaded.config.sources)).map((file) => ({ what: 'the export file', file })),
    ],
  });

  // The reporters (and the collation the report order needs) load beside the fetch, once its first
  // requests are out: in the time spent waiting on the trackers, not before the first request.
  const onStarted = () => {
    loadReporters().catch(() => undefined);
    prepareFindingOrder();
  };
  const { fetched, result } = await fetchAndLint(setup, { ...options, onStarted });

  // The exit code counts every finding the baseline does not know, --quiet or not (as ESLint's --max-warnings).
  // Known findings stay listed (known debt, not hidden debt: SPEC §10) unless --hide-baseline.
  let findings = result.findings;
  let baseline: Report['baseline'];
  const messages: string[] = [...plainHttpWarnings(selected), ...fetched.flatMap((source) => source.notices ?? [])];
  let baselineText: string | null = null;
  let baselineMessage = '';
  // Where this run looked: findings elsewhere (another source; with --scope, --jql or --wiql, an item it
  // did not check) are neither fixed nor dropped from the baseline by it.
  const narrowed = options.scope !== undefined || options.jql !== undefined || options.wiql !== undefined;
  const reach = reachOf(new Set(selected.map((source) => source.name)), narrowed ? result.checkedItems : null);
  if (options.updateBaseline && plan.baseline) {
    const previous = existsSync(plan.baseline.file) ? await readBaselineToUpdate(plan.baseline.file, options.cwd, messages) : null;
    const update = updateBaseline(findings, previous, options.sources.length > 0 || narrowed ? reach : null);
    baselineText = `${JSON.stringify(update.baseline, null, 2)}\n`;
    baselineMessage = baselineSummaryLine(findings.length, previous, update, narrowed);
  } else if (baselineFile) {
    const applied = applyBaseline(findings, await readBaseline(baselineFile, options.cwd), displayPath(baselineFile, options.cwd), baselineDay(options.now), reach);
    findings = options.hideBaseline ? applied.findings.filter((finding) => !isKnown(finding)) : applied.findings;
    baseline = { ...applied.summary, ...(options.hideBaseline ? { hidden: true } : {}) };
    if (applied.summary.expired) messages.push(`${applied.summary.expired === 1 ? '1 baseline entry has' : `${applied.summary.expired} baseline entries have`} expired: ${applied.summary.expired === 1 ? 'its finding counts' : 'their findings count'} again (reports mark them).`);
  }
  let comparison: Report['comparison'];
  if (compareFile !== null) {
    const file = compareFile;
    const compared = compareWithPrevious(findings, result.findings, parsePreviousReport(await readJsonFile(file, options.cwd, '--compare'), displayPath(file, options.cwd)), displayPath(file, options.cwd), reach);
    findings = compared.findings;
    comparison = compared.summary;
  }
  const open = findings.filter((finding) => !isKnown(finding));
  const counted = summarise(open, result.summary.itemsChecked, result.summary.suppressed);
  const shownFindings = options.quiet ? findings.filter((finding) => finding.severity === 'error') : findings;
  const extra: { target: FileTarget; text: string }[] = [];
  if (baselineText !== null && plan.baseline) {
    extra.push({ target: plan.baseline, text: baselineText });
    messages.push(`Baseline written: ${plan.baseline.shown} (${baselineMessage}).`);
  }
  const reporterOptions = { groupBy: options.groupBy, markdownLimit: options.markdownLimit, junitWarnings: options.junitWarnings, csvBom: options.csvBom, color: options.color, width: options.width };
  const run = {
    generatedAt: options.now.toISOString(),
    findings: result.findings,
    itemsChecked: result.summary.itemsChecked,
    known: baseline?.known ?? 0,
    suppressed: result.summary.suppressed,
    sources: result.sources,
    teams: result.teams,
  };
  const { report, stdout, written } = await underHistory(plan.history?.file ?? null, plan.history ? displayPath(plan.history.file, options.cwd) : '', run, async (history) => {
    // Item text may hold a secret (a token pasted into a title): gone before any format escapes it.
    const report: Report = redactSecretsIn({
      schemaVersion: 1,
      tool: { name: 'backlint', version: VERSION },
      generatedAt: options.now.toISOString(),
      sources: result.sources,
      summary: options.quiet ? { ...summarise(shownFindings.filter((finding) => !isKnown(finding)), counted.itemsChecked, counted.suppressed), ...(counted.warnings > 0 ? { hiddenWarnings: counted.warnings } : {}) } : counted,
      findings: shownFindings,
      ...(explicit ? {} : { demo: true as const }),
      ...(scope ? { scope: { name: scope.named?.name ?? null, outOfScope: result.outOfScope } } : {}),
      rules: rules.map(({ rule, severity }) => ({ id: rule.meta.id, description: rule.meta.description, severity, docsUrl: rule.meta.docsUrl })),
      ...(baseline ? { baseline } : {}),
      ...(comparison ? { comparison } : {}),
      teams: result.teams,
      checkedItems: result.checkedItems,
      suppressions: result.suppressions,
      ...(history ? { history: history.entries } : {}),
    } satisfies Report);
    const files = history !== null && plan.history ? [...extra, { target: plan.history, text: history.text }] : extra;
    return { report, ...(await emitReports(plan, report, reporterOptions, files)) };
  });
  messages.unshift(...written);

  const exceeded = options.maxWarnings !== undefined && counted.warnings > options.maxWarnings;
  const failed = options.updateBaseline ? false : counted.errors > 0 || exceeded;
  if (exceeded && !options.updateBaseline) messages.push(`backlint found too many warnings (maximum: ${options.maxWarnings}).`);
  return {
    exitCode: failed ? 1 : 0,
    notices,
    stdout,
    messages,
    report,
    ...(options.notify && loaded.config.notify ? { notify: loaded.config.notify } : {}),
  };
}

/**
 * A live source whose site is `http://` sends its token in clear over the network: say so on every run
 * (a loopback address is exempt: the token does not leave the machine).
 */
export function plainHttpWarnings(sources: readonly SourceConfig[]): string[] {
  return sources.flatMap((source) => {
    const site = source.type === 'jira' ? source.baseUrl : source.type === 'azure-devops' ? source.orgUrl : null;
    if (site === null) return [];
    let url: URL;
    try {
      url = new URL(site);
    } catch {
      return [];
    }
    if (url.protocol !== 'http:' || /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i.test(url.hostname)) return [];
    return [`warning: source ${source.name} sends its token over plain http:// to ${url.host}, where anyone on the network path can read it. Use https://.`];
  });
}

/** `CI` set, as every CI service sets it (`CI=false` or `0` says otherwise). */
const isCi = (env: NodeJS.ProcessEnv) => env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';

export function selectSources(loaded: LoadedConfig, wanted: readonly string[]) {
  if (wanted.length === 0) return loaded.config.sources;
  const names = loaded.config.sources.map((source) => source.name);
  const unknown = wanted.filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    throw new BacklintError('usage', `--source ${unknown.join(', ')}: no such source. The config defines: ${names.join(', ')}.`);
  }
  return loaded.config.sources.filter((source) => wanted.includes(source.name));
}

/** The files of a run's setup that no output may replace: the config, its teams file, the baseline it reads. */
export function configInputs(loaded: LoadedConfig, baselineFile: string | null): { what: string; file: string }[] {
  return [
    { what: 'the config file', file: loaded.file },
    ...(loaded.config.teamsFile ? [{ what: 'the teams file', file: loaded.config.teamsFile }] : []),
    ...(baselineFile ? [{ what: 'the baseline', file: baselineFile }] : []),
  ];
}

/** The run's date, `YYYY-MM-DD` (UTC), against which baseline entries expire. */
export const baselineDay = (now: Date): string => now.toISOString().slice(0, 10);

/** What --update-baseline says it did: `27 findings; 3 fixed entries dropped; 12 entries out of this run's reach kept`. */
function baselineSummaryLine(findings: number, previous: BaselineFile | null, update: ReturnType<typeof updateBaseline>, narrowed: boolean): string {
  const reasons = update.baseline.entries.filter((entry) => entry.reason !== undefined || entry.expires !== undefined).length;
  return [
    `${findings} finding${findings === 1 ? '' : 's'}`,
    ...(previous !== null ? [`${update.dropped} fixed entr${update.dropped === 1 ? 'y' : 'ies'} dropped`] : []),
    ...(update.keptOutOfReach > 0 ? [`${update.keptOutOfReach} entr${update.keptOutOfReach === 1 ? 'y' : 'ies'} of ${narrowed ? 'items this run did not check' : 'other sources'} kept`] : []),
    ...(reasons > 0 ? [`${reasons} with a reason or expiry date kept`] : []),
  ].join('; ');
}

/**
 * The baseline --update-baseline replaces, to keep its reasons and dates and its other sources' entries.
 * A JSON report is refused (it is no baseline to overwrite); a file that is no baseline at all is
 * replaced, as it always was, with a notice.
 */
async function readBaselineToUpdate(file: string, cwd: string, messages: string[]) {
  let json: unknown;
  try {
    json = await readJsonFile(file, cwd, 'Baseline');
  } catch (error) {
    if (!(error instanceof BacklintError) || !/is not valid JSON/.test(error.message)) throw error;
    json = null;
  }
  if (looksLikeReport(json)) return parseBaseline(json, displayPath(file, cwd));
  try {
    return parseBaseline(json, displayPath(file, cwd));
  } catch {
    messages.push(`${displayPath(file, cwd)} was not a backlint baseline: it is replaced by a new one.`);
    return null;
  }
}

export async function readBaseline(file: string, cwd: string) {
  return parseBaseline(await readJsonFile(file, cwd, 'Baseline', 'Create it with --update-baseline.'), displayPath(file, cwd));
}

/** A JSON file named on the command line or in the config; a missing or unparsable one is a usage error (exit 2). */
async function readJsonFile(file: string, cwd: string, what: string, whenMissing?: string): Promise<unknown> {
  let text: string;
  try {
    text = (await readRegularFile(file)).toString('utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && whenMissing) throw new BacklintError('usage', `${what} ${displayPath(file, cwd)} does not exist. ${whenMissing}`);
    const why = error instanceof InputFileError ? error.message : (code ?? (error as Error).message);
    throw new BacklintError('usage', `${what} ${displayPath(file, cwd)}: cannot read it (${why}).`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BacklintError('usage', `${what} ${displayPath(file, cwd)} is not valid JSON: ${(error as Error).message}.`);
  }
}
