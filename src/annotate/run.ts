// `backlint annotate` (SPEC §13): the same fetch and lint as check, then the write-back. The plan is
// complete (every item's action, read from what the trackers hold) and printed before the first write;
// without --apply nothing is written. Writes go one item at a time per source, spaced by the tracker's
// write interval; the first write that fails after its retries stops the run (exit 2). The journal is
// written atomically in every case, saying what was and was not written.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import writeFileAtomic from 'write-file-atomic';
import type { AnnotateConfig, AzureDevOpsSourceConfig, JiraSourceConfig, SourceConfig } from '../config/schema.js';
import { annotateSchema } from '../config/schema.js';
import { applyBaseline, reachOf } from '../baseline.js';
import { writeBackFor } from '../connectors/index.js';
import { displayPath } from '../display-path.js';
import { makeDirs } from '../make-dirs.js';
import { refuseOverwritingInputs } from '../output.js';
import { redactKnownSecrets } from '../safe-output.js';
import { BacklintError } from '../errors.js';
import { isKnown, type Finding } from '../model.js';
import type { Progress } from '../progress.js';
import { baselineDay, configInputs, fetchAndLint, prepareLint, readBaseline } from '../runner.js';
import { candidatesOf, checkedKey, decide, type PlannedAction } from './plan.js';
import type { Journal, JournalEntry, WriteBack } from './types.js';

export const DEFAULT_JOURNAL = 'backlint-annotate.json';
/** Comment reads in flight per source while the plan is made. */
const READ_CONCURRENCY = 4;

export interface AnnotateOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  configFile?: string;
  sources: string[];
  baseline?: string;
  apply: boolean;
  maxWrites?: number;
  journal?: string;
  progress?: Progress;
  now: Date;
  /** Each line as it happens (the plan first, then every write): the command prints them. */
  print: (line: string) => void;
  /** Test seam: the pause between two writes of a source. */
  sleep?: (ms: number) => Promise<void>;
}

export interface AnnotateOutcome {
  exitCode: 0 | 1 | 2;
  /** With exit 2: the failed write's error, which source and request. */
  failure: string | null;
  journal: Journal;
  journalFile: string;
}

type LiveSource = JiraSourceConfig | AzureDevOpsSourceConfig;
const isLive = (source: SourceConfig): source is LiveSource => source.type === 'jira' || source.type === 'azure-devops';

