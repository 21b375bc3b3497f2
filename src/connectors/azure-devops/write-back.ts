// backlint annotate on Azure DevOps (SPEC §13): a work item comment in HTML with a real mention
// (`<a href="#" data-vss-mention="version:2.0,{identity id}">@Name</a>`), found again by its author (the
// PAT's own identity) and its footer line (whether a hidden marker survives is not confirmed, so the
// marker is visible text), and the tag through a JSON Patch without notifications (removed by replacing
// the list as it is now, if the item is still at the revision read). Writes go one at a time per source,
// spaced, with the client's retries: Azure DevOps counts TSTUs and answers 429 TF400733 with Retry-After
// (and X-RateLimit-Delay before it), which the retries honour.
import type { AnnotateConfig, AzureDevOpsSourceConfig } from '../../config/schema.js';
import { BacklintError } from '../../errors.js';
import { COMMENT_TEXT, footerMarker, readFooter, type CommentContent, type OwnComment, type WriteBack, type WriteTarget } from '../../annotate/types.js';
import type { DoctorCheck } from '../adapter.js';
import type { FetchContext } from '../types.js';
import { createAdoClient } from './fetch.js';
import { writeOnce } from '../retry.js';
import { splitWiql, windowWiql } from './wiql.js';

/** Five writes a second at most, one at a time: modest against the TSTU budget. */
const WRITE_INTERVAL_MS = 200;
/** More comment pages than any work item has. */
const MAX_PAGES = 50;
/** Reads of an item's tags before giving up on one that keeps changing under the removal of ours. */
const MAX_TAG_TRIES = 3;

export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The comment as Azure DevOps takes it (HTML). */
export function renderHtmlComment(content: CommentContent): string {
  const footer = `<p><em>${escapeHtml(COMMENT_TEXT.footer)}</em> <code>${footerMarker(content)}</code></p>`;
  if (content.state === 'resolved') return `<p>${escapeHtml(COMMENT_TEXT.resolved)}</p>${footer}`;
  const count = content.findings.length;
  const mention = content.mention;
  const lead =
    mention && GUID.test(mention.id)
      ? `<a href="#" data-vss-mention="version:2.0,${mention.id.toLowerCase()}">@${escapeHtml(mention.displayName)}</a>${escapeHtml(COMMENT_TEXT.mentionLead + COMMENT_TEXT.openLead(count))}`
      : mention
        ? escapeHtml(`${mention.displayName}${COMMENT_TEXT.mentionLead}${COMMENT_TEXT.openLead(count)}`)
        : escapeHtml(`${COMMENT_TEXT.nobody}${COMMENT_TEXT.openLead(count)}`);
  const items = content.findings.map((finding) => {
    const docs = finding.docsUrl ? ` (<a href="${escapeHtml(finding.docsUrl)}">${escapeHtml(COMMENT_TEXT.docs)}</a>)` : '';
    return `<li><strong>${escapeHtml(`${finding.severity} ${finding.ruleId}`)}</strong>: ${escapeHtml(finding.message)}${docs}</li>`;
  });
  return `<p>${lead}</p><ul>${items.join('')}</ul>${footer}`;
}

/** The client that writes: the source with its writeAuth, when it has one. */
const writeSource = (source: AzureDevOpsSourceConfig): AzureDevOpsSourceConfig => ({ ...source, auth: source.writeAuth ?? source.auth });

const workItemId = (source: AzureDevOpsSourceConfig, target: WriteTarget): number => {
  const id = Number(target.itemId);
  if (!Number.isSafeInteger(id) || id <= 0) throw new BacklintError('internal', `Source ${source.name}: work item ${target.itemKey} has no numeric id.`);
  return id;
};

export async function createAzureDevOpsWriteBack(source: AzureDevOpsSourceConfig, _annotate: AnnotateConfig, context: { signal?: AbortSignal }): Promise<WriteBack> {
  const client = createAdoClient(writeSource(source), context.signal ? { signal: context.signal } : {});
  let me: Promise<string> | null = null;
  const identity = () => (me ??= client.identityId());

  const findComment = async (target: WriteTarget): Promise<OwnComment | null> => {
    const author = await identity();
    const id = workItemId(source, target);
    let token: string | undefined;
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const page = await client.getComments(id, token);
      const ours = page.comments.find((comment) => comment.authorId?.toLowerCase() === author.toLowerCase() && readFooter(comment.text).digest !== null);
      if (ours) return { id: String(ours.id), ...readFooter(ours.text) };
      if (page.continuationToken === null) return null;
      token = page.continuationToken;
    }
    return null;
  };

  return {
    writeIntervalMs: WRITE_INTERVAL_MS,

    findComment,

    async createComment(target, content) {
      // A POST whose answer was lost may have been carried out: look before posting again.
      const written = async () => (await findComment(target))?.id ?? null;
      return writeOnce(async () => String(await client.addComment(workItemId(source, target), renderHtmlComment(content))), written, source.maxTries);
    },

    async editComment(target, commentId, content) {
      await client.updateComment(workItemId(source, target), Number(commentId), renderHtmlComment(content));
    },

    async setLabel(target, label, present) {
      const id = workItemId(source, target);
      // `add` on System.Tags appends a tag; removing one means replacing the whole list: the list as it is
      // now (not as the fetch saw it), replaced only if nobody changes the item meanwhile, so that a tag
      // someone added since is kept.
      if (present) return client.patchWorkItem(id, [{ op: 'add', path: '/fields/System.Tags', value: label }]);
      for (let tries = 1; ; tries++) {
        const now = await client.getTags(id);
        const rest = now.tags.filter((tag) => tag.toLowerCase() !== label.toLowerCase());
        if (rest.length === now.tags.length) return;
        if (await client.replaceTagsAt(id, now.rev, rest)) return;
        if (tries === MAX_TAG_TRIES) {
          throw new BacklintError('source', `Source ${source.name}: work item ${id} changed ${MAX_TAG_TRIES} times while backlint removed its tag '${label}'; its tags are left as they are.`);
        }
      }
    },
  };
}

/** doctor: a validateOnly update (a tag added, nothing saved) on one item the query selects proves the write token may edit work items. */
export async function doctorAzureDevOpsWriteBack(source: AzureDevOpsSourceConfig, context: FetchContext): Promise<DoctorCheck[]> {
  const client = createAdoClient({ ...writeSource(source), maxTries: Math.min(source.maxTries, 2) }, { signal: context.signal });
  const credentials = source.writeAuth ? 'writeAuth' : 'auth';
  const name = 'annotate: write permissions';
  try {
    const query = context.wiql ?? source.wiql ?? `SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project`;
    const [id] = await client.queryIds(windowWiql(splitWiql(source.name, query), 0), 1);
    if (id === undefined) return [{ name, ok: true, detail: 'not checked: the query selects no work item to try a validateOnly update on' }];
    await client.patchWorkItem(id, [{ op: 'add', path: '/fields/System.Tags', value: 'backlint' }], { validateOnly: true });
    return [{ name, ok: true, detail: `the ${credentials} token may update work items (a validateOnly update of ${id} passed)` }];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [{ name, ok: false, detail: `${message} backlint annotate needs the ${credentials} token to have the scope Work Items (Read & write).` }];
  }
}
