// Where backlint is installed and which version it is: read once, without loading anything else, so that
// `backlint --version` stays as quick as Node itself (SPEC §11, start-up).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('backlint: cannot find its package.json');
    dir = up;
  }
  return dir;
}

export const PACKAGE_ROOT = findPackageRoot();
export const VERSION: string = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
export const DEMO_CONFIG = path.join(PACKAGE_ROOT, 'fixtures', 'demo', 'backlint.config.yaml');
