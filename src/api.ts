// The programmatic `check()`: the CLI's `backlint check` without its output stage. It reads what the CLI
// reads (config, exports, live sources, a baseline, a --compare report) and resolves to the report
// object; it writes no file and prints nothing.
import path from 'node:path';
import type { Report } from './model.js';

export interface CheckOptions {
  /** Where `backlint.config.yaml` (or .yml, .json) is looked for, and what relative paths resolve against. Default: `process.cwd()`. */
  cwd?: string;
  /** The config file, relative to `cwd`; instead of looking for one. */
  config?: string;
  /** Check the bundled demo dataset (give no `config`). */
  demo?: boolean;
  /** Check only these sources, by name. Default: every source. */
  sources?: readonly string[];
  /** Where `${env:NAME}` values (and `CI`) come from. Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** This run's JQL for every selected live Jira source, as `--jql`. */
  jql?: string;
  /** This run's WIQL for every selected live Azure DevOps source, as `--wiql`. */
  wiql?: string;
  /** A baseline file, relative to `cwd`, as `--baseline`: only findings it does not know are reported. */
  baseline?: string;
  /** An earlier JSON report, relative to `cwd`, as `--compare`: findings are marked new or old. */
  compare?: string;
  /** A named scope of the config, or `next-sprint` / `current-sprint`, as `--scope`. */
  scope?: string;
  /** Report errors only, as `--quiet`. */
  quiet?: boolean;
  /** The report's `generatedAt`. Default: now. */
  now?: Date;
}

/**
 * Runs a check and resolves to its report (what `--format json` writes). Rejects with a `BacklintError`
 * (`code`: usage, config, source, io or internal) where the CLI exits 2. Whether the findings fail a
 * build is the caller's call: `report.summary.errors > 0` is what makes the CLI exit 1.
 */
export async function check(options: CheckOptions = {}): Promise<Report> {
  // Loaded on the first call, so `import { defineRule } from 'backlint'` in a plugin loads no tracker client.
  const { runCheck } = await import('./runner.js');
  const outcome = await runCheck({
    cwd: path.resolve(options.cwd ?? process.cwd()),
    env: { ...(options.env ?? process.env) },
    ...(options.config === undefined ? {} : { configFile: options.config }),
    demo: options.demo ?? false,
    sources: [...(options.sources ?? [])],
    ...(options.jql === undefined ? {} : { jql: options.jql }),
    ...(options.wiql === undefined ? {} : { wiql: options.wiql }),
    ...(options.baseline === undefined ? {} : { baseline: options.baseline }),
    ...(options.compare === undefined ? {} : { compare: options.compare }),
    ...(options.scope === undefined ? {} : { scope: options.scope }),
    formats: [],
    updateBaseline: false,
    quiet: options.quiet ?? false,
    color: false,
    now: options.now ?? new Date(),
  });
  return outcome.report;
}
