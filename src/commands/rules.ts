// `backlint rules`: every rule (a config's plugins included) with its description, default and docs page.
import path from 'node:path';
import type { Command } from 'commander';
import { createColors } from 'picocolors';
import { PACKAGE_ROOT } from '../package-info.js';
import { useColor, type CommandContext } from './io.js';

export function registerRules(program: Command, { io }: CommandContext): void {
  program
    .command('rules')
    .description('list the rules (plugins included) with their descriptions and default severities')
    .option('-c, --config <file>', "also list the rules of this config's plugins")
    .option('--debug', 'on failure, print the stack of what failed (a plugin\'s error included)', false)
    .action(async (options: { config?: string }) => {
      const { builtinRules } = await import('../../rules/index.js');
      const { DOCS_DIR } = await import('../rule.js');
      const plugins = options.config ? await pluginRules(path.resolve(io.cwd, options.config), io.env) : [];
      const rules = [...builtinRules, ...plugins];
      const color = createColors(useColor(io.env, io.stdoutIsTTY));
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
}

async function pluginRules(configFile: string, env: NodeJS.ProcessEnv) {
  const { loadConfig } = await import('../config/load.js');
  const { loadPluginRules } = await import('../rules-config.js');
  const loaded = await loadConfig(configFile, env);
  return loadPluginRules(loaded.config.plugins, loaded.dir);
}
