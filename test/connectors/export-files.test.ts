// The adapters' exportFiles in process (SPEC §10, §3.3): what the live fetch answers, saved and read back by
// the export source the adapter writes, is the same WorkItems (state categories and kinds included) and the
// same known sprints; a saved page of sprints that is not one is an error naming the file.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.js';
import type { AzureDevOpsExportSourceConfig, JiraExportSourceConfig } from '../../src/config/schema.js';
import type { ExportFolder } from '../../src/connectors/adapter.js';
import { exportAzureDevOpsFiles } from '../../src/connectors/azure-devops/export-files.js';
import { fetchAzureDevOps } from '../../src/connectors/azure-devops/fetch.js';
import { fetchAzureDevOpsExport } from '../../src/connectors/azure-devops/read-export.js';
import { exportJiraFiles } from '../../src/connectors/jira/export-files.js';
import { fetchJiraSource } from '../../src/connectors/jira/fetch.js';
import { fetchJiraExport } from '../../src/connectors/jira/read-export.js';
import type { FetchContext } from '../../src/connectors/types.js';
import type { WorkItem } from '../../src/model.js';
import { adoLoopback } from '../helpers/ado-live.js';
import { tempProject } from '../helpers/cli.js';
import { jiraLoopback } from '../helpers/jira-live.js';
import { generateAdoDataset } from '../servers/azure-devops/dataset.js';

const context = (extra: Partial<FetchContext> = {}): FetchContext => ({ progress: { update: () => {}, stop: () => {} }, signal: new AbortController().signal, ...extra });

/** A folder on disk, as the export stage gives the adapter one, that remembers what it saved. */
function diskFolder(): ExportFolder & { root: string; saved: string[] } {
  const root = tempProject({});
  const saved: string[] = [];
  return {
    root,
    saved,
    save(file, body) {
      const target = path.join(root, file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, JSON.stringify(body));
      saved.push(file);
    },
  };
}

/** The exported source as `check` would load it from DIR/backlint.config.yaml: validated, paths resolved against DIR. */
const loadExported = <T>(source: Record<string, unknown>, dir: string) => validateConfig({ sources: [source] }, 'backlint.config.yaml', dir).sources[0] as T;
const byKey = (items: readonly WorkItem[]) => [...items].sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }));

const { serve, sourceFor } = jiraLoopback({ email: 'ana.souza@acme.example', token: 'ATATT3xFfGF0-export-files-token-789' });

describe.each(['cloud', 'datacenter'] as const)('exportJiraFiles on Jira %s', (deployment) => {
  it('saves what reads back as the live fetch\'s items and the boards\' future sprints', async () => {
    const server = await serve(deployment, 250, deployment === 'datacenter' ? { dcMaxResults: 50 } : {});
    const source = sourceFor(server, deployment, { fields: { productOwner: 'Product Owner', productManager: 'Product Manager' } });
    const live = await fetchJiraSource(source, context({ sprints: true }));
    const folder = diskFolder();
    const exported = await exportJiraFiles(source, context(), folder);
    expect(exported.items).toBe(live.fetched);
    expect(folder.saved).toContain('pay/fields.json');
    expect(folder.saved.filter((file) => file.startsWith('pay/issues/')).length).toBeGreaterThan(deployment === 'cloud' ? 2 : 4);
    expect(folder.saved).toContain('pay/boards/1/page-0000001.json');

    const offline = await fetchJiraExport(loadExported<JiraExportSourceConfig>(exported.source, folder.root));
    expect(byKey(offline.items)).toEqual(byKey(live.items));
    expect(offline.sprints).toEqual(live.sprints);
    expect(offline.info).toEqual({ ...live.info, type: 'jira-export' });
  });
});

describe('jira-export boardSprints', () => {
  it('names the file of a saved page that is not a page of sprints', async () => {
    const dir = tempProject({ 'issues.json': { issues: [] }, 'boards/7/page-1.json': { values: [{ id: 1, name: 'Sprint 1' }] } });
    const source = loadExported<JiraExportSourceConfig>({ name: 'pay', type: 'jira-export', path: 'issues.json', boardSprints: { '7': 'boards/7' } }, dir);
    await expect(fetchJiraExport(source)).rejects.toThrow(/Source pay: \S*boards[/\\]7[/\\]page-1\.json is not a page of board 7's sprints .*\n {2}values\[0\]\.state: missing/);
  });

  it('refuses a board key that is not a board id', () => {
    expect(() => loadExported({ name: 'pay', type: 'jira-export', path: 'issues.json', boardSprints: { '../x': 'b' } }, tempProject({}))).toThrow(/sources\[0\]\.boardSprints: each key is a board id \(digits\)/);
  });
});

const TOKEN = 'v4mxw2q7vj5hpk6ezr4tb2yc9nd8fa1lgu0sio3kwq5ejrt7bn6q';
const { serve: serveAdo, sourceFor: adoSourceFor } = adoLoopback(TOKEN, generateAdoDataset({ count: 450, seed: 3 }));

describe('exportAzureDevOpsFiles', () => {
  it('saves what reads back as the live fetch\'s items (state categories and kinds included) and the team\'s iterations', async () => {
    const server = await serveAdo();
    const source = adoSourceFor(server.servicesUrl, {
      team: 'Fabrikam Fiber Team',
      fields: { productOwner: 'Product Owner', productManager: 'Custom.ProductManager' },
      // Every item, done ones too: their state categories must come back as the live ones.
      wiql: 'SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project',
    });
    const live = await fetchAzureDevOps(source, context({ sprints: true }));
    const folder = diskFolder();
    const exported = await exportAzureDevOpsFiles(source, context(), folder);
    expect(folder.saved.filter((file) => file.startsWith('boards/workitems/')).length).toBe(Math.ceil(live.fetched / 200));
    expect(folder.saved).toEqual(expect.arrayContaining(['boards/fields.json', 'boards/iterations.json']));
    expect(new Set(live.items.map((item) => item.stateCategory))).toEqual(new Set(['todo', 'in-progress', 'done']));

    const offline = await fetchAzureDevOpsExport(loadExported<AzureDevOpsExportSourceConfig>(exported.source, folder.root));
    expect(byKey(offline.items)).toEqual(byKey(live.items));
    expect(offline.sprints).toEqual(live.sprints);
    expect(offline.info).toEqual({ ...live.info, type: 'azure-devops-export' });
  });
});
