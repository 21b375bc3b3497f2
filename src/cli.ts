// Parses arguments, runs a command, returns the exit code (SPEC §8). Never calls process.exit():
// bin/backlint.js sets process.exitCode. 0 clean, 1 findings over the threshold, 2 could not run.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { createColors } from 'picocolors';
import writeFileAtomic from 'write-file-atomic';
import { builtinRules } from '../rules/index.js';
import { looksLikeSecretName } from './config/env.js';
import { CONFIG_FILE_NAMES, loadConfig } from './config/load.js';
import { loadPluginRules } from './rules-config.js';
import { BacklintError, isBacklintError } from './errors.js';
import { runDoctor } from './doctor.js';
import { createProgress, silentProgress, type Progress } from './progress.js';
import { guardPrinted, redactKnownSecrets, registerSecret } from './safe-output.js';
import { isStdoutPath } from './output.js';
import { toTerminalLines, toTerminalText } from './terminal-text.js';
import { formatNames } from './reporters/index.js';
import { DEFAULT_MARKDOWN_LIMIT, GROUP_BY, JUNIT_WARNINGS, type GroupBy, type JunitWarnings } from './reporters/types.js';
import { STARTER_CONFIG } from './starter-config.js';
import { nearestNames } from './suggest.js';
import { DOCS_DIR } from './rule.js';
import { PACKAGE_ROOT, runCheck, VERSION, type FormatTarget } from './runner.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The terminal's width when stdout is one (`process.stdout.columns`); the stylish report wraps to it. */
  stdoutColumns?: number | undefined;
  /** Where progress bars draw; only used when stderr is a terminal. */
  stderrStream?: NodeJS.WriteStream;
}

const defaultIo = (): CliIo => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  stdoutColumns: process.stdout.isTTY === true ? process.stdout.columns : undefined,
  stderrStream: process.stderr,
});

export async function main(argv: readonly string[], rawIo: CliIo = defaultIo()): Promise<number> {
  // Every line printed, reports on stdout included, passes the output guard (secrets, CI log commands).
  // stderr carries no colour of ours, so all of it is cleaned as outside text (it quotes server errors).
  const io: CliIo = { ...rawIo, stdout: (text) => rawIo.stdout(guardPrinted(text)), stderr: (text) => rawIo.stderr(guardStderr(text)) };
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  // `check` is the default command, so commander would take `backlint chekc` as arguments to it.
  const unknown = unknownCommand(program, argv);
  if (unknown !== null) {
    io.stderr(`backlint: ${unknown}\n(run backlint --help for usage)\n`);
    return 2;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? 0 : 2;
    }
    // io.stderr redacts every secret the config registered (and URL credentials); variables named like
    // secrets join the registry as an extra net for a value the config never read (it failed first).
    for (const [name, value] of Object.entries(io.env)) if (looksLikeSecretName(name)) registerSecret(value);
    if (isBacklintError(error)) {
      io.stderr(`backlint: ${error.message}\n`);
    } else {
      // Not ours: still one paragraph, no stack trace, nothing secret.
      const message = error instanceof Error ? error.message : String(error);
      io.stderr(`backlint: unexpected error: ${message}\nPlease report this with the command you ran.\n`);
    }
    // --debug: the stack of what failed (a plugin's own error included), still through the output guard.
    const stack = argv.includes('--debug') ? debugStack(error) : null;
    if (stack) io.stderr(`${stack}\n`);
    return 2;
  }
}

