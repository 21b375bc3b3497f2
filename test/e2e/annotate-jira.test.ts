// `backlint annotate` as a process against the loopback Jira (Cloud and Data Center), SPEC §13: a dry
// run writes nothing; --apply comments once per item and labels it; a second run writes nothing; a changed
// item's one comment is edited; a fixed item's comment says so and its label goes; --max-writes bounds a
// run (exit 1); a 429 on a write is waited out; a write that keeps failing exits 2 with the journal.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliAsync, tempProject } from '../helpers/cli.js';
import { jiraSourceYaml } from '../helpers/jira-live.js';
import { forgetRendered, generateDataset, type Dataset, type DatasetIssue, type Deployment } from '../servers/jira/dataset.js';
import { startJiraServer, type JiraServer } from '../servers/jira/server.js';

const TOKEN = 'ATATT3xFfGF0-q7Zk9Lp2Xw4Vb8Nc';
const EMAIL = 'ana.souza@acme.example';
const env = { JIRA_API_TOKEN: TOKEN, JIRA_PAT: TOKEN };

let servers: JiraServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

async function serve(deployment: Deployment, count = 24): Promise<{ server: JiraServer; dataset: Dataset }> {
  const dataset = generateDataset(count);
  const server = await startJiraServer({ deployment, dataset, email: EMAIL, token: TOKEN });
  servers.push(server);
  return { server, dataset };
}

const project = (server: JiraServer, deployment: Deployment, extra = '') => tempProject({ 'backlint.config.yaml': [...jiraSourceYaml(server.url, deployment, EMAIL), '    types: { roadmap: [Initiative] }', extra, ''].join('\n') });

interface JournalFile {
  schemaVersion: number;
  dryRun: boolean;
  writes: { source: string; itemKey: string; action: string; commentId: string | null; ok: boolean; error?: string }[];
}
const journalOf = (dir: string, name = 'backlint-annotate.json') => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as JournalFile;
/** The writes attempted: neither left alone nor left for a later run. */
const acted = (journal: JournalFile) => journal.writes.filter((entry) => entry.action !== 'skip' && !entry.error?.startsWith('not attempted'));
const notAttempted = (journal: JournalFile) => journal.writes.filter((entry) => entry.error?.startsWith('not attempted'));

/** An issue's findings go: an active Product Owner, acceptance criteria under a heading, an epic as parent. */
function fix(dataset: Dataset, issue: DatasetIssue): void {
  issue.po = 0;
  issue.ac = 'heading';
  issue.parent = dataset.issues.find((candidate) => candidate.type === 'Epic' && candidate.project === issue.project)?.id ?? dataset.issues.find((candidate) => candidate.type === 'Epic')!.id;
  forgetRendered(dataset);
}

const commentPosts = (server: JiraServer) => server.stats.writes.filter((write) => write.method === 'POST' && write.path.endsWith('/comment') && write.status === 201);

