// `backlint annotate` as a process against the loopback Azure DevOps (SPEC §13): HTML comments with a
// data-vss-mention link, found again by author and footer; the tag added with a JSON Patch `add` and
// removed with a `replace` of the whole list as it is now, conditional on its revision; edits, resolves,
// idempotence, a 429 waited out, and doctor's validateOnly update.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliAsync, tempProject } from '../helpers/cli.js';
import { adoConfigYaml } from '../helpers/ado-live.js';
import { generateAdoDataset, type AdoDataset, type AdoDatasetItem } from '../servers/azure-devops/dataset.js';
import { PAT_IDENTITY, startAdoServer, type AdoServer, type AdoServerOptions } from '../servers/azure-devops/server.js';

const TOKEN = 'k4mxw2q7vj5hpk6ezr4tb2yc9nd8fa1lgu0sio3kwq5ejrt7q2zk';
const READ_ONLY = 'r4mxw2q7vj5hpk6ezr4tb2yc9nd8fa1lgu0sio3kwq5ejrt7readx';

let servers: AdoServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

async function serve(extra: Partial<AdoServerOptions> = {}): Promise<{ server: AdoServer; dataset: AdoDataset }> {
  const dataset = generateAdoDataset({ count: 30, seed: 5 });
  const server = await startAdoServer({ dataset, tokens: { [TOKEN]: { workItems: true, write: true }, [READ_ONLY]: { workItems: true } }, ...extra });
  servers.push(server);
  return { server, dataset };
}

const config = (server: AdoServer, extra = '') => adoConfigYaml(server.servicesUrl, `    fields:\n      productOwner: Product Owner\n      productManager: Custom.ProductManager\n${extra}`);
const run = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => runCliAsync(args, { cwd, env: { ADO_PAT: TOKEN, ...env } });

interface JournalFile {
  dryRun: boolean;
  writes: { itemKey: string; action: string; commentId: string | null; ok: boolean }[];
}
const journalOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'backlint-annotate.json'), 'utf8')) as JournalFile;
const acted = (journal: JournalFile) => journal.writes.filter((entry) => entry.action !== 'skip');
const itemOf = (dataset: AdoDataset, key: string) => dataset.items.find((item) => String(item.id) === key)!;

function fix(dataset: AdoDataset, item: AdoDatasetItem): void {
  item.fields['Microsoft.VSTS.Common.AcceptanceCriteria'] = '<ul><li>The customer can pay with a saved card</li></ul>';
  item.fields['Custom.ProductOwner'] = { displayName: 'Li Wei', id: 'd291b0c4-a05c-4ea6-8df1-4b41d5f39e11', uniqueName: 'li.wei@fabrikam.example' };
  item.fields['System.Parent'] = dataset.items.find((candidate) => candidate.fields['System.WorkItemType'] === 'Feature')!.id;
}

