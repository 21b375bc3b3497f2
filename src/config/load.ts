// Finding, reading and validating the config file (SPEC §7). Every problem becomes a BacklintError that
// names the file and the path inside it; nothing is fetched before the config is known to be good.
import { existsSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { closest, distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { BacklintError } from '../errors.js';
import { formatPath, type PathSegment } from '../json-path.js';
import { interpolateEnv, findLiteralSecrets, findMalformedReferences, type EnvReference } from './env.js';
import { configSchema, isSecretPath, sourceSchema, type Config } from './schema.js';
import { displayPath } from '../display-path.js';
import { nearestNames } from '../suggest.js';
import { cutAt } from '../shorten.js';
import { readRegularFile } from '../read-file.js';

const MAX_CONFIG_BYTES = 16 * 1024 * 1024;
import { registerCredentials } from '../safe-output.js';
import { registerWebhookSecrets } from '../notify/schema.js';

import { CONFIG_FILE_NAMES } from './names.js';

export { CONFIG_FILE_NAMES };

export interface LoadedConfig {
  config: Config;
  /** The config file, absolute. */
  file: string;
  /** Its folder: relative paths in the file resolve against it. */
  dir: string;
}

export function findConfigFile(cwd: string): string | null {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = path.join(cwd, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

export async function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<LoadedConfig> {
  const absolute = path.resolve(file);
  const shown = displayPath(absolute);
  let text: string;
  try {
    // A regular file of at most 16 MiB: `--config /dev/zero` or a FIFO is an error, not a hang.
    text = (await readRegularFile(absolute, MAX_CONFIG_BYTES)).toString('utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new BacklintError('config', `Cannot read config ${shown}: ${reason}.`);
  }
  const raw = parseConfigText(text, shown, absolute.endsWith('.json'));
  return { config: validateConfig(raw, shown, path.dirname(absolute), env), file: absolute, dir: path.dirname(absolute) };
}

function parseConfigText(text: string, shown: string, isJson: boolean): unknown {
  try {
    // logLevel error: no Node warning of the yaml package's own on stderr (an unknown tag such as
    // !!js/function reads as the plain value, which the schema then refuses with a clear message).
    const value: unknown = isJson ? JSON.parse(text.replace(/^\uFEFF/, '')) : YAML.parse(text, { prettyErrors: true, logLevel: 'error' });
    if (value === null || value === undefined) throw new Error('the file is empty');
    return value;
  } catch (error) {
    const message = ((error as Error).message.split('\n')[0] ?? 'unreadable').replace(/[:.\s]+$/, '');
    // `{ token: ${env:X} }`: in a YAML flow mapping the `{` of `${…}` opens another mapping.
    const hint = !isJson && /\{[^}\n]*\$\{env:/.test(text) ? ' Inside { … }, quote a value that uses ${env:…}: { token: "${env:NAME}" }.' : '';
    const indent = error instanceof YAML.YAMLParseError ? indentationHint(error, text) : '';
    throw new BacklintError('config', `Config ${shown} is not valid ${isJson ? 'JSON' : 'YAML'}: ${message}.${indent}${hint}`);
  }
}

/**
 * YAML reports an over-indented line at the line above it ("Nested mappings are not allowed in compact
 * mappings at line 3"): name the line the user must change. Only its key is quoted, never its value (it
 * may be a secret written in the wrong place).
 */
function indentationHint(error: InstanceType<typeof YAML.YAMLParseError>, text: string): string {
  if (!error.linePos) return '';
  const lines = text.split(/\r?\n/);
  const reported = error.linePos[0].line; // 1-based
  const keyOf = (index: number) => /^\s*(?:-\s+)?([^:#\s][^:#]*):/.exec(lines[index] ?? '')?.[1];
  const named = (index: number) => `line ${index + 1}${keyOf(index) ? ` ("${keyOf(index)}:")` : ''}`;
  if (error.code === 'MISSING_CHAR' && /^Sequence item without/.test(error.message)) {
    return ` Check the indentation of ${named(reported - 1)}: it is indented less than the keys above it in the same list item.`;
  }
  if (error.code !== 'BLOCK_AS_IMPLICIT_KEY') return '';
  const next = lines.findIndex((line, index) => index >= reported && line.trim() !== '' && !line.trim().startsWith('#'));
  return next < 0 ? '' : ` Check the indentation of ${named(next)}: it is indented deeper than the keys above it.`;
}

/** Validates a parsed config object; `dir` is where relative paths resolve from. */
export function validateConfig(raw: unknown, shown: string, dir: string, env: NodeJS.ProcessEnv = process.env): Config {
  const malformed = findMalformedReferences(raw);
  if (malformed.length > 0) {
    const lines = malformed.map((entry) => `${formatPath(entry.path)}: ${entry.text} is not a \${env:NAME} reference`);
    throw new BacklintError('config', `Config ${shown}: ${lines.join('; ')}. A variable's name is letters, digits and _ (not starting with a digit), written \${env:NAME} with nothing else inside the braces.`);
  }
  const secrets = findLiteralSecrets(raw);
  if (secrets.length > 0) {
    const where = secrets.map((secret) => formatPath(secret.path)).join(', ');
    // No scheme:// in the examples: the output guard would strip them as URL credentials.
    const inUrl = secrets.some((secret) => secret.inUrl)
      ? ' In a URL, credentials are accepted only as ${env:NAME}: user:${env:NAME}@ before the host, or ${env:NAME}@ for a token in the user part; better, leave them out of the URL and give them in auth.'
      : '';
    const meant = secrets.find((secret) => secret.meantVariable !== undefined)?.meantVariable;
    const hint = meant === undefined ? '' : ` A config file does not expand shell or pipeline variables: write \${env:${meant}} to read ${meant} from the environment.`;
    throw new BacklintError(
      'config',
      `Config ${shown}: ${where}: a literal secret is refused. Put the ${secrets.some((secret) => isSecretPath(secret.path)) ? 'webhook URL (whoever has it can post to the channel)' : 'token'} in an environment variable and write \${env:NAME} here, so it never lands in a file or a repository.${hint}${inUrl}`,
    );
  }
  const interpolated = interpolateEnv(raw, env);
  if (interpolated.missing.length > 0) {
    const lines = interpolated.missing.map((m) => `${formatPath(m.path)}: environment variable ${m.name} is not set`);
    throw new BacklintError('config', `Config ${shown}: ${lines.join('; ')}.`);
  }
  if (interpolated.empty.length > 0) {
    const lines = interpolated.empty.map((e) => `${formatPath(e.path)}: environment variable ${e.name} is empty`);
    throw new BacklintError(
      'config',
      `Config ${shown}: ${lines.join('; ')}. It is set but blank: in CI this usually means the secret is not defined, or not passed to this step's environment.`,
    );
  }
  // zod drops a `__proto__` key without a word; a rule cannot have that id, so say so as for any unknown id.
  const rules = (interpolated.value as { rules?: unknown } | null)?.rules;
  if (typeof rules === 'object' && rules !== null && Object.hasOwn(rules, '__proto__')) {
    throw new BacklintError('config', `Config ${shown}: ${formatPath(['rules', '__proto__'])}: no rule has this id. \`backlint rules\` lists them.`);
  }
  // jitless: the config is checked once, and compiling a fast path for each of its object schemas cost more
  // than it saved (first load ~20 -> ~16 ms).
  const parsed = configSchema.safeParse(interpolated.value, { reportInput: true, jitless: true });
  if (!parsed.success) {
    const from = referencesUnder(interpolated.references);
    const lines = parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${describeIssue(issue, from)}`);
    throw new BacklintError('config', withoutEnvValues(`Config ${shown} is invalid:\n  ${lines.join('\n  ')}`, interpolated.references));
  }
  registerBasicCredentials(parsed.data);
  registerWebhookSecrets(parsed.data.notify);
  return resolvePaths(parsed.data, dir);
}

/** The ${env:…} names a value at a config path was read from (any string at or under the path). */
type EnvNamesAt = (path: readonly PathSegment[]) => string[];

function referencesUnder(references: readonly EnvReference[]): EnvNamesAt {
  return (at) => [...new Set(references.filter((reference) => at.every((segment, index) => reference.path[index] === segment)).map((reference) => reference.name))];
}

/**
 * A config error never quotes a value read from the environment, not even its first characters: it
 * may be a token in the wrong key (`auth: "\${env:JIRA_API_TOKEN}"`), and a prefix is not caught by
 * redacting the whole. What the schema's own messages might still quote is named by its reference.
 */
function withoutEnvValues(message: string, references: readonly EnvReference[]): string {
  let out = message;
  for (const { name, value } of [...references].sort((a, b) => b.value.length - a.value.length)) {
    if (value.length >= 4) out = out.split(value).join(`\${env:${name}}`);
  }
  return out;
}

/** Jira Cloud sends `email:token` in Basic: a server that echoes the header must not show the pair's base64. */
function registerBasicCredentials(config: Config): void {
  for (const source of config.sources) {
    if (source.type === 'jira' && 'email' in source.auth) registerCredentials(source.auth.email, source.auth.token);
    if (source.type === 'jira' && 'username' in source.auth) registerCredentials(source.auth.username, source.auth.password);
  }
}

/** `'jira', 'jira-export', …`: the source types, for messages. */
const SOURCE_TYPES = () => sourceSchema.options.map((option) => `'${option.shape.type.value}'`).join(', ');

function describeIssue(issue: z.core.$ZodIssue, fromEnv: EnvNamesAt): string {
  const found = (value: unknown, at: readonly PathSegment[]) => describeValue(value, fromEnv(at), at.includes('auth'));
  if (issue.path[0] === 'rules' && issue.path.length === 2 && issue.code === 'invalid_union') {
    const given = Array.isArray(issue.input) ? issue.input[0] : issue.input;
    const meant = meantSeverity(given);
    const written = Array.isArray(issue.input) && issue.input.length === 0 ? 'an empty list' : found(given, issue.path);
    return `expected a severity: off, warn or error (or [severity, { options }]); found ${written}${meant ? ` (did you mean ${meant}?)` : ''}`;
  }
  if (issue.path[0] === 'overrides' && issue.path[2] === 'rules' && issue.path.length === 4 && issue.code === 'invalid_value') {
    const meant = meantSeverity(issue.input);
    return `expected a severity: off, warn or error; found ${found(issue.input, issue.path)}${meant ? ` (did you mean ${meant}?)` : ''}`;
  }
  if (issue.code === 'unrecognized_keys') {
    return issue.keys
      .map((key) => {
        const meant = nearestKey(key);
        return `unknown key "${key}"${meant ? ` (did you mean ${meant}?)` : ''}`;
      })
      .join('; ');
  }
  // zod names the discriminator's path (`sources[0].type`) and hands the whole source as the input.
  if (issue.code === 'invalid_union' && issue.path[0] === 'sources' && issue.path.at(-1) === 'type' && typeof issue.input === 'object' && issue.input !== null && !Array.isArray(issue.input) && !('type' in issue.input)) {
    return `required (one of ${SOURCE_TYPES()}); it is missing`;
  }
  if (issue.code === 'invalid_union' && issue.path.at(-1) !== undefined && typeof issue.input === 'object' && issue.input !== null && 'type' in issue.input) {
    const type = (issue.input as { type: unknown }).type;
    const types = SOURCE_TYPES();
    const names = fromEnv(issue.path.at(-1) === 'type' ? issue.path : [...issue.path, 'type']);
    return `expected type to be one of ${types}; found ${names.length > 0 ? fromEnvText(names) : JSON.stringify(type)}`;
  }
  if ((issue.code === 'invalid_union' || issue.code === 'invalid_type') && issue.input === undefined) {
    return issue.code === 'invalid_type' ? `required (expected ${issue.expected}); it is missing` : 'required; it is missing';
  }
  const typed = expectedButFound(issue, (value) => found(value, issue.path));
  if (typed !== null) return typed;
  // `Too big: expected number to be <=64` says neither what was written nor in words.
  if ((issue.code === 'too_big' || issue.code === 'too_small') && issue.input !== undefined) {
    const big = issue.code === 'too_big';
    const limit = Number(big ? issue.maximum : issue.minimum);
    const bound = big ? (issue.inclusive === false ? 'less than' : 'at most') : issue.inclusive === false ? 'more than' : 'at least';
    const unit = issue.origin === 'array' ? ` item${limit === 1 ? '' : 's'}` : issue.origin === 'string' ? ` character${limit === 1 ? '' : 's'}` : '';
    const written = Array.isArray(issue.input) ? (issue.input.length === 0 ? 'an empty list' : `${issue.input.length} items`) : found(issue.input, issue.path);
    return `expected ${bound} ${limit}${unit}; found ${written}`;
  }
  // `Invalid option: expected one of "field"|"roster"|…`, and what was written.
  if (issue.code === 'invalid_value' && issue.input !== undefined) return `${issue.message}; found ${found(issue.input, issue.path)}`;
  const names = typeof issue.input === 'string' ? fromEnv(issue.path) : [];
  return names.length > 0 ? `${issue.message}; found ${fromEnvText(names)}` : issue.message;
}

/**
 * A type error (or a union's, from each branch's own type error at its path) as `expected string or
 * array; found number 42`; null for any other issue, or a union none of whose branches says a type.
 * Shared with the teams file.
 */
export function expectedButFound(issue: z.core.$ZodIssue, found: (value: unknown) => string): string | null {
  if (issue.code === 'invalid_type') return `expected ${issue.expected}; found ${found(issue.input)}`;
  if (issue.code !== 'invalid_union') return null;
  const expected = [...new Set(issue.errors.flatMap((branch) => branch.filter((inner) => inner.code === 'invalid_type' && inner.path.length === 0).map((inner) => (inner as z.core.$ZodIssueInvalidType).expected)))];
  return expected.length > 0 ? `expected ${expected.join(' or ')}; found ${found(issue.input)}` : null;
}

/**
 * What a person wrote, briefly: `number 42`, `a list`, `string "abc"`; a value from the environment
 * only by its name, and nothing written under auth (a token in the wrong place, even a literal one).
 */
export function describeValue(value: unknown, envNames: readonly string[], underAuth: boolean): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (envNames.length > 0) return fromEnvText(envNames);
  if (underAuth) return `a ${typeof value} (not shown: auth holds secrets)`;
  const text = JSON.stringify(value) ?? String(value);
  return `${typeof value} ${text.length > 40 ? `${cutAt(text, 40)}…` : text}`;
}

/** ESLint's numbers (0, 1, 2) and near misses (`warning`, `errror`) as the word backlint takes. */
function meantSeverity(given: unknown): string | undefined {
  const numeric: Record<string, string> = { '0': 'off', '1': 'warn', '2': 'error' };
  const text = String(given).trim().toLowerCase();
  if (Object.hasOwn(numeric, text)) return numeric[text];
  if (typeof given !== 'string') return undefined;
  return nearestNames(text, ['off', 'warn', 'error'], 1)[0];
}

let configKeys: string[] | null = null;

/** The nearest key the config schema knows anywhere, for "did you mean"; none when nothing is close. */
function nearestKey(key: string): string | undefined {
  configKeys ??= [...propertyNames(z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }))];
  // Not the key itself: known somewhere else (`productOwner` in a team), it is unknown here (`roles`).
  const best = closest(key, configKeys.filter((known) => known !== key));
  return best !== undefined && distance(key.toLowerCase(), best.toLowerCase()) <= Math.max(2, Math.floor(key.length / 4)) ? best : undefined;
}

function propertyNames(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const child of node) propertyNames(child, into);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, child] of Object.entries(node)) {
      if (key === 'properties' && child !== null && typeof child === 'object') for (const name of Object.keys(child)) into.add(name);
      propertyNames(child, into);
    }
  }
  return into;
}

const fromEnvText = (names: readonly string[]) => `a string (from ${names.map((name) => `\${env:${name}}`).join(', ')})`;

function resolvePaths(config: Config, dir: string): Config {
  const resolve = (p: string) => path.resolve(dir, p);
  return {
    ...config,
    sources: config.sources.map((source) =>
      // Live sources have no files to resolve.
      !('path' in source)
        ? source
        : {
            ...source,
            path: Array.isArray(source.path) ? source.path.map(resolve) : resolve(source.path),
            ...(source.fieldsFile === undefined ? {} : { fieldsFile: resolve(source.fieldsFile) }),
            ...('iterationsFile' in source && source.iterationsFile !== undefined ? { iterationsFile: resolve(source.iterationsFile) } : {}),
            ...('rosterPeopleFile' in source && source.rosterPeopleFile !== undefined ? { rosterPeopleFile: resolve(source.rosterPeopleFile) } : {}),
            ...('boardSprints' in source && source.boardSprints !== undefined
              ? { boardSprints: Object.fromEntries(Object.entries(source.boardSprints).map(([board, files]) => [board, Array.isArray(files) ? files.map(resolve) : resolve(files)])) }
              : {}),
          },
    ),
    // A plugin written as a path is relative to the config; a bare name is a package.
    plugins: config.plugins.map((p) => (p.startsWith('.') || path.isAbsolute(p) ? resolve(p) : p)),
    ...(config.baseline === undefined ? {} : { baseline: resolve(config.baseline) }),
    ...(config.teamsFile === undefined ? {} : { teamsFile: resolve(config.teamsFile) }),
  };
}

export type { PathSegment };
