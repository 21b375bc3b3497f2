// The CLI as a user meets it when things go wrong (SPEC §7, §8, §12): every failure is one paragraph on
// stderr naming the file and the JSON path, exit 2, no stack trace, and no report written or replaced;
// a token from the environment never shows anywhere; SOURCE_DATE_EPOCH makes reports reproducible.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempProject } from '../helpers/cli.js';

const fixture = (...parts: string[]) => readFileSync(path.join(ROOT, 'fixtures', ...parts), 'utf8');
const jiraConfig = (extra = '') => `sources:\n  - name: ship\n    type: jira-export\n    path: jira.json\n${extra}`;
const adoConfig = (extra = '') => `sources:\n  - name: field\n    type: azure-devops-export\n    path: ado.json\n${extra}`;
const bothConfig = `${jiraConfig()}  - name: field\n    type: azure-devops-export\n    path: ado.json\n`;

/** Every file under `dir`, relative, for "nothing else was written". */
function filesIn(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesIn(dir, path.join(prefix, entry.name)) : [path.join(prefix, entry.name)],
  );
}

describe('a run that cannot complete', () => {
  it.each([
    [
      'a Jira export with a wrong type deep inside',
      { 'backlint.config.yaml': jiraConfig(), 'jira.json': { issues: [{ id: '1', key: 'SHIP-1', fields: { issuetype: { name: 'Story' }, labels: ['ok', 3] } }] } },
      /jira\.json is not a valid Jira issue:\n {2}issues\[0\]\.fields\.labels\[1\]: /,
    ],
    [
      'an Azure DevOps export whose value is no list',
      { 'backlint.config.yaml': adoConfig(), 'ado.json': { count: 1, value: { id: 1 } } },
      /ado\.json is not an Azure DevOps work items batch response .*:\n {2}value: /,
    ],
    [
      'an Azure DevOps work item with an identity of the wrong type',
      { 'backlint.config.yaml': adoConfig(), 'ado.json': { count: 1, value: [{ id: 4, fields: { 'System.WorkItemType': 'Epic', 'System.CreatedBy': [1] } }] } },
      /ado\.json is not a valid work item:\n {2}value\[0\]\.fields\["System\.CreatedBy"\]/,
    ],
    ['a bad config', { 'backlint.config.yaml': 'sources:\n  - name: ship\n    type: jira-export\n    path: 12\n' }, /Config backlint\.config\.yaml is invalid:\n {2}sources\[0\]\.path: /],
    ['a config that is not YAML', { 'backlint.config.yaml': 'sources: [\n' }, /Config backlint\.config\.yaml is not valid YAML/],
    ['an unset ${env:…}', { 'backlint.config.yaml': jiraConfig('    baseUrl: ${env:BACKLINT_UNSET_SITE}\n'), 'jira.json': [] }, /Config backlint\.config\.yaml: sources\[0\]\.baseUrl: environment variable BACKLINT_UNSET_SITE is not set/],
  ])('%s: one paragraph naming file and path, exit 2, no report written or replaced', (_name, files, message) => {
    const cwd = tempProject({ ...files, 'out/report.json': 'previous report' });
    const before = filesIn(cwd).sort();
    const run = runCli(['check', '--format', 'stylish:out/report.txt', '--format', 'json:out/report.json', '--update-baseline'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^backlint: /);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split(/\n\s*\n/)).toHaveLength(1); // one paragraph
    expect(run.stderr).not.toMatch(/\n\s+at |TypeError|ZodError/); // no stack trace, no raw exception
    expect(readFileSync(path.join(cwd, 'out/report.json'), 'utf8')).toBe('previous report');
    expect(filesIn(cwd).sort()).toEqual(before); // no report.txt, no baseline, no temp file left over
  });
});

