// `backlint merge REPORT.json... --format …` (SPEC §10): the JSON reports of shards (one CI matrix job
// per site or project) as one report in any format, with the exit code the combined findings give.
// Loads no tracker code: the shards' JSON in (src/merge.ts), the ordinary reporters and output stage out.
import { type Command, Option } from 'commander';
import { DEFAULT_MARKDOWN_LIMIT, FORMAT_NAMES, GROUP_BY, JUNIT_WARNINGS, type GroupBy, type JunitWarnings } from '../reporters/types.js';
import { parseFormat, reportTime, terminalWidth } from './check.js';
import { collect, parseCount, useColor, type CommandContext } from './io.js';

interface MergeCommandOptions {
  format: string[];
  history?: string;
  maxWarnings?: number;
  groupBy?: GroupBy;
  markdownLimit?: number;
  junitWarnings: JunitWarnings;
  csvBom: boolean;
}

export function registerMerge(program: Command, { io, setExitCode }: CommandContext): void {
  program
    .command('merge')
    .description('combine the JSON reports of shards (one CI job per site or project) into one report, in any format')
    .argument('<reports...>', 'the shards\' JSON reports (written with --format json:FILE)')
    .option('-f, --format <name[:path]>', `report format, to a file with :path (repeatable): ${FORMAT_NAMES.join(', ')}`, collect, [])
    .option('--history <file>', 'append the combined run to a JSON Lines history (the last 400 runs); html and markdown reports then show the trend')
    .option('--max-warnings <n>', 'exit 1 when the combined reports have more warnings than this', parseCount)
    .addOption(new Option('--group-by <what>', 'group the stylish and markdown reports by item, responsible person, rule or team').choices(GROUP_BY))
    .option('--markdown-limit <n>', `list at most this many findings in the markdown report (default ${DEFAULT_MARKDOWN_LIMIT})`, parseCount)
    .addOption(new Option('--junit-warnings <as>', 'how the junit report shows warnings').choices(JUNIT_WARNINGS).default('failure'))
    .option('--csv-bom', 'start the csv report with a UTF-8 byte order mark (for Excel)', false)
    .option('--debug', 'on failure, print the stack of what failed', false)
    .action(async (files: string[], options: MergeCommandOptions) => {
      const path = (await import('node:path')).default;
      const { displayPath } = await import('../display-path.js');
      const { emitReports, isStdoutPath, planOutputs } = await import('../output.js');
      const { mergeReports, readShards } = await import('../merge.js');
      const { VERSION } = await import('../package-info.js');
      const { underHistory } = await import('../history.js');

      const absolute = files.map((file) => path.resolve(io.cwd, file));
      const plan = await planOutputs({
        cwd: io.cwd,
        formats: options.format.map((value) => parseFormat(value, isStdoutPath)),
        baseline: null,
        history: options.history === undefined ? null : path.resolve(io.cwd, options.history),
        inputs: absolute.map((file) => ({ what: 'the shard report', file })),
      });
      const shards = await readShards(absolute.map((file) => ({ file, shown: displayPath(file, io.cwd) })));
      const merged = mergeReports(shards, VERSION, reportTime(io.env), (message) => io.stderr(`${message}\n`));
      const { redactSecretsIn } = await import('../safe-output.js');
      const reporterOptions = { groupBy: options.groupBy, markdownLimit: options.markdownLimit, junitWarnings: options.junitWarnings, csvBom: options.csvBom, color: useColor(io.env, io.stdoutIsTTY), width: terminalWidth(io).width };
      // The combined run joins the history as one run over every shard's sources would.
      const run = {
        generatedAt: merged.generatedAt,
        sources: merged.sources,
        findings: merged.findings,
        itemsChecked: merged.summary.itemsChecked,
        known: merged.baseline?.known ?? 0,
        suppressed: merged.summary.suppressed,
        teams: merged.teams ?? [],
      };
      const { report, stdout, written } = await underHistory(plan.history?.file ?? null, plan.history ? displayPath(plan.history.file, io.cwd) : '', run, async (history) => {
        const report = redactSecretsIn(history ? { ...merged, history: history.entries } : merged);
        return { report, ...(await emitReports(plan, report, reporterOptions, history && plan.history ? [{ target: plan.history, text: history.text }] : [])) };
      });
      io.stdout(stdout);
      for (const line of written) io.stderr(`${line}\n`);
      io.stderr(`Merged ${shards.length} reports: ${report.sources.map((source) => source.name).join(', ')}.\n`);
      // The exit code of the combined findings, as one run over every shard's sources (SPEC §8).
      const exceeded = options.maxWarnings !== undefined && report.summary.warnings > options.maxWarnings;
      if (exceeded) io.stderr(`backlint found too many warnings (maximum: ${options.maxWarnings}).\n`);
      setExitCode(report.summary.errors > 0 || exceeded ? 1 : 0);
    });
}
