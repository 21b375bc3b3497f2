// The CI examples in examples/ must keep working: valid YAML, and every format and option they pass
// to backlint exists.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { reporters } from '../src/reporters/index.js';
import { loadConfig } from '../src/config/load.js';
import { STARTER_CONFIG } from '../src/starter-config.js';
import { ROOT, runCli } from './helpers/cli.js';

const help = runCli(['check', '--help'], { cwd: ROOT }).stdout;

describe.each(['github-actions.yml', 'azure-pipelines.yml'])('examples/%s', (name) => {
  const text = readFileSync(path.join(ROOT, 'examples', name), 'utf8');

  it('is valid YAML with a schedule', () => {
    const doc = parse(text);
    expect(doc.on?.schedule ?? doc.schedules).toBeTruthy();
  });

  it('uses only formats and options backlint has', () => {
    const formats = [...text.matchAll(/--format (\w+)/g)].map((m) => m[1]!);
    expect(formats.length).toBeGreaterThan(2);
    for (const format of formats) expect([...reporters.keys()]).toContain(format);
    const options = [...new Set([...text.matchAll(/(?<=\s)(--[a-z][a-z-]+)/g)].map((m) => m[1]!))];
    for (const option of options) expect(help, option).toContain(option);
  });

  it('runs with the baseline, the comparison, and a markdown and html report', () => {
    expect(text).toContain('--baseline backlint-baseline.json');
    expect(text).toContain('--compare');
    expect(text).toMatch(/--format markdown:\S+/);
    expect(text).toMatch(/--format html:\S+/);
  });
});

it('the GitHub example writes the summary to $GITHUB_STEP_SUMMARY; the Azure one publishes JUnit', () => {
  expect(readFileSync(path.join(ROOT, 'examples/github-actions.yml'), 'utf8')).toContain('>> "$GITHUB_STEP_SUMMARY"');
  const azure = parse(readFileSync(path.join(ROOT, 'examples/azure-pipelines.yml'), 'utf8'));
  expect(azure.steps.find((step: { task?: string }) => step.task === 'PublishTestResults@2').inputs).toMatchObject({ testResultsFormat: 'JUnit', testResultsFiles: 'reports/junit.xml' });
});

// What a CI job runs must be the version the repository pinned: `npm ci`, then `npx backlint`. An unpinned
// `npx --yes backlint` runs whatever package holds that name on the registry.
describe('CI snippets run the pinned backlint', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const readmeJobs = [...readme.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((block) => /backlint check/.test(block));
  const jobs = [
    ...readmeJobs.map((text, index) => ({ name: `README job ${index + 1}`, text })),
    ...['github-actions.yml', 'azure-pipelines.yml', 'github-actions-matrix.yml', 'azure-pipelines-matrix.yml'].map((name) => ({ name, text: readFileSync(path.join(ROOT, 'examples', name), 'utf8') })),
  ];

  it('finds the CI jobs of the README', () => expect(readmeJobs.length).toBeGreaterThanOrEqual(2));

  it.each(jobs)('$name installs with npm ci before npx backlint, never npx --yes', ({ text }) => {
    expect(text).not.toMatch(/npx\s+(--yes|-y)\b/);
    const install = text.indexOf('npm ci');
    expect(install).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('npx backlint')).toBeGreaterThan(install);
  });

  it('the README says how to install from a tarball or a git tag until backlint is published', () => {
    expect(readme).not.toMatch(/npx\s+(--yes|-y)\s+backlint\s+check/);
    expect(readme).toMatch(/npm install --save-dev \.\/\S+\.tgz/);
    expect(readme).toMatch(/npm install --save-dev "git\+https:\/\/\S+#v\d/);
  });
});

