// The team roster as written (SPEC §4): `teams:` in the config, or a `teamsFile` in YAML or CSV; every
// error names the file and the row or line to fix.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { BacklintError } from '../../src/errors.js';
import { loadRoster, type Roster } from '../../src/roster/load.js';

const source = 'sources:\n  - name: pay\n    type: jira-export\n    path: export.json\n';

function writeFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'backlint-roster-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

/** The roster a config file with these files beside it gives. */
async function rosterOf(config: string, files: Record<string, string> = {}): Promise<Roster | null> {
  const dir = writeFiles({ 'backlint.config.yaml': config, ...files });
  const loaded = await loadConfig(path.join(dir, 'backlint.config.yaml'), {});
  return loadRoster(loaded.config, 'backlint.config.yaml');
}

const teamsFile = (name: string, text: string) => rosterOf(`${source}teamsFile: ${name}\n`, { [name]: text });

async function errorOf(promise: Promise<unknown>): Promise<BacklintError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BacklintError);
    expect((error as BacklintError).code).toBe('config');
    return error as BacklintError;
  }
  throw new Error('expected a config error');
}

const summary = (roster: Roster | null) => roster?.teams.map(({ name, match, productOwners, productManagers }) => ({ name, match, productOwners, productManagers }));

describe('teams in the config', () => {
  it('reads each team, one value or a list, and says where each is written', async () => {
    const roster = await rosterOf(
      `${source}teams:\n  - name: Payments\n    match: { project: PAY }\n    productOwner: ana.souza@acme.example\n    productManager: li.wei@acme.example\n  - name: Identity\n    match: { areaPath: 'Platform\\Identity', label: [iam, sso] }\n    productOwner: [jonas.weber@contoso.example, Grace Okafor]\n`,
    );
    expect(summary(roster)).toEqual([
      { name: 'Payments', match: { project: ['PAY'] }, productOwners: ['ana.souza@acme.example'], productManagers: ['li.wei@acme.example'] },
      { name: 'Identity', match: { areaPath: ['Platform\\Identity'], label: ['iam', 'sso'] }, productOwners: ['jonas.weber@contoso.example', 'Grace Okafor'], productManagers: [] },
    ]);
    expect(roster!.origin).toBe('backlint.config.yaml');
    expect(roster!.teams.map((team) => team.where)).toEqual(['teams[0]', 'teams[1]']);
  });

  it('no teams and no teamsFile: no roster', async () => {
    expect(await rosterOf(source)).toBeNull();
  });

  it.each([
    ['duplicate team names (case-insensitively)', `teams:\n  - { name: Payments, match: { project: PAY } }\n  - { name: payments, match: { project: APP } }\n`, /teams\[1\]\.name.*duplicate team name 'payments' \(also teams\[0\]\)/],
    ['a team with no match key', `teams:\n  - { name: Payments, match: {} }\n`, /teams\[0\]\.match.*give at least one of project, component, team, areaPath, label/],
    ['a team without a name', `teams:\n  - { match: { project: PAY } }\n`, /teams\[0\]\.name/],
    ['an unknown match key', `teams:\n  - { name: Payments, match: { areapath: 'A\\B' } }\n`, /teams\[0\]\.match.*areapath.*did you mean areaPath/],
    ['teams and teamsFile both', `teams:\n  - { name: Payments, match: { project: PAY } }\nteamsFile: teams.yaml\n`, /teamsFile.*give the roster once: teams, or teamsFile, not both/],
    ['ownership: roster without a roster', `    ownership: roster\n`, /sources\[0\]\.ownership.*ownership roster takes owners from the team roster, and the config has none/],
    ['ownership: field-then-roster without a roster', `    ownership: field-then-roster\n`, /sources\[0\]\.ownership.*field-then-roster.*has none/],
    ['an unknown ownership', `    ownership: roster-only\n`, /sources\[0\]\.ownership/],
  ])('a config error: %s, naming the config file and the key', async (_name, extra, pattern) => {
    const error = await errorOf(rosterOf(`${source}${extra}`, { 'teams.yaml': '[]' }));
    expect(error.message).toContain('backlint.config.yaml');
    expect(error.message).toMatch(pattern);
  });

  it('ownership: field needs no roster', async () => {
    expect(await rosterOf(`${source}    ownership: field\n`)).toBeNull();
  });

  it('teamsFile is relative to the config file, wherever the run starts', async () => {
    const dir = writeFiles({ 'backlint.config.yaml': `${source}teamsFile: teams.yaml\n`, 'teams.yaml': '- { name: Payments, match: { project: PAY } }\n' });
    const loaded = await loadConfig(path.join(dir, 'backlint.config.yaml'), {});
    expect(loaded.config.teamsFile).toBe(path.join(dir, 'teams.yaml'));
  });

  it('a missing teams file is a config error (exit 2) naming the file and the key', async () => {
    const dir = writeFiles({ 'backlint.config.yaml': `${source}teamsFile: nowhere/teams.csv\n` });
    const loaded = await loadConfig(path.join(dir, 'backlint.config.yaml'), {});
    const error = await errorOf(loadRoster(loaded.config, 'backlint.config.yaml'));
    expect(error.message).toContain('teams.csv');
    expect(error.message).toMatch(/teamsFile in backlint\.config\.yaml/);
    expect(error.message).toMatch(/file not found/);
  });
});

