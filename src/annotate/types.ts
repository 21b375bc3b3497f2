// What `backlint annotate` (SPEC §13) and a tracker's write-back share: the comment's content, independent
// of its markup (ADF, wiki markup, HTML: each tracker renders it in its own folder), and what a tracker
// must offer to find, write and label.
import type { Severity } from '../model.js';

/** An item as the write-back addresses it. */
export interface WriteTarget {
  source: string;
  /** Jira: the issue key; Azure DevOps: the work item id. */
  itemKey: string;
  /** The tracker's id (Jira: the numeric issue id; Azure DevOps: the work item id). */
  itemId: string;
  /** The item's labels / tags as fetched. */
  labels: readonly string[];
}

export interface CommentFinding {
  ruleId: string;
  severity: Severity;
  /** The rule's message: says what is wrong and what to do. Untrusted text (it quotes the item). */
  message: string;
  /** The rule's docs, when it is a web address. */
  docsUrl: string | null;
}

/** One comment's content: open (findings to fix) or resolved (the item is clean). */
export interface CommentContent {
  state: 'open' | 'resolved';
  /** Who is mentioned: the person responsible for the findings; null when nobody is (or the comment is resolved). */
  mention: { id: string; displayName: string } | null;
  findings: CommentFinding[];
  /** A short hash of the content: the comment's footer carries it, so an unchanged comment is left alone. */
  digest: string;
}

/** backlint's own comment on an item, as the tracker holds it. */
export interface OwnComment {
  id: string;
  /** From the footer; null when the footer is gone (someone edited the comment): then it is rewritten. */
  state: 'open' | 'resolved' | null;
  digest: string | null;
}

/** A tracker's write-back for one source (a session: one client, one identity). */
export interface WriteBack {
  /** Milliseconds between two writes of this source: below the tracker's write limits. */
  readonly writeIntervalMs: number;
  /** backlint's comment on the item, or null. */
  findComment(target: WriteTarget): Promise<OwnComment | null>;
  /**
   * Creates the comment; returns its id. `created` hears the id as soon as the comment exists, so that a
   * later step failing (marking it) still leaves the journal saying which comment was written.
   */
  createComment(target: WriteTarget, content: CommentContent, created?: (commentId: string) => void): Promise<string>;
  editComment(target: WriteTarget, commentId: string, content: CommentContent): Promise<void>;
  /** Adds or removes the label / tag. */
  setLabel(target: WriteTarget, label: string, present: boolean): Promise<void>;
  /** Whether the comment can mention this person (else it names them without a mention); absent: always. */
  canMention?(person: { id: string; displayName: string }): boolean;
}

export type AnnotateAction = 'create' | 'edit' | 'resolve' | 'skip';

export interface JournalEntry {
  source: string;
  itemKey: string;
  action: AnnotateAction;
  commentId: string | null;
  ok: boolean;
  error?: string;
}

export interface Journal {
  schemaVersion: 1;
  generatedAt: string;
  dryRun: boolean;
  /**
   * Every item of the plan, in order (SPEC §13's shape): written (`ok`), left alone (`skip`), or not
   * written: a write that failed, or one not attempted (--max-writes reached, or a write failed before
   * it), `ok: false` with the `error` saying which.
   */
  writes: JournalEntry[];
}

/** The marker in every comment's footer: `backlint:open:0123456789ab`. */
export const FOOTER_PATTERN = /backlint:(open|resolved):([0-9a-f]{12})/;
const FOOTER_MARKERS = new RegExp(FOOTER_PATTERN.source, 'g');

export const footerMarker = (content: CommentContent) => `backlint:${content.state}:${content.digest}`;

/**
 * What a comment footer says, from the comment's plain text: the last marker, since the footer ends the
 * comment and the findings quoted above it are item text, which may hold a marker of its own.
 */
export function readFooter(text: string): Pick<OwnComment, 'state' | 'digest'> {
  let match: RegExpMatchArray | null = null;
  for (const found of text.matchAll(FOOTER_MARKERS)) match = found;
  return match ? { state: match[1] as 'open' | 'resolved', digest: match[2]! } : { state: null, digest: null };
}

/** The sentences every tracker's comment says, so the three renderings cannot drift apart. */
export const COMMENT_TEXT = {
  openLead: (count: number) => `backlint found ${count === 1 ? 'one thing' : `${count} things`} to fix on this item:`,
  mentionLead: ', ',
  nobody: 'Nobody is responsible for this item (no active owner of its role is set), so nobody is mentioned: please assign one. ',
  resolved: 'Resolved: backlint finds nothing to fix on this item any more. Thank you!',
  docs: 'how to fix',
  footer: 'This comment is kept up to date by backlint annotate and edited in place; it says so when the item is clean.',
} as const;
