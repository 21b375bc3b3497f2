// Progress (SPEC §8): bars on a terminal, never in CI logs unless asked (--progress), then plain lines.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressFor, type CliIo } from '../src/commands/io.js';
import { createProgress, silentProgress } from '../src/progress.js';

const io = (stderrIsTTY: boolean, env: NodeJS.ProcessEnv): CliIo => ({
  stdout: () => {},
  stderr: () => {},
  cwd: '.',
  env,
  stdoutIsTTY: false,
  stderrIsTTY,
  stderrStream: new PassThrough() as unknown as NodeJS.WriteStream,
});

describe('progress', () => {
  it('draws on a terminal, not in CI or to a file unless asked, never with --no-progress', async () => {
    expect(await progressFor(io(true, {}), undefined)).not.toBe(silentProgress);
    expect(await progressFor(io(true, { CI: 'true' }), undefined)).toBe(silentProgress);
    expect(await progressFor(io(false, {}), undefined)).toBe(silentProgress);
    expect(await progressFor(io(false, { CI: 'true' }), true)).not.toBe(silentProgress);
    expect(await progressFor(io(true, {}), false)).toBe(silentProgress);
  });

  it('asked for in a log, writes plain lines with no cursor control, the source name guarded', async () => {
    const stream = new PassThrough();
    let written = '';
    stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
    const progress = createProgress({ enabled: true, stream: stream as unknown as NodeJS.WriteStream, plain: true, plainEveryMs: 20 });
    progress.update('payments', 40, 100);
    await new Promise((resolve) => setTimeout(resolve, 80));
    progress.stop();
    expect(written).toMatch(/ payments \[[█░]+\] 40\/100 items\n/);
    expect(written).not.toMatch(/\u001b\[/);
  });
});
