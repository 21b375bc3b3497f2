// `node --import ./test/support/load-trace.mjs …`: appends the URL of every module the process loads to the
// file named by BACKLINT_LOAD_TRACE, so a test can say which modules a command loads (SPEC §11, start-up).
import { register } from 'node:module';

register(new URL('./load-trace-hooks.mjs', import.meta.url), { data: { file: process.env.BACKLINT_LOAD_TRACE } });
