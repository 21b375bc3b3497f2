// The CI examples in examples/ must keep working: valid YAML, and every format and option they pass
// to backlint exists.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { reporters } from '../src/reporters/index.js';
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
    ...['github-actions.yml', 'azure-pipelines.yml'].map((name) => ({ name, text: readFileSync(path.join(ROOT, 'examples', name), 'utf8') })),
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
// starter config `init` writes and the docs.
it('every token variable a user reads is JIRA_API_TOKEN, JIRA_PAT, JIRA_PASSWORD or AZURE_DEVOPS_PAT', () => {
  const texts = {
    'README.md': readFileSync(path.join(ROOT, 'README.md'), 'utf8'),
    'examples/github-actions.yml': readFileSync(path.join(ROOT, 'examples/github-actions.yml'), 'utf8'),
    'examples/azure-pipelines.yml': readFileSync(path.join(ROOT, 'examples/azure-pipelines.yml'), 'utf8'),
    'backlint init': STARTER_CONFIG,
    ...Object.fromEntries(readdirSync(path.join(ROOT, 'docs/rules')).map((name) => [name, readFileSync(path.join(ROOT, 'docs/rules', name), 'utf8')])),
  };
  const allowed = ['JIRA_API_TOKEN', 'JIRA_PAT', 'JIRA_PASSWORD', 'AZURE_DEVOPS_PAT'];
  for (const [name, text] of Object.entries(texts)) {
    const used = new Set([...text.matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_(?:TOKEN|PAT|PASSWORD|SECRET)\b/g)].map((m) => m[0]));
    expect([...used].filter((variable) => !allowed.includes(variable)), name).toEqual([]);
  }
  expect(STARTER_CONFIG).toContain('${env:JIRA_API_TOKEN}');
  expect(STARTER_CONFIG).toContain('${env:JIRA_PAT}');
  expect(STARTER_CONFIG).toContain('${env:AZURE_DEVOPS_PAT}');
});
