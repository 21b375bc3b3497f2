// Finding, reading and validating the config file (SPEC §7). Every problem becomes a BacklintError that
// names the file and the path inside it; nothing is fetched before the config is known to be good.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { BacklintError } from '../errors.js';
import { formatPath, type PathSegment } from '../json-path.js';
import { interpolateEnv, findLiteralSecrets } from './env.js';
import { configSchema, sourceSchema, type Config } from './schema.js';
import { displayPath } from '../display-path.js';

export const CONFIG_FILE_NAMES = ['backlint.config.yaml', 'backlint.config.yml', 'backlint.config.json'] as const;

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
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new BacklintError('config', `Cannot read config ${shown}: ${reason}.`);
  }
  const raw = parseConfigText(text, shown, absolute.endsWith('.json'));
  return { config: validateConfig(raw, shown, path.dirname(absolute), env), file: absolute, dir: path.dirname(absolute) };
}

function parseConfigText(text: string, shown: string, isJson: boolean): unknown {
  try {
    const value: unknown = isJson ? JSON.parse(text.replace(/^\uFEFF/, '')) : YAML.parse(text, { prettyErrors: true });
    if (value === null || value === undefined) throw new Error('the file is empty');
    return value;
  } catch (error) {
    const message = ((error as Error).message.split('\n')[0] ?? 'unreadable').replace(/[:.\s]+$/, '');
    // `{ token: ${env:X} }`: in a YAML flow mapping the `{` of `${…}` opens another mapping.
    const hint = !isJson && /\{[^}\n]*\$\{env:/.test(text) ? ' Inside { … }, quote a value that uses ${env:…}: { token: "${env:NAME}" }.' : '';
    throw new BacklintError('config', `Config ${shown} is not valid ${isJson ? 'JSON' : 'YAML'}: ${message}.${hint}`);
  }
}

/** Validates a parsed config object; `dir` is where relative paths resolve from. */
export function validateConfig(raw: unknown, shown: string, dir: string, env: NodeJS.ProcessEnv = process.env): Config {
  const secrets = findLiteralSecrets(raw);
  if (secrets.length > 0) {
    const where = secrets.map((p) => formatPath(p)).join(', ');
    throw new BacklintError(
      'config',
      `Config ${shown}: ${where}: a literal secret is refused. Put the token in an environment variable and write \${env:NAME} here, so it never lands in a file or a repository.`,
    );
  }
  const interpolated = interpolateEnv(raw, env);
  if (interpolated.missing.length > 0) {
    const lines = interpolated.missing.map((m) => `${formatPath(m.path)}: environment variable ${m.name} is not set`);
    throw new BacklintError('config', `Config ${shown}: ${lines.join('; ')}.`);
  }
  // zod drops a `__proto__` key without a word; a rule cannot have that id, so say so as for any unknown id.
  const rules = (interpolated.value as { rules?: unknown } | null)?.rules;
  if (typeof rules === 'object' && rules !== null && Object.hasOwn(rules, '__proto__')) {
    throw new BacklintError('config', `Config ${shown}: ${formatPath(['rules', '__proto__'])}: no rule has this id. \`backlint rules\` lists them.`);
  }
  const parsed = configSchema.safeParse(interpolated.value, { reportInput: true });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${describeIssue(issue)}`);
    throw new BacklintError('config', `Config ${shown} is invalid:\n  ${lines.join('\n  ')}`);
  }
  return resolvePaths(parsed.data, dir);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_union' && issue.path.at(-1) !== undefined && typeof issue.input === 'object' && issue.input !== null && 'type' in issue.input) {
    const found = (issue.input as { type: unknown }).type;
    const types = sourceSchema.options.map((option) => `'${option.shape.type.value}'`).join(', ');
    return `expected type to be one of ${types}; found ${JSON.stringify(found)}`;
  }
  if ((issue.code === 'invalid_union' || issue.code === 'invalid_type') && issue.input === undefined) {
    return issue.code === 'invalid_type' ? `required (expected ${issue.expected}); it is missing` : 'required; it is missing';
  }
  if (issue.code === 'invalid_union') {
    // Each branch's own type error at this path says what the union would have taken.
    const expected = [...new Set(issue.errors.flatMap((branch) => branch.filter((inner) => inner.code === 'invalid_type' && inner.path.length === 0).map((inner) => (inner as z.core.$ZodIssueInvalidType).expected)))];
    if (expected.length > 0) return `expected ${expected.join(' or ')}; found ${describeValue(issue.input)}`;
  }
  if (issue.code === 'invalid_type') return `expected ${issue.expected}; found ${describeValue(issue.input)}`;
  return issue.message;
}

/** What a person wrote, briefly: `number 42`, `a list`, `string "abc"`. */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return `${typeof value} ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
}

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
          },
    ),
    // A plugin written as a path is relative to the config; a bare name is a package.
    plugins: config.plugins.map((p) => (p.startsWith('.') || path.isAbsolute(p) ? resolve(p) : p)),
    ...(config.baseline === undefined ? {} : { baseline: resolve(config.baseline) }),
  };
}

export type { PathSegment };
