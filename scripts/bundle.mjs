// The CLI as users run it: dist/src/cli.js (tsc's output) and everything it imports, node_modules
// included, bundled into dist/cli/ by esbuild. Loading one module per package rather than hundreds of
// small files (jira.js and axios alone are ~350) takes the first request ~200 ms closer to the start of
// a run. Dynamic imports stay chunks of their own, so a command still loads only what it uses: no tracker
// client for `--version`, `rules`, `init` or exports, and only its own tracker's for a live source.
// dist/cli/meta.json says which sources each chunk holds (test/e2e/module-loading.test.ts reads it).
// dist/src stays as tsc wrote it: it is the library (`import … from 'backlint'`) and its types.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'cli');

/**
 * A bundled CommonJS module that reads `__dirname` or `__filename` (azure-devops-node-api finds its
 * package.json for the User-Agent; write-file-atomic names temp files) gets its own, pointing where the
 * package is installed, as if it had not been bundled; where that cannot be resolved, the bundle's file.
 */
const packagePaths = {
  name: 'package-paths',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, (args) => {
      const contents = readFileSync(args.path, 'utf8');
      if (!/\b__(?:dirname|filename)\b/.test(contents)) return undefined;
      const inside = args.path.split(/[\\/]node_modules[\\/]/).pop().split(/[\\/]/);
      const name = inside[0].startsWith('@') ? inside.slice(0, 2) : inside.slice(0, 1);
      const rest = inside.slice(name.length).join('/');
      const header = `var __filename = __backlintLocate(${JSON.stringify(name.join('/'))}, ${JSON.stringify(rest)}), __dirname = __backlintDirname(__filename);\n`;
      return { contents: header + contents, loader: 'js' };
    });
  },
};

const banner = [
  "import { createRequire as __backlintCreateRequire } from 'node:module';",
  "import { dirname as __backlintDirname, join as __backlintJoin } from 'node:path';",
  "import { fileURLToPath as __backlintFileURLToPath } from 'node:url';",
  // Bundled CommonJS packages require Node's built-in modules; an ES module has no `require` of its own.
  'const require = __backlintCreateRequire(import.meta.url);',
  'const __backlintLocate = (name, file) => { try { return __backlintJoin(__backlintDirname(require.resolve(`${name}/package.json`)), file); } catch { return __backlintFileURLToPath(import.meta.url); } };',
].join('\n');

// Chunk names carry a hash of their content: clear the last build's, so no stale chunk ships.
rmSync(outdir, { recursive: true, force: true });
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['dist/src/cli.js'],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  banner: { js: banner },
  plugins: [packagePaths],
  metafile: true,
  logLevel: 'warning',
});
writeFileSync(path.join(outdir, 'meta.json'), JSON.stringify(result.metafile));
