// ${env:NAME} interpolation and the literal-secret check (SPEC §7).
import type { PathSegment } from '../json-path.js';
import { registerCredentials, registerSecret } from '../safe-output.js';
import { isSecretPath, SECRET_KEYS } from './schema.js';

const ENV_REFERENCE_SOURCE = String.raw`\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}`;
const ENV_REFERENCE = new RegExp(ENV_REFERENCE_SOURCE, 'g');
const ONLY_ENV_REFERENCE = /^\s*\$\{env:[A-Za-z_][A-Za-z0-9_]*\}\s*$/;
/** `scheme://userinfo@` as redact.ts reads it (to the last `@` of the authority); group 1 is the userinfo. */
const URL_USERINFO = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/([^\s/\\?#"'<>`]*)@/gi;
/** Userinfo split at its first `:` outside a `${env:…}`: user, then the password if there is a colon. */
const USERINFO_PARTS = new RegExp(String.raw`^((?:${ENV_REFERENCE_SOURCE.replace('(', '(?:')}|[^:])*)(?::([\s\S]*))?$`);

/**
 * Names people give variables that hold secrets: JIRA_API_TOKEN, AZURE_DEVOPS_EXT_PAT, SYSTEM_ACCESSTOKEN,
 * JIRA_PASSWORD, ADO_CREDS, OPENAI_API_KEY. Not PATH, PWD, JIRA_PROJECT_KEY or GIT_AUTHOR_NAME: their
 * values are ordinary text that redaction would cut out of every message.
 */
const SECRET_NAME =
  /TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|COOKIE|SESSION|AUTH(?!ORS?(?:$|_))|(?:^|_)(?:PAT|PASS|CREDS?)(?:$|_)|(?:API|ACCESS|PRIVATE|SIGNING|ENCRYPTION|CLIENT|SERVICE)_?KEY/i;

/** Whether a variable's name says it holds a secret: its value is then redacted wherever it is used. */
export const looksLikeSecretName = (name: string) => SECRET_NAME.test(name);

export interface EnvReference {
  /** Where in the config the reference stands. */
  path: PathSegment[];
  name: string;
  value: string;
}

export interface Interpolated {
  value: unknown;
  missing: { path: PathSegment[]; name: string }[];
  /** Every reference replaced, so that errors can say "from ${env:NAME}" instead of quoting its value. */
  references: EnvReference[];
  /** Set but blank where a value is needed: a secret, or a string that is nothing but the reference. */
  empty: { path: PathSegment[]; name: string }[];
}

/**
 * Replaces every ${env:NAME} in every string; collects the unset names instead of failing on the first.
 * A secret-bearing reference (see isSecretReference) has its value registered with the output guard.
 */
export function interpolateEnv(value: unknown, env: NodeJS.ProcessEnv): Interpolated {
  const missing: Interpolated['missing'] = [];
  const empty: Interpolated['empty'] = [];
  const references: EnvReference[] = [];
  const walk = (node: unknown, at: PathSegment[]): unknown => {
    if (typeof node === 'string') {
      if (!node.includes('${env:')) return node;
      const userinfo = userinfoSpans(node);
      const replaced = node.replace(ENV_REFERENCE, (reference, name: string, offset: number) => {
        const found = env[name];
        if (found === undefined) {
          missing.push({ path: at, name });
          return '';
        }
        references.push({ path: at, name, value: found });
        // `JIRA_API_TOKEN=` is how CI passes a secret that is not set: say that, not "too small".
        if (found.trim() === '' && (isSecretReference(at, name) || ONLY_ENV_REFERENCE.test(node))) empty.push({ path: at, name });
        const inUserinfo = userinfo.some(([start, end]) => offset >= start && offset + reference.length <= end);
        if (inUserinfo || isSecretReference(at, name)) registerSecret(found);
        return found;
      });
      // A URL that came (wholly or partly) from the environment with credentials in it.
      registerUrlCredentials(replaced);
      return replaced;
    }
    if (Array.isArray(node)) return node.map((child, index) => walk(child, [...at, index]));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, walk(child, [...at, key])]));
    }
    return node;
  };
  return { value: walk(value, []), missing, references, empty };
}

/** `${env:` not followed by a variable name and `}`: a reference the loader would leave as text. */
const MALFORMED_REFERENCE = /\$\{env:(?![A-Za-z_][A-Za-z0-9_]*\})[^}\s]{0,40}\}?/g;

/**
 * Every `${env:…}` that is no reference (`${env:JIRA-TOKEN}`, `${env:X:-default}`, an unclosed one), with
 * where it stands: left as text, a token would become a "literal secret" and any other value a silent
 * wrong one. Only the reference itself is given, never the rest of the value.
 */
