// Runs the real CLI as a child process, the way a user or a CI job does.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin', 'backlint.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): CliRun {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, SOURCE_DATE_EPOCH: '1795500000', ...options.env };
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd, env, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The CLI as a child process without blocking this one, for tests whose loopback server lives here. */
export function runCliAsync(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, SOURCE_DATE_EPOCH: '1795500000', ...options.env };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A temporary folder with the given files (objects are written as JSON). */
export function tempProject(files: Record<string, string | object>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'backlint-e2e-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

let id = 10000;

/** A Jira Cloud v3 issue as /rest/api/3/search/jql returns it, with the fields backlint reads. */
export function jiraIssue(key: string, fields: { type?: string; level?: number; summary?: string; po?: object | null; pm?: object | null; description?: unknown; labels?: string[]; category?: string; parent?: string | null } = {}) {
  id += 1;
  // A story sits under an epic unless a test says otherwise (parent: null), so story-has-parent stays quiet.
  const parent = fields.parent === undefined ? ((fields.type ?? 'Story') === 'Story' ? `${key.split('-')[0]}-1000` : undefined) : (fields.parent ?? undefined);
  return {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: String(id),
    self: `https://acme.atlassian.net/rest/api/3/issue/${id}`,
    key,
    fields: {
      summary: fields.summary ?? `Summary of ${key}`,
      issuetype: { self: 'https://acme.atlassian.net/rest/api/3/issuetype/10001', id: '10001', name: fields.type ?? 'Story', subtask: false, hierarchyLevel: fields.level ?? 0 },
      status: { name: 'To Do', id: '10000', statusCategory: { id: 2, key: fields.category ?? 'new', colorName: 'blue-gray', name: 'To Do' } },
      description: fields.description ?? null,
      labels: fields.labels ?? [],
      customfield_10050: fields.po ?? null,
      customfield_10051: fields.pm ?? null,
      project: { key: key.split('-')[0], name: 'Payments' },
      ...(parent ? { parent: { id: '1', key: parent, fields: { summary: 'Parent', issuetype: { name: 'Epic', hierarchyLevel: 1 } } } } : {}),
    },
  };
}

export const jiraUser = (name: string, active = true) => ({
  accountId: `acc-${name.toLowerCase().replace(/\W+/g, '')}`,
  displayName: name,
  emailAddress: `${name.toLowerCase().replace(/\W+/g, '.')}@acme.example`,
  active,
  accountType: 'atlassian',
});

export const adfWithCriteria = {
  type: 'doc',
  version: 1,
  content: [
    { type: 'paragraph', content: [{ type: 'text', text: 'As a shopper I want to pay with a saved card.' }] },
    { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'Acceptance criteria' }] },
    {
      type: 'bulletList',
      content: [
        { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'The saved card is offered first at checkout' }] }] },
        { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'The shopper can remove a saved card' }] }] },
      ],
    },
  ],
};

/** The `names` map of a search with expand=names: Jira's system fields every test export carries. */
export const SYSTEM_FIELD_NAMES = { summary: 'Summary', issuetype: 'Issue Type', status: 'Status', description: 'Description', labels: 'Labels', project: 'Project', parent: 'Parent' };

export const searchResponse = (issues: object[]) => ({
  issues,
  names: { ...SYSTEM_FIELD_NAMES, customfield_10050: 'Product Owner', customfield_10051: 'Product Manager' },
  isLast: true,
});

export const exportConfig = (extra = '') => `sources:\n  - name: pay\n    type: jira-export\n    path: export.json\n${extra}`;
