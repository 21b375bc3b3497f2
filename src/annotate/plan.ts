// The annotate plan (SPEC §13): which items get a comment, which comments are edited, resolved or left
// alone. Pure: the items, their findings and what the tracker already holds in, actions out.
import { createHash } from 'node:crypto';
import type { Finding, Person, WorkItem } from '../model.js';
import type { AnnotateAction, CommentContent, CommentFinding, OwnComment, WriteTarget } from './types.js';

/** An item annotate looks at: checked, on a live source, without the ignore label. */
export interface Candidate extends WriteTarget {
  title: string;
  /** Its findings, baseline-known ones and per-rule ignored ones left out. */
  findings: Finding[];
  /** It had findings, all of them known to the baseline: left alone (SPEC §13). */
  onlyKnown: boolean;
  /** It carries annotate's label. */
  labelled: boolean;
}

export interface PlannedAction {
  candidate: Candidate;
  action: AnnotateAction;
  /** What the comment says after this action (null: the comment is not written). */
  content: CommentContent | null;
  existing: OwnComment | null;
  /** Add (true) or remove (false) the label; null: leave it. */
  label: boolean | null;
  /** Why the item is left alone, for the plan. */
  why?: string;
}

export interface CandidateInput {
  items: readonly WorkItem[];
  /** Findings that count: after the baseline, without team findings. */
  findings: readonly Finding[];
  /** Findings the baseline knows (left out of comments). */
  known: readonly Finding[];
  /** Keys of the items the engine checked (in scope, not ignored). */
  checked: ReadonlySet<string>;
  ignoreLabel: string;
  label: string;
}

const keyOf = (source: string, itemKey: string) => `${source}\u0000${itemKey}`;

/** The items of one live source that annotate considers: those with findings, and clean ones still carrying the label. */
export function candidatesOf(input: CandidateInput): Candidate[] {
  const bySourceKey = new Map<string, Finding[]>();
  for (const finding of input.findings) {
    const key = keyOf(finding.source, finding.itemKey);
    bySourceKey.set(key, [...(bySourceKey.get(key) ?? []), finding]);
  }
  const knownKeys = new Set(input.known.map((finding) => keyOf(finding.source, finding.itemKey)));
  const ignore = input.ignoreLabel.toLowerCase();
  const label = input.label.toLowerCase();
  const candidates: Candidate[] = [];
  for (const item of input.items) {
    const key = keyOf(item.source, item.key);
    if (!input.checked.has(key)) continue;
    const labels = item.labels.map((value) => value.toLowerCase());
    if (labels.includes(ignore)) continue;
    const findings = bySourceKey.get(key) ?? [];
    const labelled = labels.includes(label);
    const onlyKnown = findings.length === 0 && knownKeys.has(key);
    if (findings.length === 0 && !labelled) continue;
    candidates.push({ source: item.source, itemKey: item.key, itemId: item.id, labels: item.labels, title: item.title, findings, onlyKnown, labelled });
  }
  return candidates;
}

export const checkedKey = keyOf;

/** The comment's content for an item's findings (or the resolved note). */
export function contentOf(findings: readonly Finding[], docsUrls: ReadonlyMap<string, string>): CommentContent {
  if (findings.length === 0) return withDigest({ state: 'resolved', mention: null, findings: [] });
  const listed: CommentFinding[] = [...findings]
    .sort((a, b) => (a.severity === b.severity ? a.ruleId.localeCompare(b.ruleId) : a.severity === 'error' ? -1 : 1))
    .map((finding) => {
      const docs = docsUrls.get(finding.ruleId) ?? null;
      return { ruleId: finding.ruleId, severity: finding.severity, message: finding.message, docsUrl: docs !== null && /^https?:\/\//i.test(docs) ? docs : null };
    });
  const responsible = responsibleOf(findings);
  return withDigest({ state: 'open', mention: responsible ? { id: responsible.id, displayName: responsible.displayName } : null, findings: listed });
}

/** The person the item's findings name, errors first: the one the comment mentions. */
function responsibleOf(findings: readonly Finding[]): Person | null {
  const ordered = [...findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return ordered.find((finding) => finding.responsible !== null)?.responsible ?? null;
}

function withDigest(content: Omit<CommentContent, 'digest'>): CommentContent {
  const basis = JSON.stringify([content.state, content.mention?.id ?? null, content.findings.map((finding) => [finding.ruleId, finding.severity, finding.message, finding.docsUrl])]);
  return { ...content, digest: createHash('sha256').update(basis).digest('hex').slice(0, 12) };
}

/** What to do with one candidate, given backlint's comment on it (or none). */
export function decide(candidate: Candidate, existing: OwnComment | null, docsUrls: ReadonlyMap<string, string>): PlannedAction {
  const skip = (why: string): PlannedAction => ({ candidate, action: 'skip', content: null, existing, label: null, why });
  if (candidate.onlyKnown) return skip('its findings are all in the baseline');
  const content = contentOf(candidate.findings, docsUrls);
  if (content.state === 'open') {
    const label = candidate.labelled ? null : true;
    if (existing === null) return { candidate, action: 'create', content, existing, label };
    if (existing.digest === content.digest && existing.state === 'open') return label ? { candidate, action: 'edit', content: null, existing, label } : skip('the comment is up to date');
    return { candidate, action: 'edit', content, existing, label };
  }
  // Clean: say so in the comment (once) and take the label off.
  const rewrite = existing !== null && !(existing.state === 'resolved' && existing.digest === content.digest);
  if (!rewrite && !candidate.labelled) return skip('clean, and the comment already says so');
  return { candidate, action: 'resolve', content: rewrite ? content : null, existing, label: candidate.labelled ? false : null };
}
