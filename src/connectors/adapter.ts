// What a tracker offers the rest of backlint: one adapter per tracker, in its own folder, loaded by the
// registry (./index.ts) only when a source of that tracker is used. Each method loads its own code when it is
// called, so that linting export files never loads a tracker's HTTP client (SPEC §11, start-up).
import type { OwnerField } from '../model.js';
import type { PersonLookup } from '../roster/people.js';
import type { Discovery } from '../roster/starter.js';
import type { FetchContext, SourceResult } from './types.js';
import type { WriteBack } from '../annotate/types.js';
import type { AnnotateConfig } from '../config/schema.js';

/** One line of `backlint doctor`: what was checked, whether it holds, and what to do if not. */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  /** Things the user may have meant (field names the site has, …). */
  suggestions?: string[];
  /** The owner field this check is about: doctor fails on it only when a rule that is on needs it. */
  field?: OwnerField;
}

/** Where `backlint export` puts one source's files: `save` takes a name relative to the export folder and a JSON body. */
export interface ExportFolder {
  save(file: string, body: unknown): void;
}

/** What exporting one live source gives: its export source for the written config (paths relative to the folder), and what to tell. */
export interface ExportedSource {
  source: Record<string, unknown>;
  items: number;
  notices: string[];
}

/**
 * Runs `task` once the fetch that calls this is under way: after the promise chains now queued, which make
 * its first requests (setImmediate). What is loaded or prepared only for later goes there, into the time
 * spent waiting on the tracker, rather than before the first request. A failure is the task's to report
 * where its result is used (a loadOnce loader rejects again there).
 */
export function onceUnderWay(task: () => unknown): void {
  setImmediate(() => void Promise.resolve().then(task).catch(() => undefined));
}

/** A module (or anything else) loaded once: on first use, or earlier when handed to onceUnderWay. */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

/**
 * A fetch just started from its module, loaded on demand: the run is told (FetchContext.onStarted) once the
 * fetch is under way, so that what it then loads or prepares (reporters, the report's collator: ~20 ms)
 * does not hold up the first requests.
 */
export function started(fetching: Promise<SourceResult>, context: FetchContext): Promise<SourceResult> {
  if (context.onStarted) onceUnderWay(context.onStarted);
  return fetching;
}

export interface TrackerAdapter<Live, Export> {
  /** The live fetch of a source's items (SPEC §3.1, §3.2). */
  fetch(source: Live, context: FetchContext): Promise<SourceResult>;
  /** The items of export files, read offline (SPEC §3.3). */
  readExport(source: Export, context: FetchContext): Promise<SourceResult>;
  /** `backlint doctor` for a live source: connection, auth, permissions, query and fields. */
  doctor(source: Live, context: FetchContext): Promise<DoctorCheck[]>;
  /** Roster people as the tracker knows them (SPEC §4), each written name looked up once. */
  resolvePeople(source: Live, written: readonly string[], context: { signal?: AbortSignal }): Promise<ReadonlyMap<string, PersonLookup>>;
  /** `backlint init --teams`: who leads what, as the tracker says. */
  discoverTeams(source: Live, context: { signal?: AbortSignal }): Promise<Discovery>;
  /** `backlint export` (SPEC §10): the live fetch, each answer saved as the vendor gave it, and the export source that reads them back. */
  exportFiles(source: Live, context: FetchContext, folder: ExportFolder): Promise<ExportedSource>;
  /** `backlint annotate` (SPEC §13): comments and labels, written with the source's writeAuth (else auth). */
  writeBack(source: Live, annotate: AnnotateConfig, context: { signal?: AbortSignal }): Promise<WriteBack>;
  /** `backlint doctor` with annotate configured: may the write credentials comment and label? */
  doctorWriteBack(source: Live, context: FetchContext): Promise<DoctorCheck[]>;
}
