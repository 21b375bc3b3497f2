import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { renderSarif } from '../../src/reporters/sarif.js';
import type { Report } from '../../src/model.js';
import { demoReport } from '../helpers/demo.js';
import { makeFinding, makeReport, makeSourceSummary } from '../helpers/report.js';
import { makeTeamCoverage, makeTeamFinding } from '../helpers/teams.js';

const render = (report: Report) => renderSarif(report, { color: false });

/**
 * The SARIF 2.1.0 JSON schema (OASIS), as shipped by Microsoft's @microsoft/jest-sarif package (MIT).
 * It is draft-04; Ajv 8 reads it once `id` is spelled `$id` (the only draft-04 keyword it uses), and
 * with non-unicode regular expressions (one pattern in it is not valid in unicode mode).
 */
function sarifValidator(): ValidateFunction {
  const file = createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const { $schema: _draft04, id, ...schema } = JSON.parse(readFileSync(file, 'utf8')) as { $schema: string; id: string };
  expect(String(id)).toMatch(/sarif-2\.1\.0/);
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile({ $id: id, ...schema });
}
const validate = sarifValidator();

function expectValid(log: unknown) {
  const ok = validate(log);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

interface SarifLog {
  runs: [{
    tool: { driver: { rules: { id: string; helpUri?: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[] } };
    results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; baselineState?: string; partialFingerprints: Record<string, string>; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; properties: { url: string | null; title: string } }[];
    properties: { split?: { part: number; of: number; note: string } };
  }];
}

describe('sarif reporter', () => {
  it('matches the golden file on the demo data', async () => {
    await expect(render(await demoReport())).toMatchFileSnapshot('./golden/demo.sarif');
  });

  it('is valid against the official SARIF 2.1.0 schema on the demo data', async () => {
    expectValid(JSON.parse(render(await demoReport())));
  });

  it('the validator really checks: a broken log is refused', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
  });

  it('lists the rules with id, short description, help and default level; each finding a result pointing at its rule', async () => {
    const report = await demoReport();
    const log = JSON.parse(render(report)) as SarifLog;
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(report.rules.map((r) => r.id));
    const mismatch = run.tool.driver.rules.find((r) => r.id === 'owner-role-mismatch')! as SarifLog['runs'][0]['tool']['driver']['rules'][0] & { help: { text: string } };
    expect(mismatch.defaultConfiguration.level).toBe('warning');
    // A built-in rule's page ships in the package: helpUri must be an absolute URI, so the help text names the page.
    expect(mismatch.helpUri).toBeUndefined();
    expect(mismatch.help.text).toMatch(/See docs\/rules\/owner-role-mismatch\.md in the backlint package$/);
    expect(run.results).toHaveLength(report.findings.length);
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
  });

  it('gives a rule with a web docs page (a plugin) its helpUri', () => {
    const log = JSON.parse(render(makeReport())) as SarifLog;
    expect(log.runs[0].tool.driver.rules.find((r) => r.id === 'story-po-owner')!.helpUri).toBe('https://example.com/rules/story-po-owner');
  });

  it('locates items at relative pseudo-paths, never https URIs, with the URL in properties and the message', async () => {
    const log = JSON.parse(render(await demoReport())) as SarifLog;
    const uris = log.runs[0].results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris).toContain('jira/payments/PAY/PAY-12');
    expect(uris).toContain('azure-devops/platform/Platform/1233');
    for (const uri of uris) expect(uri).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
    const pay12 = log.runs[0].results.find((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === 'jira/payments/PAY/PAY-12')!;
    expect(pay12.properties.url).toBe('https://acme-payments.atlassian.net/browse/PAY-12');
    expect(pay12.message.text).toContain('https://acme-payments.atlassian.net/browse/PAY-12');
  });

  it('keeps two sites with the same project key apart: the source name is in the path', () => {
    const report = makeReport({
      sources: [makeSourceSummary({ name: 'cloud' }), makeSourceSummary({ name: 'legacy-dc' })],
      findings: [makeFinding({ source: 'cloud' }), makeFinding({ source: 'legacy-dc' })],
    });
    const log = JSON.parse(render(report)) as SarifLog;
    expect(log.runs[0].results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual(['jira/cloud/PAY/PAY-12', 'jira/legacy-dc/PAY/PAY-12']);
  });

  it('splits past 25,000 results into runs GitHub accepts, and says so in each run', () => {
    const findings = Array.from({ length: 60_001 }, (_, index) => makeFinding({ itemKey: `PAY-${index + 1}` }));
    const log = JSON.parse(render(makeReport({ findings }))) as { runs: SarifLog['runs'][0][] };
    expect(log.runs.map((run) => run.results.length)).toEqual([25_000, 25_000, 10_001]);
    expect(log.runs.map((run) => run.properties.split?.part)).toEqual([1, 2, 3]);
    expect(log.runs[0]!.properties.split!.note).toBe('GitHub code scanning takes at most 25,000 results in one run: this report\'s 60,001 results are split across 3 runs.');
    const small = JSON.parse(render(makeReport({ findings: findings.slice(0, 25_000) }))) as { runs: SarifLog['runs'][0][] };
    expect(small.runs).toHaveLength(1);
    expect(small.runs[0]!.properties.split).toBeUndefined();
  });

  it('carries the fingerprint in partialFingerprints and the change in baselineState', () => {
    const report = makeReport({
      findings: [makeFinding({ change: 'new' }), makeFinding({ itemKey: 'PAY-13', change: 'old' })],
      comparison: { file: 'p.json', previousGeneratedAt: null, new: 1, old: 1, fixed: 0 },
    });
    const log = JSON.parse(render(report)) as SarifLog;
    expectValid(log);
    expect(log.runs[0].results.map((r) => [r.partialFingerprints['backlintFingerprint/v1'], r.baselineState])).toEqual([
      [report.findings[0]!.fingerprint, 'new'],
      [report.findings[1]!.fingerprint, 'unchanged'],
    ]);
  });

  it('encodes odd keys and projects into a valid relative path', () => {
    const report = makeReport({
      sources: [makeSourceSummary({ name: 'ado', type: 'azure-devops' })],
      findings: [makeFinding({ source: 'ado', itemKey: '77', url: 'https://dev.azure.com/org/My%20Project/_workitems/edit/77' }), makeFinding({ source: 'ado', itemKey: 'x/../y', url: null })],
    });
    const log = JSON.parse(render(report)) as SarifLog;
    expectValid(log);
    expect(log.runs[0].results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual(['azure-devops/ado/My%20Project/77', 'azure-devops/ado/ado/x%2F..%2Fy']);
  });

  it.each(['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'quote " backslash \\ nul \u0000 newline \n', 'javascript:alert(1)'])(
    'keeps a hostile title %j as data, and the log valid',
    (title) => {
      const report = makeReport({ findings: [makeFinding({ title, url: title === 'javascript:alert(1)' ? title : null })] });
      const text = render(report);
      const log = JSON.parse(text) as SarifLog;
      expectValid(log);
      expect(log.runs[0].results[0]!.properties.title).toBe(title);
      expect(log.runs[0].results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('jira/pay/PAY/PAY-12');
    },
  );

  it('locates a team finding at backlint/teams/<name>, the name one safely encoded segment, whatever the source', () => {
    const names = ['Payments', 'R&D / Ops', '..', 'Ünïcode team', 'a\\b%c?d#e'];
    const report = makeReport({
      sources: [makeSourceSummary({ name: 'ado', type: 'azure-devops' })],
      findings: names.map((team) => makeTeamFinding({ team, source: 'ado' })),
    });
    const log = JSON.parse(render(report)) as SarifLog;
    expectValid(log);
    expect(log.runs[0].results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual([
      'backlint/teams/Payments',
      'backlint/teams/R%26D%20%2F%20Ops',
      'backlint/teams/%252E%252E',
      'backlint/teams/%C3%9Cn%C3%AFcode%20team',
      'backlint/teams/a%5Cb%25c%3Fd%23e',
    ]);
    for (const result of log.runs[0].results) expect(new URL(result.locations[0]!.physicalLocation.artifactLocation.uri, 'https://x.example/repo/').pathname.startsWith('/repo/backlint/teams/')).toBe(true);
    expect(log.runs[0].results[0]!.message.text).toBe('Team Payments has 12 stories in scope and no active Product Owner. team "Payments"');
    expect(log.runs[0].results[0]!.properties.url).toBeNull();
  });

  it('carries the coverage per team in the run properties when the report has it', () => {
    const teams = [makeTeamCoverage(), makeTeamCoverage({ team: null, roster: false })];
    const log = JSON.parse(render(makeReport({ findings: [makeFinding()], teams }))) as SarifLog & { runs: [{ properties: { teams?: unknown } }] };
    expectValid(log);
    expect(log.runs[0].properties.teams).toEqual(teams);
    expect('teams' in (JSON.parse(render(makeReport())) as SarifLog).runs[0].properties).toBe(false);
  });
});
