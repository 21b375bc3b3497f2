// `backlint doctor`: each source's connection, auth, permissions, query, fields and roster, one line a check.
import type { Command } from 'commander';
import { createColors } from 'picocolors';
import { toTerminalLines, toTerminalText } from '../terminal-text.js';
import { collect, CONFIG_OPTION, useColor, type CommandContext } from './io.js';

export function registerDoctor(program: Command, { io, setExitCode }: CommandContext): void {
  program
    .command('doctor')
    .description('check each source: connection, auth, permissions, query and field mapping')
    .option(...CONFIG_OPTION)
    .option('-s, --source <name>', 'check only this source (repeatable)', collect, [])
    .action(async (options: { config?: string; source: string[] }) => {
      const { runDoctor } = await import('../doctor.js');
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
}
