#!/usr/bin/env node
// A dumb wrapper: the CLI decides the exit code, this only hands it to Node. The one safety net here: an
// error that escapes the CLI asynchronously (a stream's late 'error' event) still ends as one guarded
// line and exit 2, never a stack trace (SPEC §12).
import { crashMessage, main } from '../dist/cli/cli.js';

const crash = (error) => {
  process.stderr.write(crashMessage(error));
  process.exit(2);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
// `backlint rules | head`: the reader has gone, and nobody is left to read the rest. Stop quietly, as
// other command-line tools do, rather than report a write error no one asked about.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  crash(error);
});

process.exitCode = await main(process.argv.slice(2));
