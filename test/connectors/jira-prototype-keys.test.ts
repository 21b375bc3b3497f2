// Field ids, names-map entries and schema-map keys are the site's (or an export's) text: `constructor`,
// `__proto__`, `toString` or `hasOwnProperty` must be read as data, never as Object.prototype members.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jiraExportSourceSchema } from '../../src/config/schema.js';
import { fetchJiraExport } from '../../src/connectors/jira/read-export.js';
import { tempProject } from '../helpers/cli.js';

const issue = (key: string, fields: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: String(10_000 + Number(key.split('-')[1])),
  key,
  self: `https://acme.atlassian.net/rest/api/3/issue/${key}`,
  fields: {
    summary: `Summary of ${key}`,
    issuetype: { name: 'Story', hierarchyLevel: 0 },
    status: { name: 'To Do', statusCategory: { key: 'new' } },
    ...fields,
  },
  ...extra,
});

const ana = { accountId: '712020:ana', displayName: 'Ana Souza', active: true };

async function load(body: unknown, config: Record<string, unknown> = {}) {
  // Raw text: `__proto__` must reach the parser as an own key, as it does from a real file.
  const dir = tempProject({ 'export.json': typeof body === 'string' ? body : JSON.stringify(body) });
  return fetchJiraExport(jiraExportSourceSchema.parse({ name: 'ship', type: 'jira-export', path: path.join(dir, 'export.json'), ...config }));
}

describe('prototype-named keys in a Jira export', () => {
  it('a schema map naming Object.prototype members without a names entry is no field (no crash)', async () => {
    const result = await load({
      issues: [issue('SHIP-1', {})],
      names: { summary: 'Summary' },
      schema: { constructor: { type: 'user' }, hasOwnProperty: { type: 'user' }, toString: { type: 'string' }, valueOf: { type: 'user' } },
    });
    expect(result.items.map((item) => item.key)).toEqual(['SHIP-1']);
    expect(result.items[0]!.productOwner).toBeNull();
  });

  it('fields with those ids are read when the issue carries them, and are empty when it does not', async () => {
    const text = JSON.stringify({
      issues: [issue('SHIP-1', { constructor: ana, hasOwnProperty: 'Ana' }), issue('SHIP-2', {})],
      names: { constructor: 'Product Owner', toString: 'Product Manager', hasOwnProperty: 'Acceptance Criteria', valueOf: 'Team field' },
      schema: { constructor: { type: 'user', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:userpicker' } },
    }).replace('"names":{', '"names":{"__proto__":"Sprint",');
    const result = await load(text, { fields: { team: 'Team field' } });
    const [one, two] = result.items;
    expect(one!.productOwner?.displayName).toBe('Ana Souza');
    expect(two!.productOwner).toBeNull();
    expect(two!.productManager).toBeNull();
    expect(two!.acceptanceCriteria).toBeNull();
    expect(two!.team).toBeNull();
    expect(two!.iteration).toBeNull();
  });

  it('a status category key named after a prototype member is not a category', async () => {
    const result = await load({ issues: [issue('SHIP-1', { status: { name: 'Odd', statusCategory: { key: 'constructor' } } }), issue('SHIP-2', { status: { name: 'Odd', statusCategory: { key: 'toString' } } })] });
    expect(result.items.map((item) => item.stateCategory)).toEqual(['todo', 'todo']);
  });

  it('versionedRepresentations keyed __proto__ do not become the fields object prototype', async () => {
    const text = JSON.stringify({
      issues: [
        {
          id: '10001',
          key: 'SHIP-1',
          versionedRepresentations: {
            issuetype: { '1': { name: 'Story', hierarchyLevel: 0 } },
            status: { '1': { name: 'To Do', statusCategory: { key: 'new' } } },
            customfield_10050: { '1': null },
          },
        },
      ],
      names: { customfield_10050: 'Product Owner' },
    }).replace('"versionedRepresentations":{', '"versionedRepresentations":{"__proto__":{"1":{"summary":"Injected","customfield_10050":{"accountId":"712020:mallory","displayName":"Mallory"}}},');
    const result = await load(text);
    expect(result.items[0]!.title).toBe('');
    expect(result.items[0]!.productOwner).toBeNull();
  });
});