function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command()
    .name('backlint')
    .description('Lint product backlogs in Jira and Azure DevOps: stories need acceptance criteria and a Product Owner, epics and roadmap items a Product Manager.')
    .version(VERSION, '-v, --version')
    .exitOverride()
    .showHelpAfterError('(run backlint --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command('check', { isDefault: true })
    .description('lint the configured sources (the bundled demo when there is no config)')
    .option('-c, --config <file>', 'config file (default: backlint.config.yaml, .yml or .json here)')
    .option('--demo', 'lint the bundled demo dataset (also with CI set, where a missing config is an error)', false)
    .option('-s, --source <name>', 'lint only this source (repeatable)', collect, [])
    .option('--jql <query>', 'this run\'s JQL for the Jira sources, e.g. "sprint in futureSprints()"')
    .option('--wiql <query>', 'this run\'s WIQL for the Azure DevOps sources')
    .option('--scope <name>', 'lint only the items of this named scope (from scopes: in the config; next-sprint and current-sprint are built in), on top of the config\'s scope')
    .option('-f, --format <name[:path]>', `report format, to a file with :path (repeatable): ${formatNames.join(', ')}`, collect, [])
    .option('--baseline <file>', 'report only findings not in this baseline file')
    .option('--update-baseline', 'write the current findings to the baseline file (default backlint-baseline.json)', false)
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', parseCount)
    .option('-q, --quiet', 'report errors only', false)
    .option('--no-progress', 'no progress on stderr')
    .addOption(new Option('--group-by <what>', 'group the stylish and markdown reports by item, responsible person, rule or team (default: item for stylish, owner for markdown)').choices(GROUP_BY))
    .option('--compare <previous.json>', 'mark findings new or old against an earlier JSON report, and count the fixed ones')
    .option('--markdown-limit <n>', `list at most this many findings in the markdown report (default ${DEFAULT_MARKDOWN_LIMIT})`, parseCount)
    .addOption(new Option('--junit-warnings <as>', 'how the junit report shows warnings').choices(JUNIT_WARNINGS).default('failure'))
    .option('--csv-bom', 'start the csv report with a UTF-8 byte order mark (for Excel)', false)
    .option('--notify', "send the run's digest to the config's notify targets (Slack, Microsoft Teams) after the reports are written", false)
    .addOption(new Option('--notify-dry-run', 'print, as JSON lines, exactly what --notify would send, and send nothing').default(false).conflicts('notify'))
    .option('--debug', 'on failure, print the stack of what failed (a plugin\'s error included)', false)
    .action(async (options: CheckCommandOptions) => {
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
        progress: progressFor(io, options.progress),
        formats: options.format.map(parseFormat),
        ...(options.baseline ? { baseline: options.baseline } : {}),
        updateBaseline: options.updateBaseline,
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
      for (const notice of outcome.notices) (stdoutHasReport && isTextual(options.format) ? io.stdout : io.stderr)(`${notice}\n`);
      io.stdout(outcome.stdout);
      for (const message of outcome.messages) io.stderr(`${message}\n`);
      setExitCode(outcome.exitCode);
      if (outcome.notify) {
        const { runNotify } = await import('./notify/stage.js');
        const notified = await runNotify({ mode: options.notify ? 'send' : 'dry-run', config: outcome.notify, report: outcome.report, env: io.env });
        // The payloads go to stdout, unless a report is there already: then to stderr, so that report stays parseable.
        for (const line of notified.payloads) (stdoutHasReport ? io.stderr : io.stdout)(`${line}\n`);
        for (const message of notified.messages) io.stderr(`${message}\n`);
        if (notified.failed) setExitCode(2);
      }
    });

  program
    .command('doctor')
    .description('check each source: connection, auth, permissions, query and field mapping')
    .option('-c, --config <file>', 'config file (default: backlint.config.yaml, .yml or .json here)')
    .option('-s, --source <name>', 'check only this source (repeatable)', collect, [])
    .action(async (options: { config?: string; source: string[] }) => {
      const outcome = await runDoctor({ cwd: io.cwd, env: io.env, ...(options.config ? { configFile: options.config } : {}), sources: options.source });
      const color = createColors(useColor(io.env, io.stdoutIsTTY));
      const sections = [...outcome.sources.map(({ source, checks }) => ({ name: source.name, type: source.type, checks })), ...(outcome.notify.length > 0 ? [{ name: 'notify', type: 'webhooks', checks: outcome.notify }] : [])];
      for (const { name, type, checks } of sections) {
        io.stdout(`${color.bold(toTerminalText(name))} ${color.dim(`(${type})`)}\n`);
        // Details and suggestions quote the server (error bodies, the site's field names): cleaned before colouring.
        for (const check of checks) {
          io.stdout(`  ${check.ok ? color.green('✓') : color.red('✗')} ${toTerminalText(check.name)}: ${toTerminalLines(check.detail)}\n`);
          if (check.suggestions && check.suggestions.length > 0) io.stdout(`      ${color.dim(`did you mean: ${check.suggestions.map(toTerminalText).join(', ')}`)}\n`);
        }
      }
      setExitCode(outcome.ok ? 0 : 2);
    });

  program
    .command('rules')
    .description('list the rules (plugins included) with their descriptions and default severities')
    .option('-c, --config <file>', "also list the rules of this config's plugins")
    .option('--debug', 'on failure, print the stack of what failed (a plugin\'s error included)', false)
    .action(async (options: { config?: string }) => {
      const color = createColors(useColor(io.env, io.stdoutIsTTY));
      const loaded = options.config ? await loadConfig(path.resolve(io.cwd, options.config), io.env) : null;
      const rules = [...builtinRules, ...(loaded ? await loadPluginRules(loaded.config.plugins, loaded.dir) : [])];
      const width = Math.max(...rules.map((rule) => rule.meta.id.length));
      for (const rule of rules) {
        const severity = rule.meta.defaultSeverity === 'error' ? color.red('error') : color.yellow(rule.meta.defaultSeverity.padEnd(5));
        // A built-in rule's page ships in the package: its path on this machine, which a terminal user can open.
        const docs = builtinRules.includes(rule) ? path.join(PACKAGE_ROOT, rule.meta.docsUrl) : rule.meta.docsUrl;
        io.stdout(`${color.bold(rule.meta.id.padEnd(width))}  ${severity}  ${rule.meta.description}\n`);
        io.stdout(`${' '.repeat(width)}         ${color.dim(`applies to: ${rule.meta.appliesTo.join(', ')}${docs ? ` · ${docs}` : ''}`)}\n`);
      }
      io.stdout(`\nThe rules' docs ship with backlint, one Markdown page per rule, in ${path.join(PACKAGE_ROOT, DOCS_DIR)}\n`);
    });

  program
    .command('init')
    .description('write a starter backlint.config.yaml here; with --teams, a starter team roster from the live sources')
    .option('--force', 'overwrite an existing file', false)
    .option('--teams', "ask the config's live Jira / Azure DevOps sources who leads what, and write a commented starter roster (backlint.teams.yaml)", false)
    .option('-c, --config <file>', 'with --teams: the config whose sources to ask (default: backlint.config.yaml, .yml or .json here)')
    .action(async (options: { force: boolean; teams: boolean; config?: string }) => {
      if (options.teams) {
        const { runInitTeams } = await import('./init-teams.js');
        const outcome = await runInitTeams({ cwd: io.cwd, env: io.env, force: options.force, ...(options.config ? { configFile: options.config } : {}) });
        io.stdout(
          `Wrote ${outcome.file}: ${outcome.teams} team${outcome.teams === 1 ? '' : 's'} from ${outcome.sources.join(', ')}. Leads and admins are commented suggestions: confirm who owns each backlog, then add \`teamsFile: ${path.basename(outcome.file)}\` to the config.\n`,
        );
        return;
      }
      if (options.config) {
        io.stderr('backlint: --config goes with --teams; `backlint init` writes a new config here.\n');
        setExitCode(2);
        return;
      }
      const existing = CONFIG_FILE_NAMES.map((name) => path.join(io.cwd, name)).find((file) => existsSync(file));
      if (existing && !options.force) {
        io.stderr(`backlint: ${path.basename(existing)} already exists; use --force to overwrite it.\n`);
        setExitCode(2);
        return;
      }
      const file = path.join(io.cwd, CONFIG_FILE_NAMES[0]);
      await writeFileAtomic(file, STARTER_CONFIG, 'utf8');
      io.stdout(`Wrote ${path.basename(file)}. Point its sources at your exports (or, later, your Jira / Azure DevOps), then run: backlint check\n`);
    });

  return program;
}

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
  maxWarnings?: number;
  quiet: boolean;
  progress: boolean;
  groupBy?: GroupBy;
  compare?: string;
  markdownLimit?: number;
  junitWarnings: JunitWarnings;
  csvBom: boolean;
  notify: boolean;
  notifyDryRun: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** The stack of an error and of its causes (a plugin's own error), for --debug. */
function debugStack(error: unknown): string | null {
  const stacks: string[] = [];
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    stacks.push(depth === 0 ? (current.stack ?? current.message) : `caused by: ${current.stack ?? current.message}`);
  }
  return stacks.length > 0 ? stacks.join('\n') : null;
}

