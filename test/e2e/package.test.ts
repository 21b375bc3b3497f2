// The package as a user installs it: `npm pack`, then the tarball installed into an empty project. It must
// install without a warning and without running a script (dist/ is in the tarball, built on prepack), give
// plugin authors `import { defineRule, type Rule, type WorkItem } from 'backlint'` with types, and run the
// demo through `npx backlint`. Slow (a build, an npm install and a tsc run): about a minute.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { ROOT } from '../helpers/cli.js';

/** The empty project: a plugin in plain JavaScript, and one in TypeScript that tsc checks against the package's types. */
const PROJECT_FILES: Record<string, string> = {
  'package.json': `${JSON.stringify({ name: 'backlog-config', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`,
  'plugin.mjs': `import { check, defineRule } from 'backlint';

const rule = defineRule({
  meta: { id: 'story-has-team', description: 'Stories need a team.', appliesTo: ['story'], messages: { missing: 'No team.' } },
  check: (item) => (item.team ? [] : [{ messageId: 'missing' }]),
});
const report = await check({ demo: true });
console.log(JSON.stringify({ id: rule.meta.id, checkIsAFunction: typeof check === 'function', demo: report.demo, errors: report.summary.errors }));
`,
  'rules.ts': `import { check, defineRule, type Rule, type WorkItem } from 'backlint';
import { z } from 'zod';

const hasTeam = (item: WorkItem): boolean => item.team !== null;

export const storyHasTeam: Rule = defineRule({
  meta: { id: 'story-has-team', description: 'Stories need a team.', appliesTo: ['story'], defaultSeverity: 'warn', messages: { missing: 'No team.' } },
  check: (item) => (hasTeam(item) ? [] : [{ messageId: 'missing' }]),
});

export const titleLength = defineRule({
  meta: {
    id: 'title-length',
    description: 'Titles fit on a card.',
    appliesTo: ['story', 'epic'],
    messages: { long: 'Title longer than {max} characters.' },
    schema: z.object({ max: z.number().int().default(80) }),
  },
  // options.max is a number: the options type comes from the schema.
  check: (item, options) => (item.title.length > options.max ? [{ messageId: 'long', data: { max: options.max } }] : []),
});

export const errors: Promise<number> = check({ cwd: '.', sources: ['payments'] }).then((report) => report.summary.errors);
`,
  'tsconfig.json': `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: [] }, files: ['rules.ts'] }, null, 2)}\n`,
};

const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare'];

/** npm's environment without what an outer `npm test` exports (npm_config_*, npm_lifecycle_*), which would steer the inner npm. */
const npmEnv = (): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name))),
  NO_COLOR: '1',
  SOURCE_DATE_EPOCH: '1795500000',
});

const run = (command: string, args: string[], cwd: string): SpawnSyncReturns<string> =>
  spawnSync(command, args, { cwd, env: npmEnv(), encoding: 'utf8', timeout: 120_000 });

const failed = (what: string, result: SpawnSyncReturns<string>) => `${what} exited ${result.status}:\n${result.stdout}\n${result.stderr}`;

interface Packed {
  filename: string;
  files: { path: string }[];
}

