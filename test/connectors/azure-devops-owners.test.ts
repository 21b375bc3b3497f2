// Several owners and several fields on Azure DevOps (SPEC §4): identity fields hold one person each, so
// several owners come from a list of fields; acceptance criteria from the first listed field with a value.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { azureDevOpsExportSourceSchema } from '../../src/config/schema.js';
import { fetchAzureDevOpsExport } from '../../src/connectors/azure-devops/read-export.js';
import { documentToPlainText, findAcceptanceCriteria } from '../../src/text/index.js';
import { tempProject } from '../helpers/cli.js';

const ORG = 'https://dev.azure.com/fabrikam';
const identity = (displayName: string, uniqueName: string, id: string, extra: Record<string, unknown> = {}) => ({
  displayName,
  url: `https://spsprodweu5.vssps.visualstudio.com/A1b2c3d4/_apis/Identities/${id}`,
  _links: { avatar: { href: `${ORG}/_apis/GraphProfile/MemberAvatars/aad.${id}` } },
  id,
  uniqueName,
  imageUrl: `${ORG}/_apis/GraphProfile/MemberAvatars/aad.${id}`,
  descriptor: `aad.${id}`,
  ...extra,
});
const kofi = identity('Kofi Mensah', 'kofi@fabrikam.example', '6f1a2b3c-4d5e-4f6a-8b7c-9d0e1f2a3b4c');
const gone = identity('Jonas Berg', 'jonas@fabrikam.example', '0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d', { inactive: true });
const mei = identity('Mei Tanaka', 'mei@fabrikam.example', '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f');

const workItem = (id: number, type: string, fields: Record<string, unknown>) => ({
  id,
  rev: 3,
  fields: {
    'System.Id': id,
    'System.AreaPath': 'Fiber\\Billing',
    'System.TeamProject': 'Fiber',
    'System.IterationPath': 'Fiber\\Sprint 12',
    'System.WorkItemType': type,
    'System.State': 'New',
    'System.CreatedDate': '2026-10-01T08:00:00.000Z',
    'System.ChangedDate': '2026-11-01T08:00:00.000Z',
    'System.Title': `${type} ${id}`,
    ...fields,
  },
  url: `${ORG}/_apis/wit/workItems/${id}`,
});

const batch = {
  count: 7,
  value: [
    workItem(501, 'Feature', { 'Custom.ProductManager': gone, 'Custom.DeputyProductManager': kofi }),
    workItem(502, 'Feature', { 'Custom.ProductManager': kofi, 'Custom.DeputyProductManager': gone }),
    workItem(503, 'User Story', {
      'Custom.ProductOwner': mei,
      'Custom.DeputyProductOwner': mei,
      'Microsoft.VSTS.Common.AcceptanceCriteria': '<div></div>',
      'Custom.DoneCriteria': '<ul><li>Invoices list their due date</li><li>Overdue invoices are red</li></ul>',
    }),
    workItem(504, 'User Story', { 'Custom.DeputyProductOwner': kofi, 'Microsoft.VSTS.Common.AcceptanceCriteria': '<div>Paid invoices show the payment date</div>', 'Custom.Squad': 'Billing Squad' }),
    workItem(505, 'User Story', { 'Microsoft.VSTS.Common.AcceptanceCriteria': '<div>TBD</div>', 'Custom.DoneCriteria': '<ul><li>Credit notes list the invoice they correct</li></ul>' }),
    workItem(506, 'User Story', { 'Microsoft.VSTS.Common.AcceptanceCriteria': '<div>&nbsp;-&nbsp;</div>', 'Custom.DoneCriteria': '<div>Reminders go out a week before the due date</div>' }),
    workItem(507, 'User Story', { 'Microsoft.VSTS.Common.AcceptanceCriteria': '<div><br></div>', 'Custom.DoneCriteria': '<div>TBD</div>' }),
  ],
};

const load = async (fields: Record<string, unknown>) => {
  const cwd = tempProject({ 'batch.json': batch });
  const result = await fetchAzureDevOpsExport(azureDevOpsExportSourceSchema.parse({ name: 'fiber', type: 'azure-devops-export', path: path.join(cwd, 'batch.json'), fields }));
  return { ...result, byKey: new Map(result.items.map((item) => [item.key, item])) };
};

describe('azure-devops-export with lists of fields', () => {
  it('reads every listed identity field as an owner, in list order, the active one as productManager either way', async () => {
    const { byKey, info } = await load({ productManager: ['Custom.ProductManager', 'Custom.DeputyProductManager'] });
    expect(info.mappedFields.has('productManager')).toBe(true);
    expect(byKey.get('501')!.productManagers.map((person) => [person.displayName, person.active])).toEqual([
      ['Jonas Berg', false],
      ['Kofi Mensah', true],
    ]);
    expect(byKey.get('502')!.productManagers.map((person) => person.displayName)).toEqual(['Kofi Mensah', 'Jonas Berg']);
    expect(byKey.get('501')!.productManager?.displayName).toBe('Kofi Mensah');
    expect(byKey.get('502')!.productManager?.displayName).toBe('Kofi Mensah');
  });

  it('counts one person named in two owner fields once, and reads whichever field an item carries', async () => {
    const { byKey } = await load({ productOwner: ['Custom.ProductOwner', 'Custom.DeputyProductOwner'] });
    expect(byKey.get('503')!.productOwners.map((person) => person.email)).toEqual(['mei@fabrikam.example']);
    expect(byKey.get('504')!.productOwners.map((person) => person.email)).toEqual(['kofi@fabrikam.example']);
  });

  it('reads the first listed acceptance criteria field that holds text', async () => {
    const { byKey } = await load({ acceptanceCriteria: ['Microsoft.VSTS.Common.AcceptanceCriteria', 'Custom.DoneCriteria'] });
    expect(documentToPlainText(byKey.get('503')!.acceptanceCriteria!)).toMatch(/Invoices list their due date/);
    expect(documentToPlainText(byKey.get('504')!.acceptanceCriteria!)).toMatch(/Paid invoices show the payment date/);
  });

  it('gives every listed acceptance criteria field to the finder: a placeholder in the first hides no criteria in the second (SPEC §6 case 1)', async () => {
    const { byKey } = await load({ acceptanceCriteria: ['Microsoft.VSTS.Common.AcceptanceCriteria', 'Custom.DoneCriteria'] });
    const verdict = (id: string) => {
      const item = byKey.get(id)!;
      return findAcceptanceCriteria({ field: item.acceptanceCriteria, fields: item.acceptanceCriteriaFields, description: null });
    };
    expect(verdict('505')).toEqual({ status: 'ok', via: 'field' });
    expect(verdict('506')).toEqual({ status: 'ok', via: 'field' });
    expect(verdict('507')).toEqual({ status: 'placeholder', text: 'TBD' });
  });

  it('reads the first listed team field with a value, else the next one', async () => {
    const { byKey } = await load({ team: ['Custom.Squad', 'System.AreaPath'] });
    expect(byKey.get('504')!.team).toBe('Billing Squad');
    expect(byKey.get('503')!.team).toBe('Fiber\\Billing');
  });
});
