// The demo dataset's report, built in-process the way `backlint check` builds it, for golden-file tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Report } from '../../src/model.js';
import { runCheck } from '../../src/runner.js';

let cached: Promise<Report> | undefined;

/** The same report as `SOURCE_DATE_EPOCH=1795500000 backlint check` in a folder with no config. */
export function demoReport(): Promise<Report> {
  cached ??= runCheck({
    cwd: mkdtempSync(path.join(tmpdir(), 'backlint-demo-')),
    env: {},
    sources: [],
    formats: [{ name: 'json', path: null }],
    updateBaseline: false,
    quiet: false,
    color: false,
    now: new Date(1795500000 * 1000),
  }).then((outcome) => outcome.report);
  return cached;
}
