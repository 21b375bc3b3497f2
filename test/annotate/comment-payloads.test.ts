// The exact shapes backlint annotate sends (SPEC §13, API-NOTES): an ADF mention node on Jira Cloud,
// `[~username]` in wiki markup on Data Center, a data-vss-mention link in HTML on Azure DevOps; untrusted
// text escaped in each markup; the footer each tracker's comment is found again by.
import { describe, expect, it } from 'vitest';
import { readFooter, type CommentContent } from '../../src/annotate/types.js';
import { adfText, escapeWiki, renderAdfComment, renderWikiComment } from '../../src/connectors/jira/comment-body.js';
import { renderHtmlComment } from '../../src/connectors/azure-devops/write-back.js';
import { createJiraWriteBack } from '../../src/connectors/jira/write-back.js';

const hostile = 'Story "<script>alert(1)</script>" has no [~admin] *owner* {code}x{code} & | -gone-';

const open = (mention: CommentContent['mention']): CommentContent => ({
  state: 'open',
  mention,
  findings: [
    { ruleId: 'story-po-owner', severity: 'error', message: hostile, docsUrl: 'https://example.com/docs/story-po-owner' },
    { ruleId: 'story-has-parent', severity: 'warn', message: 'Story is under no epic.', docsUrl: null },
  ],
  digest: '0123456789ab',
});
const resolved: CommentContent = { state: 'resolved', mention: null, findings: [], digest: 'ba9876543210' };

describe('Jira Cloud: ADF', () => {
  it('starts with a mention node of the account id and "@Display Name"', () => {
    const doc = renderAdfComment(open({ id: '712020:3f2a9c1e-8d6f-4f31-9b4b-8a1d1c5c9a00', displayName: 'Ana Souza' }));
    expect(doc).toMatchObject({ type: 'doc', version: 1 });
    expect(doc.content[0]).toEqual({
      type: 'paragraph',
      content: [
        { type: 'mention', attrs: { id: '712020:3f2a9c1e-8d6f-4f31-9b4b-8a1d1c5c9a00', text: '@Ana Souza' } },
        { type: 'text', text: ', backlint found 2 things to fix on this item:' },
      ],
    });
    expect(doc.content[1]).toEqual({
      type: 'bulletList',
      content: [
        {
          type: 'listItem',
          content: [
            {
              type: 'paragraph',
              content: [
                { type: 'text', text: 'error story-po-owner', marks: [{ type: 'strong' }] },
                { type: 'text', text: `: ${hostile}` },
                { type: 'text', text: ' (' },
                { type: 'text', text: 'how to fix', marks: [{ type: 'link', attrs: { href: 'https://example.com/docs/story-po-owner' } }] },
                { type: 'text', text: ')' },
              ],
            },
          ],
        },
        { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'warn story-has-parent', marks: [{ type: 'strong' }] }, { type: 'text', text: ': Story is under no epic.' }] }] },
      ],
    });
    expect(readFooter(adfText(doc))).toEqual({ state: 'open', digest: '0123456789ab' });
  });

  it('an email is no account id: the name is written, not mentioned; nobody responsible says so', () => {
    expect(JSON.stringify(renderAdfComment(open({ id: 'ana@example.com', displayName: 'Ana Souza' })))).not.toContain('"mention"');
    expect(adfText(renderAdfComment(open(null)))).toContain('Nobody is responsible for this item (no active owner of its role is set)');
  });

  it('the resolved note mentions nobody', () => {
    const doc = renderAdfComment(resolved);
    expect(JSON.stringify(doc)).not.toContain('mention');
    expect(readFooter(adfText(doc))).toEqual({ state: 'resolved', digest: 'ba9876543210' });
  });
});