// One variable name per tracker secret, wherever a user reads one: the README, the CI examples, the
// starter config `init` writes and the docs; annotate's write token (kept apart from the read token) has one too.
it('every token variable a user reads is JIRA_API_TOKEN, JIRA_PAT, JIRA_PASSWORD or AZURE_DEVOPS_PAT, or a write token JIRA_WRITE_TOKEN or AZURE_DEVOPS_WRITE_PAT', () => {
  const texts = {
    'README.md': readFileSync(path.join(ROOT, 'README.md'), 'utf8'),
    'examples/github-actions.yml': readFileSync(path.join(ROOT, 'examples/github-actions.yml'), 'utf8'),
    'examples/azure-pipelines.yml': readFileSync(path.join(ROOT, 'examples/azure-pipelines.yml'), 'utf8'),
    'backlint init': STARTER_CONFIG,
    ...Object.fromEntries(readdirSync(path.join(ROOT, 'docs/rules')).map((name) => [name, readFileSync(path.join(ROOT, 'docs/rules', name), 'utf8')])),
  };
  const allowed = ['JIRA_API_TOKEN', 'JIRA_PAT', 'JIRA_PASSWORD', 'AZURE_DEVOPS_PAT', 'JIRA_WRITE_TOKEN', 'AZURE_DEVOPS_WRITE_PAT'];
  for (const [name, text] of Object.entries(texts)) {
    const used = new Set([...text.matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_(?:TOKEN|PAT|PASSWORD|SECRET)\b/g)].map((m) => m[0]));
    expect([...used].filter((variable) => !allowed.includes(variable)), name).toEqual([]);
  }
  expect(STARTER_CONFIG).toContain('${env:JIRA_API_TOKEN}');
  expect(STARTER_CONFIG).toContain('${env:JIRA_PAT}');
  expect(STARTER_CONFIG).toContain('${env:AZURE_DEVOPS_PAT}');
});

