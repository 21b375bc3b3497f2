// backlint annotate on Jira (SPEC §13): finds its own comment by the comment property it sets (key
// `backlint`, read back with expand=properties; where a site lists comments without their properties, by
// the write account's authorship and the footer marker, as on Azure DevOps), writes comments (ADF on
// Cloud, wiki markup on Data Center) and the label, with the source's writeAuth (else auth). Every request goes through the client's
// retries (429 and Retry-After as for reads); writes are spaced below Jira Cloud's write limits (per issue
// 20 writes / 2 s and 100 / 30 s, beside the burst limits): backlint writes at most three times an issue.
import { z } from 'zod';
import type { AnnotateConfig, JiraSourceConfig } from '../../config/schema.js';
import { BacklintError } from '../../errors.js';
import { readFooter, type CommentContent, type OwnComment, type WriteBack, type WriteTarget } from '../../annotate/types.js';
import type { DoctorCheck } from '../adapter.js';
import type { FetchContext } from '../types.js';
import { JiraClient } from './client.js';
import { writeOnce } from '../retry.js';
import { adfText, looksLikeUsername, renderAdfComment, renderWikiComment } from './comment-body.js';

/** The comment property that marks backlint's comment. */
export const COMMENT_PROPERTY = 'backlint';
const PAGE = 100;
/** More comments than any issue has: only a server that never stops paging reaches it. */
const MAX_PAGES = 100;
/** Ten writes a second at most: below Jira's write burst limits. */
const WRITE_INTERVAL_MS = 100;

const commentsPage = z.looseObject({
  startAt: z.number().optional(),
  total: z.number().optional(),
  comments: z.array(
    z.looseObject({
      id: z.union([z.string(), z.number()]).transform(String),
      body: z.unknown().optional(),
      properties: z.array(z.looseObject({ key: z.string(), value: z.unknown().optional() })).optional(),
      author: z.looseObject({ accountId: z.string().optional(), name: z.string().optional(), key: z.string().optional() }).nullish(),
    }),
  ),
});

/** The write account as /myself names it, and as a comment's author names it. */
const accountSchema = z.looseObject({ accountId: z.string().optional(), name: z.string().optional(), key: z.string().optional() });
type Account = z.infer<typeof accountSchema>;
const sameAccount = (a: Account, b: Account) => (a.accountId !== undefined && a.accountId === b.accountId) || (a.key !== undefined && a.key === b.key) || (a.name !== undefined && a.name === b.name);

/** The comment property's value: what marks a comment as backlint's own. */
const MARK = { annotate: 1 };
const created = z.looseObject({ id: z.union([z.string(), z.number()]).transform(String) });

/** The client that writes: the source with its writeAuth, when it has one. */
export function writeClient(source: JiraSourceConfig, signal?: AbortSignal): JiraClient {
  return new JiraClient({ ...source, auth: source.writeAuth ?? source.auth }, { credentials: source.writeAuth ? 'writeAuth' : 'auth', ...(signal ? { signal } : {}) });
}

