// `node --import ./test/support/load-trace.mjs …`: appends the URL of every module the process loads to the
// file named by BACKLINT_LOAD_TRACE, so a test can say which modules a command loads (SPEC §11, start-up).
// Node's own modules are noted at exit as `node:<id>` (from process.moduleLoadList), and each HTTP request
// as `request <METHOD> <path>` when it is made, so a test can say what loads before the first request.
import { appendFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { register } from 'node:module';

const file = process.env.BACKLINT_LOAD_TRACE;
register(new URL('./load-trace-hooks.mjs', import.meta.url), { data: { file } });
process.on('exit', () => {
  const builtins = process.moduleLoadList.filter((entry) => entry.startsWith('NativeModule ')).map((entry) => `node:${entry.slice('NativeModule '.length)}\n`);
  if (file) appendFileSync(file, builtins.join(''));
});

for (const transport of [http, https]) {
  const request = transport.request;
  transport.request = function tracedRequest(...args) {
    const made = request.apply(this, args);
    if (file) appendFileSync(file, `request ${made.method} ${made.path}\n`);
    return made;
  };
}
