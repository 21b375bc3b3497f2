// `backlint init`: a starter config here; with --teams, a starter team roster asked of the live sources.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CONFIG_FILE_NAMES } from '../config/names.js';
import type { CommandContext } from './io.js';

export function registerInit(program: Command, { io, setExitCode }: CommandContext): void {
  program
    .command('init')
    .description('write a starter backlint.config.yaml here; with --teams, a starter team roster from the live sources')
    .option('--force', 'overwrite an existing file', false)
    .option('--teams', "ask the config's live Jira / Azure DevOps sources who leads what, and write a commented starter roster (backlint.teams.yaml)", false)
    .option('-c, --config <file>', 'with --teams: the config whose sources to ask (default: backlint.config.yaml, .yml or .json here)')
    .action(async (options: { force: boolean; teams: boolean; config?: string }) => {
      if (options.teams) {
        const { runInitTeams } = await import('../init-teams.js');
        const outcome = await runInitTeams({ cwd: io.cwd, env: io.env, force: options.force, ...(options.config ? { configFile: options.config } : {}) });
        for (const warning of outcome.warnings) io.stderr(`${warning}\n`);
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
      const [{ default: writeFileAtomic }, { STARTER_CONFIG }] = await Promise.all([import('write-file-atomic'), import('../starter-config.js')]);
      const file = path.join(io.cwd, CONFIG_FILE_NAMES[0]);
      await writeFileAtomic(file, STARTER_CONFIG, 'utf8');
      io.stdout(`Wrote ${path.basename(file)}. Point its sources at your exports (or, later, your Jira / Azure DevOps), then run: backlint check\n`);
    });
}
