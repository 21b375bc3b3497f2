// `backlint merge` (SPEC §10): the JSON reports of shards (one CI matrix job per site or project) as
// one Report, rebuilt from the shards' findings, summaries, team coverage, sources and scope, so the
// ordinary reporters write each format as one run over all the sources would. Pure: the command reads
// the files and writes the reports.
import { z } from 'zod';
import { looksLikeBaseline } from './baseline.js';
import { BacklintError } from './errors.js';
import { compareFindings, compareItems } from './finding-order.js';
import { formatPath } from './json-path.js';
import { InputFileError, readRegularFile } from './read-file.js';
import { teamFiguresSchema } from './history.js';
import { summarise } from './engine.js';
import { isKnown, teamCoverageOf, type BaselineSummary, type ComparisonSummary, type Report, type TeamCoverage } from './model.js';

const count = z.number().int().nonnegative();
const personSchema = z.object({ displayName: z.string(), email: z.string().optional(), id: z.string() });
const kindSchema = z.enum(['story', 'epic', 'roadmap', 'other', 'team']);
const itemSchema = { source: z.string(), itemKey: z.string(), itemType: z.string(), kind: kindSchema, title: z.string(), url: z.string().nullable(), team: z.string().nullable() };

const findingSchema = z.object({
  ...itemSchema,
  ruleId: z.string(),
  severity: z.enum(['error', 'warn']),
  message: z.string(),
  responsible: personSchema.nullable(),
  fingerprint: z.string().min(1),
  messageId: z.string(),
  ownerSource: z.enum(['field', 'roster']).optional(),
  change: z.enum(['new', 'old']).optional(),
  baseline: z.object({ state: z.enum(['known', 'expired']), reason: z.string().optional(), expires: z.string().optional() }).optional(),
});

const shardSchema = z.object({
  schemaVersion: z.literal(1),
  tool: z.object({ name: z.literal('backlint'), version: z.string() }),
  generatedAt: z.string(),
  demo: z.literal(true).optional(),
  scope: z.object({ name: z.string().nullable(), outOfScope: count }).optional(),
  sources: z.array(
    z.object({
      name: z.string(),
      type: z.string(),
      itemsChecked: count,
      itemsFetched: count,
      notApplicable: z.array(z.string()),
      notApplicableReasons: z.record(z.string(), z.string()).catch({}),
      outOfScope: count.optional(),
    }),
  ),
  summary: z.object({ itemsChecked: count, errors: count, warnings: count, suppressed: count }),
  findings: z.array(findingSchema),
  rules: z.array(z.object({ id: z.string(), description: z.string(), severity: z.enum(['error', 'warn', 'off']), docsUrl: z.string() })),
  teams: z.array(teamFiguresSchema.extend({ roster: z.boolean(), sources: z.array(z.string()) })).optional(),
  checkedItems: z.array(z.object({ ...itemSchema, rules: z.array(z.string()) })).optional(),
  suppressions: z
    .array(z.object({ ...itemSchema, label: z.string(), ruleId: z.string().nullable(), findings: count.nullable(), responsible: personSchema.nullable() }))
    .optional(),
  baseline: z.object({ file: z.string(), known: count, fixed: count, expired: count.optional(), hidden: z.literal(true).optional() }).optional(),
  comparison: z
    .object({
      file: z.string(),
      previousGeneratedAt: z.string().nullable(),
      new: count,
      old: count,
      fixed: count,
      fixedFindings: z
        .array(
          z.object({
            ruleId: z.string(),
            severity: z.enum(['error', 'warn']),
            source: z.string(),
            itemKey: z.string(),
            itemType: z.string(),
            kind: z.string(),
            title: z.string(),
            url: z.string().nullable(),
            message: z.string(),
            responsible: personSchema.nullable(),
            fingerprint: z.string(),
            team: z.string().nullable(),
          }),
        )
        .optional(),
    })
    .optional(),
});

type Shard = z.infer<typeof shardSchema>;

export interface ShardFile {
  /** How messages name the file. */
  file: string;
  json: unknown;
}

/** The shards' files read and parsed as JSON, in the order given; `shown` names a file in messages. */
export async function readShards(files: readonly { file: string; shown: string }[]): Promise<ShardFile[]> {
  const shards: ShardFile[] = [];
  for (const { file, shown } of files) {
    let text: string;
    try {
      text = (await readRegularFile(file)).toString('utf8');
    } catch (error) {
      const why = error instanceof InputFileError ? error.message : ((error as NodeJS.ErrnoException).code ?? (error as Error).message);
      throw new BacklintError('usage', `merge: cannot read ${shown} (${why}).`);
    }
    try {
      shards.push({ file: shown, json: JSON.parse(text) as unknown });
    } catch (error) {
      throw new BacklintError('usage', `merge: ${shown} is not valid JSON: ${(error as Error).message}.`);
    }
  }
  return shards;
}

