// The digest and its Slack and Teams payloads: exact shapes, escaping of untrusted text, and splitting
// to the services' limits in as few messages as they allow (SPEC §13).
import { describe, expect, it } from 'vitest';
import { buildDigest, reportUrlFrom, worthSending } from '../../src/notify/digest.js';
import { packInOrder } from '../../src/notify/pack.js';
import { escapeSlack, renderSlack, SLACK_LIMITS } from '../../src/notify/slack.js';
import { escapeTeams, renderTeams, TEAMS_MAX_BYTES } from '../../src/notify/teams.js';
import type { Finding } from '../../src/model.js';
import { blockProblem } from '../servers/slack.js';
import { cardProblem, TEAMS_MAX_PAYLOAD_BYTES } from '../servers/teams.js';
import { person } from '../helpers/items.js';
import { makeFinding, makeReport } from '../helpers/report.js';

const compared = (findings: Finding[], fixed = 0) =>
  makeReport({ findings, comparison: { file: 'previous.json', previousGeneratedAt: null, new: findings.filter((f) => f.change === 'new').length, old: findings.filter((f) => f.change === 'old').length, fixed } });

const small = () =>
  compared(
    [
      makeFinding({ itemKey: 'PAY-12', title: 'Checkout with a saved card', change: 'new' }),
      makeFinding({ itemKey: 'PAY-12', ruleId: 'story-po-owner', change: 'old' }),
      makeFinding({ itemKey: 'PAY-13', title: 'Refunds', severity: 'warn', ruleId: 'owner-role-mismatch', change: 'old', responsible: person('Li Wei'), team: 'Refunds' }),
    ],
    2,
  );

