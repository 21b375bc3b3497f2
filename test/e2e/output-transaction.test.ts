// Several reports (and the baseline) are one transaction (issue 9, point 4): when writing any of them
// fails, every old file is left byte for byte and no temp file remains. A plugin rule (plugins run
// with backlint's rights) sabotages a target after the targets were checked, the way a concurrent
// job or a full disk would, so the failure happens while writing, not while planning.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adfWithCriteria, exportConfig, jiraIssue, jiraUser, runCli, searchResponse, tempProject } from '../helpers/cli.js';

const sabotage = `import { mkdirSync, writeFileSync } from 'node:fs';
let done = false;
export default {
  meta: { id: 'sabotage', description: 'Turns a report target into a folder, or its folder into a file, mid-run.', appliesTo: ['story', 'epic', 'roadmap', 'other'], defaultSeverity: 'warn', messages: { never: 'never' } },
  check() {
    if (!done) {
      done = true;
      if (process.env.MAKE_FOLDER) mkdirSync(process.env.MAKE_FOLDER, { recursive: true });
      if (process.env.MAKE_FILE) writeFileSync(process.env.MAKE_FILE, 'in the way');
    }
    return [];
  },
};
`;

const files = {
  'backlint.config.yaml': exportConfig('plugins: [./sabotage.js]\n'),
  'sabotage.js': sabotage,
  'export.json': searchResponse([jiraIssue('PAY-1', { po: jiraUser('Ana Souza'), description: adfWithCriteria }), jiraIssue('PAY-2', { po: null })]),
  'out/a.json': 'OLD JSON REPORT\n',
  'out/c.csv': 'OLD CSV REPORT\n',
  'backlint-baseline.json': '{"old": "baseline"}\n',
};

const noStackTrace = /\n\s+at /;

describe('a failure writing one output keeps every old file', () => {
  it('the second report target turns into a folder mid-run: the first report is not replaced, no temp file is left', () => {
    const cwd = tempProject(files);
    const run = runCli(['check', '--format', 'json:out/a.json', '--format', 'csv:out/c.csv', '--format', 'markdown:out/b.md'], {
      cwd,
      env: { MAKE_FOLDER: path.join(cwd, 'out/b.md') },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^backlint: Cannot write the markdown report out\/b\.md: it is a folder \(EISDIR\)\. No report or baseline was written; every old file is kept as it was\.\n$/);
    expect(run.stderr).not.toMatch(noStackTrace);
    expect(readFileSync(path.join(cwd, 'out/a.json'), 'utf8')).toBe('OLD JSON REPORT\n');
    expect(readFileSync(path.join(cwd, 'out/c.csv'), 'utf8')).toBe('OLD CSV REPORT\n');
    expect(readdirSync(path.join(cwd, 'out')).sort()).toEqual(['a.json', 'b.md', 'c.csv']);
    expect(readdirSync(path.join(cwd, 'out/b.md'))).toEqual([]);
  });

  it('a report and --update-baseline: the baseline folder becomes a file mid-run, so neither the report nor the baseline changes', () => {
    const cwd = tempProject(files);
    const run = runCli(['check', '--format', 'json:out/a.json', '--update-baseline', '--baseline', 'base/backlint-baseline.json'], {
      cwd,
      env: { MAKE_FILE: path.join(cwd, 'base') },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^backlint: Cannot write the baseline base\/backlint-baseline\.json: .*No report or baseline was written; every old file is kept as it was\.\n$/);
    expect(readFileSync(path.join(cwd, 'out/a.json'), 'utf8')).toBe('OLD JSON REPORT\n');
    expect(readFileSync(path.join(cwd, 'base'), 'utf8')).toBe('in the way');
    expect(readdirSync(path.join(cwd, 'out')).sort()).toEqual(['a.json', 'c.csv']);
    expect(readdirSync(cwd).filter((name) => name.includes('backlint-tmp') || name.includes('backlint-old'))).toEqual([]);
  });

  it('a target that is a folder before the run is refused before anything is fetched, and the other report is not replaced', () => {
    const cwd = tempProject({ ...files, 'out/folder.json/keep': 'x' });
    const run = runCli(['check', '--format', 'json:out/a.json', '--format', 'json:out/folder.json'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('backlint: Cannot write the json report to out/folder.json: it is a folder, not a regular file. Give the path of a file.\n');
    expect(readFileSync(path.join(cwd, 'out/a.json'), 'utf8')).toBe('OLD JSON REPORT\n');

    // Checked before the fetch: with a source that cannot be read, the target is still what is named.
    const missing = tempProject({ 'backlint.config.yaml': exportConfig(), 'out/folder.json/keep': 'x' });
    const early = runCli(['check', '--format', 'json:out/folder.json'], { cwd: missing });
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/out\/folder\.json: it is a folder/);
    expect(early.stderr).not.toMatch(/export\.json/);
  });

  it('when everything can be written, every file is replaced and the old ones are gone without a trace', () => {
    const cwd = tempProject(files);
    const before = statSync(path.join(cwd, 'out/a.json')).mode;
    const run = runCli(['check', '--format', 'json:out/a.json', '--format', 'csv:out/c.csv', '--update-baseline'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('Report written: out/a.json (json)\nReport written: out/c.csv (csv)\nbacklint-baseline.json was not a backlint baseline: it is replaced by a new one.\nBaseline written: backlint-baseline.json (2 findings).\n');
    expect(JSON.parse(readFileSync(path.join(cwd, 'out/a.json'), 'utf8')).schemaVersion).toBe(1);
    expect(readFileSync(path.join(cwd, 'out/c.csv'), 'utf8')).toMatch(/^rule,|ruleId|PAY-2/);
    expect(JSON.parse(readFileSync(path.join(cwd, 'backlint-baseline.json'), 'utf8')).entries).toHaveLength(2);
    expect(statSync(path.join(cwd, 'out/a.json')).mode).toBe(before);
    expect(readdirSync(path.join(cwd, 'out')).sort()).toEqual(['a.json', 'c.csv']);
    expect(existsSync(path.join(cwd, 'base'))).toBe(false);
  });
});