/** A shard's report, checked: a JSON report of schema version 1; anything else is refused, naming the file. */
function parseShard({ file, json }: ShardFile): Shard {
  const version = json !== null && typeof json === 'object' ? (json as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (looksLikeBaseline(json)) throw new BacklintError('usage', `merge: ${file} is a baseline (written by --update-baseline), not a JSON report. merge takes the reports written with --format json:FILE.`);
  if (version !== undefined && version !== 1) {
    throw new BacklintError('usage', `merge: ${file} is a report of schema version ${JSON.stringify(version)}; this backlint merges schema version 1. Run every shard with the same backlint version.`);
  }
  const parsed = shardSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
    throw new BacklintError('usage', `merge: ${file} is not a backlint JSON report (schema version 1):\n  ${issues.join('\n  ')}\nWrite one with --format json:FILE.`);
  }
  return parsed.data;
}

/**
 * One Report from the shards; `version` and `now` are this run's. Refuses a source that two shards report.
 * `warn` hears what the merged report cannot give as one run would.
 */
export function mergeReports(files: readonly ShardFile[], version: string, now: Date, warn: (message: string) => void = () => {}): Report {
  if (files.length === 0) throw new BacklintError('usage', 'merge: give the JSON reports of the shards to merge (backlint merge a.json b.json --format …).');
  const shards = files.map((file) => ({ file: file.file, report: parseShard(file) }));
  const owner = new Map<string, string>();
  for (const { file, report } of shards) {
    for (const source of report.sources) {
      const other = owner.get(source.name);
      if (other !== undefined) {
        throw new BacklintError('usage', `merge: source ${source.name} is in both ${other} and ${file}. Each shard must lint its own sources (--source), or its findings would count twice.`);
      }
      owner.set(source.name, file);
    }
  }
  const scopes = new Set(shards.map(({ report }) => (report.scope ? `scope:${report.scope.name ?? ''}` : 'none')));
  if (scopes.size > 1) {
    throw new BacklintError('usage', `merge: the shards ran with different scopes (${shards.map(({ file, report }) => `${file}: ${report.scope ? (report.scope.name ?? "the config's scope") : 'none'}`).join(', ')}); merge reports of the same scope.`);
  }

  const findings = shards.flatMap(({ report }) => report.findings.map((finding) => ({ ...finding, responsible: finding.responsible === null ? null : { ...finding.responsible, active: true } }))).sort(compareFindings);
  const open = findings.filter((finding) => !isKnown(finding));
  const sum = (pick: (shard: Shard) => number) => shards.reduce((total, { report }) => total + pick(report), 0);
  const rules = mergedRules(shards, warn);
  const first = shards[0]!.report;
  warnOfSplitTeams(shards, warn);

  return {
    schemaVersion: 1,
    tool: { name: 'backlint', version },
    generatedAt: now.toISOString(),
    sources: shards.flatMap(({ report }) => report.sources),
    summary: summarise(open, sum((report) => report.summary.itemsChecked), sum((report) => report.summary.suppressed)),
    findings,
    rules,
    ...(shards.some(({ report }) => report.demo) ? { demo: true as const } : {}),
    ...(first.scope ? { scope: { name: first.scope.name, outOfScope: sum((report) => report.scope?.outOfScope ?? 0) } } : {}),
    ...mergedBaseline(shards.map(({ report }) => report.baseline)),
    ...mergedComparison(shards.map(({ report }) => report.comparison)),
    ...(shards.every(({ report }) => report.teams) ? { teams: mergedTeams(shards.flatMap(({ report }) => report.teams!)) } : {}),
    ...(shards.every(({ report }) => report.checkedItems) ? { checkedItems: shards.flatMap(({ report }) => report.checkedItems!).sort(compareItems) } : {}),
    ...(shards.every(({ report }) => report.suppressions)
      ? { suppressions: shards.flatMap(({ report }) => report.suppressions!.map((entry) => ({ ...entry, responsible: entry.responsible === null ? null : { ...entry.responsible, active: true } }))).sort((a, b) => compareFindings({ ...a, ruleId: a.ruleId ?? '' }, { ...b, ruleId: b.ruleId ?? '' })) }
      : {}),
  };
}

const SEVERITY_RANK = { off: 0, warn: 1, error: 2 } as const;

/**
 * Each rule once, in the order the shards list them. Shards run with different rule settings give a rule
 * two severities, which no one run would: the merged list gives the most severe, whatever the order of the
 * shards, each finding keeps its own shard's, and the user hears of it.
 */