describe('Jira Data Center: wiki markup', () => {
  it('mentions [~username] and escapes the item text', () => {
    const text = renderWikiComment(open({ id: 'ana.souza', displayName: 'Ana Souza' }));
    expect(text.split('\n')[0]).toBe('[~ana.souza], backlint found 2 things to fix on this item:');
    expect(text).toContain('* *error story-po-owner*: Story "<script>alert(1)</script>" has no \\[\\~admin\\] \\*owner\\* \\{code\\}x\\{code\\} & \\| \\-gone\\- ([how to fix|https://example.com/docs/story-po-owner])');
    expect(text).toContain('* *warn story-has-parent*: Story is under no epic.');
    expect(readFooter(text)).toEqual({ state: 'open', digest: '0123456789ab' });
    // Only the one mention: the hostile [~admin] is text.
    expect(text.match(/(?<!\\)\[~/g)).toHaveLength(1);
  });

  it('a user name that would break the markup is written as the display name, escaped; the plan says so', async () => {
    expect(renderWikiComment(open({ id: 'evil] [~admin', displayName: 'Eve *' })).split('\n')[0]).toBe('Eve \\*, backlint found 2 things to fix on this item:');
    expect(renderWikiComment(open({ id: 'carol wei', displayName: 'Carol Wei' })).split('\n')[0]).toBe('Carol Wei, backlint found 2 things to fix on this item:');
    // What the plan reads to say "mentions" or "names … without a mention": the same test as the comment's.
    const source = (deployment: 'cloud' | 'datacenter') => ({ name: 'pay', type: 'jira', deployment, baseUrl: 'http://127.0.0.1:9', auth: deployment === 'cloud' ? { email: 'a@b.example', token: 't' } : { bearer: 't' }, maxTries: 2, maxWaitSeconds: 60, timeoutSeconds: 5, concurrency: 1 }) as never;
    const dc = await createJiraWriteBack(source('datacenter'), { label: 'backlint', maxWrites: 50 } as never, {});
    expect(['ana.souza', 'carol wei', 'carol|x', 'evil] [~admin'].map((id) => dc.canMention!({ id, displayName: id }))).toEqual([true, false, false, false]);
    const cloud = await createJiraWriteBack(source('cloud'), { label: 'backlint', maxWrites: 50 } as never, {});
    expect(cloud.canMention!({ id: '712020:3f2a9c1e', displayName: 'Ana' })).toBe(true);
  });

  it('escapes line breaks and markup characters', () => {
    expect(escapeWiki('a\nb {x} ??c??')).toBe('a b \\{x\\} \\?\\?c\\?\\?');
  });
});

describe('Azure DevOps: HTML', () => {
  it('mentions with data-vss-mention and escapes every piece of item text', () => {
    const html = renderHtmlComment(open({ id: 'D291B0C4-A05C-4EA6-8DF1-4B41D5F39E10', displayName: 'Ana <Souza>' }));
    expect(html.startsWith('<p><a href="#" data-vss-mention="version:2.0,d291b0c4-a05c-4ea6-8df1-4b41d5f39e10">@Ana &#60;Souza&#62;</a>, backlint found 2 things to fix on this item:</p><ul>')).toBe(true);
    expect(html).toContain('<li><strong>error story-po-owner</strong>: Story &#34;&#60;script&#62;alert(1)&#60;/script&#62;&#34; has no [~admin] *owner* {code}x{code} &#38; | -gone- (<a href="https://example.com/docs/story-po-owner">how to fix</a>)</li>');
    expect(html).not.toContain('<script>');
    expect(readFooter(html)).toEqual({ state: 'open', digest: '0123456789ab' });
  });

  it('an identity that is no GUID is not mentioned; the resolved note mentions nobody', () => {
    expect(renderHtmlComment(open({ id: 'ana@example.com', displayName: 'Ana' }))).not.toContain('data-vss-mention');
    const html = renderHtmlComment(resolved);
    expect(html).not.toContain('data-vss-mention');
    expect(readFooter(html)).toEqual({ state: 'resolved', digest: 'ba9876543210' });
  });
});

describe('the footer', () => {
  // A finding quotes item text (a story's acceptance criteria), which may hold a marker of its own.
  const quoting: CommentContent = { ...open(null), findings: [{ ruleId: 'story-has-ac', severity: 'error', message: "Acceptance criteria too short ('see backlint:open:000000000000').", docsUrl: null }] };

  it('is read from the end of the comment in every markup, not from a marker the item text holds', () => {
    expect(readFooter(adfText(renderAdfComment(quoting)))).toEqual({ state: 'open', digest: '0123456789ab' });
    expect(readFooter(renderWikiComment(quoting))).toEqual({ state: 'open', digest: '0123456789ab' });
    expect(readFooter(renderHtmlComment(quoting))).toEqual({ state: 'open', digest: '0123456789ab' });
  });
});
