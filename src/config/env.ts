// ${env:NAME} interpolation and the literal-secret check (SPEC §7).
import type { PathSegment } from '../json-path.js';
import { registerSecret } from '../safe-output.js';
import { SECRET_KEYS } from './schema.js';

const ENV_REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;
const ONLY_ENV_REFERENCE = /^\s*\$\{env:[A-Za-z_][A-Za-z0-9_]*\}\s*$/;

export interface Interpolated {
  value: unknown;
  missing: { path: PathSegment[]; name: string }[];
}

/** Replaces every ${env:NAME} in every string; collects the unset names instead of failing on the first. */
export function interpolateEnv(value: unknown, env: NodeJS.ProcessEnv): Interpolated {
  const missing: Interpolated['missing'] = [];
  const walk = (node: unknown, at: PathSegment[]): unknown => {
    if (typeof node === 'string') {
      return node.replace(ENV_REFERENCE, (_, name: string) => {
        const found = env[name];
        if (found === undefined) {
          missing.push({ path: at, name });
          return '';
        }
        if (isSecretReference(at, name)) registerSecret(found);
        return found;
      });
    }
    if (Array.isArray(node)) return node.map((child, index) => walk(child, [...at, index]));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, walk(child, [...at, key])]));
    }
    return node;
  };
  return { value: walk(value, []), missing };
}

/** Paths of secret-named keys whose value is anything but a lone ${env:NAME}. */
export function findLiteralSecrets(value: unknown, at: PathSegment[] = []): PathSegment[][] {
  if (Array.isArray(value)) return value.flatMap((child, index) => findLiteralSecrets(child, [...at, index]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const here = [...at, key];
    if (SECRET_KEYS.has(key.toLowerCase()) && typeof child === 'string' && !ONLY_ENV_REFERENCE.test(child)) return [here];
    return findLiteralSecrets(child, here);
  });
}

const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|PAT\b|_PAT|PAT_|KEY|CREDENTIAL|AUTH/i;

/** A value that must never be printed: read into a secret key, or from a variable named like a secret. */
function isSecretReference(at: readonly PathSegment[], name: string): boolean {
  const key = at[at.length - 1];
  return (typeof key === 'string' && SECRET_KEYS.has(key.toLowerCase())) || SECRET_NAME.test(name);
}