// The starter config's commented sources are examples to uncomment: each must then load.
it("the starter config loads with every commented source uncommented", async () => {
  const uncommented = STARTER_CONFIG.split('\n')
    .map((line) => line.replace(/^(\s*)# (\s*(?:- )?[A-Za-z]+:(?:\s|$))/, '$1$2'))
    .join('\n');
  expect(uncommented).toContain('    type: azure-devops\n');
  const cwd = mkdtempSync(path.join(tmpdir(), 'starter-'));
  writeFileSync(path.join(cwd, 'backlint.config.yaml'), uncommented);
  const loaded = await loadConfig(path.join(cwd, 'backlint.config.yaml'), { JIRA_API_TOKEN: 'x'.repeat(24), AZURE_DEVOPS_PAT: 'y'.repeat(52) });
  expect(loaded.config.sources.map((source) => source.type)).toEqual(['jira-export', 'jira', 'azure-devops-export', 'azure-devops']);
});

// Issue 15: the nightly example keeps its state between runs and shows known debt, new findings and the trend.
describe('the nightly examples keep the previous report and the history between runs', () => {
  it('GitHub Actions: the cache restores and saves the folder --compare and --history use', () => {
    const doc = parse(readFileSync(path.join(ROOT, 'examples/github-actions.yml'), 'utf8'));
    const steps: { uses?: string; run?: string; with?: Record<string, string>; if?: string }[] = doc.jobs.backlint.steps;
    const restore = steps.findIndex((step) => step.uses?.startsWith('actions/cache/restore@'));
    const lint = steps.findIndex((step) => step.run?.includes('npx backlint check'));
    const save = steps.findIndex((step) => step.uses?.startsWith('actions/cache/save@'));
    expect(restore).toBeGreaterThanOrEqual(0);
    expect(restore).toBeLessThan(lint);
    expect(save).toBeGreaterThan(lint);
    expect(steps[restore]!.with!.path).toBe('backlint-state');
    expect(steps[save]!.with!.path).toBe('backlint-state');
    expect(steps[restore]!.with!['restore-keys']).toBe('backlint-state-');
    expect(steps[save]!.with!.key).toMatch(/^backlint-state-\$\{\{ github\.run_id \}\}$/);
    // Saved even when the lint step failed on new findings.
    expect(steps[save]!.if).toContain('!cancelled()');
    expect(steps[lint]!.run).toContain('--history backlint-state/history.jsonl');
    expect(steps[lint]!.run).toContain('--compare backlint-state/report.json');
  });

  it('Azure Pipelines: the pipeline artifact is downloaded from the last run and published again, also after a failed run', () => {
    const doc = parse(readFileSync(path.join(ROOT, 'examples/azure-pipelines.yml'), 'utf8'));
    const steps: { task?: string; script?: string; publish?: string; artifact?: string; condition?: string; inputs?: Record<string, unknown> }[] = doc.steps;
    const download = steps.find((step) => step.task === 'DownloadPipelineArtifact@2')!;
    expect(download.inputs).toMatchObject({ artifact: 'backlint-state', path: '$(Pipeline.Workspace)/backlint-state', runVersion: 'latestFromBranch', allowFailedBuilds: true });
    const publish = steps.find((step) => step.artifact === 'backlint-state')!;
    expect(publish.publish).toBe('$(Pipeline.Workspace)/backlint-state');
    expect(publish.condition).toBe('succeededOrFailed()');
    const lint = steps.find((step) => step.script?.includes('npx backlint check'))!;
    expect(lint.script).toContain('state="$(Pipeline.Workspace)/backlint-state"');
    expect(lint.script).toContain('--history "$state/history.jsonl"');
  });

  // The GitHub job's own script, run as the job runs it (on the demo: no config here and no CI).
  it('GitHub Actions: night after night, known debt is listed, new findings fail, the trend grows, a one-source baseline update survives', () => {
    const doc = parse(readFileSync(path.join(ROOT, 'examples/github-actions.yml'), 'utf8'));
    const steps: { name?: string; run?: string }[] = doc.jobs.backlint.steps;
    const script = (name: string) => steps.find((step) => step.name === name)!.run!.replaceAll('npx backlint', `"${process.execPath}" "${path.join(ROOT, 'bin/backlint.js')}"`);
    const cwd = mkdtempSync(path.join(tmpdir(), 'backlint-nightly-'));
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, SOURCE_DATE_EPOCH: '1795500000' };
    const bash = (text: string, epoch = '1795500000') => spawnSync('bash', ['-e', '-c', text], { cwd, env: { ...env, SOURCE_DATE_EPOCH: epoch }, encoding: 'utf8', timeout: 60_000 });
    expect(runCli(['check', '--update-baseline'], { cwd }).code).toBe(0);
    const night1 = bash(script('Lint the backlog'));
    expect(night1.status).toBe(0);
    const summary1 = readFileSync(path.join(cwd, 'reports/summary.md'), 'utf8');
    expect(summary1.split('\n')[0]).toBe('## ✅ backlint: no new problems in 66 items checked · 47 known findings (baseline)');
    expect(summary1).toContain('### Known debt (47)');
    expect(bash(script("Keep this report for tomorrow's comparison")).status).toBe(0);

    // A new error finding by the next night, as the demo can show one: its baseline entry goes.
    const baselineFile = path.join(cwd, 'backlint-baseline.json');
    const baseline = JSON.parse(readFileSync(baselineFile, 'utf8'));
    const anError = JSON.parse(readFileSync(path.join(cwd, 'reports/report.json'), 'utf8')).findings.find((f: { severity: string }) => f.severity === 'error');
    baseline.entries = baseline.entries.filter((entry: { fingerprint: string }) => entry.fingerprint !== anError.fingerprint);
    writeFileSync(baselineFile, JSON.stringify(baseline));
    const night2 = bash(`set +e\n${script('Lint the backlog')}\necho "exit $?" > exit-code`, '1795586400');
    expect(readFileSync(path.join(cwd, 'exit-code'), 'utf8').trim()).toBe('exit 1');
    const summary2 = readFileSync(path.join(cwd, 'reports/summary.md'), 'utf8');
    expect(summary2.split('\n')[0]).toMatch(/^## ❌ backlint: 1 new problem .* · 46 known findings \(baseline\)$/);
    expect(summary2).toContain('### Last runs (2 of 2 runs recorded)');
    expect(readFileSync(path.join(cwd, 'reports/backlog.html'), 'utf8')).toContain('id="trend-findings"');
    expect(night2.status).toBe(0);

    // A baseline update of one source keeps the others' entries: the next night is green again.
    expect(runCli(['check', '--update-baseline', '--source', anError.source], { cwd }).code).toBe(0);
    const night3 = bash(script('Lint the backlog'), '1795672800');
    expect(night3.status).toBe(0);
    expect(readFileSync(path.join(cwd, 'backlint-state/history.jsonl'), 'utf8').trimEnd().split('\n')).toHaveLength(3);
  }, 120_000);
});

// Issue 15: one CI job per site, one combined report (`backlint merge`).
describe.each(['github-actions-matrix.yml', 'azure-pipelines-matrix.yml'])('examples/%s', (name) => {
  const text = readFileSync(path.join(ROOT, 'examples', name), 'utf8');
  const doc = parse(text);
  const mergeHelp = runCli(['merge', '--help'], { cwd: ROOT }).stdout;

  it('is valid YAML with a schedule, and uses only formats and options backlint has', () => {
    expect(doc.on?.schedule ?? doc.schedules).toBeTruthy();
    for (const format of [...text.matchAll(/--format "?(\w+)/g)].map((m) => m[1]!)) expect([...reporters.keys()]).toContain(format);
    const options = [...new Set([...text.matchAll(/(?<=\s)(--[a-z][a-z-]+)/g)].map((m) => m[1]!))];
    for (const option of options) expect(`${help}\n${mergeHelp}`, option).toContain(option);
  });

  it('lints each matrix source into its own shard and merges exactly those shards', () => {
    const sources: string[] = name.startsWith('github')
      ? doc.jobs.lint.strategy.matrix.source
      : Object.values(doc.jobs.find((job: { job: string }) => job.job === 'lint').strategy.matrix as Record<string, { source: string }>).map((entry) => entry.source);
    expect(sources.length).toBeGreaterThan(1);
    const merge = [...text.matchAll(/npx backlint merge ([^\n]*)/g)].map((m) => m[1]!);
    expect(merge).toHaveLength(1);
    const shards = [...merge[0]!.matchAll(/([\w-]+)\.json/g)].map((m) => m[1]!);
    expect(shards).toEqual(sources);
    expect(text).toMatch(/--source "(\$\{\{ matrix\.source \}\}|\$\(source\))"/);
    // A shard with findings still reaches the merge; one that could not run (exit 2) stops it.
    expect(text).toContain('|| test $? -eq 1');
    expect(text).toContain('--history');
  });
});

it('the matrix examples run: three demo shards, merged as the GitHub merge job does, equal one run', () => {
  const doc = parse(readFileSync(path.join(ROOT, 'examples/github-actions-matrix.yml'), 'utf8'));
  const lint: string = doc.jobs.lint.steps.find((step: { run?: string }) => step.run?.includes('npx backlint check')).run;
  const merge: string = doc.jobs.merge.steps.find((step: { run?: string }) => step.run?.includes('npx backlint merge')).run;
  const cli = `"${process.execPath}" "${path.join(ROOT, 'bin/backlint.js')}"`;
  const cwd = mkdtempSync(path.join(tmpdir(), 'backlint-matrix-'));
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, SOURCE_DATE_EPOCH: '1795500000' };
  const bash = (text: string) => spawnSync('bash', ['-e', '-c', text], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  expect(runCli(['check', '--update-baseline'], { cwd }).code).toBe(0);
  for (const source of doc.jobs.lint.strategy.matrix.source as string[]) {
    const shard = bash(lint.replaceAll('npx backlint', cli).replaceAll('${{ matrix.source }}', source));
    expect(shard.status, shard.stderr).toBe(0);
  }
  const merged = bash(merge.replaceAll('npx backlint', cli));
  expect(merged.status, merged.stderr).toBe(0);
  expect(readFileSync(path.join(cwd, 'reports/summary.md'), 'utf8')).toContain('47 known findings (baseline)');
  expect(readFileSync(path.join(cwd, 'reports/backlog.html'), 'utf8')).toContain('id="trend-findings"');
  const one = runCli(['check', '--baseline', 'backlint-baseline.json', '--format', 'json'], { cwd });
  const { generatedAt: _one, ...single } = JSON.parse(one.stdout);
  const { generatedAt: _merged, ...combined } = JSON.parse(readFileSync(path.join(cwd, 'reports/report.json'), 'utf8'));
  expect(combined).toEqual(single);
}, 120_000);