describe('buildDigest', () => {
  it('groups per person, new items first, and counts new and fixed since --compare', () => {
    const digest = buildDigest(small(), 'person', null);
    expect(digest.totals).toEqual({ findings: 3, errors: 2, warnings: 1, known: 0, items: 2, new: 1, fixed: 2 });
    expect(digest.since).toEqual({ kind: 'compare', file: 'previous.json' });
    expect(digest.groups.map((group) => [group.name, group.findings, group.newFindings, group.items.map((item) => [item.itemKey, item.isNew, item.ruleIds])])).toEqual([
      ['Ana Souza', 2, 1, [['PAY-12', true, ['story-acceptance-criteria', 'story-po-owner']]]],
      ['Li Wei', 1, 0, [['PAY-13', false, ['owner-role-mismatch']]]],
    ]);
  });

  it('groups per team, with the unowned last', () => {
    const report = makeReport({ findings: [makeFinding({ team: null, itemKey: 'A-1' }), makeFinding({ team: 'B', itemKey: 'B-1' }), makeFinding({ responsible: null, itemKey: 'B-2', team: 'B' })] });
    expect(buildDigest(report, 'team', null).groups.map((group) => [group.name, group.findings])).toEqual([['B', 2], [null, 1]]);
    expect(buildDigest(report, 'person', null).groups.map((group) => [group.name, group.findings])).toEqual([['Ana Souza', 2], [null, 1]]);
  });

  it('says how many findings are known (baseline), so that errors, warnings and known add up to the findings', () => {
    const known = { state: 'known' as const };
    const findings = [makeFinding({ itemKey: 'PAY-1' }), makeFinding({ itemKey: 'PAY-2', baseline: known }), makeFinding({ itemKey: 'PAY-3', baseline: known })];
    const digest = buildDigest(makeReport({ findings, summary: { errors: 1, warnings: 0 }, baseline: { file: 'backlint-baseline.json', known: 2, fixed: 0 } }), 'person', null);
    expect(digest.totals).toMatchObject({ findings: 3, errors: 1, warnings: 0, known: 2, new: 1 });
    const [message] = renderSlack(digest, 10);
    expect(JSON.stringify(message)).toContain('*3 findings* in 3 items: 1 error, 0 warnings, 2 known (baseline).');
    expect(JSON.stringify(renderTeams(digest, 10)[0])).toContain('{"title":"Known (baseline)","value":"2"}');
  });

  it('counts a baseline run: the findings shown are the new ones, the baseline says what is fixed', () => {
    const digest = buildDigest(makeReport({ findings: [makeFinding()], baseline: { file: 'backlint-baseline.json', known: 4, fixed: 3 } }), 'person', null);
    expect(digest.totals.new).toBe(1);
    expect(digest.totals.fixed).toBe(3);
    expect(digest.since).toEqual({ kind: 'baseline', file: 'backlint-baseline.json' });
  });

  it('decides whether a target gets it: when new needs something new; always needs something to say', () => {
    const nothingNew = buildDigest(compared([makeFinding({ change: 'old' })]), 'person', null);
    expect(worthSending(nothingNew, 'new')).toBe(false);
    expect(worthSending(nothingNew, 'always')).toBe(true);
    const clean = buildDigest(makeReport({ findings: [] }), 'person', null);
    expect(worthSending(clean, 'always')).toBe(false);
    expect(worthSending(buildDigest(compared([], 2), 'person', null), 'always')).toBe(true);
  });

  it('links the report: configured, else the CI run', () => {
    expect(reportUrlFrom('https://reports.example/b.html', { GITHUB_RUN_ID: '1' })).toBe('https://reports.example/b.html');
    expect(reportUrlFrom(undefined, { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/backlog', GITHUB_RUN_ID: '42' })).toBe('https://github.com/acme/backlog/actions/runs/42');
    expect(reportUrlFrom(undefined, { SYSTEM_COLLECTIONURI: 'https://dev.azure.com/contoso/', SYSTEM_TEAMPROJECT: 'Mobile Apps', BUILD_BUILDID: '7' })).toBe('https://dev.azure.com/contoso/Mobile%20Apps/_build/results?buildId=7');
    expect(reportUrlFrom(undefined, { CI_JOB_URL: 'https://gitlab.example/acme/-/jobs/9' })).toBe('https://gitlab.example/acme/-/jobs/9');
    expect(reportUrlFrom(undefined, {})).toBeNull();
  });
});

describe('payload shapes', () => {
  it('Slack: a header, the totals, a section per person, the report link', () => {
    expect(renderSlack(buildDigest(small(), 'person', 'https://ci.example/run/1'), 10)).toEqual([
      {
        text: 'backlint: 3 findings, 1 new, 2 fixed',
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'backlint: 3 findings, 1 new, 2 fixed', emoji: true } },
          { type: 'section', text: { type: 'mrkdwn', text: '*3 findings* in 2 items: 2 errors, 1 warning.\n*1 new*, 2 fixed since the previous report (previous.json).\n<https://ci.example/run/1|Full report>' } },
          {
            type: 'section',
            text: { type: 'mrkdwn', text: '*Ana Souza: 2 findings, 1 new*\n• 🆕 <https://acme.atlassian.net/browse/PAY-12|PAY-12> Checkout with a saved card _(story-acceptance-criteria, story-po-owner)_' },
          },
          { type: 'section', text: { type: 'mrkdwn', text: '*Li Wei: 1 finding, 0 new*\n• <https://acme.atlassian.net/browse/PAY-13|PAY-13> Refunds _(owner-role-mismatch)_' } },
          { type: 'context', elements: [{ type: 'mrkdwn', text: '<https://ci.example/run/1|Full report>' }] },
        ],
      },
    ]);
  });

  it('Teams: a message with one Adaptive Card: the totals as facts, a container per team, the report as an action', () => {
    const [message, ...rest] = renderTeams(buildDigest(small(), 'team', 'https://ci.example/run/1'), 10);
    expect(rest).toEqual([]);
    expect(message).toEqual({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            msteams: { width: 'Full' },
            body: [
              { type: 'TextBlock', text: 'backlint: 3 findings, 1 new, 2 fixed', wrap: true, size: 'Medium', weight: 'Bolder' },
              {
                type: 'FactSet',
                facts: [
                  { title: 'Findings', value: '3 in 2 items' },
                  { title: 'Errors', value: '2' },
                  { title: 'Warnings', value: '1' },
                  { title: 'New', value: '1 since the previous report \\(previous.json\\)' },
                  { title: 'Fixed', value: '2' },
                ],
              },
              {
                type: 'Container',
                separator: true,
                items: [
                  { type: 'TextBlock', text: 'PAY: 2 findings, 1 new', wrap: true, weight: 'Bolder' },
                  { type: 'TextBlock', text: '- 🆕 [PAY-12](https://acme.atlassian.net/browse/PAY-12) Checkout with a saved card _(story-acceptance-criteria, story-po-owner)_', wrap: true, spacing: 'None' },
                ],
              },
              {
                type: 'Container',
                separator: true,
                items: [
                  { type: 'TextBlock', text: 'Refunds: 1 finding, 0 new', wrap: true, weight: 'Bolder' },
                  { type: 'TextBlock', text: '- [PAY-13](https://acme.atlassian.net/browse/PAY-13) Refunds _(owner-role-mismatch)_', wrap: true, spacing: 'None' },
                ],
              },
            ],
            actions: [{ type: 'Action.OpenUrl', title: 'Full report', url: 'https://ci.example/run/1' }],
          },
        },
      ],
    });
    expect(cardProblem(message!.attachments[0].content)).toBeNull();
  });
});