describe('tokens from the environment', () => {
  const TOKEN = 'tok-9Qv7ZkPp2LxB4sWd';

  it('never appear in the terminal report, report files, the baseline or errors, even inside a site URL', () => {
    const cwd = tempProject({
      'backlint.config.yaml':
        `${jiraConfig(`    baseUrl: https://bot:\${env:JIRA_API_TOKEN}@harbour-freight.atlassian.net\n`)}  - name: field\n    type: azure-devops-export\n    path: ado.json\n    orgUrl: https://pat:\${env:AZURE_DEVOPS_PAT}@dev.azure.com/woodgrove\n`,
      'jira.json': fixture('jira', 'cloud-bulkfetch-expand-names.json'),
      'ado.json': fixture('azure-devops', 'edge-cases-batch.json'),
    });
    const env = { JIRA_API_TOKEN: TOKEN, AZURE_DEVOPS_PAT: TOKEN, FORCE_COLOR: '1' };
    const run = runCli(['check', '--format', 'stylish', '--format', 'json:out/report.json', '--update-baseline'], { cwd, env });
    expect(run.code).toBe(0); // --update-baseline accepts today's findings
    const report = JSON.parse(readFileSync(path.join(cwd, 'out/report.json'), 'utf8'));
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.find((f: { itemKey: string }) => f.itemKey === 'SHIP-6').url).toBe('https://harbour-freight.atlassian.net/browse/SHIP-6');
    expect(report.findings.find((f: { source: string }) => f.source === 'field').url).toMatch(/^https:\/\/dev\.azure\.com\/woodgrove\/Checkout\/_workitems\/edit\/\d+$/);

    const again = runCli(['check', '--format', 'json'], { cwd, env });
    const failing = runCli(['check'], { cwd: tempProject({ 'backlint.config.yaml': 'sources:\n  - name: ship\n    type: jira-export\n    path: exports/${env:JIRA_API_TOKEN}.json\n' }), env });
    expect(failing.code).toBe(2);
    expect(failing.stderr).toMatch(/exports\/\*\*\*\.json does not exist/);

    // Every file: the reports, the baseline, and the config (which holds only the ${env:…} references).
    const files = filesIn(cwd);
    expect(files).toEqual(expect.arrayContaining(['backlint-baseline.json', path.join('out', 'report.json')]));
    const outputs = [run.stdout, run.stderr, again.stdout, again.stderr, failing.stdout, failing.stderr];
    for (const text of [...outputs, ...files.map((file) => readFileSync(path.join(cwd, file), 'utf8'))]) expect(text).not.toContain(TOKEN);
    for (const text of [...outputs, ...files.filter((file) => file.endsWith('.json')).map((file) => readFileSync(path.join(cwd, file), 'utf8'))]) {
      expect(text).not.toMatch(/https?:\/\/[^/\s"]*@/); // no credentials left in any link
    }
  });
});

describe('SOURCE_DATE_EPOCH', () => {
  it('makes two runs write byte-identical reports', () => {
    const cwd = tempProject({ 'backlint.config.yaml': bothConfig, 'jira.json': fixture('jira', 'cloud-bulkfetch-expand-names.json'), 'ado.json': fixture('azure-devops', 'edge-cases-batch.json') });
    const args = ['check', '--format', 'stylish:out/report.txt', '--format', 'json:out/report.json'];
    const env = { SOURCE_DATE_EPOCH: '1795500000' };
    const first = runCli(args, { cwd, env });
    const firstFiles = ['out/report.txt', 'out/report.json'].map((file) => readFileSync(path.join(cwd, file)));
    const second = runCli(args, { cwd, env });
    const secondFiles = ['out/report.txt', 'out/report.json'].map((file) => readFileSync(path.join(cwd, file)));
    expect(first.code).toBe(1);
    expect(second.code).toBe(1);
    expect(secondFiles[0]!.equals(firstFiles[0]!)).toBe(true);
    expect(secondFiles[1]!.equals(firstFiles[1]!)).toBe(true);
    expect(second.stdout).toBe(first.stdout);
    expect(JSON.parse(firstFiles[1]!.toString('utf8')).generatedAt).toBe(new Date(1795500000 * 1000).toISOString());
  });
});