export async function runAnnotate(options: AnnotateOptions): Promise<AnnotateOutcome> {
  const setup = await prepareLint({ cwd: options.cwd, env: options.env, ...(options.configFile ? { configFile: options.configFile } : {}), sources: options.sources, ...(options.baseline ? { baseline: options.baseline } : {}), now: options.now });
  if (setup.explicit === null) throw new BacklintError('usage', 'backlint annotate writes to your trackers: it needs a config (none here). Run `backlint init` to write one, or name one with --config.');
  const annotate: AnnotateConfig = setup.loaded.config.annotate ?? annotateSchema.parse({});
  const live = setup.selected.filter(isLive);
  const exports = setup.selected.filter((source) => !isLive(source));
  if (live.length === 0) throw new BacklintError('usage', `backlint annotate writes comments to live sources, and ${setup.selected.length === 1 ? 'the selected source is an export' : 'every selected source is an export'} (${exports.map((source) => source.name).join(', ')}): export files cannot be written to.`);
  for (const source of exports) options.print(`notice: source ${source.name} is an export (${source.type}): it cannot be written to, so it is left out.`);
  const maxWrites = options.maxWrites ?? annotate.maxWrites;
  const journalFile = path.resolve(options.cwd, options.journal ?? DEFAULT_JOURNAL);
  await checkJournalTarget(journalFile, options.cwd, configInputs(setup.loaded, setup.baselineFile));

  const { fetched, result } = await fetchAndLint({ ...setup, selected: live }, { ...(options.progress ? { progress: options.progress } : {}) }, true);
  const itemFindings = result.findings.filter((finding) => finding.kind !== 'team');
  let findings: Finding[] = itemFindings;
  let known: Finding[] = [];
  if (setup.baselineFile) {
    // Known (baselined) findings are not annotated; an expired entry's finding is, as it counts again.
    const applied = applyBaseline(itemFindings, await readBaseline(setup.baselineFile, options.cwd), displayPath(setup.baselineFile, options.cwd), baselineDay(options.now), reachOf(new Set(setup.selected.map((source) => source.name)), null));
    findings = applied.findings.filter((finding) => !isKnown(finding));
    known = applied.findings.filter(isKnown);
  }
  const candidates = candidatesOf({
    items: fetched.flatMap((source) => source.items),
    findings,
    known,
    checked: new Set(result.checkedItems.map((item) => checkedKey(item.source, item.itemKey))),
    ignoreLabel: setup.loaded.config.ignoreLabel,
    label: annotate.label,
  });
  const docsUrls = new Map(setup.rules.map(({ rule }) => [rule.meta.id, rule.meta.docsUrl]));

  // Read what each tracker holds, then plan: nothing is written before the whole plan is printed.
  const sessions = new Map<string, WriteBack>();
  for (const source of live) sessions.set(source.name, await writeBackFor(source, annotate, {}));
  // Reads a few at a time per source (the writes later go one at a time); the plan keeps the items' order.
  const journal: Journal = { schemaVersion: 1, generatedAt: options.now.toISOString(), dryRun: !options.apply, writes: [] };
  const plan: PlannedAction[] = [];
  try {
    for (const source of live) {
      const session = sessions.get(source.name)!;
      const limit = pLimit(READ_CONCURRENCY);
      const ofSource = candidates.filter((entry) => entry.source === source.name);
      plan.push(...(await Promise.all(ofSource.map((candidate) => limit(async () => decide(candidate, candidate.onlyKnown ? null : await session.findComment(candidate), docsUrls))))));
    }
  } catch (error) {
    // Nothing was written: the journal says so, and the run exits 2 with the error.
    await writeJournal(journalFile, journal, options.cwd);
    throw error;
  }
  printPlan(plan, options, maxWrites, annotate.label, (entry) => sessions.get(entry.candidate.source)!);

  const acting = plan.filter((entry) => entry.action !== 'skip');
  for (const entry of plan.filter((candidate) => candidate.action === 'skip')) journal.writes.push(entryOf(entry, entry.existing?.id ?? null, true));
  let exitCode: 0 | 1 | 2 = 0;
  /** The write that failed and stopped the run (exit 2): said on stderr too, as every exit 2 is. */
  let failure: string | null = null;
  let notAttempted = 0;
  if (!options.apply) {
    for (const entry of acting) journal.writes.push(entryOf(entry, entry.existing?.id ?? null, true));
  } else {
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const lastWrite = new Map<string, number>();
    const paced = async (source: string, session: WriteBack, write: () => Promise<void>) => {
      const wait = (lastWrite.get(source) ?? 0) + session.writeIntervalMs - Date.now();
      if (wait > 0) await sleep(wait);
      try {
        await write();
      } finally {
        lastWrite.set(source, Date.now());
      }
    };
    let done = 0;
    for (const [index, entry] of acting.entries()) {
      if (done >= maxWrites || exitCode === 2) {
        const why = exitCode === 2 ? 'not attempted: an earlier write failed' : `not attempted: --max-writes ${maxWrites} reached`;
        for (const left of acting.slice(index)) journal.writes.push({ ...entryOf(left, left.existing?.id ?? null, false), error: why });
        notAttempted = acting.length - index;
        if (exitCode !== 2) exitCode = 1;
        break;
      }
      const { candidate, content, label } = entry;
      const session = sessions.get(candidate.source)!;
      let commentId = entry.existing?.id ?? null;
      try {
        if (content) {
          if (commentId === null) {
            await paced(candidate.source, session, async () => {
              commentId = await session.createComment(candidate, content, (id) => (commentId = id));
            });
          } else {
            const id = commentId;
            await paced(candidate.source, session, () => session.editComment(candidate, id, content));
          }
        }
        if (label !== null) await paced(candidate.source, session, () => session.setLabel(candidate, annotate.label, label));
        journal.writes.push(entryOf(entry, commentId, true));
        options.print(`${entry.action} ${candidate.source} ${candidate.itemKey}: done${commentId ? ` (comment ${commentId})` : ''}`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        journal.writes.push({ ...entryOf(entry, commentId, false), error: message });
        options.print(`${entry.action} ${candidate.source} ${candidate.itemKey}: FAILED: ${message}`);
        failure ??= message;
        exitCode = 2;
      }
      done += 1;
    }
  }
  await writeJournal(journalFile, journal, options.cwd);
  options.print(`Journal written: ${displayPath(journalFile, options.cwd)}${options.apply ? '' : ' (dry run: nothing was written to the trackers; run with --apply to write)'}`);
  if (exitCode === 1) options.print(`--max-writes ${maxWrites} reached: ${notAttempted} item${notAttempted === 1 ? '' : 's'} left for the next run.`);
  return { exitCode, journal, journalFile, failure };
}

async function writeJournal(file: string, journal: Journal, cwd: string): Promise<void> {
  try {
    // An output like the reports: a tracker's error message may quote a token, whole or cut (SPEC §12).
    await writeFileAtomic(file, `${redactKnownSecrets(JSON.stringify(journal, null, 2))}\n`);
  } catch (error) {
    throw new BacklintError('io', `Cannot write the journal ${displayPath(file, cwd)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
}

/**
 * Before anything is written to a tracker: the journal's folder exists (made if need be), its path is no
 * folder, and it is none of the files the run reads.
 */
async function checkJournalTarget(file: string, cwd: string, inputs: { what: string; file: string }[]): Promise<void> {
  try {
    await makeDirs(path.dirname(file));
    const found = await stat(file).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : Promise.reject(error)));
    if (found && !found.isFile()) throw new BacklintError('usage', `--journal ${displayPath(file, cwd)} is not a regular file.`);
    await refuseOverwritingInputs([{ what: 'the journal', shown: displayPath(file, cwd), file }], inputs, cwd);
  } catch (error) {
    if (error instanceof BacklintError) throw error;
    throw new BacklintError('usage', `--journal ${displayPath(file, cwd)}: cannot write there (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
}

function entryOf(entry: PlannedAction, commentId: string | null, ok: boolean): JournalEntry {
  return { source: entry.candidate.source, itemKey: entry.candidate.itemKey, action: entry.action, commentId, ok };
}

function printPlan(plan: readonly PlannedAction[], options: AnnotateOptions, maxWrites: number, label: string, sessionOf: (entry: PlannedAction) => WriteBack): void {
  const acting = plan.filter((entry) => entry.action !== 'skip');
  options.print(`Plan (${options.apply ? 'apply' : 'dry run'}): ${acting.length} item${acting.length === 1 ? '' : 's'} to write, ${plan.length - acting.length} left alone${acting.length > maxWrites ? `; at most ${maxWrites} this run (--max-writes)` : ''}.`);
  for (const entry of plan) {
    const { candidate } = entry;
    const person = entry.content?.mention;
    const mention = person
      ? sessionOf(entry).canMention?.(person) === false
        ? `names ${person.displayName} without a mention (the tracker cannot mention user name ${JSON.stringify(person.id)})`
        : `mentions @${person.displayName}`
      : entry.content?.state === 'open'
        ? 'mentions nobody (no one responsible)'
        : '';
    const labelNote = entry.label === true ? `adds label ${label}` : entry.label === false ? `removes label ${label}` : '';
    const findings = entry.content?.state === 'open' ? `${entry.content.findings.length} finding${entry.content.findings.length === 1 ? '' : 's'}` : '';
    const details = entry.action === 'skip' ? (entry.why ?? '') : [findings, mention, labelNote].filter(Boolean).join(', ');
    options.print(`  ${entry.action.padEnd(7)} ${candidate.source} ${candidate.itemKey}${details ? `: ${details}` : ''}`);
  }
}