describe('teamsFile in YAML', () => {
  const teams = '- name: Payments\n  match: { project: PAY }\n  productOwner: ana.souza@acme.example\n- name: Identity\n  match:\n    areaPath: [Platform\\Identity, Platform\\SSO]\n  productManager: [li.wei@acme.example]\n';
  const expected = [
    { name: 'Payments', match: { project: ['PAY'] }, productOwners: ['ana.souza@acme.example'], productManagers: [] },
    { name: 'Identity', match: { areaPath: ['Platform\\Identity', 'Platform\\SSO'] }, productOwners: [], productManagers: ['li.wei@acme.example'] },
  ];

  it('reads a list of teams', async () => {
    const roster = await teamsFile('teams.yaml', teams);
    expect(summary(roster)).toEqual(expected);
    expect(roster!.origin).toMatch(/teams\.yaml$/);
  });

  it('reads { teams: [...] }, and a .yml file with a byte order mark', async () => {
    const wrapped = `teams:\n${teams.replace(/^/gm, '  ')}`;
    expect(summary(await teamsFile('teams.yaml', wrapped))).toEqual(expected);
    expect(summary(await teamsFile('teams.yml', `\uFEFF${teams}`))).toEqual(expected);
  });

  it.each([
    ['an unknown key, with did-you-mean and its line', `- name: Payments\n  match: { project: PAY }\n  prodctOwner: ana@acme.example\n`, /line 1 \(\[0\]\): unknown key "prodctOwner" \(did you mean productOwner\?\)/],
    ['an unknown match key, with its line', `- name: Payments\n  productOwner: ana@acme.example\n- name: Identity\n  match:\n    areapath: Platform\\Identity\n`, /line 5 \(\[1\]\.match\): unknown key "areapath" \(did you mean areaPath\?\)/],
    ['a team without a name, at its line', `- name: Payments\n  match: { project: PAY }\n\n- match: { project: APP }\n  productOwner: ana@acme.example\n`, /line 4 \(\[1\]\.name\): required; it is missing/],
    ['a team with no match key', `- name: Payments\n  match: {}\n`, /line 2 \(\[0\]\.match\): give at least one of project, component, team, areaPath, label/],
    ['a team with no match at all', `- name: Payments\n  productOwner: ana@acme.example\n`, /\(\[0\]\.match\): required; it is missing/],
    ['duplicate team names, at the second', `teams:\n  - name: Payments\n    match: { project: PAY }\n  - name: PAYMENTS\n    match: { project: APP }\n`, /line 4 \(teams\[1\]\.name\): duplicate team name 'PAYMENTS' \(also teams\[0\], line 2\)/],
    ['duplicate team names in a bare list', `- name: Payments\n  match: { project: PAY }\n- name: Payments\n  match: { project: APP }\n`, /line 3 \(\[1\]\.name\): duplicate team name 'Payments' \(also \[0\], line 1\)/],
    ['an unknown top-level key', `teams:\n  - { name: Payments, match: { project: PAY } }\nowners: []\n`, /unknown top-level key "owners"/],
    ['not YAML', `- name: Payments\n  match: { project: PAY\n`, /is not valid YAML/],
    ['not a list', `name: Payments\n`, /invalid/],
    ['a person written as a number says what it found, not that it is missing', `- name: A\n  match: { label: q }\n  productOwner: 12345\n`, /line 3 \(\[0\]\.productOwner\): expected string or array; found number 12345/],
  ])('an error naming the file: %s', async (_name, text, pattern) => {
    const error = await errorOf(teamsFile('teams.yaml', text));
    expect(error.message).toContain('teams.yaml');
    expect(error.message).toMatch(pattern);
  });
});

