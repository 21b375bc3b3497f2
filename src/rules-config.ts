// From the config's `rules` and `plugins` to the list of rules the engine runs, with severities and
// validated options. Plugin modules are loaded here (the only I/O), before anything is fetched.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { closest } from 'fastest-levenshtein';
import { KINDS, type SeverityOrOff } from './model.js';
import type { ConfiguredRule } from './engine.js';
import { BacklintError } from './errors.js';
import { formatPath } from './json-path.js';
import type { RuleSetting } from './config/schema.js';
import type { Rule } from './rule.js';

export async function loadPluginRules(specifiers: readonly string[], configDir: string): Promise<Rule[]> {
  const rules: Rule[] = [];
  for (const specifier of specifiers) {
    const target = path.isAbsolute(specifier) ? pathToFileURL(specifier).href : specifier;
    let loaded: Record<string, unknown>;
    try {
      loaded = (await import(target)) as Record<string, unknown>;
    } catch (error) {
      const shown = path.isAbsolute(specifier) ? path.relative(configDir, specifier) : specifier;
      const typescript = /\.(c|m)?tsx?$/.test(specifier)
        ? ' A TypeScript plugin must be compiled to JavaScript first (tsc), and the .js file named in plugins: Node 20 does not run .ts files.'
        : '';
      const first = (error as Error).message.split('\n')[0] ?? 'it failed';
      throw new BacklintError('config', `Cannot load plugin ${shown}: ${typescript ? `${first.replace(/[.\s]*$/, '.')}${typescript}` : first}`, { cause: error });
    }
    rules.push(...rulesOfModule(loaded, specifier));
  }
  return rules;
}

/** A plugin default-exports a rule, an array of rules, or `{ rules: [...] | { id: rule } }`. */
function rulesOfModule(module: Record<string, unknown>, specifier: string): Rule[] {
  const exported = module.default ?? module.rules ?? module;
  const candidates = Array.isArray(exported)
    ? exported
    : isRecord(exported) && 'meta' in exported
      ? [exported]
      : isRecord(exported) && 'rules' in exported
        ? Object.values(exported.rules as Record<string, unknown>)
        : [];
  if (candidates.length === 0) {
    throw new BacklintError('config', `Plugin ${specifier} exports no rules: default-export a rule ({ meta, check }) or an array of rules.`);
  }
  return candidates.map((candidate, index) => assertRule(candidate, `${specifier} rule ${index + 1}`));
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function assertRule(value: unknown, where: string): Rule {
  const problems: string[] = [];
  const meta = isRecord(value) && isRecord(value.meta) ? value.meta : null;
  if (!meta) problems.push('no meta object');
  const kinds: readonly unknown[] = meta && Array.isArray(meta.appliesTo) ? meta.appliesTo : [];
  const forItems = kinds.some((kind) => kind !== 'team');
  if (!isRecord(value) || (typeof value.check !== 'function' && (forItems || !kinds.includes('team')))) problems.push('no check(item, options, context) function');
  if (isRecord(value) && kinds.includes('team') && typeof value.checkTeam !== 'function') problems.push("meta.appliesTo lists 'team' but there is no checkTeam(team, options, context) function");
  if (meta) {
    if (typeof meta.id !== 'string' || !/^[a-z0-9][a-z0-9-/]*$/.test(meta.id)) problems.push('meta.id must be a kebab-case string');
    if (!Array.isArray(meta.appliesTo) || !meta.appliesTo.every((kind) => KINDS.includes(kind) || kind === 'team')) {
      problems.push(`meta.appliesTo must list kinds among ${[...KINDS, 'team'].join(', ')}`);
    }
    if (!isRecord(meta.messages)) problems.push('meta.messages must map message ids to templates');
    if (typeof meta.description !== 'string') problems.push('meta.description must be a string');
  }
  if (problems.length > 0) throw new BacklintError('config', `Plugin ${where} is not a valid rule: ${problems.join('; ')}.`);
  const rule = value as unknown as Rule;
  return {
    ...rule,
    meta: { ...rule.meta, defaultSeverity: rule.meta.defaultSeverity ?? 'error', docsUrl: rule.meta.docsUrl ?? '' },
  };
}

/**
 * Applies the config's severities and options to every known rule; unknown ids and bad options are config
 * errors. `overrides` (SPEC §5) may turn a rule on for a scope: such a rule is kept with severity `off`.
 */
export function configureRules(
  rules: readonly Rule[],
  settings: Record<string, RuleSetting>,
  configName: string,
  overrides: readonly { rules: Record<string, SeverityOrOff> }[] = [],
): ConfiguredRule[] {
  const byId = new Map<string, Rule>();
  for (const rule of rules) {
    if (byId.has(rule.meta.id)) throw new BacklintError('config', `Two rules share the id '${rule.meta.id}': a plugin cannot replace a rule.`);
    byId.set(rule.meta.id, rule);
  }
  for (const id of Object.keys(settings)) {
    if (!byId.has(id)) {
      const hint = byId.size > 0 ? ` Did you mean '${closest(id, [...byId.keys()])}'?` : '';
      throw new BacklintError('config', `Config ${configName}: ${formatPath(['rules', id])}: no rule has this id.${hint} \`backlint rules\` lists them.`);
    }
  }
  overrides.forEach((override, index) => {
    for (const id of Object.keys(override.rules)) {
      if (byId.has(id)) continue;
      const hint = byId.size > 0 ? ` Did you mean '${closest(id, [...byId.keys()])}'?` : '';
      throw new BacklintError('config', `Config ${configName}: ${formatPath(['overrides', index, 'rules', id])}: no rule has this id.${hint} \`backlint rules\` lists them.`);
    }
  });
  const turnedOn = new Set(overrides.flatMap((override) => Object.entries(override.rules).flatMap(([id, severity]) => (severity === 'off' ? [] : [id]))));
  const configured: ConfiguredRule[] = [];
  for (const rule of rules) {
    // Own keys only: a plugin rule may be called `constructor` or `toString`.
    const setting = Object.hasOwn(settings, rule.meta.id) ? settings[rule.meta.id] : undefined;
    const severity = setting === undefined ? rule.meta.defaultSeverity : typeof setting === 'string' ? setting : setting[0];
    if (severity === 'off' && !turnedOn.has(rule.meta.id)) continue;
    const given = Array.isArray(setting) ? (setting[1] ?? {}) : {};
    configured.push({ rule, severity: severity as SeverityOrOff, options: parseOptions(rule, given, configName) });
  }
  return configured;
}

function parseOptions(rule: Rule, given: unknown, configName: string): unknown {
  const schema = rule.meta.schema as Rule['meta']['schema'] | undefined;
  if (!schema || typeof schema.safeParse !== 'function') {
    // A rule without a schema takes no options: options given to it would be silently ignored.
    if (isRecord(given) && Object.keys(given).length === 0) return given;
    throw new BacklintError(
      'config',
      `Config ${configName}: ${formatPath(['rules', rule.meta.id, 1])}: rule ${rule.meta.id} takes no options (it has no meta.schema); give only its severity.`,
    );
  }
  const parsed = schema.safeParse(given);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `${formatPath(['rules', rule.meta.id, 1, ...issue.path])}: ${issue.message}`);
  throw new BacklintError('config', `Config ${configName}: bad options for rule ${rule.meta.id}:\n  ${lines.join('\n  ')}`);
}
