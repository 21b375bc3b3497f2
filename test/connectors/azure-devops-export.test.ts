// Raw Azure DevOps responses in, WorkItems out: the shapes of Microsoft's own 7.1 / 7.2 / Server 7.1
// examples (a BOM, `value` with null entries, identity strings, numbers, relations, no `url`), and
// malformed files that must fail with a message naming the file and the JSON path, never a TypeError.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { azureDevOpsExportSourceSchema } from '../../src/config/schema.js';
import { fetchAzureDevOpsExport } from '../../src/connectors/azure-devops/read-export.js';
import { BacklintError } from '../../src/errors.js';
import { findAcceptanceCriteria } from '../../src/text/acceptance.js';
import { documentToPlainText } from '../../src/text/index.js';
import { ROOT, tempProject } from '../helpers/cli.js';

const fixture = (name: string) => path.join(ROOT, 'fixtures', 'azure-devops', name);
const source = (file: string | string[], extra: Record<string, unknown> = {}) =>
  azureDevOpsExportSourceSchema.parse({ name: 'shop', type: 'azure-devops-export', path: file, ...extra });

async function failure(file: string): Promise<BacklintError> {
  const error = await fetchAzureDevOpsExport(source(file)).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BacklintError);
  return error as BacklintError;
}

describe('azure-devops-export on edge-cases-batch.json (a BOM, null entries, odd fields)', () => {
  const load = async () => {
    const result = await fetchAzureDevOpsExport(source(fixture('edge-cases-batch.json')));
    return { ...result, byKey: new Map(result.items.map((item) => [item.key, item])) };
  };

  it('skips the null entry an errorPolicy=Omit batch leaves and keeps every other item', async () => {
    const { items, fetched } = await load();
    expect(items.map((item) => item.key)).toEqual(['7001', '7002', '7003', '7004', '7005']);
    expect(fetched).toBe(5);
  });

  it('reads "Name <email>" identity strings, with an email only where there is one', async () => {
    const story = (await load()).byKey.get('7002')!;
    expect(story.productOwner).toEqual({ id: 'tomas.rivera@woodgrove.example', displayName: 'Tomás Rivera', email: 'tomas.rivera@woodgrove.example', active: true });
    expect(story.assignee).toEqual({ id: 'WOODGROVE\\pnair', displayName: 'Priya Nair', active: true });
  });

  it('splits System.Tags with odd spacing and empty entries', async () => {
    const { byKey } = await load();
    expect(byKey.get('7001')!.labels).toEqual(['wallets', 'Q1-2027']);
    expect(byKey.get('7002')!.labels).toEqual(['Mobile', 'web', 'backlint-ignore:story-po-owner']);
  });

  it('takes the parent from System.Parent, or from a Hierarchy-Reverse relation when System.Parent is absent', async () => {
    const { byKey } = await load();
    expect(byKey.get('7002')!.parent).toEqual({ key: '7001', kind: 'epic' });
    expect(byKey.get('7003')!.parent).toEqual({ key: '7001', kind: 'epic' });
    expect(byKey.get('7001')!.parent).toBeNull();
  });

  it('treats inactive and deleted-in-origin identities as deactivated', async () => {
    const { byKey } = await load();
    expect(byKey.get('7001')!.productManager?.active).toBe(true);
    expect(byKey.get('7003')!.productOwner).toMatchObject({ displayName: 'Jonas Berg', active: false });
    expect(byKey.get('7004')!.productManager).toMatchObject({ displayName: 'Lea Novak', active: false });
  });

  it('builds browse URLs from the project name; without url or orgUrl there is none to build', async () => {
    const { byKey } = await load();
    expect(byKey.get('7001')!.url).toBe('https://dev.azure.com/woodgrove/Checkout/_workitems/edit/7001');
    expect(byKey.get('7004')!.url).toBeNull();
    const configured = await fetchAzureDevOpsExport(source(fixture('edge-cases-batch.json'), { orgUrl: 'https://dev.azure.com/woodgrove/' }));
    expect(configured.items.find((item) => item.key === '7004')!.url).toBe('https://dev.azure.com/woodgrove/Checkout/_workitems/edit/7004');
  });

  it('maps kinds, states and the empty AC field as SPEC §3.3, §3.4 and §6 say', async () => {
    const { byKey } = await load();
    expect([...byKey.values()].map((item) => [item.kind, item.stateCategory])).toEqual([
      ['epic', 'in-progress'],
      ['story', 'todo'],
      ['story', 'in-progress'],
      ['roadmap', 'in-progress'],
      ['story', 'done'],
    ]);
    const withField = byKey.get('7002')!;
    expect(findAcceptanceCriteria({ field: withField.acceptanceCriteria, description: withField.description })).toEqual({ status: 'ok', via: 'field' });
    const emptySection = byKey.get('7003')!;
    expect(findAcceptanceCriteria({ field: emptySection.acceptanceCriteria, description: emptySection.description })).toEqual({ status: 'empty' });
  });

  it('names a number where the title belongs, instead of coercing it', async () => {
    const cwd = tempProject({ 'one.json': [{ id: 5, fields: { 'System.WorkItemType': 'Issue', 'System.Title': 3 } }] });
    const error = await fetchAzureDevOpsExport(source(path.join(cwd, 'one.json'))).catch((caught: unknown) => caught);
    // A number where the title belongs is drift: it is named, not coerced into a wrong report.
    expect(error).toBeInstanceOf(BacklintError);
    expect((error as Error).message).toMatch(/one\.json is not a valid work item:\n {2}\[0\]\.fields\["System\.Title"\]: .*expected string/);
  });
});