describe('teamsFile in CSV', () => {
  it('reads a spreadsheet export: header spellings, several values in a cell, quoted cells, a BOM and comment lines', async () => {
    const csv = [
      '\uFEFFName,Project,Component,Area Path,Label,Product Owner,product_manager,TEAM',
      '# Payments owns checkout too',
      'Payments,PAY; CHK,,,,ana.souza@acme.example,"Wei, Li",',
      '',
      'Identity,,,"Platform\\Identity;Platform\\SSO",,"jonas.weber@contoso.example; Grace Okafor",,',
      'Mobile,,"iOS, Android",,mobile,"Mia Chen',
      'Tom Baker",,Mobile Squad',
      '',
    ].join('\r\n');
    const roster = await teamsFile('teams.csv', csv);
    expect(summary(roster)).toEqual([
      { name: 'Payments', match: { project: ['PAY', 'CHK'] }, productOwners: ['ana.souza@acme.example'], productManagers: ['Wei, Li'] },
      { name: 'Identity', match: { areaPath: ['Platform\\Identity', 'Platform\\SSO'] }, productOwners: ['jonas.weber@contoso.example', 'Grace Okafor'], productManagers: [] },
      { name: 'Mobile', match: { component: ['iOS, Android'], team: ['Mobile Squad'], label: ['mobile'] }, productOwners: ['Mia Chen', 'Tom Baker'], productManagers: [] },
    ]);
    expect(roster!.teams.map((team) => team.where.replace(/^.*teams\.csv/, 'teams.csv'))).toEqual(['teams.csv row 3', 'teams.csv row 5', 'teams.csv row 6']);
  });

  it.each([
    ['an unknown column, with did-you-mean', 'name,projet,productOwner\nPayments,PAY,ana@acme.example\n', /unknown column "projet" \(did you mean project\?\)\. The columns are: name, project, component, team, areaPath, label, productOwner, productManager/],
    ['a row missing its name', 'name,project,productOwner\nPayments,PAY,ana@acme.example\n,APP,li@acme.example\n', /row 3: name: required; it is missing/],
    ['a row with no match column', 'name,project,productOwner\nPayments,PAY,ana@acme.example\n# the next team is new\nIdentity,,li@acme.example\n', /row 4: match: give at least one of project, component, team, areaPath, label/],
    ['duplicate team names', 'name,project\nPayments,PAY\nIdentity,IAM\npayments,APP\n', /row 4: duplicate team name 'payments' \(also row 2\)/],
    ['no name column, with a Team column', 'Team,Project\nPayments,PAY\n', /no name column \("Team" is the item's team field value to match, not the team's name\)/],
    ['two headers for one column', 'name,Product Owner,project,product_owner\nPayments,ana@acme.example,PAY,li@acme.example\n', /the columns "Product Owner" and "product_owner" are both productOwner/],
    ['a row with more cells than the header', 'name,project\nPayments,PAY,extra\n', /is not valid CSV: .*line 2/],
    ['an unclosed quote', 'name,project\n"Payments,PAY\n', /is not valid CSV/],
    ['columns separated by semicolons', 'name;areaPath;productOwner\nPayments;Pay;ana@acme.example\n', /the header "name;areaPath;productOwner" is one column: the file separates its columns with ";"\. Separate them with commas/],
  ])('an error naming the file and the row: %s', async (_name, text, pattern) => {
    const error = await errorOf(teamsFile('teams.csv', text));
    expect(error.message).toContain('teams.csv');
    expect(error.message).toMatch(pattern);
  });

  it('a column with no header (a spreadsheet\'s stray trailing comma) is left out', async () => {
    const roster = await teamsFile('teams.csv', 'name,project,,\nPayments,PAY,,\n');
    expect(summary(roster)).toEqual([{ name: 'Payments', match: { project: ['PAY'] }, productOwners: [], productManagers: [] }]);
  });

  it('a row after a cell that spans lines is named by the line it starts on', async () => {
    const csv = 'name,project,productOwner\nPayments,PAY,"Ana Souza\nLi Wei"\nIdentity,,jonas@contoso.example\n';
    const error = await errorOf(teamsFile('teams.csv', csv));
    expect(error.message).toMatch(/row 4: match:/);
  });

  it('a CSV team spanning lines is named by the line it starts on', async () => {
    const csv = 'name,project,productOwner\nPayments,PAY,"Ana Souza\nLi Wei"\nIdentity,"IAM\nSSO",jonas@contoso.example\n';
    const roster = await teamsFile('teams.csv', csv);
    expect(roster!.teams.map((team) => team.where.replace(/^.*teams\.csv/, 'teams.csv'))).toEqual(['teams.csv row 2', 'teams.csv row 4']);
  });
});