describe('untrusted item text', () => {
  const hostile = '<!channel> *pay* <https://evil.example|your bank> & {{DATE(2017-02-14T06:00:00Z)}} [x](https://evil.example)\n- list';

  it('stays text in Slack: no mention, no link, no entity of its own', () => {
    expect(escapeSlack('a <b> & c')).toBe('a &lt;b&gt; &amp; c');
    const [message] = renderSlack(buildDigest(makeReport({ findings: [makeFinding({ title: hostile, responsible: person('<@U0123> Eve') })] }), 'person', null), 10);
    const text = JSON.stringify(message);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U0123>');
    expect(text).not.toContain('<https://evil.example');
    expect(text).toContain('&lt;!channel&gt; *pay* &lt;https://evil.example|your bank&gt; &amp;');
  });

  it('stays text in Teams: markdown, links and date functions escaped', () => {
    expect(escapeTeams('[x](y) *b* _i_ {{DATE(x)}}')).toBe('\\[x\\]\\(y\\) \\*b\\* \\_i\\_ \\{\\{DATE\\(x\\)\\}\\}');
    expect(escapeTeams('- not a list')).toBe('\\- not a list');
    const [message] = renderTeams(buildDigest(makeReport({ findings: [makeFinding({ title: hostile })] }), 'person', null), 10);
    const text = JSON.stringify(message);
    expect(text).not.toContain('[x](https://evil.example)');
    expect(text).not.toContain('{{DATE');
    expect(text).not.toMatch(/\r- list|\n- list/);
    expect(cardProblem(message!.attachments[0].content)).toBeNull();
  });

  it('cuts a huge title and keeps every line within the section limit', () => {
    const [message] = renderSlack(buildDigest(makeReport({ findings: Array.from({ length: 60 }, (_, i) => makeFinding({ itemKey: `PAY-${i}`, title: '&'.repeat(5000) })) }), 'person', null), 50);
    expect(blockProblem(message!.blocks)).toBeNull();
  });

  it('cuts a huge person or team name to 100 characters in its heading: every section and card within its limits', () => {
    for (const name of ['N'.repeat(40_000), '&'.repeat(5000), '\\'.repeat(5000), `Area\\${'Sub\\'.repeat(2000)}`]) {
      const findings = Array.from({ length: 3 }, (_, i) => makeFinding({ itemKey: `PAY-${i}`, responsible: person(`${name}${i}`), team: `${name}${i}` }));
      for (const audience of ['person', 'team'] as const) {
        const digest = buildDigest(compared(findings), audience, 'https://ci.example/run/1');
        const slack = renderSlack(digest, 10);
        for (const message of slack) expect(blockProblem(message.blocks)).toBeNull();
        const heading = (slack[0]!.blocks[2] as { text: { text: string } }).text.text.split('\n')[0]!;
        expect(heading).toMatch(/…: 1 finding, 1 new\*$/);
        expect(heading).toContain(escapeSlack(name.slice(0, 99)));
        const teams = renderTeams(digest, 10);
        for (const message of teams) {
          expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
          expect(cardProblem(message.attachments[0].content)).toBeNull();
        }
        expect(JSON.stringify(teams)).toContain(JSON.stringify(`${escapeTeams(name.slice(0, 99))}…: 1 finding, 1 new`));
      }
    }
  });

  it('cuts a long title between whole characters: no lone surrogate in Slack or Teams', () => {
    const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    for (let pad = 0; pad < 4; pad++) {
      const digest = buildDigest(makeReport({ findings: [makeFinding({ itemKey: 'PAY-1', title: `${'a'.repeat(pad)}Checkout 🇩🇪 ${'😀'.repeat(60)}` })] }), 'person', null);
      const texts = [JSON.stringify(renderSlack(digest, 50)), JSON.stringify(renderTeams(digest, 50))];
      // JSON.stringify writes a lone surrogate as an escape; the title's emoji stay as they are.
      for (const text of texts) {
        expect(text).not.toMatch(/\\ud[89ab][0-9a-f]{2}/i);
        expect(lone.test(text)).toBe(false);
        expect(text).toContain('😀…');
      }
    }
  });
});