function mergedRules(shards: readonly { file: string; report: Shard }[], warn: (message: string) => void): Report['rules'] {
  const byId = new Map<string, { rule: Report['rules'][number]; files: Map<string, string[]> }>();
  for (const { file, report } of shards) {
    for (const rule of report.rules) {
      let entry = byId.get(rule.id);
      if (entry === undefined) byId.set(rule.id, (entry = { rule, files: new Map() }));
      else if (SEVERITY_RANK[rule.severity] > SEVERITY_RANK[entry.rule.severity]) entry.rule = rule;
      entry.files.set(rule.severity, [...(entry.files.get(rule.severity) ?? []), file]);
    }
  }
  for (const [id, { rule, files }] of byId) {
    if (files.size < 2) continue;
    const where = [...files].map(([severity, list]) => `${severity} in ${list.join(', ')}`).join('; ');
    warn(`merge: the shards ran rule ${id} at different severities (${where}); the merged report lists it as ${rule.severity}, and each finding keeps its shard's severity. Lint every shard with the same rules for one run's report.`);
  }
  return [...byId.values()].map(({ rule }) => rule);
}

/**
 * A roster team with items in several shards gets each shard's team findings, each counting that shard's
 * items (team rules see one shard's part of the team), where one run would give one: say so, by team.
 */
function warnOfSplitTeams(shards: readonly { file: string; report: Shard }[], warn: (message: string) => void): void {
  const shardsOf = new Map<string, string[]>();
  const withFindings = new Set<string>();
  for (const { file, report } of shards) {
    for (const finding of report.findings) if (finding.kind === 'team' && finding.team !== null) withFindings.add(finding.team);
    for (const team of report.teams ?? []) {
      if (!team.roster || team.team === null) continue;
      shardsOf.set(team.team, [...(shardsOf.get(team.team) ?? []), file]);
    }
  }
  for (const [team, files] of shardsOf) {
    if (files.length < 2 || !withFindings.has(team)) continue;
    warn(`merge: roster team ${team} has items in ${files.length} shards (${files.join(', ')}), and each gives its own team findings, counting its own items. Lint a team's sources in one shard for one finding per problem.`);
  }
}

/** A team's coverage over the shards: counts added, sources joined; teams by name (code-unit order), no team last, as one run sorts them. */
function mergedTeams(teams: readonly TeamCoverage[]): TeamCoverage[] {
  const byTeam = new Map<string | null, TeamCoverage>();
  for (const team of teams) {
    const entry = byTeam.get(team.team);
    if (entry === undefined) {
      // In TeamCoverage's own key order, as the engine builds it: reporters that pass it on (SARIF) write it so.
      byTeam.set(team.team, teamCoverageOf(team));
      continue;
    }
    entry.roster ||= team.roster;
    for (const source of team.sources) if (!entry.sources.includes(source)) entry.sources.push(source);
    entry.itemsChecked += team.itemsChecked;
    entry.stories += team.stories;
    entry.storiesWithAcceptanceCriteria += team.storiesWithAcceptanceCriteria;
    entry.storiesWithActiveProductOwner += team.storiesWithActiveProductOwner;
    entry.epics += team.epics;
    entry.epicsWithActiveProductManager += team.epicsWithActiveProductManager;
    entry.errors += team.errors;
    entry.warnings += team.warnings;
  }
  return [...byTeam.values()].sort((a, b) => (a.team === b.team ? 0 : a.team === null ? 1 : b.team === null ? -1 : a.team < b.team ? -1 : 1));
}

function mergedBaseline(baselines: readonly (BaselineSummary | undefined)[]): { baseline?: BaselineSummary } {
  const present = baselines.filter((baseline): baseline is BaselineSummary => baseline !== undefined);
  if (present.length === 0) return {};
  const files = [...new Set(present.map((baseline) => baseline.file))];
  const expired = present.reduce((total, baseline) => total + (baseline.expired ?? 0), 0);
  return {
    baseline: {
      file: files.join(', '),
      known: present.reduce((total, baseline) => total + baseline.known, 0),
      fixed: present.reduce((total, baseline) => total + baseline.fixed, 0),
      ...(expired > 0 ? { expired } : {}),
      ...(present.some((baseline) => baseline.hidden) ? { hidden: true } : {}),
    },
  };
}

function mergedComparison(comparisons: readonly (Shard['comparison'] | undefined)[]): { comparison?: ComparisonSummary } {
  const present = comparisons.filter((comparison): comparison is NonNullable<Shard['comparison']> => comparison !== undefined);
  if (present.length === 0) return {};
  const fixedFindings = present.flatMap((comparison) => (comparison.fixedFindings ?? []).map((finding) => ({ ...finding, responsible: finding.responsible === null ? null : { ...finding.responsible, active: true } })));
  const times = present.flatMap((comparison) => (comparison.previousGeneratedAt === null ? [] : [comparison.previousGeneratedAt])).sort();
  return {
    comparison: {
      file: [...new Set(present.map((comparison) => comparison.file))].join(', '),
      previousGeneratedAt: times[0] ?? null,
      new: present.reduce((total, comparison) => total + comparison.new, 0),
      old: present.reduce((total, comparison) => total + comparison.old, 0),
      fixed: present.reduce((total, comparison) => total + comparison.fixed, 0),
      fixedFindings: fixedFindings.sort(compareFindings),
    },
  };
}
