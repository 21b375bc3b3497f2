// The CLI hands the terminal's width to the stylish report only when stdout is a terminal (issue 12):
// files and pipes are never wrapped. In-process with an injected CliIo, since a spawned CLI has no TTY.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type CliIo } from '../src/cli.js';
import { displayWidth } from '../src/reporters/stylish.js';

async function runCheck(terminal: { isTTY: boolean; columns?: number }): Promise<string[]> {
  let stdout = '';
  const io: CliIo = {
    stdout: (text) => (stdout += text),
    stderr: () => {},
    cwd: mkdtempSync(path.join(tmpdir(), 'backlint-width-')),
    env: { SOURCE_DATE_EPOCH: '1795500000', NO_COLOR: '1' },
    stdoutIsTTY: terminal.isTTY,
    stderrIsTTY: false,
    stdoutColumns: terminal.columns,
  };
  expect(await main(['check', '--no-progress'], io)).toBe(1);
  // The finding rows of the demo report (item headers carry URLs and are never wrapped).
  return stdout.split('\n').filter((line) => line.startsWith('  '));
}

describe('check: the stylish report and the terminal width', () => {
  it('wraps to process.stdout.columns on a terminal', async () => {
    const rows = await runCheck({ isTTY: true, columns: 120 });
    expect(Math.max(...rows.map(displayWidth))).toBeLessThanOrEqual(120);
  });

  it('does not wrap when stdout is a file or a pipe, whatever columns says', async () => {
    const rows = await runCheck({ isTTY: false, columns: 120 });
    expect(Math.max(...rows.map(displayWidth))).toBeGreaterThan(200);
  });
});
