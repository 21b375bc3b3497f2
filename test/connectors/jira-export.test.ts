// Raw Jira responses in, WorkItems out: Cloud bulk fetch with per-issue `names`/`schema`, every ADF node
// type, users with hidden emails, deactivated and app accounts, status category keys, sub-tasks; Data
// Center v2 pages; and malformed files that must fail naming the file and the JSON path.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jiraExportSourceSchema } from '../../src/config/schema.js';
import { fetchJiraExport } from '../../src/connectors/jira/read-export.js';
import { BacklintError } from '../../src/errors.js';
import { findAcceptanceCriteria } from '../../src/text/acceptance.js';
import { documentToPlainText } from '../../src/text/index.js';
import { ROOT, tempProject } from '../helpers/cli.js';

const fixture = (name: string) => path.join(ROOT, 'fixtures', 'jira', name);
const source = (file: string | string[], extra: Record<string, unknown> = {}) =>
  jiraExportSourceSchema.parse({ name: 'ship', type: 'jira-export', path: file, ...extra });
const criteria = (item: { acceptanceCriteria: Parameters<typeof findAcceptanceCriteria>[0]['field']; description: Parameters<typeof findAcceptanceCriteria>[0]['description'] }) =>
  findAcceptanceCriteria({ field: item.acceptanceCriteria, description: item.description });

