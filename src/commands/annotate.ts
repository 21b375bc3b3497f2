// `backlint annotate` (SPEC §13): comment on and label the items with findings. A dry run unless --apply.
import type { Command } from 'commander';
import { toTerminalLines } from '../terminal-text.js';
import { collect, CONFIG_OPTION, NO_PROGRESS_OPTION, PROGRESS_OPTION, parseCount, progressFor, type CommandContext } from './io.js';

interface AnnotateCommandOptions {
  config?: string;
  source: string[];
  baseline?: string;
  apply: boolean;
  maxWrites?: number;
  journal?: string;
  /** --progress (true), --no-progress (false), or neither. */
  progress?: boolean;
}

export function registerAnnotate(program: Command, { io, setExitCode }: CommandContext): void {
  program
    .command('annotate')
    .description('comment on and label the items with findings, mentioning who is responsible (a dry run unless --apply)')
    .option(...CONFIG_OPTION)
    .option('-s, --source <name>', 'annotate only this source (repeatable)', collect, [])
    .option('--baseline <file>', 'leave the findings in this baseline file out of the comments (default: the config\'s baseline)')
    .option('--apply', 'write the comments and labels (without it: print the plan, write nothing)', false)
    .option('--max-writes <n>', 'act on at most this many items (a comment and its label count as one; default: annotate.maxWrites, 50)', parseCount)
    .option('--journal <file>', 'where the JSON journal of what was written goes (default backlint-annotate.json)')
    .option(...PROGRESS_OPTION)
    .option(...NO_PROGRESS_OPTION)
    .option('--debug', 'on failure, print the stack of what failed', false)
    .action(async (options: AnnotateCommandOptions) => {
      const [{ runAnnotate }, { reportTime }] = await Promise.all([import('../annotate/run.js'), import('./check.js')]);
      const outcome = await runAnnotate({
        cwd: io.cwd,
        env: io.env,
        ...(options.config ? { configFile: options.config } : {}),
        sources: options.source,
        ...(options.baseline ? { baseline: options.baseline } : {}),
        apply: options.apply,
        ...(options.maxWrites === undefined ? {} : { maxWrites: options.maxWrites }),
        ...(options.journal ? { journal: options.journal } : {}),
        progress: await progressFor(io, options.progress),
        now: reportTime(io.env),
        // Rule messages quote item titles: outside text, cleaned for the terminal.
        print: (line) => io.stdout(`${toTerminalLines(line)}\n`),
      });
      // Exit 2 says on stderr which source and request failed, as for every command; the journal says the rest.
      if (outcome.failure !== null) io.stderr(`backlint annotate: a write failed, so the run stopped: ${outcome.failure}\n`);
      setExitCode(outcome.exitCode);
    });
}
