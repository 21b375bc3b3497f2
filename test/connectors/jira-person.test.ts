import { describe, expect, it } from 'vitest';
import { toPerson } from '../../src/connectors/jira/map.js';
import { createRoleMatcher } from '../../src/roles.js';

describe('Jira users → Person', () => {
  it('Cloud: the accountId, the email when visible, inactive when deactivated', () => {
    expect(toPerson({ accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Priya Raman', emailAddress: 'priya@acme.example', active: false })).toEqual({
      id: '5b10ac8d82e05b22cc7d4ef5',
      displayName: 'Priya Raman',
      email: 'priya@acme.example',
      active: false,
    });
  });

  it('Data Center: the username, not the internal JIRAUSER key, so a roles list can name it', () => {
    const person = toPerson({ name: 'tomas.herrera', key: 'JIRAUSER10102', displayName: 'Tomás Herrera', active: true });
    expect(person.id).toBe('tomas.herrera');
    const roles = createRoleMatcher({ productOwners: ['Tomas.Herrera'], productManagers: [], both: [] });
    expect(roles.rolesOf(person)).toEqual({ productOwner: true, productManager: false });
  });

  it('an old account with only a key still has an id', () => {
    expect(toPerson({ key: 'jdoe', active: true }).id).toBe('jdoe');
  });
});
