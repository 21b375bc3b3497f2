// `npm run bench [name…] [-- --option …]` (SPEC §11): runs every bench/*.bench.ts (or those whose names
// start with a name given) in turn, each printing one JSON line per figure. Options (`--sizes`, …) are
// read by the benches themselves. Speed is only ever measured here, never by a timed test.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
// Names are the words before the first option.
const firstOption = args.findIndex((arg) => arg.startsWith('-'));
const only = firstOption < 0 ? args : args.slice(0, firstOption);
const benches = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.some((wanted) => name.startsWith(wanted)))
  .sort();

for (const name of benches) {
  const module = (await import(pathToFileURL(path.join(dir, name)).href)) as { default: () => Promise<void> };
  await module.default();
}