describe('backlint annotate against the loopback Azure DevOps', () => {
  it('dry run writes nothing; --apply comments (with a data-vss-mention) and tags; a second run writes nothing', async () => {
    const { server, dataset } = await serve();
    const dir = tempProject({ 'backlint.config.yaml': config(server) });

    const dry = await run(['annotate'], dir);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(server.stats.writes).toEqual([]);
    const planned = acted(journalOf(dir));
    expect(planned.length).toBeGreaterThan(3);

    const first = await run(['annotate', '--apply'], dir);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const posts = server.stats.writes.filter((write) => write.method === 'POST');
    expect(posts).toHaveLength(planned.length);
    expect(posts[0]!.path).toMatch(/^\/fabrikam\/Fabrikam Fiber\/_apis\/wit\/workItems\/\d+\/comments$/);
    const tagPatches = server.stats.writes.filter((write) => write.method === 'PATCH');
    expect(tagPatches).toHaveLength(planned.length);
    expect(tagPatches[0]!.body).toEqual([{ op: 'add', path: '/fields/System.Tags', value: 'backlint' }]);
    expect(tagPatches[0]!.query).toContain('suppressNotifications=true');
    for (const entry of planned) expect(String(itemOf(dataset, entry.itemKey).fields['System.Tags'])).toMatch(/(^|; )backlint($|;)/);
    // A story whose Product Owner is set is mentioned the way Azure DevOps mentions people.
    const mentioned = posts.find((write) => /data-vss-mention/.test((write.body as { text: string }).text));
    expect((mentioned!.body as { text: string }).text).toMatch(/^<p><a href="#" data-vss-mention="version:2\.0,[0-9a-f-]{36}">@[^<]+<\/a>, backlint found/);

    const before = server.stats.writes.length;
    const second = await run(['annotate', '--apply'], dir);
    expect(second.code).toBe(0);
    expect(server.stats.writes.length).toBe(before);
  });

  it('edits the comment when the findings change; resolves it and replaces the tags without ours when the item is clean', async () => {
    const { server, dataset } = await serve();
    const dir = tempProject({ 'backlint.config.yaml': config(server) });
    expect((await run(['annotate', '--apply'], dir)).code).toBe(0);
    const created = acted(journalOf(dir));
    const stories = created.map((entry) => itemOf(dataset, entry.itemKey)).filter((item) => item.fields['System.WorkItemType'] === 'User Story');
    expect(stories.length).toBeGreaterThanOrEqual(2);
    const [changed, fixed] = stories as [AdoDatasetItem, AdoDatasetItem];
    if (changed.fields['Custom.ProductOwner']) delete changed.fields['Custom.ProductOwner'];
    else changed.fields['Custom.ProductOwner'] = { displayName: 'Li Wei', id: 'd291b0c4-a05c-4ea6-8df1-4b41d5f39e11', uniqueName: 'li.wei@fabrikam.example' };
    fix(dataset, fixed);
    server.forgetRendered();
    const before = server.stats.writes.length;

    const again = await run(['annotate', '--apply'], dir);
    expect(again.code).toBe(0);
    expect(acted(journalOf(dir)).map((entry) => [entry.itemKey, entry.action]).sort()).toEqual([[String(changed.id), 'edit'], [String(fixed.id), 'resolve']].sort());
    const writes = server.stats.writes.slice(before);
    const commentOf = (item: AdoDatasetItem) => created.find((entry) => entry.itemKey === String(item.id))!.commentId;
    expect(writes.map((write) => `${write.method} ${write.path}`).sort()).toEqual(
      [
        `PATCH /fabrikam/Fabrikam Fiber/_apis/wit/workItems/${changed.id}/comments/${commentOf(changed)}`,
        `PATCH /fabrikam/Fabrikam Fiber/_apis/wit/workItems/${fixed.id}/comments/${commentOf(fixed)}`,
        `PATCH /fabrikam/Fabrikam Fiber/_apis/wit/workItems/${fixed.id}`,
      ].sort(),
    );
    const resolved = server.comments.get(fixed.id)!;
    expect(resolved).toHaveLength(1);
    expect(resolved[0]!.text).toMatch(/^<p>Resolved: backlint finds nothing to fix on this item any more\. Thank you!<\/p>/);
    expect(resolved[0]!.text).not.toContain('data-vss-mention');
    expect(resolved[0]!.createdBy).toBe(PAT_IDENTITY.id);
    const tagWrite = writes.find((write) => write.path.endsWith(`/workItems/${fixed.id}`))!;
    expect((tagWrite.body as { op: string; path: string }[]).map(({ op, path }) => `${op} ${path}`)).toEqual(['test /rev', 'replace /fields/System.Tags']);
    expect(String(fixed.fields['System.Tags'] ?? '')).not.toMatch(/backlint(;|$)/);
  });

  it("keeps a tag someone added after the fetch when it removes its own (the replace tests the revision it read)", async () => {
    let person: ((method: string, path: string) => void) | undefined;
    const { server, dataset } = await serve({ onWrite: (method, path) => person?.(method, path) });
    const dir = tempProject({ 'backlint.config.yaml': config(server) });
    expect((await run(['annotate', '--apply'], dir)).code).toBe(0);
    const story = acted(journalOf(dir)).map((entry) => itemOf(dataset, entry.itemKey)).find((item) => item.fields['System.WorkItemType'] === 'User Story')!;
    fix(dataset, story);
    server.forgetRendered();
    // Someone tags the item as backlint starts writing to it, after backlint read it; then once more,
    // after backlint read the tags again, so that its first conditional replace fails.
    let edits = 0;
    person = (method, path) => {
      if (!path.endsWith(`/workItems/${story.id}`) || edits >= 2) return;
      edits += 1;
      story.fields['System.Tags'] = `${String(story.fields['System.Tags'] ?? '')}; Urgent${edits}`;
      story.rev += 1;
    };
    const again = await run(['annotate', '--apply'], dir);
    expect(again.code).toBe(0);
    const tags = String(story.fields['System.Tags']).split(';').map((tag) => tag.trim());
    expect(tags).toEqual(expect.arrayContaining(['Urgent1', 'Urgent2']));
    expect(tags).not.toContain('backlint');
  });

  it('a comment POST whose answer is lost is looked for before it is sent again: one comment per item', async () => {
    const { server } = await serve({ faults: [{ kind: 'drop-answer', match: /^POST .*\/comments$/, times: 1 }] });
    const dir = tempProject({ 'backlint.config.yaml': config(server) });
    const first = await run(['annotate', '--apply'], dir);
    expect(first.code).toBe(0);
    expect(server.comments.size).toBeGreaterThan(3);
    for (const [id, list] of server.comments) expect({ id, comments: list.length }).toEqual({ id, comments: 1 });
    expect(acted(journalOf(dir)).every((entry) => entry.ok && entry.commentId !== null)).toBe(true);
  });

  it('waits out a 429 TF400733 on a write (Retry-After) and carries on', async () => {
    const { server } = await serve({ faults: [{ kind: 'status', status: 429, match: /^POST .*\/comments$/, times: 1, headers: { 'Retry-After': '1', 'X-RateLimit-Resource': 'WorkItemTracking' } }] });
    const dir = tempProject({ 'backlint.config.yaml': config(server) });
    const started = Date.now();
    const result = await run(['annotate', '--apply', '--max-writes', '2'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(server.stats.writes.filter((write) => write.method === 'POST').map((write) => write.status)).toEqual([429, 200, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('doctor checks the write token with a validateOnly update, and says when it may not write', async () => {
    const { server, dataset } = await serve();
    const tagsBefore = JSON.stringify(dataset.items.map((item) => item.fields['System.Tags']));
    const ok = tempProject({ 'backlint.config.yaml': `${config(server)}annotate: {}\n` });
    const good = await run(['doctor'], ok);
    expect(good.stdout).toMatch(/✓ annotate: write permissions: the auth token may update work items \(a validateOnly update of \d+ passed\)/);
    expect(server.stats.writes.some((write) => write.query.includes('validateOnly=true'))).toBe(true);
    expect(JSON.stringify(dataset.items.map((item) => item.fields['System.Tags']))).toBe(tagsBefore);

    const denied = tempProject({ 'backlint.config.yaml': `${config(server, '    writeAuth:\n      token: ${env:ADO_WRITE_PAT}\n')}annotate: {}\n` });
    const bad = await run(['doctor'], denied, { ADO_WRITE_PAT: READ_ONLY });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/✗ annotate: write permissions: .*writeAuth token to have the scope Work Items \(Read & write\)/);
    expect(bad.stdout + bad.stderr).not.toContain(READ_ONLY);
  });
});
