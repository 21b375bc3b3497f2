// WIQL text and error classification for the live Azure DevOps source, without a server.
import { describe, expect, it } from 'vitest';
import { classifyAdoError } from '../../src/connectors/azure-devops/client.js';
import { defaultWiql, splitWiql, windowWiql } from '../../src/connectors/azure-devops/wiql.js';
import { BacklintError } from '../../src/errors.js';

describe('WIQL id windows', () => {
  it.each([
    ['SELECT [System.Id] FROM WorkItems', null],
    ["select [System.Id], [System.Title] from workitems where [System.State] = 'Active' order by [System.ChangedDate] desc", "[System.State] = 'Active'"],
    ["SELECT [System.Id] FROM WorkItems WHERE [System.Title] CONTAINS 'order by where' AND [System.Tags] CONTAINS 'it''s' ORDER BY [System.Id]", "[System.Title] CONTAINS 'order by where' AND [System.Tags] CONTAINS 'it''s'"],
    ["SELECT [System.Id] FROM WorkItems WHERE [System.AreaPath] UNDER 'A\\B' AND [Custom.Asof] = 'asof'", "[System.AreaPath] UNDER 'A\\B' AND [Custom.Asof] = 'asof'"],
  ])('keeps the condition of %s', (query, where) => {
    expect(splitWiql('s', query)).toEqual({ where });
  });

  it('windows select ids after the last one, in id order, whatever the query ordered by', () => {
    expect(windowWiql({ where: "[System.State] = 'Active' OR [System.State] = 'New'" }, 41)).toBe(
      "SELECT [System.Id] FROM WorkItems WHERE ([System.State] = 'Active' OR [System.State] = 'New') AND [System.Id] > 41 ORDER BY [System.Id]",
    );
    expect(windowWiql({ where: null }, 0)).toBe('SELECT [System.Id] FROM WorkItems WHERE [System.Id] > 0 ORDER BY [System.Id]');
  });

  it('refuses a query of the backlog as it was (ASOF): backlint reads work items as they are now', () => {
    expect(() => splitWiql('s', "SELECT [System.Id] FROM WorkItems WHERE [System.AreaPath] UNDER 'A\\B' ASOF '2026-01-01'")).toThrow(
      "Source s: the WIQL asks for the backlog as it was (ASOF); backlint lints work items as they are now. Remove the ASOF clause.",
    );
  });

  it('refuses link and tree queries', () => {
    expect(() => splitWiql('s', 'SELECT [System.Id] FROM WorkItemLinks WHERE [Source].[System.Id] = 1')).toThrow(/flat query/);
    expect(() => splitWiql('s', 'SELECT [System.Id]')).toThrow(BacklintError);
  });

  it('the default names each type\'s done states, quoting quotes', () => {
    const query = defaultWiql(
      new Map([
        ['Bug', ['Closed']],
        ["Dev's Task", ['Done', 'Removed']],
        ['Note', []],
      ]),
    );
    expect(query).toBe(
      "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND (([System.WorkItemType] = 'Bug' AND [System.State] NOT IN ('Closed')) OR ([System.WorkItemType] = 'Dev''s Task' AND [System.State] NOT IN ('Done', 'Removed')) OR [System.WorkItemType] = 'Note') ORDER BY [System.Id]",
    );
  });
});

describe('classifying azure-devops-node-api errors', () => {
  it('a 429 is throttling and waits Retry-After, else X-RateLimit-Delay', () => {
    expect(classifyAdoError({ statusCode: 429, responseHeaders: { 'retry-after': '7' } })).toEqual({ transient: true, serverDelayMs: 7000, throttled: true, reason: '429 Too Many Requests', refused: true });
    expect(classifyAdoError({ statusCode: 429, responseHeaders: { 'x-ratelimit-delay': '2.5' } }).serverDelayMs).toBe(2500);
  });

  it('502, 503 and 504 are transient; 400 and 401 are not', () => {
    for (const status of [502, 503, 504]) expect(classifyAdoError({ statusCode: status }).transient).toBe(true);
    for (const status of [400, 401, 403, 409]) expect(classifyAdoError({ statusCode: status }).transient).toBe(false);
  });

  it('resets and timeouts are transient', () => {
    expect(classifyAdoError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toMatchObject({ transient: true, reason: 'connection failed (ECONNRESET)' });
    expect(classifyAdoError(new Error('Request timeout: /fabrikam/_apis/wit/wiql'))).toMatchObject({ transient: true, reason: 'request timed out' });
  });
});
