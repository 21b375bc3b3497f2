// `backlint doctor` (SPEC §8): loads the config as `check` does, then asks each selected source whether
// it can be linted (connection, auth, permissions, query, field mapping), without linting anything.
import path from 'node:path';
import { findConfigFile, loadConfig } from './config/load.js';
import { builtinRules } from '../rules/index.js';
import { doctorSource, doctorWriteBack, resolveRosterPeople, type DoctorCheck } from './connectors/index.js';
import type { SourceConfig } from './config/schema.js';
import { BacklintError } from './errors.js';
import { silentProgress } from './progress.js';
import type { OwnerField } from './model.js';
import type { Rule } from './rule.js';
import { configureRules, loadPluginRules } from './rules-config.js';
import { selectSources } from './runner.js';
import { loadRoster, type Roster } from './roster/load.js';
import { ownershipOf } from './roster/apply.js';
import { rosterCheck } from './roster/doctor.js';
import { doctorNotify } from './notify/doctor.js';
import { configUsesSprints } from './scope.js';

export interface DoctorOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  configFile?: string;
  sources: string[];
}

export interface DoctorOutcome {
  ok: boolean;
  sources: { source: SourceConfig; checks: DoctorCheck[] }[];
  /** The notify targets' checks (SPEC §13); empty when the config has no notify section. */
  notify: DoctorCheck[];
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorOutcome> {
  const file = options.configFile ? path.resolve(options.cwd, options.configFile) : findConfigFile(options.cwd);
  if (file === null) throw new BacklintError('usage', 'No backlint.config.yaml here to check. Run `backlint init` to write one, or name one with --config.');
  const loaded = await loadConfig(file, options.env);
  const configName = path.relative(options.cwd, loaded.file) || loaded.file;
  const plugins = await loadPluginRules(loaded.config.plugins, loaded.dir);
  const rules = configureRules([...builtinRules, ...plugins], loaded.config.rules, configName, loaded.config.overrides).map(({ rule }) => rule);
  const selected = selectSources(loaded, options.sources);
  const roster = await loadRoster(loaded.config, configName);
  const controller = new AbortController();
  const sources = await Promise.all(
    selected.map(async (source) => {
      // With sprint conditions in the config, the live sources also check that their sprint data reads (boards, iterations).
      const sprints = configUsesSprints(loaded.config) ? { sprints: true } : {};
      const checks = await doctorSource(source, { includeDone: loaded.config.checkDone, ...sprints, progress: silentProgress, signal: controller.signal });
      const fromRoster = roster !== null && ownershipOf(source, roster) !== 'field';
      const judged = withOwnerFieldsJudged(checks, rules, fromRoster ? roster : null);
      // Roster people are worth looking up only once the tracker answers at all.
      const reachable = judged.every((check) => check.ok || check.field !== undefined);
      const withRoster = fromRoster && reachable ? [...judged, await rosterCheck(source, roster, resolveRosterPeople)] : judged;
      // With annotate configured, the write credentials are checked too (SPEC §13).
      const writes = loaded.config.annotate && reachable ? await doctorWriteBack(source, { includeDone: loaded.config.checkDone, progress: silentProgress, signal: controller.signal }) : [];
      return { source, checks: [...withRoster, ...writes] };
    }),
  );
  const notify = doctorNotify(loaded.config.notify);
  return { ok: sources.every(({ checks }) => checks.every((check) => check.ok)) && notify.every((check) => check.ok), sources, notify };
}

/**
 * An owner field that is missing fails doctor only when an enabled rule needs it: when, without it, a
 * rule that is on would be not applicable (SPEC §4). With `story-po-owner: off` and a Product Manager
 * field mapped, a site with no Product Owner field is healthy: owner-inactive still reads the PM.
 */
function withOwnerFieldsJudged(checks: readonly DoctorCheck[], rules: readonly Rule[], roster: Roster | null): DoctorCheck[] {
  const mapped = new Set<OwnerField>(checks.flatMap((check) => (check.ok && check.field ? [check.field] : [])));
  return checks.map((check) => {
    const field = check.field;
    if (field === undefined || check.ok) return check;
    if (roster !== null) {
      const { suggestions: _unused, ...rest } = check;
      return { ...rest, ok: true, detail: `not mapped: owners come from the team roster (${roster.teams.length} team${roster.teams.length === 1 ? '' : 's'} in ${roster.origin})` };
    }
    const needing = rules.filter(({ meta }) => meta.requiresFields?.includes(field) && !meta.requiresFields.some((other) => mapped.has(other)));
    if (needing.length > 0) {
      // Most sites keep owners per team, not in a field on each item: say where else they can come from.
      return { ...check, detail: `${check.detail.replace(/\.$/, '')}. Or, if the site keeps owners per team, list the teams and their owners under teams: in the config (backlint init --teams writes a starter roster).` };
    }
    const { suggestions: _unused, ...rest } = check;
    const notNeeded = 'not needed: no rule that is on depends on it';
    return { ...rest, ok: true, detail: check.detail.startsWith('not mapped') ? `not mapped, and ${notNeeded}` : `${check.detail.replace(/\.$/, '')} (${notNeeded})` };
  });
}
