// Parses arguments, runs a command, returns the exit code (SPEC §8). Never calls process.exit():
// bin/backlint.js sets process.exitCode. 0 clean, 1 findings over the threshold, 2 could not run.
import { Command, CommanderError } from 'commander';
import { isBacklintError } from './errors.js';
import { guardPrinted, registerSecret } from './safe-output.js';
import { toTerminalLines } from './terminal-text.js';
import { nearestNames } from './suggest.js';
import { VERSION } from './package-info.js';
import { registerAnnotate } from './commands/annotate.js';
import { registerCheck } from './commands/check.js';
import { registerDoctor } from './commands/doctor.js';
import { registerExport } from './commands/export.js';
import { registerInit } from './commands/init.js';
import type { CliIo } from './commands/io.js';
import { registerRules } from './commands/rules.js';

export type { CliIo };

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
    const { looksLikeSecretName } = await import('./config/env.js');
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

  const context = { io, setExitCode };
  // Each command is its own module (src/commands/), which loads what it runs only when it runs.
  registerCheck(program, context);
  registerDoctor(program, context);
  registerRules(program, context);
  registerInit(program, context);
  registerExport(program, context);
  registerAnnotate(program, context);

  return program;
}

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

/** What stderr gets, from main or from the last resort: no colour of ours there, so all of it is outside text. */
const guardStderr = (text: string) => guardPrinted(toTerminalLines(text));

/** bin/backlint.js's last resort for an error that escaped `main` (a late stream event): one guarded paragraph, no stack trace. */
export function crashMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return guardStderr(`backlint: unexpected error: ${message}\nPlease report this with the command you ran.\n`);
}
