// What every command shares: where it writes, and the small option parsers. Light on purpose: the CLI loads
// this before it knows which command runs.
import { InvalidArgumentError } from 'commander';
import type { Progress } from '../progress.js';
import { guardPrinted } from '../safe-output.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The terminal's width when stdout is one (`process.stdout.columns`); the stylish report wraps to it. */
  stdoutColumns?: number | undefined;
  /** Where progress bars draw: on a terminal, or anywhere when --progress asks. */
  stderrStream?: NodeJS.WriteStream;
}

/** What a command's action gets: the guarded io, and how to set the process's exit code. */
export interface CommandContext {
  io: CliIo;
  setExitCode: (code: number) => void;
}

export const collect = (value: string, previous: string[]) => [...previous, value];

export function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number ≥ 0.');
  return Number(value);
}

/** FORCE_COLOR wins (0 turns colour off), then NO_COLOR, then whether stdout is a terminal. */
export function useColor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY && env.TERM !== 'dumb';
}

export const CONFIG_OPTION = ['-c, --config <file>', 'config file (default: backlint.config.yaml, .yml or .json here)'] as const;

/** `--progress` and `--no-progress`: asked for, refused, or neither (undefined). */
export const PROGRESS_OPTION = ['--progress', 'progress on stderr even in CI or when stderr is no terminal (then a plain line every 5 s)'] as const;
export const NO_PROGRESS_OPTION = ['--no-progress', 'no progress on stderr'] as const;

/**
 * Bars on a terminal, never in CI logs (CI=true) unless asked with --progress (then plain lines where no
 * bars can draw), and none with --no-progress.
 */
export async function progressFor(io: CliIo, wanted: boolean | undefined): Promise<Progress> {
  const { createProgress, silentProgress } = await import('../progress.js');
  const stream = io.stderrStream;
  const terminal = io.stderrIsTTY && !io.env.CI;
  if (wanted === false || stream === undefined || (wanted === undefined && !terminal)) return silentProgress;
  // The bars draw on the stream itself, past io.stderr's guard: the source name is guarded here.
  const progress = createProgress({ enabled: true, stream, plain: !terminal });
  return { update: (source, fetched, total) => progress.update(guardPrinted(source), fetched, total), stop: () => progress.stop() };
}