describe('the packed tarball, installed into an empty project', () => {
  let work: string;
  let project: string;
  let packed: Packed;
  let install: SpawnSyncReturns<string>;

  // The installed project holds a full node_modules: not left behind in the temp folder.
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'backlint-package-'));
    // Pack a copy of the sources, so the prepack build never rewrites dist/ under tests running beside this one.
    const staging = path.join(work, 'backlint');
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    for (const entry of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'LICENSE', 'src', 'rules', 'scripts/bundle.mjs', ...manifest.files]) {
      if (entry === 'dist' || entry.startsWith('!')) continue;
      cpSync(path.join(ROOT, entry), path.join(staging, entry), { recursive: true });
    }
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(staging, 'node_modules'), 'dir');
    const pack = run('npm', ['pack', '--json', '--pack-destination', work], staging);
    if (pack.status !== 0) throw new Error(failed('npm pack', pack));
    packed = (JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Packed[])[0]!;

    project = path.join(work, 'project');
    mkdirSync(project);
    for (const [name, text] of Object.entries(PROJECT_FILES)) writeFileSync(path.join(project, name), text);
    const tarball = path.join(work, packed.filename);
    // The npm cache holds backlint's dependencies; where it lacks a package document, fall back to the registry.
    install = run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--foreground-scripts', tarball], project);
    if (install.status !== 0 && /ENOTCACHED/.test(install.stderr)) {
      install = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--foreground-scripts', tarball], project);
    }
    if (install.status !== 0) throw new Error(failed('npm install', install));
  }, 240_000);

  it('ships the compiled code, its types, the docs and the licence, and no TypeScript source', () => {
    const files = packed.files.map((file) => file.path);
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'bin/backlint.js', 'dist/cli/cli.js', 'dist/src/cli.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'docs/rules/story-po-owner.md', 'backlint.schema.json']));
    expect(files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
    // The bundle's record of its chunks is for the tests, not for users.
    expect(files).not.toContain('dist/cli/meta.json');
  });

  it('installs without a warning and without running a script', () => {
    expect(install.stderr).toBe('');
    // --foreground-scripts prints every lifecycle script npm runs as "> backlint@1.0.0 <event>".
    expect(install.stdout).not.toMatch(/^> /m);
    const installed = JSON.parse(readFileSync(path.join(project, 'node_modules/backlint/package.json'), 'utf8')) as { scripts?: Record<string, string>; license: string; repository: unknown };
    expect(Object.keys(installed.scripts ?? {}).filter((name) => INSTALL_SCRIPTS.includes(name))).toEqual([]);
    expect(installed.license).toBe('MIT');
    expect(installed.repository).toBeTruthy();
    expect(readFileSync(path.join(project, 'node_modules/backlint/LICENSE'), 'utf8')).toContain('the backlint authors');
  });

  it('gives plain JavaScript defineRule and check()', () => {
    const result = run(process.execPath, ['plugin.mjs'], project);
    expect(result.status, failed('node plugin.mjs', result)).toBe(0);
    const out = JSON.parse(result.stdout) as { id: string; checkIsAFunction: boolean; demo: boolean; errors: number };
    expect(out).toMatchObject({ id: 'story-has-team', checkIsAFunction: true, demo: true });
    expect(out.errors).toBeGreaterThan(0);
  });

  it('gives TypeScript the types: defineRule, Rule, WorkItem and check() type-check under strict NodeNext', () => {
    const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
    const result = run(process.execPath, [tsc, '-p', 'tsconfig.json'], project);
    expect(result.status, failed('tsc', result)).toBe(0);
  });

  it('runs the demo through npx backlint check --demo (exit 1, the demo report)', () => {
    const result = run('npx', ['--no', 'backlint', 'check', '--demo'], project);
    expect(result.status, failed('npx backlint', result)).toBe(1);
    expect(result.stdout).toContain('Running on the bundled demo dataset');
    expect(result.stdout).toMatch(/story-acceptance-criteria/);
    expect(result.stdout).toMatch(/\d+ problems? \(\d+ errors?, \d+ warnings?\)/);
    expect(existsSync(path.join(project, 'node_modules/.bin/backlint'))).toBe(true);
  });

  it('backlint rules points at the docs pages installed with the package', () => {
    const result = run('npx', ['--no', 'backlint', 'rules'], project);
    expect(result.status, failed('npx backlint rules', result)).toBe(0);
    const pages = [...result.stdout.matchAll(/ · (\S+\.md)$/gm)].map((m) => m[1]!);
    expect(pages).toHaveLength(builtinRules.length);
    for (const page of pages) {
      expect(path.dirname(page)).toBe(path.join(realpathSync(project), 'node_modules/backlint/docs/rules'));
      expect(readFileSync(page, 'utf8')).toMatch(/^# /);
    }
  });
});