describe.each(['cloud', 'datacenter'] as const)('backlint annotate against the loopback Jira %s', (deployment) => {
  const api = deployment === 'cloud' ? 3 : 2;

  it('prints the plan and writes nothing in a dry run; --apply comments and labels each item once; a second run writes nothing', async () => {
    const { server, dataset } = await serve(deployment);
    const dir = project(server, deployment);

    const dry = await runCliAsync(['annotate'], { cwd: dir, env });
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^Plan \(dry run\): \d+ items to write/m);
    expect(dry.stdout).toMatch(/^ {2}create {2}pay PAY-\d+: \d findings?, mentions/m);
    expect(server.stats.writes).toEqual([]);
    const planned = journalOf(dir);
    expect(planned.dryRun).toBe(true);
    const creates = acted(planned);
    expect(creates.length).toBeGreaterThan(3);
    expect(creates.every((entry) => entry.action === 'create')).toBe(true);

    const first = await runCliAsync(['annotate', '--apply'], { cwd: dir, env });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const applied = journalOf(dir);
    expect(applied.dryRun).toBe(false);
    expect(acted(applied).map((entry) => entry.itemKey)).toEqual(creates.map((entry) => entry.itemKey));
    expect(acted(applied).every((entry) => entry.ok && entry.commentId !== null)).toBe(true);
    // One comment and one label per item, nothing else.
    expect(commentPosts(server)).toHaveLength(creates.length);
    const labelWrites = server.stats.writes.filter((write) => write.method === 'PUT' && /\/issue\/[^/]+$/.test(write.path));
    expect(labelWrites).toHaveLength(creates.length);
    expect(labelWrites[0]!.body).toEqual({ update: { labels: [{ add: 'backlint' }] } });
    for (const entry of creates) expect(dataset.issues.find((issue) => issue.key === entry.itemKey)!.labels).toContain('backlint');
    // The comment carries the property backlint finds it by.
    const post = commentPosts(server)[0]!;
    expect(post.path).toMatch(new RegExp(`^/rest/api/${api}/issue/[A-Z]+-\\d+/comment$`));
    expect((post.body as { properties: unknown }).properties).toEqual([{ key: 'backlint', value: { annotate: 1 } }]);
    if (deployment === 'cloud') expect((post.body as { body: { type: string } }).body.type).toBe('doc');
    else expect(typeof (post.body as { body: unknown }).body).toBe('string');

    const writesBefore = server.stats.writes.length;
    const second = await runCliAsync(['annotate', '--apply'], { cwd: dir, env });
    expect(second.code).toBe(0);
    expect(server.stats.writes.length).toBe(writesBefore);
    expect(acted(journalOf(dir))).toEqual([]);
    expect(second.stdout).toMatch(/0 items to write/);
  });

  it.runIf(deployment === 'datacenter')('marks its comment through the comment properties API too: a Data Center that drops the POST\'s properties gets no second comment', async () => {
    const { server } = await serve(deployment, 12);
    server.options.dropCommentProperties = true;
    const dir = project(server, deployment);
    expect((await runCliAsync(['annotate', '--apply'], { cwd: dir, env })).code).toBe(0);
    const posts = commentPosts(server).length;
    expect(posts).toBeGreaterThan(0);
    const marks = server.stats.writes.filter((write) => write.method === 'PUT' && /^\/rest\/api\/2\/comment\/\d+\/properties\/backlint$/.test(write.path));
    expect(marks).toHaveLength(posts);
    expect(marks[0]!.body).toEqual({ annotate: 1 });
    const again = await runCliAsync(['annotate', '--apply'], { cwd: dir, env });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 items to write/);
    expect(commentPosts(server)).toHaveLength(posts);
  });

  it('mentions the Product Owner as the tracker does: an ADF mention node on Cloud, [~username] on Data Center', async () => {
    const { server, dataset } = await serve(deployment);
    const story = dataset.issues.find((issue) => issue.type === 'Story' && issue.category !== 'done' && issue.po === 0 && !issue.labels.includes('backlint-ignore'));
    expect(story).toBeDefined();
    story!.ac = 'none';
    forgetRendered(dataset);
    const dir = project(server, deployment);
    const run = await runCliAsync(['annotate', '--apply'], { cwd: dir, env });
    expect(run.code).toBe(0);
    const post = commentPosts(server).find((write) => write.path.includes(`/issue/${story!.key}/comment`))!;
    const body = (post.body as { body: unknown }).body;
    if (deployment === 'cloud') {
      const lead = (body as { content: { content: unknown[] }[] }).content[0]!.content[0];
      expect(lead).toEqual({ type: 'mention', attrs: { id: expect.stringMatching(/\S/), text: '@Ana Souza' } });
    } else {
      expect(body).toMatch(/^\[~ana\.souza\], backlint found/);
      expect(body).toContain('*error story-acceptance-criteria*');
    }
  });

  it('edits the one comment when the findings change, and resolves it and removes the label when the item is clean', async () => {
    const { server, dataset } = await serve(deployment);
    const dir = project(server, deployment);
    expect((await runCliAsync(['annotate', '--apply'], { cwd: dir, env })).code).toBe(0);
    const created = acted(journalOf(dir));
    const stories = created.map((entry) => dataset.issues.find((issue) => issue.key === entry.itemKey)!).filter((issue) => issue.type === 'Story');
    expect(stories.length).toBeGreaterThanOrEqual(2);
    const [changed, fixed] = stories as [DatasetIssue, DatasetIssue];
    // A change: the acceptance criteria become a placeholder (or a placeholder becomes none).
    changed.ac = changed.ac === 'placeholder' ? 'none' : 'placeholder';
    fix(dataset, fixed);
    const before = server.stats.writes.length;

    const run = await runCliAsync(['annotate', '--apply'], { cwd: dir, env });
    expect(run.code).toBe(0);
    const writes = server.stats.writes.slice(before);
    const journal = acted(journalOf(dir));
    expect(journal.map((entry) => [entry.itemKey, entry.action]).sort()).toEqual([
      [changed.key, 'edit'],
      [fixed.key, 'resolve'],
    ].sort());
    const commentOf = (key: string) => created.find((entry) => entry.itemKey === key)!.commentId;
    // No new comment: each item's one comment is edited in place.
    expect(writes.filter((write) => write.method === 'POST')).toEqual([]);
    expect(writes.map((write) => `${write.method} ${write.path}`).sort()).toEqual(
      [`PUT /rest/api/${api}/issue/${changed.key}/comment/${commentOf(changed.key)}`, `PUT /rest/api/${api}/issue/${fixed.key}/comment/${commentOf(fixed.key)}`, `PUT /rest/api/${api}/issue/${fixed.key}`].sort(),
    );
    const resolved = JSON.stringify(server.comments.get(fixed.id)![0]!.body);
    expect(resolved).toContain('Resolved: backlint finds nothing to fix on this item any more.');
    expect(resolved).not.toMatch(/mention|\[~/);
    expect(writes.find((write) => write.path === `/rest/api/${api}/issue/${fixed.key}`)!.body).toEqual({ update: { labels: [{ remove: 'backlint' }] } });
    expect(fixed.labels).not.toContain('backlint');

    // And then nothing more to do.
    const after = server.stats.writes.length;
    expect((await runCliAsync(['annotate', '--apply'], { cwd: dir, env })).code).toBe(0);
    expect(server.stats.writes.length).toBe(after);
  });

  it('on a site that lists comments without their properties, finds its comment by its author and footer, not another\'s quoting a marker', async () => {
    const { server, dataset } = await serve(deployment);
    server.options.commentsWithoutProperties = true;
    const dir = project(server, deployment);
    expect((await runCliAsync(['annotate'], { cwd: dir, env })).code).toBe(0);
    const first = acted(journalOf(dir))[0]!;
    const issue = dataset.issues.find((candidate) => candidate.key === first.itemKey)!;
    // Someone else's comment quoting backlint's footer comes first on that issue.
    const quoted = deployment === 'cloud' ? { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'as backlint said: backlint:open:0123456789ab' }] }] } : 'as backlint said: backlint:open:0123456789ab';
    server.comments.set(issue.id, [{ id: '900001', issueId: issue.id, author: { accountId: '557058:someone-else', name: 'someone.else', displayName: 'Someone Else' }, body: quoted, properties: [], created: '2026-11-01T09:00:00.000+0000', updated: '2026-11-01T09:00:00.000+0000' }]);
    expect((await runCliAsync(['annotate', '--apply'], { cwd: dir, env })).code).toBe(0);
    const posts = commentPosts(server).length;
    expect(acted(journalOf(dir)).find((entry) => entry.itemKey === first.itemKey)).toMatchObject({ action: 'create', ok: true });
    const again = await runCliAsync(['annotate', '--apply'], { cwd: dir, env });
    expect(again.code).toBe(0);
    expect(commentPosts(server)).toHaveLength(posts);
    expect(acted(journalOf(dir))).toEqual([]);
    expect(server.comments.get(issue.id)!.map((comment) => comment.id)[0]).toBe('900001');
    expect(JSON.stringify(server.comments.get(issue.id)![0]!.body)).toContain('as backlint said');
  });

  it('a comment POST whose answer is lost is looked for before it is sent again: one comment per item', async () => {
    const { server } = await serve(deployment);
    const dir = project(server, deployment);
    server.inject({ kind: 'dropAnswer' }, 1, '/comment', 0, 'POST');
    const run = await runCliAsync(['annotate', '--apply'], { cwd: dir, env });
    expect(run.code).toBe(0);
    for (const [issueId, list] of server.comments) expect({ issueId, comments: list.length }).toEqual({ issueId, comments: 1 });
    expect(acted(journalOf(dir)).every((entry) => entry.ok && entry.commentId !== null)).toBe(true);
    expect((await runCliAsync(['annotate', '--apply'], { cwd: dir, env })).stdout).toMatch(/^Plan \(apply\): 0 items to write/m);
  });
});

