#!/usr/bin/env node
// A dumb wrapper: the CLI decides the exit code, this only hands it to Node.
import { main } from '../dist/src/cli.js';

process.exitCode = await main(process.argv.slice(2));