/** 5,000 findings over 40 people (and some nobody owns), on 2,500 items, about a third new. */
function bigReport(people: number, findings: number): ReturnType<typeof compared> {
  const owners = Array.from({ length: people }, (_, i) => person(`Person ${String(i + 1).padStart(2, '0')} Ñandú-Łukasz`));
  const rules = ['story-acceptance-criteria', 'story-po-owner', 'owner-role-mismatch', 'story-has-parent'];
  return compared(
    Array.from({ length: findings }, (_, i) =>
      makeFinding({
        itemKey: `PAY-${Math.floor(i / 2) + 1}`,
        ruleId: rules[i % 4]!,
        title: `Story ${i} about checkout, refunds & <disputes> with a long enough title to be realistic`,
        responsible: i % 97 === 0 ? null : owners[Math.floor(i / 2) % people]!,
        team: `Team ${Math.floor(i / 2) % 12}`,
        severity: i % 5 === 0 ? 'warn' : 'error',
        change: i % 3 === 0 ? 'new' : 'old',
      }),
    ),
    321,
  );
}

describe('a digest of 5,000 findings across 40 people', () => {
  const report = bigReport(40, 5000);

  it('keeps every finding in the totals and every item counted in its group', () => {
    const digest = buildDigest(report, 'person', 'https://ci.example/run/1');
    expect(digest.totals.findings).toBe(5000);
    expect(digest.groups).toHaveLength(41);
    expect(digest.groups.reduce((sum, group) => sum + group.findings, 0)).toBe(5000);
  });

  /** The characters of text in a message's blocks: what Slack's cumulative limit (msg_blocks_too_long) counts. */
  const blocksText = (blocks: readonly unknown[]) => blocks.reduce<number>((sum, block) => sum + (((block as { text?: { text?: string } }).text?.text ?? '').length), 0);

  it('keeps each Slack message within 50 blocks and 11,000 characters of block text, in near the fewest messages', () => {
    const messages = renderSlack(buildDigest(report, 'person', 'https://ci.example/run/1'), 10);
    for (const message of messages) {
      expect(blockProblem(message.blocks)).toBeNull();
      expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
      expect(blocksText(message.blocks)).toBeLessThanOrEqual(SLACK_LIMITS.blocksText);
    }
    const sections = messages.flatMap((message) => message.blocks.filter((block) => block.type === 'section'));
    expect(sections).toHaveLength(1 + 41);
    // Each message loses less than one section (at most 3,000 characters) and its footer to packing.
    const text = blocksText(sections);
    expect(messages.length).toBeGreaterThanOrEqual(Math.ceil(text / SLACK_LIMITS.blocksText));
    expect(messages.length).toBeLessThanOrEqual(Math.ceil(text / (SLACK_LIMITS.blocksText - SLACK_LIMITS.sectionText - 600)));
    // Each person: ten items listed, the rest counted.
    const first = (messages[0]!.blocks[2] as { text: { text: string } }).text.text;
    expect(first.split('\n').filter((line) => line.startsWith('• '))).toHaveLength(10);
    expect(first).toMatch(/\n…and \d+ more items$/);
  });

  it('splits Slack at 50 blocks when there are more people of few findings each: 120 people, every message within both limits', () => {
    const messages = renderSlack(buildDigest(bigReport(120, 5000), 'person', null), 1);
    const sections = messages.flatMap((message) => message.blocks.filter((block) => block.type === 'section')).length;
    expect(sections).toBe(1 + 121);
    // The lower bound: every block, a header and a footer per message, 50 a message.
    expect(messages.length).toBeGreaterThanOrEqual(Math.ceil((sections + 1 + 3) / SLACK_LIMITS.blocks));
    for (const message of messages) {
      expect(blockProblem(message.blocks)).toBeNull();
      expect(blocksText(message.blocks)).toBeLessThanOrEqual(SLACK_LIMITS.blocksText);
    }
    expect(messages.map((message) => message.text)).toEqual(messages.map((_, index) => `backlint: 5,000 findings, 1,667 new, 321 fixed (part ${index + 1} of ${messages.length})`));
  });

  it('splits Teams at 28 KB in near the fewest messages, every card valid', () => {
    for (const maxItems of [10, 50]) {
      const messages = renderTeams(buildDigest(report, 'person', 'https://ci.example/run/1'), maxItems);
      const sizes = messages.map((message) => Buffer.byteLength(JSON.stringify(message)));
      for (const size of sizes) expect(size).toBeLessThanOrEqual(Math.min(TEAMS_MAX_BYTES, TEAMS_MAX_PAYLOAD_BYTES));
      for (const message of messages) expect(cardProblem(message.attachments[0].content)).toBeNull();
      // The containers alone need this many messages; each message loses less than one container to packing.
      const containers = messages.flatMap((message) => message.attachments[0].content.body.filter((element) => element.type === 'Container'));
      expect(containers).toHaveLength(41);
      const content = containers.reduce((sum, container) => sum + Buffer.byteLength(JSON.stringify(container)) + 1, 0);
      const largest = Math.max(...containers.map((container) => Buffer.byteLength(JSON.stringify(container)) + 1));
      const overhead = Buffer.byteLength(JSON.stringify(renderTeams(buildDigest(makeReport({ findings: [] }), 'person', 'https://ci.example/run/1'), 10)[0]));
      const lowerBound = Math.ceil(content / (TEAMS_MAX_BYTES - overhead));
      expect(messages.length).toBeGreaterThanOrEqual(lowerBound);
      expect(messages.length).toBeLessThanOrEqual(Math.ceil(content / (TEAMS_MAX_BYTES - overhead - largest)));
      if (messages.length > 1) expect(JSON.stringify(messages.at(-1))).toContain(`Part ${messages.length} of ${messages.length}`);
    }
  });
});

describe('packInOrder', () => {
  it('fills each message before starting the next, keeping the order', () => {
    expect(packInOrder([3, 3, 3, 5, 1, 4], (_message, taken, part) => taken.reduce((a, b) => a + b, 0) + part <= 6)).toEqual([[3, 3], [3], [5, 1], [4]]);
  });
  it('refuses a part that no message can hold', () => {
    expect(() => packInOrder([7], (_message, taken, part) => taken.length + part <= 6)).toThrow(/larger than a whole message/);
  });
});