export function findMalformedReferences(value: unknown, at: PathSegment[] = []): { path: PathSegment[]; text: string }[] {
  if (typeof value === 'string') return value.includes('${env:') ? [...value.matchAll(MALFORMED_REFERENCE)].map((match) => ({ path: at, text: match[0] })) : [];
  if (Array.isArray(value)) return value.flatMap((child, index) => findMalformedReferences(child, [...at, index]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => findMalformedReferences(child, [...at, key]));
}

export interface LiteralSecret {
  path: PathSegment[];
  /** In a URL's userinfo, rather than a secret-named key. */
  inUrl: boolean;
  /** `$NAME`, `${NAME}`, `$(NAME)` or `%NAME%`: a shell's or a pipeline's way to name a variable, which a config file does not expand. */
  meantVariable?: string;
}

const OTHER_VARIABLE_SYNTAX = /^\s*(?:\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\(([A-Za-z_][A-Za-z0-9_.]*)\)|\$([A-Za-z_][A-Za-z0-9_]*)|%([A-Za-z_][A-Za-z0-9_]*)%)\s*$/;

/** The variable a value like `$JIRA_API_TOKEN` or `${JIRA_API_TOKEN}` meant, if it is one. */
export function meantVariable(value: string): string | undefined {
  const match = OTHER_VARIABLE_SYNTAX.exec(value);
  return match ? (match[1] ?? match[2] ?? match[3] ?? match[4]) : undefined;
}

/**
 * Secrets written in the file: a secret-named key whose value is anything but a lone ${env:NAME}, and
 * credentials in any URL that are not ${env:…} references. In a URL a password must be a lone
 * ${env:NAME} (`https://bot:${env:TOKEN}@host`); userinfo without a password must be one too
 * (`https://${env:PAT}@dev.azure.com/org`), since Azure DevOps takes a PAT in the user slot and a
 * literal there cannot be told from a user name.
 */
export function findLiteralSecrets(value: unknown, at: PathSegment[] = []): LiteralSecret[] {
  if (typeof value === 'string') return hasLiteralUrlCredentials(value) ? [{ path: at, inUrl: true }] : [];
  if (Array.isArray(value)) return value.flatMap((child, index) => findLiteralSecrets(child, [...at, index]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const here = [...at, key];
    if ((SECRET_KEYS.has(key.toLowerCase()) || isSecretPath(here)) && typeof child === 'string' && !ONLY_ENV_REFERENCE.test(child)) {
      const meant = meantVariable(child);
      return [{ path: here, inUrl: false, ...(meant === undefined ? {} : { meantVariable: meant }) }];
    }
    return findLiteralSecrets(child, here);
  });
}

function hasLiteralUrlCredentials(text: string): boolean {
  return [...text.matchAll(URL_USERINFO)].some((match) => {
    const parts = USERINFO_PARTS.exec(match[1] ?? '');
    if (!parts) return true;
    const [, user = '', password] = parts;
    if (password !== undefined) return password !== '' && !ONLY_ENV_REFERENCE.test(password);
    return user !== '' && !ONLY_ENV_REFERENCE.test(user);
  });
}

/** [start, end) of each URL userinfo in a string. */
function userinfoSpans(text: string): [number, number][] {
  return [...text.matchAll(URL_USERINFO)].map((match) => {
    const end = match.index + match[0].length - 1;
    return [end - (match[1] ?? '').length, end];
  });
}

/**
 * The credentials of every URL in an interpolated string: the password, or the user when there is no
 * password (an Azure DevOps PAT), as written and decoded, and the pair as a client sends it in Basic.
 */
function registerUrlCredentials(text: string): void {
  for (const match of text.matchAll(URL_USERINFO)) {
    const userinfo = match[1] ?? '';
    const colon = userinfo.indexOf(':');
    const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
    const password = colon < 0 ? null : userinfo.slice(colon + 1);
    if (password === null) {
      registerSecret(user);
      registerCredentials('', decoded(user));
    } else {
      registerSecret(password);
      registerCredentials(decoded(user), decoded(password));
      registerCredentials(user, password);
    }
  }
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * A value that must never be printed: read into a secret key (auth.token), into a URL's userinfo (see
 * interpolateEnv), or from a variable named like a secret (JIRA_API_TOKEN in the wrong key).
 */
function isSecretReference(at: readonly PathSegment[], name: string): boolean {
  const key = at[at.length - 1];
  return (typeof key === 'string' && SECRET_KEYS.has(key.toLowerCase())) || isSecretPath(at) || looksLikeSecretName(name);
}
