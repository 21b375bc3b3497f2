import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';

describe('backlint check --format, every format', () => {
  it('writes all seven formats of the demo in one run', () => {
    const cwd = tempProject({});
    const formats = ['json', 'html', 'markdown', 'junit', 'sarif', 'csv'];
    const run = runCli(['check', '--format', 'stylish', ...formats.flatMap((f) => ['--format', `${f}:out/report.${f}`])], { cwd });
    expect(run.code).toBe(1);
    for (const f of formats) expect(existsSync(path.join(cwd, `out/report.${f}`)), f).toBe(true);
    const json = JSON.parse(readFileSync(path.join(cwd, 'out/report.json'), 'utf8'));
    const read = (f: string) => readFileSync(path.join(cwd, `out/report.${f}`), 'utf8');
    expect(read('html')).toContain(`<span class="number" id="total-findings">${json.findings.length}</span>`);
    expect(XMLValidator.validate(read('junit'))).toBe(true);
    expect(JSON.parse(read('sarif')).runs[0].results).toHaveLength(json.findings.length);
    // A row a finding, then one per item a suppression label kept out.
    expect(read('csv').split('\r\n').filter(Boolean)).toHaveLength(json.findings.length + json.suppressions.length + 1);
    expect(read('markdown')).toMatch(/^## ❌ backlint: 47 problems/);
  });

  it('groups markdown by owner by default and by rule when asked; stylish by item by default', () => {
    const cwd = tempProject({});
    expect(runCli(['check', '--format', 'markdown'], { cwd }).stdout).toContain('### Findings by responsible person');
    expect(runCli(['check', '--format', 'markdown', '--group-by', 'rule'], { cwd }).stdout).toContain('### Findings by rule');
    const stylish = runCli(['check', '--group-by', 'owner'], { cwd }).stdout;
    expect(stylish).toContain('Nobody responsible');
    expect(runCli(['check'], { cwd }).stdout).not.toContain('Nobody responsible');
  });

  it('groups stylish and markdown by team with --group-by team, and says so in --help', () => {
    const cwd = tempProject({});
    const stylish = runCli(['check', '--group-by', 'team'], { cwd });
    expect(stylish.code).toBe(1);
    // After the demo notice: team headings flush left, items and findings indented under them.
    const headings = stylish.stdout.split('\n').slice(1).filter((line) => /^\S/.test(line) && !/^(note:|✖)/.test(line));
    // The demo's roster teams (Mobile Android, …) and team values (a project key, an area path): one heading each, by name.
    const teams = headings.slice(0, headings.indexOf('Coverage by team'));
    expect(teams).toEqual(expect.arrayContaining(['Mobile Android', 'PAY', 'Platform\\Compliance']));
    expect(teams).toEqual([...teams].sort((a, b) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' })));
    expect(stylish.stdout).toMatch(/^PAY\n {2}payments\/PAY-3 {2}Initiative/m);
    // A roster team's own findings sit under its heading, as one item named `team <name>`.
    expect(stylish.stdout).toMatch(/\n {2}team Mobile Android\n {4}error {2}Team Mobile Android has 3 stories/);
    const markdown = runCli(['check', '--format', 'markdown', '--group-by', 'team'], { cwd }).stdout;
    expect(markdown).toContain('### Findings by team\n\n#### ');
    expect(markdown).toMatch(/\n#### PAY \(\d+\)\n/);
    const help = runCli(['check', '--help'], { cwd }).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('--group-by <what> group the stylish and markdown reports by item, responsible person, rule or team');
    expect(help).toContain('(choices: "item", "owner", "rule", "team")');
  });

  it('passes --markdown-limit and --junit-warnings through', () => {
    const cwd = tempProject({});
    expect(runCli(['check', '--format', 'markdown', '--markdown-limit', '5'], { cwd }).stdout).toContain('…and 42 more findings');
    const junit = runCli(['check', '--format', 'junit', '--junit-warnings', 'skipped'], { cwd }).stdout;
    // 9 warnings shown as skipped, and the 4 items suppression labels kept out.
    expect(junit).toContain('skipped="13"');
    expect(runCli(['check', '--junit-warnings', 'maybe'], { cwd }).code).toBe(2);
  });

  it('names every format when one is unknown', () => {
    const run = runCli(['check', '--format', 'pdf'], { cwd: tempProject({}) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown format\. Formats: stylish, json, html, markdown, junit, sarif, csv\./);
    expect(runCli(['check', '--help'], { cwd: tempProject({}) }).stdout).toMatch(/stylish, json, html, markdown, junit, sarif, csv/);
  });
});
