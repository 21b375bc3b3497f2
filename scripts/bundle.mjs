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
function packageHeader(file, contents) {
  if (!/\b__(?:dirname|filename)\b/.test(contents)) return '';
  const inside = file.split(/[\\/]node_modules[\\/]/).pop().split(/[\\/]/);
  const name = inside[0].startsWith('@') ? inside.slice(0, 2) : inside.slice(0, 1);
  const rest = inside.slice(name.length).join('/');
  return `var __filename = __backlintLocate(${JSON.stringify(name.join('/'))}, ${JSON.stringify(rest)}), __dirname = __backlintDirname(__filename);\n`;
}

const packagePaths = {
  name: 'package-paths',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, (args) => {
      const contents = readFileSync(args.path, 'utf8');
      const header = packageHeader(args.path, contents);
      return header === '' ? undefined : { contents: header + contents, loader: 'js' };
    });
  },
};

/**
 * azure-devops-node-api's WebApi requires every service client it can create (Build, Git, Release, Test,
 * ... 31 of them, 2.5 MB with their type tables) when it loads; backlint uses three, and Node parsed all
 * of them before a live Azure DevOps run's first request. Here WebApi requires those three (and the
 * locations client its connect() uses) when first used, and the others not at all: their getters throw,
 * and the bundle does not hold them. The build fails if WebApi no longer has the shape this rewrites.
 */
const USED_SERVICE_CLIENTS = new Set(['./CoreApi', './WorkApi', './WorkItemTrackingApi', './LocationsApi']);

const fewerServiceClients = {
  name: 'fewer-service-clients',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]azure-devops-node-api[\\/]WebApi\.js$/ }, (args) => {
      let contents = readFileSync(args.path, 'utf8');
      const names = [];
      contents = contents.replace(/^const (\w+) = require\("(\.\/\w+Api)"\);$/gm, (_line, name, file) => {
        names.push(name);
        const load = USED_SERVICE_CLIENTS.has(file) ? `(${name}__loaded ??= require("${file}"))` : `{ throw new Error("azure-devops-node-api: ${file.slice(2)} is not in backlint's bundle (scripts/bundle.mjs)"); }`;
        return `let ${name}__loaded; const ${name}__load = () => ${load};`;
      });
      if (names.length < 20) throw new Error(`${args.path}: expected WebApi to require its service clients at the top (found ${names.length}); update scripts/bundle.mjs`);
      for (const name of names) contents = contents.replace(new RegExp(`\\b${name}\\.`, 'g'), `(${name}__load()).`);
      return { contents: packageHeader(args.path, contents) + contents, loader: 'js' };
    });
  },
};

/**
 * Exact edits to a few packages' sources, for start-up: each removes work done as a module loads that a
 * backlint run never uses. The build fails if a file no longer reads as expected (`edits`: each `from` found
 * exactly once; `only`: the line kept must be there).
 */
const SOURCE_EDITS = [
  // axios reads Node's global FormData when utils.js loads (the constructor, for isFormData), and Node then
  // compiles its whole fetch implementation (undici): ~35 ms before a live Jira run's first request, though
  // backlint never sends form data. isFormData now looks the constructor up only for an object that is not
  // a plain one: for anything else (a plain object, the request body as JSON text) it answered false anyway.
  {
    file: /[\\/]node_modules[\\/]axios[\\/]lib[\\/]utils\.js$/,
    edits: [
      ["const FormDataCtor = typeof G.FormData !== 'undefined' ? G.FormData : undefined;\n", ''],
      ['  if (FormDataCtor && thing instanceof FormDataCtor) return true;\n', ''],
      [
        '  if (!proto || proto === Object.prototype) return false;\n',
        "  if (!proto || proto === Object.prototype) return false;\n  const FormDataCtor = (typeof thing === 'object' || typeof thing === 'function') && typeof G.FormData !== 'undefined' ? G.FormData : undefined;\n  if (FormDataCtor && thing instanceof FormDataCtor) return true;\n",
      ],
    ],
  },
  // axios's fetch adapter makes itself as it loads (`const adapter = getFetch()`, touching the global Request
  // and Response: undici again). adapters.js asks for it by name only (`fetch: { get: getFetch }`), so the
  // eager default export goes; getFetch stays, for whoever asks for the fetch adapter.
  {
    file: /[\\/]node_modules[\\/]axios[\\/]lib[\\/]adapters[\\/]fetch\.js$/,
    edits: [['\nconst adapter = getFetch();\n\nexport default adapter;\n', '\n']],
  },
  // zod's error messages in 60 languages (`z.locales`, 366 KB of the 751 KB zod chunk, parsed by every
  // command that reads a config): zod speaks English unless told otherwise, and backlint never tells it.
  {
    file: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/,
    only: 'export { default as en } from "./en.js";\n',
  },
];

const exactEdits = {
  name: 'exact-edits',
  setup(build) {
    for (const { file, edits = [], only } of SOURCE_EDITS) {
      build.onLoad({ filter: file }, (args) => {
        let contents = readFileSync(args.path, 'utf8');
        for (const [from, to] of edits) {
          if (contents.split(from).length !== 2) throw new Error(`${args.path}: expected ${JSON.stringify(from)} once; update scripts/bundle.mjs`);
          contents = contents.replace(from, () => to);
        }
        if (only !== undefined) {
          if (!contents.split('\n').includes(only.trimEnd())) throw new Error(`${args.path}: expected the line ${JSON.stringify(only)}; update scripts/bundle.mjs`);
          contents = only;
        }
        return { contents, loader: 'js' };
      });
    }
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
  // esbuild asks the plugins in order: the first to answer a file loads it.
  plugins: [fewerServiceClients, exactEdits, packagePaths],
  metafile: true,
  logLevel: 'warning',
});
writeFileSync(path.join(outdir, 'meta.json'), JSON.stringify(result.metafile));
