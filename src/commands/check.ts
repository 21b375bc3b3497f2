// `backlint check`: the default command. Its options are parsed here; the run itself (src/runner.ts, and
// through it the connectors, engine and reporters) is loaded only when the command runs.
import { type Command, Option } from 'commander';
import { BacklintError } from '../errors.js';
import { DEFAULT_MARKDOWN_LIMIT, FORMAT_NAMES, GROUP_BY, JUNIT_WARNINGS, type GroupBy, type JunitWarnings } from '../reporters/types.js';
import type { FormatTarget } from '../output.js';
import { cutAt } from '../shorten.js';
import { collect, CONFIG_OPTION, NO_PROGRESS_OPTION, PROGRESS_OPTION, parseCount, progressFor, useColor, type CliIo, type CommandContext } from './io.js';

interface CheckCommandOptions {
  config?: string;
  demo: boolean;
  source: string[];
  jql?: string;
  wiql?: string;
  scope?: string;
  format: string[];
  baseline?: string;
  updateBaseline: boolean;
  hideBaseline: boolean;
  history?: string;
  maxWarnings?: number;
  quiet: boolean;
  /** --progress (true), --no-progress (false), or neither. */
  progress?: boolean;
  groupBy?: GroupBy;
  compare?: string;
  markdownLimit?: number;
  junitWarnings: JunitWarnings;
  csvBom: boolean;
  notify: boolean;
  notifyDryRun: boolean;
}

export function registerCheck(program: Command, { io, setExitCode }: CommandContext): void {
  program
    .command('check', { isDefault: true })
    .description('lint the configured sources (the bundled demo when there is no config)')
    .option(...CONFIG_OPTION)
    .option('--demo', 'lint the bundled demo dataset (also with CI set, where a missing config is an error)', false)
    .option('-s, --source <name>', 'lint only this source (repeatable)', collect, [])
    .option('--jql <query>', 'this run\'s JQL for the Jira sources, e.g. "sprint in futureSprints()"')
    .option('--wiql <query>', 'this run\'s WIQL for the Azure DevOps sources')
    .option('--scope <name>', 'lint only the items of this named scope (from scopes: in the config; next-sprint and current-sprint are built in), on top of the config\'s scope')
    .option('-f, --format <name[:path]>', `report format, to a file with :path (repeatable): ${FORMAT_NAMES.join(', ')}`, collect, [])
    .option('--baseline <file>', 'report only findings not in this baseline file')
    .option('--update-baseline', 'write the current findings to the baseline file (default backlint-baseline.json), keeping reasons and expiry dates; with --source, only those sources\' entries', false)
    .option('--hide-baseline', 'leave the known (baselined) findings out of the reports (they are listed, marked known, by default)', false)
    .option('--history <file>', 'append this run to a JSON Lines history (the last 400 runs); html and markdown reports then show the trend')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', parseCount)
    .option('-q, --quiet', 'report errors only', false)
    .option(...PROGRESS_OPTION)
    .option(...NO_PROGRESS_OPTION)
    .addOption(new Option('--group-by <what>', 'group the stylish and markdown reports by item, responsible person, rule or team (default: item for stylish, owner for markdown)').choices(GROUP_BY))
    .option('--compare <previous.json>', 'mark findings new or old against an earlier JSON report, and count the fixed ones')
    .option('--markdown-limit <n>', `list at most this many findings in the markdown report (default ${DEFAULT_MARKDOWN_LIMIT})`, parseCount)
    .addOption(new Option('--junit-warnings <as>', 'how the junit report shows warnings').choices(JUNIT_WARNINGS).default('failure'))
    .option('--csv-bom', 'start the csv report with a UTF-8 byte order mark (for Excel)', false)
    .option('--notify', "send the run's digest to the config's notify targets (Slack, Microsoft Teams) after the reports are written", false)
    .addOption(new Option('--notify-dry-run', 'print, as JSON lines, exactly what --notify would send, and send nothing').default(false).conflicts('notify'))
    .option('--debug', 'on failure, print the stack of what failed (a plugin\'s error included)', false)
    .action(async (options: CheckCommandOptions) => {
      const { isStdoutPath } = await import('../output.js');
      const { runCheck } = await import('../runner.js');
      const formats = options.format.map((value) => parseFormat(value, isStdoutPath));
      const outcome = await runCheck({
        cwd: io.cwd,
        env: io.env,
        ...(options.config ? { configFile: options.config } : {}),
        demo: options.demo,
        sources: options.source,
        ...(options.jql === undefined ? {} : { jql: options.jql }),
        ...(options.wiql === undefined ? {} : { wiql: options.wiql }),
        ...(options.scope === undefined ? {} : { scope: options.scope }),
        ...(options.notify ? { notify: 'send' as const } : options.notifyDryRun ? { notify: 'dry-run' as const } : {}),
        progress: await progressFor(io, options.progress),
        formats,
        ...(options.baseline ? { baseline: options.baseline } : {}),
        updateBaseline: options.updateBaseline,
        hideBaseline: options.hideBaseline,
        ...(options.history === undefined ? {} : { history: options.history }),
        ...(options.maxWarnings === undefined ? {} : { maxWarnings: options.maxWarnings }),
        quiet: options.quiet,
        ...(options.groupBy === undefined ? {} : { groupBy: options.groupBy }),
        ...(options.compare === undefined ? {} : { compare: options.compare }),
        ...(options.markdownLimit === undefined ? {} : { markdownLimit: options.markdownLimit }),
        junitWarnings: options.junitWarnings,
        csvBom: options.csvBom,
        color: useColor(io.env, io.stdoutIsTTY),
        ...terminalWidth(io),
        now: reportTime(io.env),
      });
      const stdoutHasReport = outcome.stdout !== '';
      const stylishOnStdout = formats.length === 0 || formats.some((format) => format.path === null && format.name === 'stylish');
      for (const notice of outcome.notices) (stdoutHasReport && stylishOnStdout ? io.stdout : io.stderr)(`${notice}\n`);
      io.stdout(outcome.stdout);
      for (const message of outcome.messages) io.stderr(`${message}\n`);
      setExitCode(outcome.exitCode);
      if (outcome.notify) {
        const { runNotify } = await import('../notify/stage.js');
        const notified = await runNotify({ mode: options.notify ? 'send' : 'dry-run', config: outcome.notify, report: outcome.report, env: io.env });
        // The payloads go to stdout, unless a report is there already: then to stderr, so that report stays parseable.
        for (const line of notified.payloads) (stdoutHasReport ? io.stderr : io.stdout)(`${line}\n`);
        for (const message of notified.messages) io.stderr(`${message}\n`);
        if (notified.failed) setExitCode(2);
      }
    });
}

