import { describe, expect, it } from 'vitest';
import rule from '../../rules/team-owners.js';
import { formatMessage, type TeamState } from '../../src/rule.js';
import { createRoleMatcher } from '../../src/roles.js';
import type { RosterPerson } from '../../src/roster/people.js';
import { person } from '../helpers/items.js';

const found = (name: string, active = true): RosterPerson => ({ written: name, status: 'found', person: person(name, { active }) });
const asWritten = (name: string): RosterPerson => ({ written: name, status: 'unchecked', person: { id: name, displayName: name, active: true } });

const team = (partial: Partial<TeamState>): TeamState => ({
  name: 'Payments',
  source: 'pay',
  tracker: 'Jira',
  stories: 0,
  epics: 0,
  storiesRelying: 0,
  epicsRelying: 0,
  productOwners: [],
  productManagers: [],
  ...partial,
});

const check = (state: TeamState) => {
  const results = rule.checkTeam!(state, {}, { source: { name: 'pay', type: 'jira', mappedFields: new Set(), acceptanceCriteriaField: null }, roles: createRoleMatcher(undefined) });
  return results.map((result) => ({ ...result, message: formatMessage(rule.meta.messages[result.messageId]!, result.data) }));
};

describe('team-owners', () => {
  it('applies to teams only, and every message says why in PO/PM terms', () => {
    expect(rule.meta.appliesTo).toEqual(['team']);
    for (const template of Object.values(rule.meta.messages)) expect(template).toMatch(/\b(PO|PM|Product Owner|Product Manager)\b/);
  });

  it('reports nothing for a team with an active PO and PM', () => {
    expect(check(team({ stories: 4, storiesRelying: 4, epics: 2, epicsRelying: 2, productOwners: [found('Ana Souza')], productManagers: [found('Li Wei')] }))).toEqual([]);
  });

  it('reports a team whose stories rely on it and that has no PO', () => {
    const results = check(team({ stories: 3, storiesRelying: 3, productManagers: [found('Li Wei')] }));
    expect(results.map((r) => r.messageId)).toEqual(['noProductOwner']);
    expect(results[0]!.message).toContain('Team Payments has 3 stories in scope with no Product Owner of their own');
  });

  it('one story: singular', () => {
    expect(check(team({ stories: 1, storiesRelying: 1 }))[0]!.message).toContain('has 1 story in scope');
  });

  it('does not report a missing PO when every story has a PO of its own', () => {
    expect(check(team({ stories: 3, storiesRelying: 0 }))).toEqual([]);
  });

  it('reports a missing PM only when epics or roadmap items rely on the team', () => {
    expect(check(team({ stories: 2, storiesRelying: 2, productOwners: [found('Ana Souza')] }))).toEqual([]);
    const results = check(team({ epics: 2, epicsRelying: 2, productOwners: [found('Ana Souza')] }));
    expect(results.map((r) => r.messageId)).toEqual(['noProductManager']);
    expect(results[0]!.message).toContain('2 epics and roadmap items');
  });

  it('a team whose only PO is deactivated: no active PO, and the deactivated person named', () => {
    const results = check(team({ stories: 2, storiesRelying: 2, productOwners: [found('Jonas Berg', false)], productManagers: [found('Li Wei')] }));
    expect(results.map((r) => r.messageId)).toEqual(['noProductOwner', 'inactivePerson']);
    expect(results[1]!.message).toContain('Product Owner Jonas Berg of team Payments in the roster is a deactivated account');
  });

  it('a deactivated PO beside an active one: only the person finding', () => {
    const results = check(team({ stories: 2, storiesRelying: 2, productOwners: [found('Jonas Berg', false), found('Ana Souza')] }));
    expect(results.map((r) => r.messageId)).toEqual(['inactivePerson']);
  });

  it('unknown and ambiguous people, with suggestions and candidates, each its own key', () => {
    const results = check(
      team({
        stories: 1,
        epics: 1,
        productOwners: [{ written: 'ana.sousa@acme.example', status: 'unknown', suggestions: ['ana.souza@acme.example'] }, found('Ana Souza')],
        productManagers: [{ written: 'Li', status: 'ambiguous', candidates: [person('Li Wei'), person('Li Na')] }, found('Grace Okafor')],
      }),
    );
    expect(results.map((r) => r.messageId)).toEqual(['unknownPerson', 'ambiguousPerson']);
    expect(results[0]!.message).toContain('"ana.sousa@acme.example" of team Payments in the roster is not known to Jira (did you mean ana.souza@acme.example?)');
    expect(results[1]!.message).toContain('(li.wei@example.com, li.na@example.com)');
    expect(new Set(results.map((r) => r.key)).size).toBe(2);
  });

  it("advises the account id for an email Jira does not know: its user search finds no deactivated or deleted account", () => {
    const results = check(team({ stories: 1, epics: 0, productOwners: [{ written: 'tomas.herrera@acme.example', status: 'unknown', suggestions: [] } as RosterPerson], productManagers: [] }));
    expect(results[0]!.message).toContain("is not known to Jira. Write them as their account id (Jira's user search finds no deactivated or deleted account by email),");
    expect(results[0]!.message).not.toContain('as their email');
  });

  it('advises an email or account id, and on Jira Data Center (no account ids) a username or email', () => {
    const people = { stories: 1, epics: 1, productOwners: [{ written: 'nobody.here', status: 'unknown', suggestions: [] } as RosterPerson], productManagers: [{ written: 'Li', status: 'ambiguous', candidates: [person('Li Wei'), person('Li Na')] } as RosterPerson] };
    expect(check(team(people)).map((r) => r.message)).toEqual([expect.stringContaining('Write them as their email or account id'), expect.stringContaining('Write their email or account id')]);
    const dataCenter = check(team({ ...people, tracker: 'Jira Data Center' })).map((r) => r.message);
    expect(dataCenter).toEqual([expect.stringContaining('is not known to Jira Data Center. Write them as their username or email,'), expect.stringContaining('Write their username or email,')]);
    expect(dataCenter.join(' ')).not.toContain('account id');
  });

  it('does not judge the people of a role with nothing in scope', () => {
    expect(check(team({ stories: 2, storiesRelying: 0, productOwners: [found('Ana Souza')], productManagers: [found('Gone', false)] }))).toEqual([]);
  });

  it('people taken as written (an export) count as active', () => {
    expect(check(team({ stories: 2, storiesRelying: 2, productOwners: [asWritten('ana@acme.example')] }))).toEqual([]);
  });
});