export async function createJiraWriteBack(source: JiraSourceConfig, annotate: AnnotateConfig, context: { signal?: AbortSignal }): Promise<WriteBack> {
  const client = writeClient(source, context.signal);
  const cloud = source.deployment === 'cloud';
  const body = (content: CommentContent) => (cloud ? { body: renderAdfComment(content) } : { body: renderWikiComment(content) });
  const visibility = annotate.visibility ? { visibility: annotate.visibility } : {};
  const malformed = (what: string, detail: string) => new BacklintError('source', `Source ${source.name}: ${what}: Jira answered malformed data: ${detail}.`);
  let account: Promise<Account> | null = null;
  const me = () => {
    account ??= client.getMyself().then((raw) => {
      const parsed = accountSchema.safeParse(raw);
      if (!parsed.success) throw malformed(`GET ${client.prefix}/myself`, 'no account');
      return parsed.data;
    });
    return account;
  };

  /**
   * backlint's comment: the one marked with its comment property; failing that (a site that does not
   * return properties, a comment whose marking failed), the first one the write account wrote whose
   * footer holds backlint's marker, as on Azure DevOps.
   */
  const findComment = async (target: WriteTarget): Promise<OwnComment | null> => {
    const what = `GET ${client.prefix}/issue/${target.itemKey}/comment`;
    const textOf = (comment: { body?: unknown }) => (typeof comment.body === 'string' ? comment.body : adfText(comment.body));
    let authored: OwnComment | null = null;
    for (let startAt = 0, pages = 0; pages < MAX_PAGES; pages++) {
      const parsed = commentsPage.safeParse(await client.getComments(target.itemKey, startAt, PAGE));
      if (!parsed.success) throw malformed(what, parsed.error.issues[0]?.message ?? 'not a page of comments');
      const page = parsed.data;
      const ours = page.comments.find((comment) => comment.properties?.some((property) => property.key === COMMENT_PROPERTY));
      if (ours) return { id: ours.id, ...readFooter(textOf(ours)) };
      if (authored === null) {
        for (const comment of page.comments) {
          const footer = readFooter(textOf(comment));
          if (footer.digest === null || !comment.author || !sameAccount(comment.author, await me())) continue;
          authored = { id: comment.id, ...footer };
          break;
        }
      }
      startAt += page.comments.length;
      if (page.comments.length === 0 || startAt >= (page.total ?? 0)) return authored;
    }
    throw malformed(what, `more than ${MAX_PAGES * PAGE} comments`);
  };

  return {
    writeIntervalMs: WRITE_INTERVAL_MS,

    findComment,

    async createComment(target, content, onCreated) {
      const request = `POST ${client.prefix}/issue/${target.itemKey}/comment`;
      const mark = async (id: string) => {
        onCreated?.(id);
        // Data Center may drop the properties of a comment POST (the comment properties API sets them on
        // every version): without the mark, the next run would have only the footer to find it by.
        if (!cloud) await client.setCommentProperty(id, COMMENT_PROPERTY, MARK);
        return id;
      };
      const post = async () => {
        const answer = created.safeParse(await client.addComment(target.itemKey, { ...body(content), ...visibility, properties: [{ key: COMMENT_PROPERTY, value: MARK }] }));
        if (!answer.success) throw malformed(request, 'the new comment has no id');
        return answer.data.id;
      };
      // The POST may have been carried out though its answer was lost: look before posting again, so that
      // an item never gets a second backlint comment.
      return mark(await writeOnce(post, async () => (await findComment(target))?.id ?? null, source.maxTries));
    },

    async editComment(target, commentId, content) {
      await client.updateComment(target.itemKey, commentId, { ...body(content), ...visibility });
    },

    // Data Center mentions `[~username]`, which a user name with spaces or brackets cannot be written in.
    canMention: (person) => cloud || looksLikeUsername(person.id),

    async setLabel(target, label, present) {
      // Remove the label as the item spells it (labels are case-sensitive in Jira).
      const existing = target.labels.find((value) => value.toLowerCase() === label.toLowerCase());
      await client.updateLabels(target.itemKey, present ? [{ add: label }] : [{ remove: existing ?? label }]);
    },
  };
}

/** What annotate does on Jira: add its comment, edit it later (its own), and set the label (edit the issue). */
const WRITE_PERMISSIONS = ['ADD_COMMENTS', 'EDIT_OWN_COMMENTS', 'EDIT_ISSUES'];

const permissionsAnswer = z.looseObject({ permissions: z.record(z.string(), z.looseObject({ havePermission: z.boolean().optional() })) });

/** doctor: the write credentials may add comments, edit their own and edit issues (labels) in every configured project. */
export async function doctorJiraWriteBack(source: JiraSourceConfig, context: FetchContext): Promise<DoctorCheck[]> {
  const credentials = source.writeAuth ? 'writeAuth' : 'auth';
  const client = new JiraClient({ ...source, auth: source.writeAuth ?? source.auth, maxTries: Math.min(source.maxTries, 2) }, { policy: { baseDelayMs: 200, maxDelayMs: 2000 }, signal: context.signal, credentials });
  const projects = source.projects ?? [null];
  const missing: string[] = [];
  try {
    for (const project of projects) {
      const raw = project === null ? await client.getMyPermissions(WRITE_PERMISSIONS.join(',')) : await client.getMyProjectPermissions(WRITE_PERMISSIONS.join(','), project);
      const parsed = permissionsAnswer.safeParse(raw);
      if (!parsed.success) return [{ name: 'annotate: write permissions', ok: false, detail: `${client.prefix}/mypermissions answered malformed data` }];
      for (const key of WRITE_PERMISSIONS) {
        if (parsed.data.permissions[key]?.havePermission !== true) missing.push(project === null ? key : `${key} in ${project}`);
      }
    }
  } catch (error) {
    return [{ name: 'annotate: write permissions', ok: false, detail: error instanceof Error ? error.message : String(error) }];
  }
  if (missing.length > 0) {
    return [{ name: 'annotate: write permissions', ok: false, detail: `the ${credentials} account lacks ${missing.join(', ')}: backlint annotate needs Add Comments, Edit Own Comments (to update its comment) and Edit Issues (labels)${source.deployment === 'cloud' ? ', and a scoped token needs write:jira-work' : ''}.` }];
  }
  return [{ name: 'annotate: write permissions', ok: true, detail: `the ${credentials} account may add comments, edit its own and edit issues (${WRITE_PERMISSIONS.join(', ')})` }];
}