/** `unknown command 'chekc' (did you mean check?)` when the first word is no command, as npm says it. */
function unknownCommand(program: Command, argv: readonly string[]): string | null {
  const first = argv[0];
  if (first === undefined || first.startsWith('-')) return null;
  const names = [...program.commands.flatMap((command) => [command.name(), ...command.aliases()]), 'help'];
  if (names.includes(first)) return null;
  const nearest = nearestNames(first, names, 1)[0];
  return `unknown command '${first}'${nearest ? ` (did you mean ${nearest}?)` : ''}. Commands: ${names.filter((name) => name !== 'help').join(', ')}.`;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number ≥ 0.');
  return Number(value);
}

/** `json`, `json:out/report.json`; `json:-` and `json:/dev/stdout` are stdout, as `json` is. */
function parseFormat(value: string): FormatTarget {
  const at = value.indexOf(':');
  if (at < 0) return { name: value.trim(), path: null };
  const target = value.slice(at + 1);
  return { name: value.slice(0, at).trim(), path: target === '' || isStdoutPath(target) ? null : target };
}

const isTextual = (formats: string[]) => formats.length === 0 || formats.some((format) => parseFormat(format).path === null && parseFormat(format).name === 'stylish');

/** Bars only on a terminal, never in CI logs (CI=true), and not with --no-progress. */
function progressFor(io: CliIo, wanted: boolean): Progress {
  const enabled = wanted && io.stderrIsTTY && io.stderrStream !== undefined && !io.env.CI;
  if (!enabled || !io.stderrStream) return silentProgress;
  // The bars draw on the stream itself, past io.stderr's guard: a source name from ${env:…} is redacted here.
  const progress = createProgress({ enabled, stream: io.stderrStream });
  return { update: (source, fetched, total) => progress.update(redactKnownSecrets(source), fetched, total), stop: () => progress.stop() };
}

