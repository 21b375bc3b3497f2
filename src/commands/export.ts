// `backlint export --out DIR`: the live sources' fetch saved as export files plus a config that lints them
// offline (SPEC §10). The export itself (src/export.ts, and through it the trackers' clients) is loaded only
// when the command runs.
import type { Command } from 'commander';
import { displayPath } from '../display-path.js';
import { toTerminalLines } from '../terminal-text.js';
import { collect, CONFIG_OPTION, NO_PROGRESS_OPTION, PROGRESS_OPTION, progressFor, type CommandContext } from './io.js';

interface ExportCommandOptions {
  config?: string;
  out: string;
  source: string[];
  force: boolean;
  /** --progress (true), --no-progress (false), or neither. */
  progress?: boolean;
}

export function registerExport(program: Command, { io, setExitCode }: CommandContext): void {
  program
    .command('export')
    .description('save what the live sources fetch as export files (the vendors\' own payloads) plus a config that lints them offline')
    .option(...CONFIG_OPTION)
    .requiredOption('-o, --out <dir>', 'the folder to write: new or empty (see --force)')
    .option('-s, --source <name>', 'export only this source (repeatable)', collect, [])
    .option('--force', 'replace the folder even if it holds files', false)
    .option(...PROGRESS_OPTION)
    .option(...NO_PROGRESS_OPTION)
    .option('--debug', 'on failure, print the stack of what failed', false)
    .action(async (options: ExportCommandOptions) => {
      const { runExport } = await import('../export.js');
      const outcome = await runExport({
        cwd: io.cwd,
        env: io.env,
        ...(options.config ? { configFile: options.config } : {}),
        out: options.out,
        sources: options.source,
        force: options.force,
        progress: await progressFor(io, options.progress),
      });
      for (const notice of outcome.notices) io.stderr(`${toTerminalLines(notice)}\n`);
      const counts = outcome.sources.map(({ name, items }) => `${name} (${items} item${items === 1 ? '' : 's'})`).join(', ');
      const config = displayPath(outcome.config, io.cwd);
      io.stdout(`Exported ${counts} to ${displayPath(outcome.dir, io.cwd)}. Lint it offline with:\n  backlint check --config ${config}\n`);
      setExitCode(0);
    });
}
