// The boards' future sprints (SPEC §5 "next") through the Agile API on the loopback Jira, in process:
// asked only when a sprint condition is used, retried like every request, a 403/404 board a notice.
import { describe, expect, it } from 'vitest';
import { fetchJiraSource } from '../../src/connectors/jira/fetch.js';
import type { FetchContext } from '../../src/connectors/types.js';
import { DEFAULT_BOARDS, SPRINT_TEXT_FIELD } from '../servers/jira/dataset.js';
import { failure } from '../helpers/failure.js';
import { jiraLoopback } from '../helpers/jira-live.js';

const TOKEN = 'ATATT3xFfGF0-sprints-secret-token-456';
const EMAIL = 'ana.souza@acme.example';
const fast = { policy: { baseDelayMs: 5, maxDelayMs: 50 } };

const { serve, sourceFor } = jiraLoopback({ email: EMAIL, token: TOKEN });
const context = (extra: Partial<FetchContext> = {}): FetchContext => ({ progress: { update: () => {}, stop: () => {} }, signal: new AbortController().signal, ...extra });
const BOARD_PATH = '/rest/agile/1.0/board/1/sprint';

describe.each(['cloud', 'datacenter'] as const)('the boards\' future sprints on Jira %s', (deployment) => {
  it('are not asked for without a sprint condition', async () => {
    const server = await serve(deployment, 60);
    const result = await fetchJiraSource(sourceFor(server, deployment), context(), fast);
    expect(result.sprints).toBeUndefined();
    expect(server.stats.byPath.get(BOARD_PATH)).toBeUndefined();
  });

  it('come back in the board\'s order, under their board, a 503 retried', async () => {
    const server = await serve(deployment, 60);
    server.inject({ kind: 'status', status: 503 }, 1, '/rest/agile/');
    const result = await fetchJiraSource(sourceFor(server, deployment), context({ sprints: true }), fast);
    expect(result.sprints).toEqual([
      { id: '2', name: 'Sprint 2', state: 'future', board: '1', start: null, end: null, sequence: 0 },
      { id: '3', name: 'Sprint 3', state: 'future', board: '1', start: null, end: null, sequence: 1 },
      { id: '4', name: 'Sprint 4', state: 'future', board: '1', start: null, end: null, sequence: 2 },
    ]);
    expect(result.notices ?? []).toEqual([]);
    expect(server.stats.byPath.get(BOARD_PATH)).toBe(2);
  });

  it('are asked as soon as an item names the board, while the item pages are still coming', async () => {
    const server = await serve(deployment, 1200, { latencyMs: 20 });
    const source = { ...sourceFor(server, deployment), concurrency: 2 };
    await fetchJiraSource(source, context({ sprints: true }), fast);
    const board = server.stats.log.find((entry) => entry.path === BOARD_PATH)!;
    const itemPages = server.stats.log.filter((entry) => /\/search|\/bulkfetch/.test(entry.path));
    expect(itemPages.length).toBeGreaterThan(3);
    expect(board.arrived).toBeLessThan(Math.max(...itemPages.map((entry) => entry.at)));
  });

  it('are read to the end page by page, with isLast or, where a server leaves it out, until a page is not full', async () => {
    for (const agileOmitIsLast of [false, true]) {
      const server = await serve(deployment, 60, { agileMaxResults: 1, agileOmitIsLast });
      const result = await fetchJiraSource(sourceFor(server, deployment), context({ sprints: true }), fast);
      expect(result.sprints?.map((sprint) => [sprint.id, sprint.sequence])).toEqual([['2', 0], ['3', 1], ['4', 2]]);
      expect(server.stats.byPath.get(BOARD_PATH)).toBe(agileOmitIsLast ? 4 : 3);
    }
  });

  it('of a board the token may not read (403) leave the items\' sprints to decide, with a notice naming the board', async () => {
    const server = await serve(deployment, 60);
    server.options.dataset.boards = [{ ...DEFAULT_BOARDS[0]!, status: 403 }];
    const result = await fetchJiraSource(sourceFor(server, deployment), context({ sprints: true }), fast);
    expect(result.sprints).toEqual([]);
    expect(result.notices).toEqual([expect.stringMatching(/^Source pay: board 1's future sprints could not be read/)]);
    expect(result.items.length).toBeGreaterThan(0);
  });

  it('of a Kanban board (400: does not support sprints) leave the items\' sprints to decide, with a notice', async () => {
    const server = await serve(deployment, 60);
    server.options.dataset.boards = [{ ...DEFAULT_BOARDS[0]!, status: 400 }];
    const result = await fetchJiraSource(sourceFor(server, deployment), context({ sprints: true }), fast);
    expect(result.sprints).toEqual([]);
    expect(result.notices).toEqual([expect.stringMatching(/^Source pay: board 1's future sprints could not be read .*Kanban/)]);
  });

  it('come from Jira Software\'s Sprint field, found by its type, when a text field is also named Sprint', async () => {
    const server = await serve(deployment, 60);
    server.options.dataset.shape = { sprintTextField: true };
    const result = await fetchJiraSource(sourceFor(server, deployment), context({ sprints: true }), fast);
    expect(result.items.flatMap((item) => item.sprints ?? []).map((sprint) => sprint.name)).toContain('Sprint 1');
    expect(server.stats.log.some((entry) => entry.query.includes(SPRINT_TEXT_FIELD))).toBe(false);
  });

  it('fail the source on any other refusal, naming the request and never the token', async () => {
    const server = await serve(deployment, 60);
    server.inject({ kind: 'status', status: 400 }, 1, '/rest/agile/');
    const error = await failure(fetchJiraSource(sourceFor(server, deployment), context({ sprints: true }), fast));
    expect(error.message).toContain(`Source pay: GET ${BOARD_PATH} failed`);
    expect(error.message).not.toContain(TOKEN);
  });
});

describe.each(['cloud', 'datacenter'] as const)('doctor with sprint conditions on Jira %s', (deployment) => {
  const doctor = async (server: Awaited<ReturnType<typeof serve>>, extra: Partial<FetchContext>) => {
    const { doctorJiraSource } = await import('../../src/connectors/jira/doctor.js');
    return doctorJiraSource(sourceFor(server, deployment), context(extra), fast);
  };

  it('checks that the boards of the first items can be read, and only when the config uses sprints', async () => {
    const server = await serve(deployment, 60);
    const checks = await doctor(server, { sprints: true });
    expect(checks.find((check) => check.name === 'board sprints')).toEqual({ name: 'board sprints', ok: true, detail: 'the future sprints of board 1 can be read' });
    expect((await doctor(server, {})).some((check) => check.name === 'board sprints')).toBe(false);
  });

  it('reads the Sprint field by its type as check does, when a text field is also named Sprint', async () => {
    const server = await serve(deployment, 60);
    server.options.dataset.shape = { sprintTextField: true };
    const check = (await doctor(server, { sprints: true })).find((candidate) => candidate.name === 'board sprints');
    expect(check).toEqual({ name: 'board sprints', ok: true, detail: 'the future sprints of board 1 can be read' });
  });

  it('fails, as check would, when the items do not carry the configured Sprint field', async () => {
    const server = await serve(deployment, 60);
    const { doctorJiraSource } = await import('../../src/connectors/jira/doctor.js');
    const checks = await doctorJiraSource(sourceFor(server, deployment, { fields: { iteration: 'customfield_10099' } }), context({ sprints: true }), fast);
    const check = checks.find((candidate) => candidate.name === 'board sprints');
    expect(check?.ok).toBe(false);
    expect(check?.detail).toMatch(/^the items do not carry the Sprint field customfield_10099 \(item [A-Z]+-\d+ carries none\), so check fails on sprint conditions/);
  });

  it('fails on a board the token may not read, naming it and the scope a Cloud token needs', async () => {
    const server = await serve(deployment, 60);
    server.options.dataset.boards = [{ ...DEFAULT_BOARDS[0]!, status: 403 }];
    const check = (await doctor(server, { sprints: true })).find((candidate) => candidate.name === 'board sprints');
    expect(check?.ok).toBe(false);
    expect(check?.detail).toMatch(/^GET \/rest\/agile\/1\.0\/board\/\{id\}\/sprint answered 403, 404 or 400 for board 1: .*read:sprint:jira-software/);
  });
});