/** The width to wrap the stylish report to: a terminal's only; a file or a pipe is never wrapped. */
function terminalWidth(io: CliIo): { width?: number } {
  const columns = io.stdoutColumns;
  return io.stdoutIsTTY && columns !== undefined && Number.isInteger(columns) && columns > 0 ? { width: columns } : {};
}

/** FORCE_COLOR wins (0 turns colour off), then NO_COLOR, then whether stdout is a terminal. */
export function useColor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY && env.TERM !== 'dumb';
}

/** The last second of 9999: later dates have no four-digit year in the reports' ISO 8601 timestamps. */
const MAX_SOURCE_DATE_EPOCH = 253402300799;

/** SOURCE_DATE_EPOCH makes reports reproducible (golden files, reproducible builds); unset or empty: now. */
function reportTime(env: NodeJS.ProcessEnv): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return new Date();
  if (!/^\d+$/.test(epoch) || Number(epoch) > MAX_SOURCE_DATE_EPOCH) {
    const shown = epoch.length > 40 ? `${epoch.slice(0, 40)}…` : epoch;
    throw new BacklintError(
      'usage',
      `SOURCE_DATE_EPOCH=${JSON.stringify(shown)} is not a valid time: expected a whole number of seconds since 1970-01-01 UTC, from 0 to ${MAX_SOURCE_DATE_EPOCH} (the end of 9999).`,
    );
  }
  return new Date(Number(epoch) * 1000);
}

/** What stderr gets, from main or from the last resort: no colour of ours there, so all of it is outside text. */
const guardStderr = (text: string) => guardPrinted(toTerminalLines(text));

/** bin/backlint.js's last resort for an error that escaped `main` (a late stream event): one guarded paragraph, no stack trace. */
export function crashMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return guardStderr(`backlint: unexpected error: ${message}\nPlease report this with the command you ran.\n`);
}
