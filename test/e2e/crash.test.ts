// The last safety net in bin/backlint.js: an error that escapes the CLI asynchronously (here a plugin's
// late throw) still ends as one guarded paragraph and exit 2, never a Node stack trace (SPEC §12).
import { describe, expect, it } from 'vitest';
import { adfWithCriteria, exportConfig, jiraIssue, jiraUser, runCli, searchResponse, tempProject, BIN } from '../helpers/cli.js';

const rule = `meta: { id: 'late', description: 'x', appliesTo: ['story'], defaultSeverity: 'warn', messages: { m: 'm' } }, check: () => []`;

describe('an error that escapes the CLI', () => {
  const files = { 'export.json': searchResponse([jiraIssue('PAY-1', { po: jiraUser('Ana Souza'), description: adfWithCriteria })]) };

  it.each([
    ['a late throw', `setTimeout(() => { throw new Error('late failure ##vso[task.setvariable variable=X]y'); }, 0);`],
    ['an unhandled rejection', `Promise.reject(new Error('late failure ##vso[task.setvariable variable=X]y'));`],
  ])('%s ends with exit 2, one guarded message and no stack trace', (_, code) => {
    const cwd = tempProject({ ...files, 'backlint.config.yaml': exportConfig('plugins: [./late.js]\n'), 'late.js': `${code}\nexport default { ${rule} };\n` });
    const run = runCli(['check', '--format', 'json:report.json'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^backlint: unexpected error: late failure/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).not.toMatch(/##vso\[/i);
  });
});

describe('a reader that goes away', () => {
  it('backlint check | head: stops quietly when stdout closes early, no write error on stderr', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [BIN, 'check', '--demo', '--no-progress'], { cwd: tempProject({}), env: { ...process.env, CI: '', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    // Like `head -1`: read the first chunk, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|unexpected error/);
    expect(code).not.toBe(2);
  });
});
