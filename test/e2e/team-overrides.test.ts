// Overrides (SPEC §5) on a roster team's own findings: a scope of `teams` (or none) sets team-owners'
// severity for that team, or turns it off, and then its items' missing owners are theirs again. A scope
// with any other condition (types, labels, …) holds for items only, never for a team.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';

const demo = path.join(import.meta.dirname, '../../fixtures/demo');

function mobileFindings(overrides: string): { ruleId: string; severity: string; itemKey: string }[] {
  const files = Object.fromEntries(readdirSync(demo).map((name) => [name, readFileSync(path.join(demo, name), 'utf8')]));
  files['backlint.config.yaml'] += `\noverrides:\n${overrides}`;
  const cwd = tempProject(files);
  const run = runCli(['check', '--source', 'mobile', '--format', 'json:report.json'], { cwd });
  expect(run.code).toBe(1);
  const report = JSON.parse(readFileSync(path.join(cwd, 'report.json'), 'utf8')) as { findings: { ruleId: string; severity: string; itemKey: string; team: string | null }[] };
  return report.findings.filter((finding) => finding.team === 'Mobile Android').map(({ ruleId, severity, itemKey }) => ({ ruleId, severity, itemKey }));
}

describe('overrides on team findings', () => {
  it('a scope of teams sets the team\'s team-owners severity; a scope of types leaves the team alone', () => {
    const findings = mobileFindings('  - scope: { teams: [mobile android] }\n    rules: { team-owners: warn }\n  - scope: { types: [Epic] }\n    rules: { team-owners: off }\n');
    const team = findings.filter((finding) => finding.itemKey === 'team/Mobile Android');
    expect(team.length).toBe(3);
    expect(team.every((finding) => finding.severity === 'warn')).toBe(true);
  }, 60_000);

  it('turned off for the team, its items get their own owner findings again', () => {
    const findings = mobileFindings('  - scope: { teams: [Mobile Android] }\n    rules: { team-owners: off }\n');
    expect(findings.filter((finding) => finding.ruleId === 'team-owners')).toEqual([]);
    expect(findings.map((finding) => finding.ruleId).sort()).toEqual(['epic-pm-owner', 'owner-inactive', 'owner-inactive', 'owner-inactive', 'story-acceptance-criteria']);
  }, 60_000);

  it('off in rules and turned on for one team by an override, it reports that team', () => {
    const findings = mobileFindings('  - scope: { teams: [Mobile Android] }\n    rules: { team-owners: warn }\nrules:\n  team-owners: off\n');
    expect(findings.filter((finding) => finding.itemKey === 'team/Mobile Android').map((finding) => finding.severity)).toEqual(['warn', 'warn', 'warn']);
  }, 60_000);
});
