// Which roster team an item belongs to (SPEC §4): every key of a team's match holds, a list means any of
// its values, case-insensitively; the longest area path wins, otherwise the first entry that matches.
import { describe, expect, it } from 'vitest';
import type { Roster, RosterTeam } from '../../src/roster/load.js';
import { createTeamMatcher } from '../../src/roster/match.js';
import { makeItem } from '../helpers/items.js';

const team = (name: string, match: RosterTeam['match']): RosterTeam => ({ name, match, productOwners: [], productManagers: [], where: name });
const roster = (...teams: RosterTeam[]): Roster => ({ teams, origin: 'backlint.config.yaml' });
const teamOf = (teams: RosterTeam[], item: Parameters<typeof makeItem>[0]) => createTeamMatcher(roster(...teams))(makeItem(item))?.name ?? null;

describe('createTeamMatcher', () => {
  it('no roster, or an empty one: no team', () => {
    expect(createTeamMatcher(null)(makeItem())).toBeNull();
    expect(createTeamMatcher(roster())(makeItem())).toBeNull();
  });

  it.each([
    ['project', { project: ['PAY'] }, { project: 'PAY' }, { project: 'APP' }],
    ['component', { component: ['Checkout'] }, { components: ['Search', 'Checkout'] }, { components: ['Search'] }],
    ['team value', { team: ['Mobile Squad'] }, { team: 'Mobile Squad' }, { team: 'Web Squad' }],
    ['label', { label: ['payments'] }, { labels: ['ux', 'payments'] }, { labels: ['ux'] }],
    ['areaPath', { areaPath: ['Fabrikam\\Payments'] }, { areaPath: 'Fabrikam\\Payments' }, { areaPath: 'Fabrikam\\Identity' }],
  ] as const)('matches on %s', (_key, match, matching, other) => {
    const teams = [team('Payments', match as unknown as RosterTeam['match'])];
    expect(teamOf(teams, { ...matching } as never)).toBe('Payments');
    expect(teamOf(teams, { ...other } as never)).toBeNull();
  });

  it('an item without the value a key needs matches no team on it', () => {
    expect(teamOf([team('T', { project: ['PAY'] })], { project: null })).toBeNull();
    expect(teamOf([team('T', { team: ['PAY'] })], { team: null })).toBeNull();
    expect(teamOf([team('T', { areaPath: ['Fabrikam'] })], { areaPath: null })).toBeNull();
    expect(teamOf([team('T', { component: ['Checkout'] })], { components: [] })).toBeNull();
    expect(teamOf([team('T', { label: ['payments'] })], { labels: [] })).toBeNull();
  });

  it('areaPath holds the path and everything under it: A\\B holds A\\B\\C, not A\\BC nor A', () => {
    const teams = [team('B', { areaPath: ['Fabrikam\\Web'] })];
    expect(teamOf(teams, { areaPath: 'Fabrikam\\Web' })).toBe('B');
    expect(teamOf(teams, { areaPath: 'Fabrikam\\Web\\Checkout' })).toBe('B');
    expect(teamOf(teams, { areaPath: 'Fabrikam\\Web\\Checkout\\Cards' })).toBe('B');
    expect(teamOf(teams, { areaPath: 'Fabrikam\\Website' })).toBeNull();
    expect(teamOf(teams, { areaPath: 'Fabrikam' })).toBeNull();
  });

  it('areaPath: a trailing backslash on either side is the same path', () => {
    expect(teamOf([team('B', { areaPath: ['Fabrikam\\Web\\'] })], { areaPath: 'Fabrikam\\Web\\Checkout' })).toBe('B');
    expect(teamOf([team('B', { areaPath: ['Fabrikam\\Web'] })], { areaPath: 'Fabrikam\\Web\\' })).toBe('B');
  });

  it('several keys must all hold', () => {
    const teams = [team('Mobile payments', { project: ['PAY'], component: ['Mobile'], label: ['ios'] })];
    expect(teamOf(teams, { project: 'PAY', components: ['Mobile'], labels: ['ios'] })).toBe('Mobile payments');
    expect(teamOf(teams, { project: 'APP', components: ['Mobile'], labels: ['ios'] })).toBeNull();
    expect(teamOf(teams, { project: 'PAY', components: ['Web'], labels: ['ios'] })).toBeNull();
    expect(teamOf(teams, { project: 'PAY', components: ['Mobile'], labels: [] })).toBeNull();
  });

  it('a list means any of its values', () => {
    const teams = [team('Payments', { project: ['PAY', 'CHK'], areaPath: ['Fabrikam\\Pay', 'Fabrikam\\Checkout'] })];
    expect(teamOf(teams, { project: 'CHK', areaPath: 'Fabrikam\\Pay\\Cards' })).toBe('Payments');
    expect(teamOf(teams, { project: 'PAY', areaPath: 'Fabrikam\\Checkout' })).toBe('Payments');
    expect(teamOf(teams, { project: 'APP', areaPath: 'Fabrikam\\Checkout' })).toBeNull();
  });

  it('is case-insensitive on every key', () => {
    const teams = [team('Payments', { project: ['pay'], component: ['CHECKOUT'], team: ['mobile squad'], label: ['Payments'], areaPath: ['fabrikam\\web'] })];
    expect(teamOf(teams, { project: 'PAY', components: ['Checkout'], team: 'Mobile Squad', labels: ['PAYMENTS'], areaPath: 'Fabrikam\\Web\\Cards' })).toBe('Payments');
  });

  it('the most specific area path wins, whatever the order of the entries', () => {
    const broad = team('Platform', { areaPath: ['Fabrikam\\Platform'] });
    const narrow = team('Identity', { areaPath: ['Fabrikam\\Platform\\Identity'] });
    const item = { areaPath: 'Fabrikam\\Platform\\Identity\\SSO' };
    expect(teamOf([broad, narrow], item)).toBe('Identity');
    expect(teamOf([narrow, broad], item)).toBe('Identity');
    expect(teamOf([broad, narrow], { areaPath: 'Fabrikam\\Platform\\Billing' })).toBe('Platform');
  });

  it('the most specific path of a team with several counts', () => {
    const broad = team('Platform', { areaPath: ['Fabrikam\\Other', 'Fabrikam\\Platform\\Identity\\SSO'] });
    const narrow = team('Identity', { areaPath: ['Fabrikam\\Platform\\Identity'] });
    expect(teamOf([narrow, broad], { areaPath: 'Fabrikam\\Platform\\Identity\\SSO\\Login' })).toBe('Platform');
  });

  it('a team matched by an area path is more specific than one matched without', () => {
    const byProject = team('Fabrikam', { project: ['Fabrikam'] });
    const byPath = team('Web', { areaPath: ['Fabrikam\\Web'] });
    expect(teamOf([byProject, byPath], { project: 'Fabrikam', areaPath: 'Fabrikam\\Web\\Cards' })).toBe('Web');
  });

  it('otherwise the first entry that matches wins', () => {
    const byProject = team('Payments', { project: ['PAY'] });
    const byLabel = team('Mobile', { label: ['mobile'] });
    const item = { project: 'PAY', labels: ['mobile'] };
    expect(teamOf([byProject, byLabel], item)).toBe('Payments');
    expect(teamOf([byLabel, byProject], item)).toBe('Mobile');
  });

  it('an equally long area path: the first entry', () => {
    const one = team('One', { areaPath: ['Fabrikam\\Web'], label: ['a'] });
    const two = team('Two', { areaPath: ['Fabrikam\\Web'] });
    expect(teamOf([one, two], { areaPath: 'Fabrikam\\Web\\X', labels: ['a'] })).toBe('One');
    expect(teamOf([two, one], { areaPath: 'Fabrikam\\Web\\X', labels: ['a'] })).toBe('Two');
  });
});
