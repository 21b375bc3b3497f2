import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { adfWithCriteria, exportConfig, jiraIssue, jiraUser, ROOT, runCli, searchResponse, tempProject } from '../helpers/cli.js';

const ana = jiraUser('Ana Souza');
const li = jiraUser('Li Wei');
const cleanExport = searchResponse([
  jiraIssue('PAY-1', { po: ana, description: adfWithCriteria }),
  jiraIssue('PAY-2', { type: 'Epic', level: 1, pm: li }),
]);
const dirtyExport = searchResponse([
  jiraIssue('PAY-1', { po: ana, description: adfWithCriteria }),
  jiraIssue('PAY-2', { po: null }),
]);

describe('backlint check on the bundled demo', () => {
  it('says so on its first line, prints the report and exits 1 for the demo errors', () => {
    const cwd = tempProject({});
    const run = runCli(['check'], { cwd });
    expect(run.stdout.split('\n')[0]).toMatch(/demo dataset/);
    expect(run.stdout).toMatch(/problems? \(\d+ errors?, \d+ warnings?\)/);
    expect(run.stdout).not.toMatch(/\u001b\[/); // not a TTY: no colour
    expect(run.code).toBe(1);
  });

  it('runs the demo with no subcommand too, and colours with FORCE_COLOR', () => {
    const run = runCli([], { cwd: tempProject({}), env: { FORCE_COLOR: '1' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\u001b\[/);
  });

  it('writes a JSON report of the demo to a file, keeping stdout for the terminal report', () => {
    const cwd = tempProject({});
    const run = runCli(['check', '--format', 'stylish', '--format', 'json:out/report.json'], { cwd });
    expect(run.code).toBe(1);
    const report = JSON.parse(readFileSync(path.join(cwd, 'out/report.json'), 'utf8'));
    expect(report.schemaVersion).toBe(1);
    expect(report.generatedAt).toBe('2026-11-24T06:00:00.000Z');
    expect(report.sources.map((s: { name: string }) => s.name).sort()).toEqual(['mobile', 'payments', 'platform']);
    expect(report.summary.itemsChecked).toBeGreaterThan(40);
    expect(report.findings.length).toBe(report.summary.errors + report.summary.warnings);
    expect(run.stdout).toMatch(/demo dataset/);
    expect(run.stderr).toMatch(/Report written: out\/report.json/);
  });
});

describe('exit codes', () => {
  it('exits 0 on a clean backlog', () => {
    const cwd = tempProject({ 'backlint.config.yaml': exportConfig(), 'export.json': cleanExport });
    const run = runCli(['check'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/No problems/);
    expect(run.code).toBe(0);
  });

  it('exits 1 on error findings, and on warnings over --max-warnings', () => {
    const cwd = tempProject({ 'backlint.config.yaml': exportConfig('rules:\n  story-acceptance-criteria: warn\n  story-po-owner: warn\n'), 'export.json': dirtyExport });
    expect(runCli(['check'], { cwd }).code).toBe(0);
    expect(runCli(['check', '--max-warnings', '2'], { cwd }).code).toBe(0);
    const over = runCli(['check', '--max-warnings', '1'], { cwd });
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/too many warnings/);
  });

  it('--quiet --max-warnings 0 with only warnings: one headline that says warnings were found, then exit 1', () => {
    const cwd = tempProject({ 'backlint.config.yaml': exportConfig('rules:\n  story-acceptance-criteria: warn\n  story-po-owner: warn\n'), 'export.json': dirtyExport });
    const run = runCli(['check', '--quiet', '--max-warnings', '0'], { cwd });
    expect(run.stdout).not.toMatch(/No problems/);
    expect(run.stdout).toMatch(/✔ No errors in \d+ items? checked \(\d+ warnings? not shown: --quiet\)/);
    expect(run.stderr).toMatch(/too many warnings \(maximum: 0\)/);
    expect(run.code).toBe(1);
  });

  it('--quiet reports errors only', () => {
    const cwd = tempProject({ 'backlint.config.yaml': exportConfig('rules:\n  story-acceptance-criteria: warn\n'), 'export.json': dirtyExport });
    const run = runCli(['check', '--quiet', '--format', 'json'], { cwd });
    const report = JSON.parse(run.stdout);
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['story-po-owner']);
    expect(run.code).toBe(1);
  });

  it.each([
    ['an unknown option', ['check', '--frobnicate'], /unknown option/],
    ['an unknown format', ['check', '--format', 'yaml'], /unknown format/],
    ['an unknown source', ['check', '--source', 'nope'], /no such source/],
    ['a bad --max-warnings', ['check', '--max-warnings', 'many'], /whole number/],
    ['two formats on stdout', ['check', '--format', 'json', '--format', 'stylish'], /Only one --format/],
  ])('exits 2 on %s', (_name, args, pattern) => {
    const cwd = tempProject({ 'backlint.config.yaml': exportConfig(), 'export.json': cleanExport });
    const run = runCli(args, { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(pattern);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it.each([
    ['a malformed export (wrong type deep inside)', { 'export.json': searchResponse([{ ...jiraIssue('PAY-1'), fields: { summary: 'x', issuetype: { name: 7 } } }]) }, /export\.json is not a valid Jira issue:\n\s+issues\[0\]\.fields\.issuetype\.name/],
    ['an export that is not JSON', { 'export.json': '{"issues": [' }, /export\.json is not valid JSON/],
    ['an export of the wrong shape', { 'export.json': { total: 3 } }, /export\.json is not a Jira search response/],
    ['a missing export', {}, /export\.json does not exist/],
    ['a user field holding a string', { 'export.json': searchResponse([jiraIssue('PAY-1', { po: 'ana' as unknown as object })]) }, /issues\[0\]\.fields\.customfield_10050: expected a Jira user/],
  ])('exits 2 on %s, names the file and writes no report', (_name, files, pattern) => {
    const cwd = tempProject({ 'backlint.config.yaml': exportConfig(), ...files, 'out/report.json': 'previous report' });
    const run = runCli(['check', '--format', 'json:out/report.json'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(pattern);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(path.join(cwd, 'out/report.json'), 'utf8')).toBe('previous report');
  });

  it('exits 2 on a bad config and on an unset ${env:…}, with one clear paragraph', () => {
    const bad = runCli(['check'], { cwd: tempProject({ 'backlint.config.yaml': 'sources:\n  - name: pay\n    type: jira\n' }) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^backlint: Config backlint\.config\.yaml is invalid:\n\s+sources\[0\]/);
    const unset = runCli(['check'], { cwd: tempProject({ 'backlint.config.yaml': exportConfig('    baseUrl: ${env:JIRA_SITE_URL}\n').replace('path: export.json\n', 'path: export.json\n') }) });
    expect(unset.code).toBe(2);
    expect(unset.stderr).toMatch(/environment variable JIRA_SITE_URL is not set/);
    // A YAML tag backlint does not know: the schema's message, and no warning of the YAML library before it.
    const tagged = runCli(['check'], { cwd: tempProject({ 'backlint.config.yaml': 'sources: !!js/function "function(){}"\n' }) });
    expect(tagged.code).toBe(2);
    expect(tagged.stderr).toBe('backlint: Config backlint.config.yaml is invalid:\n  sources: expected array; found string "function(){}"\n');
  });

  it('exits 2 when the named config does not exist', () => {
    const run = runCli(['check', '--config', 'missing.yaml'], { cwd: tempProject({}) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Cannot read config missing\.yaml: file not found/);
  });
});

describe('baseline', () => {
  it('round trips: update, then only new findings count, and fixed ones are counted', () => {
    const cwd = tempProject({ 'backlint.config.yaml': exportConfig(), 'export.json': dirtyExport });
    const update = runCli(['check', '--update-baseline'], { cwd });
    expect(update.code).toBe(0);
    expect(update.stderr).toMatch(/Baseline written: backlint-baseline\.json \(2 findings\)/);
    const baseline = JSON.parse(readFileSync(path.join(cwd, 'backlint-baseline.json'), 'utf8'));
    expect(baseline.entries).toHaveLength(2);

    // Known debt, not hidden debt (SPEC §10): listed and marked, but out of the exit code and the counts.
    const known = runCli(['check', '--baseline', 'backlint-baseline.json', '--format', 'json'], { cwd });
    expect(known.code).toBe(0);
    const knownReport = JSON.parse(known.stdout);
    expect(knownReport).toMatchObject({ summary: { errors: 0, warnings: 0 }, baseline: { known: 2, fixed: 0 } });
    expect(knownReport.findings.map((f: { baseline?: { state: string } }) => f.baseline?.state)).toEqual(['known', 'known']);
    const hidden = runCli(['check', '--baseline', 'backlint-baseline.json', '--hide-baseline', '--format', 'json'], { cwd });
    expect(JSON.parse(hidden.stdout)).toMatchObject({ findings: [], baseline: { known: 2, fixed: 0, hidden: true } });

    // PAY-2 gets its PO (one fixed), PAY-3 arrives without one (new).
    writeFileSync(
      path.join(cwd, 'export.json'),
      JSON.stringify(searchResponse([jiraIssue('PAY-1', { po: ana, description: adfWithCriteria }), jiraIssue('PAY-2', { po: ana }), jiraIssue('PAY-3', { po: null, description: adfWithCriteria })])),
    );
    const next = runCli(['check', '--baseline', 'backlint-baseline.json', '--format', 'json'], { cwd });
    expect(next.code).toBe(1);
    const report = JSON.parse(next.stdout);
    expect(report.findings.map((f: { itemKey: string; ruleId: string; baseline?: { state: string } }) => `${f.itemKey} ${f.ruleId} ${f.baseline?.state ?? 'new'}`)).toEqual([
      'PAY-2 story-acceptance-criteria known',
      'PAY-3 story-po-owner new',
    ]);
    expect(report.summary).toMatchObject({ errors: 1 });
    expect(report.baseline).toMatchObject({ known: 1, fixed: 1 });
  });

  it('exits 2 when the baseline file is missing', () => {
    const cwd = tempProject({ 'backlint.config.yaml': exportConfig(), 'export.json': dirtyExport });
    const run = runCli(['check', '--baseline', 'nope.json'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Baseline nope\.json does not exist/);
  });
});

describe('other commands', () => {
  it('rules lists every rule with its default', () => {
    const run = runCli(['rules'], { cwd: tempProject({}) });
    expect(run.code).toBe(0);
    for (const id of ['story-acceptance-criteria', 'story-po-owner', 'epic-pm-owner', 'roadmap-pm-owner', 'owner-role-mismatch', 'owner-inactive']) {
      expect(run.stdout).toContain(id);
    }
  });

  it('rules prints where each rule\'s docs page is on this machine', () => {
    const run = runCli(['rules'], { cwd: tempProject({}) });
    const pages = [...run.stdout.matchAll(/ · (\S+\.md)$/gm)].map((m) => m[1]!);
    expect(pages).toHaveLength(builtinRules.length);
    for (const page of pages) {
      expect(path.isAbsolute(page)).toBe(true);
      expect(existsSync(page)).toBe(true);
    }
    expect(pages[0]).toBe(path.join(ROOT, 'docs/rules/story-acceptance-criteria.md'));
    expect(run.stdout).toContain(`one Markdown page per rule, in ${path.join(ROOT, 'docs/rules')}`);
    expect(run.stdout).not.toContain('https://github.com/backlint');
  });

  it('init writes a starter config that validates, and refuses to overwrite it', () => {
    const cwd = tempProject({});
    const first = runCli(['init'], { cwd });
    expect(first.code).toBe(0);
    expect(existsSync(path.join(cwd, 'backlint.config.yaml'))).toBe(true);
    const again = runCli(['init'], { cwd });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
    // The starter points at an export that does not exist yet: a source error, not a config error.
    const check = runCli(['check'], { cwd });
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/Source jira: exports\/jira\.json does not exist/);
  });

  it('--help and --version exit 0', () => {
    const cwd = tempProject({});
    expect(runCli(['--help'], { cwd })).toMatchObject({ code: 0 });
    expect(runCli(['--version'], { cwd }).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('an unknown command', () => {
  it('is an error with the nearest command, not arguments to check', () => {
    const run = runCli(['chekc'], { cwd: tempProject({}) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^backlint: unknown command 'chekc' \(did you mean check\?\)\. Commands: check, doctor, rules, init, merge, export, annotate\./);
    expect(run.stdout).toBe('');
  });
});

describe('several failing sources', () => {
  it('are all named before the run exits 2, not only the first', () => {
    const config = `sources:\n  - name: pay\n    type: jira-export\n    path: pay.json\n  - name: web\n    type: jira-export\n    path: web.json\n  - name: ok\n    type: jira-export\n    path: export.json\n`;
    const cwd = tempProject({ 'backlint.config.yaml': config, 'export.json': searchResponse([jiraIssue('OK-1')]) });
    const run = runCli(['check', '--format', 'json:report.json'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^backlint: 2 sources failed:\n {2}Source pay: .*pay\.json.*\n {2}Source web: .*web\.json/);
    expect(existsSync(path.join(cwd, 'report.json'))).toBe(false);
  });
});

describe('the demo and CI', () => {
  it('with CI set and no config: exit 2, never the demo', () => {
    const run = runCli(['check', '--format', 'json:report.json'], { cwd: tempProject({}), env: { CI: 'true' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^backlint: No backlint config here \(looked for backlint\.config\.yaml, backlint\.config\.yml, backlint\.config\.json in .*\)\. With CI set, backlint never lints its demo instead/);
    expect(run.stdout).toBe('');
  });

  it('without CI, every report of a demo run says it is the demo', () => {
    const cwd = tempProject({});
    const run = runCli(['check', '--format', 'json:r.json', '--format', 'markdown:r.md', '--format', 'html:r.html', '--format', 'stylish:r.txt'], { cwd, env: { CI: 'false' } });
    expect(run.code).toBe(1);
    expect(JSON.parse(readFileSync(path.join(cwd, 'r.json'), 'utf8')).demo).toBe(true);
    expect(readFileSync(path.join(cwd, 'r.md'), 'utf8')).toMatch(/\*\*Demo:\*\* this report lints the demo backlog bundled with backlint/);
    expect(readFileSync(path.join(cwd, 'r.html'), 'utf8')).toMatch(/<p class="demo" role="note"><strong>Demo:<\/strong>/);
    expect(readFileSync(path.join(cwd, 'r.txt'), 'utf8')).toMatch(/note: this is the demo backlog bundled with backlint/);
  });
});

describe('--demo', () => {
  it('lints the demo also with CI set, and says so on its first line', () => {
    const run = runCli(['check', '--demo'], { cwd: tempProject({}), env: { CI: 'true' } });
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[0]).toMatch(/^Running on the bundled demo dataset/);
  });

  it('is refused together with --config', () => {
    const run = runCli(['check', '--demo', '--config', 'x.yaml'], { cwd: tempProject({}) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--demo lints the bundled demo dataset: give it without --config/);
  });
});

describe('--csv-bom', () => {
  it('writes the CSV report with a UTF-8 byte order mark', () => {
    const cwd = tempProject({});
    runCli(['check', '--demo', '--format', 'csv:with.csv', '--csv-bom', '--format', 'json:r.json'], { cwd });
    runCli(['check', '--demo', '--format', 'csv:without.csv'], { cwd });
    expect(readFileSync(path.join(cwd, 'with.csv')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(readFileSync(path.join(cwd, 'without.csv'), 'utf8').startsWith('source,')).toBe(true);
  });
});