describe('azure-devops-export on a response saved by Windows PowerShell (UTF-16 with a BOM)', () => {
  it.each([
    ['UTF-16LE', (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['UTF-16BE', (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
  ])('reads %s like UTF-8', async (_name, encode) => {
    const text = readFileSync(fixture('edge-cases-batch.json'), 'utf8').replace(/^\uFEFF/, '');
    const cwd = tempProject({});
    writeFileSync(path.join(cwd, 'ps.json'), encode(text));
    const fromUtf16 = await fetchAzureDevOpsExport(source(path.join(cwd, 'ps.json')));
    const fromUtf8 = await fetchAzureDevOpsExport(source(fixture('edge-cases-batch.json')));
    expect(fromUtf16.items).toEqual(fromUtf8.items);
  });
});

describe('azure-devops-export on identities flattened by ConvertTo-Json (default depth 2)', () => {
  it('reads "@{displayName=…; uniqueName=…}" strings as identities', async () => {
    const cwd = tempProject({
      'ps.json': [
        {
          id: 8001,
          fields: {
            'System.WorkItemType': 'User Story',
            'System.Title': 'Saved by a PowerShell script',
            'Custom.ProductOwner': '@{displayName=Tomás Rivera; url=https://spsprodeus27.vssps.visualstudio.com/A1/_apis/Identities/6f1e; _links=; id=6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a02; uniqueName=tomas.rivera@woodgrove.example; imageUrl=https://dev.azure.com/woodgrove/_api/_common/identityImage?id=6f1e; descriptor=aad.VG9t}',
            'System.AssignedTo': '@{displayName=Lea Novak; id=9a9a; uniqueName=lea.novak@woodgrove.example; inactive=True}',
          },
        },
      ],
    });
    const [item] = (await fetchAzureDevOpsExport(source(path.join(cwd, 'ps.json')))).items;
    expect(item!.productOwner).toEqual({ id: '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a02', displayName: 'Tomás Rivera', email: 'tomas.rivera@woodgrove.example', active: true });
    expect(item!.assignee).toEqual({ id: '9a9a', displayName: 'Lea Novak', email: 'lea.novak@woodgrove.example', active: false });
  });
});

describe('azure-devops-export on a single work item (GET _apis/wit/workitems/{id})', () => {
  it('reads the item itself as an export of one', async () => {
    const { items } = await fetchAzureDevOpsExport(source(fixture('workitem-single.json')));
    expect(items).toHaveLength(1);
    const [item] = items;
    expect(item).toMatchObject({ key: '7010', kind: 'story', stateCategory: 'in-progress', url: 'https://dev.azure.com/woodgrove/Checkout/_workitems/edit/7010' });
    expect(findAcceptanceCriteria({ field: item!.acceptanceCriteria, description: item!.description })).toEqual({ status: 'ok', via: 'gherkin' });
  });
});

describe('azure-devops-export on Markdown fields (multilineFieldsFormat, 7.2)', () => {
  it('reads a field marked markdown as Markdown, even with the HTML entities 7.2 escapes in it', async () => {
    const { items } = await fetchAzureDevOpsExport(source(fixture('workitems-markdown-7.2.json')));
    const [split, remember, receipt] = items;
    expect(documentToPlainText(split!.description!)).toContain('Customers asked for this in the "Checkout" survey.');
    expect(findAcceptanceCriteria({ field: split!.acceptanceCriteria, description: split!.description })).toEqual({ status: 'ok', via: 'section' });
    expect(findAcceptanceCriteria({ field: remember!.acceptanceCriteria, description: remember!.description })).toEqual({ status: 'placeholder', text: 'TBD' });
    // No multilineFieldsFormat entry: HTML, as before 7.2.
    expect(findAcceptanceCriteria({ field: receipt!.acceptanceCriteria, description: receipt!.description })).toEqual({ status: 'ok', via: 'section' });
  });
});

describe('azure-devops-export on malformed files', () => {
  it('refuses a batch answer holding fewer work items than its count: a file cut short (SPEC §8)', async () => {
    const items = Array.from({ length: 33 }, (_, index) => ({ id: index + 1, fields: { 'System.WorkItemType': 'Bug', 'System.Title': `Bug ${index + 1}` } }));
    const cwd = tempProject({ 'cut.json': { count: 50, value: items }, 'whole.json': { count: 33, value: items } });
    const error = await failure(path.join(cwd, 'cut.json'));
    expect(error.message).toMatch(/^Source shop: .*cut\.json says count 50 but holds 33 work items: the saved answer is incomplete/);
    expect((await fetchAzureDevOpsExport(source(path.join(cwd, 'whole.json')))).fetched).toBe(33);
  });

  it('names what Azure DevOps said when the file is a saved error response', async () => {
    const cwd = tempProject({
      'error.json': { $id: '1', innerException: null, message: 'TF401232: Work item 9999 does not exist, or you do not have permissions to read it.', typeName: 'Microsoft.TeamFoundation.WorkItemTracking.Server.WorkItemUnauthorizedAccessException, Microsoft.TeamFoundation.WorkItemTracking.Server', typeKey: 'WorkItemUnauthorizedAccessException', errorCode: 600171, eventId: 3200 },
    });
    const error = await failure(path.join(cwd, 'error.json'));
    expect(error.message).toMatch(/error\.json is an Azure DevOps error response, not work items: TF401232: Work item 9999 does not exist/);
  });

  it.each([
    ['a WIQL result instead of work items', { queryType: 'flat', workItems: [{ id: 1 }] }, /wiql\.json is not an Azure DevOps work items batch response .*\(root\): found an object with the keys "queryType", "workItems"/s],
    ['value that is not a list', { count: 1, value: { id: 1 } }, /value\.json is not .*\n {2}value: .*expected array/],
    ['an item without fields', { count: 1, value: [{ id: 1 }] }, /nofields\.json is not a valid work item:\n {2}value\[0\]\.fields: missing \(expected object\)/],
    ['an item saved without its type (fields=System.Title)', { count: 1, value: [{ id: 1, fields: { 'System.Title': 'x' } }] }, /notype\.json is not a valid work item:\n {2}value\[0\]\.fields\["System\.WorkItemType"\]: missing \(expected string\); was the export saved with a fields list that leaves it out\?/],
    ['an id that is a string', { count: 1, value: [{ id: 'x', fields: { 'System.WorkItemType': 'Bug' } }] }, /badid\.json is not a valid work item:\n {2}value\[0\]\.id: /],
    ['an identity that is a number', { count: 1, value: [{ id: 2, fields: { 'System.WorkItemType': 'Bug', 'System.AssignedTo': 42 } }] }, /identity\.json is not a valid work item:\n {2}value\[0\]\.fields\["System\.AssignedTo"\]/],
    ['a bare string', 'hello', /string\.json is not .*\(root\): found string/s],
    ['null', null, /null\.json is not .*\(root\): found null/s],
  ])('%s is an error naming the file and the JSON path', async (_label, content, message) => {
    const name = String(message.source.match(/^(\w+)\\\.json/)?.[1]) + '.json';
    const cwd = tempProject({ [name]: JSON.stringify(content) });
    const error = await failure(path.join(cwd, name));
    expect(error.code).toBe('source');
    expect(error.message).toMatch(/^Source shop: /);
    expect(error.message).toMatch(message);
  });
});
