// makeDirs: `mkdir -p` one level at a time, because Node's recursive mkdir never returns for a path
// whose level cannot be made with ENOENT under an existing parent (/proc/nope).
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirs } from '../src/make-dirs.js';
import { runCli, tempProject } from './helpers/cli.js';

describe('makeDirs', () => {
  it('makes the missing folders and answers the first it made, as fs.mkdir recursive does', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'make-dirs-'));
    expect(await makeDirs(path.join(root, 'a', 'b', 'c'))).toBe(path.join(root, 'a'));
    expect(existsSync(path.join(root, 'a', 'b', 'c'))).toBe(true);
    expect(await makeDirs(path.join(root, 'a', 'b'))).toBeUndefined();
  });

  it('fails on a file in the way (ENOTDIR) and on a level that cannot be made (ENOENT), rather than spin', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'make-dirs-'));
    writeFileSync(path.join(root, 'file'), '');
    await expect(makeDirs(path.join(root, 'file', 'x'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    if (existsSync('/proc/self')) await expect(makeDirs('/proc/backlint-nope/x')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.runIf(existsSync('/proc/self'))('check: a report in a folder that cannot be made is exit 2 with one paragraph, not a hang', () => {
    const cwd = tempProject({});
    const run = runCli(['check', '--demo', '--format', 'json:/proc/backlint-nope/report.json'], { cwd }); // spawnSync kills it after 60 s
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\/proc\/backlint-nope\/report\.json/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 90_000);
});
