import { describe, expect, it } from 'vitest';
import { requestedFields } from '../../src/connectors/jira/fetch.js';
import { createJiraCatalog, resolveJiraFields } from '../../src/connectors/jira/fields.js';
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

describe('fields that share a default name (team-managed projects)', () => {
  const catalog = createJiraCatalog({}, [
    { id: 'customfield_10120', name: 'Product Owner', schema: { type: 'user' } },
    { id: 'customfield_10300', name: 'Product Owner', schema: { type: 'user', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:userpicker' } },
  ] as never);

  it('a live site is asked for every one of them, and each issue reads the one it carries', () => {
    const fields = resolveJiraFields('pay', {}, catalog);
    expect(fields.productOwner).toEqual(['customfield_10120', 'customfield_10300']);
    expect(requestedFields(fields)).toEqual(expect.arrayContaining(['customfield_10120', 'customfield_10300']));
  });

  it('a field named in the config by id means exactly that field', () => {
    const fields = resolveJiraFields('pay', { productOwner: 'customfield_10120' }, catalog);
    expect(fields.productOwner).toEqual(['customfield_10120']);
    expect(requestedFields(fields)).not.toContain('customfield_10300');
  });

  it('a name in the config stands for every field of that name; a list keeps its order, each id once', () => {
    expect(resolveJiraFields('pay', { productOwner: 'Product Owner' }, catalog).productOwner).toEqual(['customfield_10120', 'customfield_10300']);
    expect(resolveJiraFields('pay', { productOwner: ['customfield_10300', 'Product Owner', 'assignee'] }, catalog).productOwner).toEqual([
      'customfield_10300',
      'customfield_10120',
      'assignee',
    ]);
  });
});