describe('jira-export on a Cloud bulk fetch whose names and schema sit on each issue', () => {
  const load = async () => {
    const result = await fetchJiraExport(source(fixture('cloud-bulkfetch-expand-names.json')));
    return { ...result, byKey: new Map(result.items.map((item) => [item.key, item])) };
  };

  it('resolves Product Owner and Product Manager through the per-issue names maps', async () => {
    const { info } = await load();
    expect([...info.mappedFields].sort()).toEqual(['productManager', 'productOwner']);
  });

  it('maps kinds from hierarchyLevel and parents with their kinds, sub-tasks included', async () => {
    const { items } = await load();
    expect(items.map((item) => [item.key, item.kind, item.parent])).toEqual([
      ['SHIP-1', 'roadmap', null],
      ['SHIP-2', 'epic', { key: 'SHIP-1', kind: 'roadmap' }],
      ['SHIP-3', 'story', { key: 'SHIP-2', kind: 'epic' }],
      ['SHIP-4', 'other', { key: 'SHIP-3', kind: 'story' }],
      ['SHIP-5', 'story', { key: 'SHIP-2', kind: 'epic' }],
      ['SHIP-6', 'story', null],
      ['SHIP-7', 'story', null],
    ]);
  });

  it('reads status category keys, the "undefined" (no category) key as to do', async () => {
    const { items } = await load();
    expect(items.map((item) => item.stateCategory)).toEqual(['in-progress', 'in-progress', 'in-progress', 'todo', 'todo', 'todo', 'done']);
  });

  it('keeps people whose email is hidden and deactivated accounts apart, and an app account out of the owners', async () => {
    const { byKey } = await load();
    expect(byKey.get('SHIP-1')!.productManager).toEqual({ id: '712020:9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', displayName: 'Oskar Lind', active: true });
    expect(byKey.get('SHIP-2')!.productManager).toEqual({ id: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Former user', active: false });
    // accountType app: a Connect app's system account owns nothing (the story has no Product Owner).
    expect(byKey.get('SHIP-3')!.productOwner).toBeNull();
    expect(byKey.get('SHIP-3')!.labels).toEqual(['dispatch', 'backlint-ignore:owner-role-mismatch']);
    expect(byKey.get('SHIP-3')!.iteration).toBe('SHIP Sprint 9');
  });

  it('reads every ADF node type, unknown future ones included, and finds the AC section inside a layout', async () => {
    const { byKey } = await load();
    const story = byKey.get('SHIP-3')!;
    const text = documentToPlainText(story.description!);
    for (const part of ['@Oskar Lind', '🚚', 'IN REVIEW', '2026-12-01', '/wiki/spaces/SHIP/pages/4411/Routes', 'Routes refresh every minute', 'telematics feed', 'Red means more than 15 minutes late', 'Route states', 'never seen']) {
      expect(text).toContain(part);
    }
    expect(text).not.toContain('mock-up'); // media captions are not story text
    expect(criteria(story)).toEqual({ status: 'ok', via: 'section' });
  });

  it('finds criteria under a label in a table header cell with colspan, and a Gherkin template as a placeholder', async () => {
    const { byKey } = await load();
    expect(criteria(byKey.get('SHIP-5')!)).toEqual({ status: 'ok', via: 'section' });
    expect(criteria(byKey.get('SHIP-6')!)).toMatchObject({ status: 'placeholder' });
    expect(criteria(byKey.get('SHIP-7')!)).toEqual({ status: 'missing' });
  });

  it('takes created / updated given as epoch milliseconds (as in some of Atlassian\'s examples) as ISO text', async () => {
    const cwd = tempProject({ 'ms.json': [{ id: '1', key: 'X-1', fields: { issuetype: { name: 'Story' }, created: 1795500000000, updated: '2026-11-20T16:03:10.532+0000' } }] });
    const [item] = (await fetchJiraExport(source(path.join(cwd, 'ms.json')))).items;
    expect([item!.created, item!.updated]).toEqual([new Date(1795500000000).toISOString(), '2026-11-20T16:03:10.532+0000']);
  });

  it('never puts credentials from a configured baseUrl into browse links', async () => {
    const { items } = await fetchJiraExport(source(fixture('cloud-bulkfetch-expand-names.json'), { baseUrl: 'https://bot:tok-secret-value@harbour-freight.atlassian.net/' }));
    expect(items[0]!.url).toBe('https://harbour-freight.atlassian.net/browse/SHIP-1');
  });

  it('reads each team-managed project\'s own "Product Owner" field when two fields share the name', async () => {
    const bulk = JSON.parse(readFileSync(fixture('cloud-bulkfetch-expand-names.json'), 'utf8'));
    const ship = bulk.issues[4];
    const { customfield_10120: owner, ...otherFields } = ship.fields;
    const dock = {
      ...ship,
      id: '30501',
      key: 'DOCK-1',
      names: { ...ship.names, customfield_10300: 'Product Owner' },
      fields: { ...otherFields, project: { id: '10077', key: 'DOCK', name: 'Docks', simplified: true }, customfield_10300: { ...owner, displayName: 'Dock Owner', accountId: 'acc-dock' } },
    };
    const cwd = tempProject({ 'two-projects.json': { issues: [ship, dock] } });
    const { items } = await fetchJiraExport(source(path.join(cwd, 'two-projects.json')));
    expect(items.map((item) => [item.key, item.productOwner?.displayName])).toEqual([
      ['SHIP-5', 'Inês Carvalho'],
      ['DOCK-1', 'Dock Owner'],
    ]);
  });

  it('reads one issue saved on its own (GET /issue/{key}?expand=names)', async () => {
    const bulk = JSON.parse(readFileSync(fixture('cloud-bulkfetch-expand-names.json'), 'utf8'));
    const cwd = tempProject({ 'SHIP-5.json': bulk.issues[4] });
    const { items, info } = await fetchJiraExport(source(path.join(cwd, 'SHIP-5.json')));
    expect(items.map((item) => [item.key, item.productOwner?.displayName])).toEqual([['SHIP-5', 'Inês Carvalho']]);
    expect(info.mappedFields.has('productOwner')).toBe(true);
  });
});

describe('jira-export without expand=names', () => {
  const withoutNames = () => {
    const bulk = JSON.parse(readFileSync(fixture('cloud-bulkfetch-expand-names.json'), 'utf8'));
    const issues = bulk.issues.map(({ names: _names, schema: _schema, ...issue }: Record<string, unknown>) => issue);
    return path.join(tempProject({ 'plain.json': { issues } }), 'plain.json');
  };

  it('maps no owner field by itself, so the owner rules become not applicable rather than passing', async () => {
    const { info, items } = await fetchJiraExport(source(withoutNames()));
    expect(info.mappedFields.size).toBe(0);
    expect(items.every((item) => item.productOwner === null && item.productManager === null)).toBe(true);
  });

  it('resolves raw customfield ids from the config', async () => {
    const { info, items } = await fetchJiraExport(source(withoutNames(), { fields: { productOwner: 'customfield_10120', productManager: 'customfield_10121' } }));
    expect([...info.mappedFields].sort()).toEqual(['productManager', 'productOwner']);
    expect(items.find((item) => item.key === 'SHIP-5')!.productOwner?.displayName).toBe('Inês Carvalho');
  });

  it('is a config error, with what to do, when the config names a field by its display name', async () => {
    const error = await fetchJiraExport(source(withoutNames(), { fields: { productOwner: 'Product Owner' } })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BacklintError);
    expect((error as BacklintError).code).toBe('config');
    expect((error as Error).message).toMatch(/fields\.productOwner: cannot resolve the field name 'Product Owner': the export has no names map\. Export with expand=names/);
  });
});

describe('jira-export on a file that is not UTF-8', () => {
  const issues = (summary: string) => JSON.stringify({ issues: [{ id: '1', key: 'SHIP-1', fields: { summary, issuetype: { name: 'Story' }, status: { name: 'To Do', statusCategory: { key: 'new' } } } }] });

  it('is an error naming the file, the byte offset and Latin-1 when saved as Latin-1', async () => {
    const text = issues('Café payé für Zürich');
    const cwd = tempProject({});
    writeFileSync(path.join(cwd, 'latin1.json'), Buffer.from(text, 'latin1'));
    const error = await fetchJiraExport(source(path.join(cwd, 'latin1.json'))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BacklintError);
    expect((error as BacklintError).code).toBe('source');
    expect((error as Error).message).toContain(`latin1.json is not valid UTF-8: the byte 0xE9 at byte offset ${text.indexOf('é')} starts no valid sequence (the file looks like Latin-1 / Windows-1252, where 0xE9 is 'é')`);
  });

  it('names the offset of a broken sequence after valid UTF-8, an encoded U+FFFD included', async () => {
    const head = Buffer.from(issues('Zürich \uFFFD ').slice(0, -3), 'utf8');
    const cwd = tempProject({});
    writeFileSync(path.join(cwd, 'cut.json'), Buffer.concat([head, Buffer.from([0xe2, 0x82]), Buffer.from('"}}]}')]));
    const error = await fetchJiraExport(source(path.join(cwd, 'cut.json'))).catch((caught: unknown) => caught);
    expect((error as Error).message).toContain(`cut.json is not valid UTF-8: the byte 0xE2 at byte offset ${head.length} starts no valid sequence. JSON must be UTF-8`);
  });

  it('still reads UTF-8 with a byte order mark', async () => {
    const cwd = tempProject({});
    writeFileSync(path.join(cwd, 'bom.json'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(issues('Café payé'), 'utf8')]));
    const { items } = await fetchJiraExport(source(path.join(cwd, 'bom.json')));
    expect(items.map((item) => item.title)).toEqual(['Café payé']);
  });
});

describe('jira-export with an empty names map', () => {
  it('reads an export of no issues as empty, whatever fields the config names', async () => {
    const cwd = tempProject({ 'empty.json': { issues: [], names: {} } });
    const { items, info, fetched } = await fetchJiraExport(source(path.join(cwd, 'empty.json'), { fields: { productOwner: 'Product Owner', iteration: 'Sprint' } }));
    expect({ items, fetched }).toEqual({ items: [], fetched: 0 });
    expect([...info.mappedFields]).toEqual(['productOwner']);
  });

  it('says the field is not in the names map when there are issues to map', async () => {
    const bulk = JSON.parse(readFileSync(fixture('cloud-bulkfetch-expand-names.json'), 'utf8'));
    const issues = bulk.issues.map(({ names: _names, schema: _schema, ...issue }: Record<string, unknown>) => issue);
    const cwd = tempProject({ 'issues.json': { issues, names: {} } });
    const error = await fetchJiraExport(source(path.join(cwd, 'issues.json'), { fields: { productOwner: 'Product Owner' } })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BacklintError);
    expect((error as BacklintError).code).toBe('config');
    expect((error as Error).message).toMatch(/fields\.productOwner: the field 'Product Owner' is not in the export's names map\./);
  });
});

describe('jira-export on expand=versionedRepresentations', () => {
  it('reads the highest version of each field when fields is replaced by versionedRepresentations', async () => {
    const bulk = JSON.parse(readFileSync(fixture('cloud-bulkfetch-expand-names.json'), 'utf8'));
    const versioned = bulk.issues.map(({ fields, ...issue }: { fields: Record<string, unknown> }) => ({
      ...issue,
      versionedRepresentations: Object.fromEntries(
        Object.entries(fields).map(([id, value]) => [id, id === 'description' ? { '1': 'v2 wiki text, not read', '2': 'still not read', '3': value } : { '1': value }]),
      ),
    }));
    const cwd = tempProject({ 'versioned.json': { issues: versioned } });
    const plain = await fetchJiraExport(source(fixture('cloud-bulkfetch-expand-names.json')));
    const fromVersions = await fetchJiraExport(source(path.join(cwd, 'versioned.json')));
    expect(fromVersions.items).toEqual(plain.items);
  });
});

describe('jira-export on Data Center v2 pages (startAt / total)', () => {
  it('reads overlapping pages once each, with names only on the first page', async () => {
    const whole = JSON.parse(readFileSync(fixture('datacenter-search-v2.json'), 'utf8'));
    const first = { ...whole, maxResults: 6, total: whole.issues.length, issues: whole.issues.slice(0, 6) };
    const { names: _names, schema: _schema, ...second } = { ...whole, startAt: 5, maxResults: 6, total: whole.issues.length, issues: whole.issues.slice(5) };
    const cwd = tempProject({ 'pages/page-1.json': first, 'pages/page-2.json': second });
    const { items, fetched, info } = await fetchJiraExport(source(path.join(cwd, 'pages')));
    expect(fetched).toBe(whole.issues.length);
    expect(new Set(items.map((item) => item.key)).size).toBe(whole.issues.length);
    expect([...info.mappedFields].sort()).toEqual(['productManager', 'productOwner']);
  });
});

describe('jira-export with pages missing (SPEC §8: a partial fetch never yields a clean report)', () => {
  const whole = JSON.parse(readFileSync(fixture('datacenter-search-v2.json'), 'utf8'));

  it('refuses Data Center pages that hold fewer distinct issues than their search total', async () => {
    const cwd = tempProject({ 'first.json': { ...whole, maxResults: 5, total: whole.issues.length, issues: whole.issues.slice(0, 5) } });
    const error = await fetchJiraExport(source(path.join(cwd, 'first.json'))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BacklintError);
    expect((error as Error).message).toMatch(new RegExp(`^Source ship: the export holds 5 distinct issues, but its search answered ${whole.issues.length} \\(total in .*first\\.json\\): pages are missing`));
  });

  it('takes the smallest total of the pages: issues may leave the search while it is paged', async () => {
    const cwd = tempProject({
      'pages/1.json': { ...whole, maxResults: 6, total: whole.issues.length + 3, issues: whole.issues.slice(0, 6) },
      'pages/2.json': { ...whole, startAt: 6, maxResults: 6, total: whole.issues.length, issues: whole.issues.slice(6) },
    });
    expect((await fetchJiraExport(source(path.join(cwd, 'pages')))).fetched).toBe(whole.issues.length);
  });

  it('refuses enhanced search pages of which none is the last', async () => {
    const issues = whole.issues as unknown[];
    const page = (from: number, to: number, next: string | null) => ({ names: whole.names, issues: issues.slice(from, to), ...(next ? { nextPageToken: next, isLast: false } : { isLast: true }) });
    const cwd = tempProject({ 'pages/1.json': page(0, 3, 'tok1'), 'pages/2.json': page(3, 6, 'tok2'), 'all/1.json': page(0, 3, 'tok1'), 'all/2.json': page(3, issues.length, null) });
    const error = await fetchJiraExport(source(path.join(cwd, 'pages'))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BacklintError);
    expect((error as Error).message).toMatch(/^Source ship: .*1\.json has a nextPageToken, and no page of the export is the search's last: pages are missing/);
    expect((await fetchJiraExport(source(path.join(cwd, 'all')))).fetched).toBe(issues.length);
  });
});

describe('jira-export field names from a fieldsFile', () => {
  it('accepts the paginated /rest/api/3/field/search response as well as the /field array', async () => {
    const fieldList = JSON.parse(readFileSync(fixture('cloud-fields.json'), 'utf8'));
    const cwd = tempProject({ 'fields-page.json': { maxResults: 50, startAt: 0, total: fieldList.length, isLast: true, values: fieldList } });
    const withArray = await fetchJiraExport(source(fixture('cloud-bulkfetch.json'), { fieldsFile: fixture('cloud-fields.json') }));
    const withPage = await fetchJiraExport(source(fixture('cloud-bulkfetch.json'), { fieldsFile: path.join(cwd, 'fields-page.json') }));
    expect(withPage.items).toEqual(withArray.items);
    expect([...withPage.info.mappedFields].sort()).toEqual(['productManager', 'productOwner']);
  });
});

describe('jira-export on malformed files', () => {
  const issue = { id: '1', key: 'X-1', fields: { issuetype: { name: 'Story' } } };
  it.each([
    ['an ADO batch instead of Jira issues', 'ado', { count: 1, value: [] }, /ado\.json is not a Jira search response .*\(root\): found an object with the keys "count", "value"/s],
    ['issues that are not a list', 'notlist', { issues: { 'X-1': issue } }, /notlist\.json is not .*\n {2}issues: .*expected array/],
    ['a names map with a non-string name', 'names', { issues: [issue], names: { customfield_1: 7 } }, /names\.json is not .*\n {2}names\.customfield_1: .*expected string/],
    ['a per-issue names map that is a list', 'issuenames', { issues: [{ ...issue, names: ['Summary'] }] }, /issuenames\.json is not .*\n {2}issues\[0\]\.names: /],
    ['an issue without an issue type', 'notype', { issues: [issue, { id: '2', key: 'X-2', fields: { summary: 'no type' } }] }, /notype\.json is not a valid Jira issue:\n {2}issues\[1\]\.fields\.issuetype: .*expected object/],
    ['a user field holding a string', 'user', { issues: [{ ...issue, fields: { ...issue.fields, assignee: 'ana' } }] }, /user\.json is not a valid Jira issue:\n {2}issues\[0\]\.fields\.assignee: /],
    ['labels holding null', 'labels', [{ ...issue, fields: { ...issue.fields, labels: ['ok', null] } }], /labels\.json is not a valid Jira issue:\n {2}\[0\]\.fields\.labels\[1\]: /],
    ['a number', 'number', 42, /number\.json is not .*\(root\): found number/s],
  ])('%s is an error naming the file and the JSON path', async (_label, name, content, message) => {
    const cwd = tempProject({ [`${name}.json`]: JSON.stringify(content) });
    const error = await fetchJiraExport(source(path.join(cwd, `${name}.json`))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BacklintError);
    expect((error as BacklintError).code).toBe('source');
    expect((error as Error).message).toMatch(/^Source ship: /);
    expect((error as Error).message).toMatch(message);
  });

  it('names what Jira said when the file is a saved error response', async () => {
    const cwd = tempProject({ 'error.json': { errorMessages: ["The value 'SHOP' does not exist for the field 'project'."], errors: {} } });
    const error = await fetchJiraExport(source(path.join(cwd, 'error.json'))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BacklintError);
    expect((error as Error).message).toBe("Source ship: " + path.join(cwd, 'error.json') + " is a Jira error response, not issues: The value 'SHOP' does not exist for the field 'project'.");
  });

  it.each([
    ['a select option', { self: 'https://x.example/rest/api/3/customFieldOption/10021', value: 'Ana Souza', id: '10021' }, /found an object with the keys "self", "value", "id"/],
    ['an empty object', {}, /found an empty object/],
  ])('refuses %s where the Product Owner user belongs, instead of inventing a nameless owner', async (_name, value, found) => {
    const cwd = tempProject({ 'po.json': { issues: [{ ...issue, fields: { ...issue.fields, customfield_10120: value } }], names: { customfield_10120: 'Product Owner' } } });
    const error = await fetchJiraExport(source(path.join(cwd, 'po.json'))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BacklintError);
    expect((error as Error).message).toMatch(/po\.json: issues\[0\]\.fields\.customfield_10120: expected a Jira user/);
    expect((error as Error).message).toMatch(found);
  });

  it('names the field of a custom user field that holds something else', async () => {
    const cwd = tempProject({ 'po.json': { issues: [{ ...issue, fields: { ...issue.fields, customfield_10120: 12 } }], names: { customfield_10120: 'Product Owner' } } });
    const error = await fetchJiraExport(source(path.join(cwd, 'po.json'))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BacklintError);
    expect((error as Error).message).toMatch(/po\.json: issues\[0\]\.fields\.customfield_10120: expected a Jira user .*found number 12/);
  });
});