/** `json`, `json:out/report.json`; `json:-` and `json:/dev/stdout` are stdout, as `json` is. */
export function parseFormat(value: string, isStdoutPath: (file: string) => boolean): FormatTarget {
  const at = value.indexOf(':');
  if (at < 0) return { name: value.trim(), path: null };
  const target = value.slice(at + 1);
  return { name: value.slice(0, at).trim(), path: target === '' || isStdoutPath(target) ? null : target };
}

/** The width to wrap the stylish report to: a terminal's only; a file or a pipe is never wrapped. */
export function terminalWidth(io: CliIo): { width?: number } {
  const columns = io.stdoutColumns;
  return io.stdoutIsTTY && columns !== undefined && Number.isInteger(columns) && columns > 0 ? { width: columns } : {};
}

/** The last second of 9999: later dates have no four-digit year in the reports' ISO 8601 timestamps. */
const MAX_SOURCE_DATE_EPOCH = 253402300799;

/** SOURCE_DATE_EPOCH makes reports reproducible (golden files, reproducible builds); unset or empty: now. */
export function reportTime(env: NodeJS.ProcessEnv): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return new Date();
  if (!/^\d+$/.test(epoch) || Number(epoch) > MAX_SOURCE_DATE_EPOCH) {
    const shown = epoch.length > 40 ? `${cutAt(epoch, 40)}…` : epoch;
    throw new BacklintError(
      'usage',
      `SOURCE_DATE_EPOCH=${JSON.stringify(shown)} is not a valid time: expected a whole number of seconds since 1970-01-01 UTC, from 0 to ${MAX_SOURCE_DATE_EPOCH} (the end of 9999).`,
    );
  }
  return new Date(Number(epoch) * 1000);
}
