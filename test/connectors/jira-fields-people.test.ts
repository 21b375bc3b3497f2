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

  it('a deleted user\'s record (accountId "unknown", Atlassian: only deleted users have it) is no active owner', () => {
    expect(toPerson({ accountId: 'unknown', displayName: 'Former user' })).toEqual({ id: 'unknown', displayName: 'Former user', active: false });
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

describe('owner fields that hold no people (SPEC §4: owners come from user fields)', () => {
  const catalog = createJiraCatalog({}, [
    { id: 'customfield_10050', name: 'Product Owner', schema: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield' } },
    { id: 'customfield_10051', name: 'Product Owner', schema: { type: 'user', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:userpicker' } },
    { id: 'customfield_10070', name: 'Category', schema: { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select' } },
    { id: 'customfield_10080', name: 'Reviewers', schema: { type: 'array', items: 'user', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:multiuserpicker' } },
    { id: 'customfield_10090', name: 'Product Manager', schema: { type: 'array', items: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:multiselect' } },
  ] as never);

  it('a mapping to a select field is a config error naming the site\'s user fields, by name or by id', () => {
    for (const wanted of ['Category', 'customfield_10070']) {
      expect(() => resolveJiraFields('pay', { productOwner: wanted }, catalog)).toThrow(
        `Source pay: fields.productOwner: '${wanted}' is no user field (customfield_10070 holds option (select)): owners are read from user pickers, or assignee / reporter. The site's user fields: Product Owner (customfield_10051), Reviewers (customfield_10080).`,
      );
    }
    expect(() => resolveJiraFields('pay', { productManager: 'Product Manager' }, catalog)).toThrow(/customfield_10090 holds a list of option \(multiselect\)/);
  });

  it('a name a text field shares with a user picker stands for the user picker; the default name too, and a default that holds no people is no mapping', () => {
    expect(resolveJiraFields('pay', { productOwner: 'Product Owner' }, catalog).productOwner).toEqual(['customfield_10051']);
    const defaults = resolveJiraFields('pay', {}, catalog);
    expect(defaults.productOwner).toEqual(['customfield_10051']);
    expect(defaults.productManager).toEqual([]);
    expect(resolveJiraFields('pay', { productManager: ['Reviewers', 'reporter'] }, catalog).productManager).toEqual(['customfield_10080', 'reporter']);
  });

  it('a names map, which says no types, is taken at its word', () => {
    expect(resolveJiraFields('pay', { productOwner: 'Category' }, createJiraCatalog({ customfield_10070: 'Category' })).productOwner).toEqual(['customfield_10070']);
  });
});