describe('backlint annotate bounds, pacing and failures (Jira Cloud)', () => {
  it('--max-writes 3 acts on three items and exits 1, listing the rest as not attempted', async () => {
    const { server } = await serve('cloud');
    const dir = project(server, 'cloud');
    const run = await runCliAsync(['annotate', '--apply', '--max-writes', '3'], { cwd: dir, env });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/--max-writes 3 reached: \d+ items left for the next run/);
    const journal = journalOf(dir);
    expect(acted(journal)).toHaveLength(3);
    expect(commentPosts(server)).toHaveLength(3);
    // The journal has SPEC §13's shape: the items left are writes not attempted, ok false, saying why.
    expect(Object.keys(journal).sort()).toEqual(['dryRun', 'generatedAt', 'schemaVersion', 'writes']);
    const left = notAttempted(journal);
    expect(left.length).toBe(Number(/reached: (\d+) items left/.exec(run.stdout)![1]));
    expect(left.every((entry) => !entry.ok && entry.error === 'not attempted: --max-writes 3 reached' && entry.action === 'create' && entry.commentId === null)).toBe(true);
  });

  it('the config\'s annotate.maxWrites and label apply', async () => {
    const { server, dataset } = await serve('cloud');
    const dir = project(server, 'cloud', 'annotate:\n  label: needs-owner\n  maxWrites: 2\n  visibility: { type: role, value: Developers }');
    const run = await runCliAsync(['annotate', '--apply'], { cwd: dir, env });
    expect(run.code).toBe(1);
    expect(commentPosts(server)).toHaveLength(2);
    expect((commentPosts(server)[0]!.body as { visibility: unknown }).visibility).toEqual({ type: 'role', value: 'Developers' });
    expect(dataset.issues.filter((issue) => issue.labels.includes('needs-owner'))).toHaveLength(2);
  });

  it('waits out a 429 on a write (Retry-After) and carries on', async () => {
    const { server } = await serve('cloud');
    server.inject({ kind: 'status', status: 429, retryAfter: 1, headers: { 'ratelimit-reason': 'jira-per-issue-on-write' } }, 1, '/comment', 0, 'POST');
    const dir = project(server, 'cloud');
    const started = Date.now();
    const run = await runCliAsync(['annotate', '--apply', '--max-writes', '2'], { cwd: dir, env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const posts = server.stats.writes.filter((write) => write.method === 'POST');
    expect(posts.map((write) => write.status)).toEqual([429, 201, 201]);
    expect(posts[0]!.path).toBe(posts[1]!.path);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(acted(journalOf(dir)).every((entry) => entry.ok)).toBe(true);
  });

  it('a write that keeps failing stops the run with exit 2, and the journal says what was and was not written', async () => {
    const { server } = await serve('cloud');
    server.inject({ kind: 'status', status: 500 }, 50, '/comment', 1, 'POST');
    const dir = project(server, 'cloud');
    const run = await runCliAsync(['annotate', '--apply', '--journal', 'out/journal.json'], { cwd: dir, env });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/create pay [A-Z]+-\d+: FAILED: Source pay: POST \/rest\/api\/3\/issue\/[A-Z]+-\d+\/comment failed/);
    // Exit 2 says on stderr which source and request failed.
    expect(run.stderr).toMatch(/^backlint annotate: a write failed, so the run stopped: Source pay: POST \/rest\/api\/3\/issue\/[A-Z]+-\d+\/comment failed/m);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
    const journal = journalOf(dir, 'out/journal.json');
    const written = acted(journal);
    expect(written[0]).toMatchObject({ action: 'create', ok: true });
    expect(written[1]).toMatchObject({ action: 'create', ok: false, commentId: null, error: expect.stringContaining('500') });
    expect(written).toHaveLength(2);
    expect(notAttempted(journal).length).toBeGreaterThan(0);
    expect(notAttempted(journal).every((entry) => !entry.ok && entry.error === 'not attempted: an earlier write failed')).toBe(true);
  });

  it('a comment written whose marking then fails is in the journal with its id (Data Center)', async () => {
    const { server } = await serve('datacenter', 6);
    server.inject({ kind: 'status', status: 403 }, 1, '/properties/', 0, 'PUT');
    const dir = project(server, 'datacenter');
    const run = await runCliAsync(['annotate', '--apply'], { cwd: dir, env });
    expect(run.code).toBe(2);
    const failed = acted(journalOf(dir, 'backlint-annotate.json')).find((entry) => !entry.ok)!;
    expect(failed).toMatchObject({ action: 'create', ok: false, error: expect.stringContaining('403') });
    expect(failed.commentId).toMatch(/^\d+$/);
    expect(server.stats.writes.some((write) => write.method === 'POST' && write.path.includes(failed.itemKey))).toBe(true);
  });

  it('no part of a token that a failed write\'s answer quotes reaches the journal or the output', async () => {
    // Cut to length after the token (Jira's messages are cut at 500 characters), and a slice of it alone.
    for (const message of [`${'x'.repeat(485)} ${TOKEN}`, `rejected for ${TOKEN.slice(3, 15)} in this site`]) {
      const { server } = await serve('cloud', 6);
      server.inject({ kind: 'status', status: 400, messages: [message] }, 1, '/comment', 0, 'POST');
      const dir = project(server, 'cloud');
      const run = await runCliAsync(['annotate', '--apply'], { cwd: dir, env });
      expect(run.code).toBe(2);
      const journal = readFileSync(path.join(dir, 'backlint-annotate.json'), 'utf8');
      expect(journal).toMatch(/400/);
      for (let at = 0; at + 8 <= TOKEN.length; at++) expect(journal + run.stdout + run.stderr).not.toContain(TOKEN.slice(at, at + 8));
    }
  });

  it('refuses a journal path that is the config or the baseline, before anything is read or written', async () => {
    const { server } = await serve('cloud', 6);
    const dir = project(server, 'cloud');
    const config = readFileSync(path.join(dir, 'backlint.config.yaml'), 'utf8');
    for (const target of ['backlint.config.yaml', './sub/../backlint.config.yaml']) {
      const run = await runCliAsync(['annotate', '--journal', target], { cwd: dir, env });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/The journal \(.+\) would overwrite the config file backlint\.config\.yaml; give it another path\./);
      expect(readFileSync(path.join(dir, 'backlint.config.yaml'), 'utf8')).toBe(config);
    }
    expect((await runCliAsync(['check', '--update-baseline'], { cwd: dir, env })).code).toBe(0);
    const run = await runCliAsync(['annotate', '--baseline', 'backlint-baseline.json', '--journal', 'backlint-baseline.json'], { cwd: dir, env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/would overwrite the baseline backlint-baseline\.json/);
    expect(server.stats.log.filter((entry) => entry.path.endsWith('/comment'))).toEqual([]);
  });

  it('doctor checks ADD_COMMENTS, EDIT_OWN_COMMENTS and EDIT_ISSUES with mypermissions when annotate is configured', async () => {
    const { server } = await serve('cloud', 4);
    const ok = await runCliAsync(['doctor'], { cwd: project(server, 'cloud', 'annotate: {}'), env });
    expect(ok.stdout).toMatch(/✓ annotate: write permissions: the auth account may add comments, edit its own and edit issues \(ADD_COMMENTS, EDIT_OWN_COMMENTS, EDIT_ISSUES\)/);
    const asked = server.stats.log.filter((entry) => entry.path === '/rest/api/3/mypermissions');
    expect(asked.length).toBeGreaterThanOrEqual(2);
    server.options.write = false;
    const denied = await runCliAsync(['doctor'], { cwd: project(server, 'cloud', 'annotate: {}'), env });
    expect(denied.code).toBe(2);
    expect(denied.stdout).toMatch(/✗ annotate: write permissions: the auth account lacks ADD_COMMENTS in PAY, EDIT_OWN_COMMENTS in PAY, EDIT_ISSUES in PAY, ADD_COMMENTS in WEB, EDIT_OWN_COMMENTS in WEB, EDIT_ISSUES in WEB/);
    // Without an annotate section, doctor asks nothing about writing.
    const plain = await runCliAsync(['doctor'], { cwd: project(server, 'cloud'), env });
    expect(plain.stdout).not.toContain('annotate');
  });

  it('leaves baselined findings and ignored items alone', async () => {
    const { server, dataset } = await serve('cloud');
    const dir = project(server, 'cloud');
    expect((await runCliAsync(['check', '--update-baseline'], { cwd: dir, env })).code).toBe(0);
    const run = await runCliAsync(['annotate', '--apply', '--baseline', 'backlint-baseline.json'], { cwd: dir, env });
    expect(run.code).toBe(0);
    expect(server.stats.writes).toEqual([]);
    expect(journalOf(dir).writes.every((entry) => entry.action === 'skip')).toBe(true);
    // Without the baseline, items with the ignore label are still never written to.
    const ignored = dataset.issues.filter((issue) => issue.labels.includes('backlint-ignore')).map((issue) => issue.key);
    expect((await runCliAsync(['annotate', '--apply'], { cwd: dir, env })).code).toBe(0);
    expect(server.stats.writes.length).toBeGreaterThan(0);
    expect(server.stats.writes.filter((write) => ignored.some((key) => write.path.includes(`/issue/${key}`)))).toEqual([]);
  });

  it('writes with writeAuth, not with the read credentials', async () => {
    const { server } = await serve('cloud', 12);
    const wrong = 'ATATT3xFfGF0-w9Rk2Lp7Xq4Vz1Mb';
    const dir = project(server, 'cloud', '    writeAuth: { email: ana.souza@acme.example, token: "${env:JIRA_WRITE_TOKEN}" }');
    const dry = await runCliAsync(['annotate'], { cwd: dir, env: { ...env, JIRA_WRITE_TOKEN: wrong } });
    // The plan reads comments with the write credentials too: they are refused at once.
    expect(dry.code).toBe(2);
    expect(dry.stderr).toMatch(/Source pay: GET \/rest\/api\/3\/issue\/[A-Z]+-\d+\/comment failed: 401/);
    // ...and the advice names the credentials it was sent with.
    expect(dry.stderr).toMatch(/check that writeAuth\.email is the email .* that writeAuth\.token holds a current API token/);
    expect(dry.stderr + dry.stdout).not.toContain(wrong);
    expect(server.stats.writes).toEqual([]);
    expect(journalOf(dir)).toMatchObject({ dryRun: true, writes: [] });
    const right = await runCliAsync(['annotate', '--apply'], { cwd: dir, env: { ...env, JIRA_WRITE_TOKEN: TOKEN } });
    expect(right.code).toBe(0);
    expect(server.stats.writes.length).toBeGreaterThan(0);
  });

  it('refuses export sources with a clear error', async () => {
    const dir = tempProject({ 'backlint.config.yaml': 'sources:\n  - name: pay\n    type: jira-export\n    path: export.json\n', 'export.json': { issues: [], isLast: true } });
    const run = await runCliAsync(['annotate'], { cwd: dir, env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/export files cannot be written to/);
  });
});
