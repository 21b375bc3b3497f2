// `npm run bench` (SPEC §11): runs every bench/*.bench.ts in turn, each printing one JSON line per
// figure. Speed is only ever measured here, side by side in one run, never by a timed test.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.some((wanted) => name.startsWith(wanted)))
  .sort();

for (const name of benches) {
  const module = (await import(pathToFileURL(path.join(dir, name)).href)) as { default: () => Promise<void> };
  await module.default();
}
