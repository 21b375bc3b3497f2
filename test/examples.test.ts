// The CI examples in examples/ must keep working: valid YAML, and every format and option they pass
// to backlint exists.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { reporters } from '../src/reporters/index.js';
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
