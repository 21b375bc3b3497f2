// Where reports may go and what backlint reads (issue 9, point 5 and the low items): special files
// and links as targets, two outputs to one file, an output over an input, stdout spelled as a path,
// prototype names as formats and rule ids, SOURCE_DATE_EPOCH, special and huge export files.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adfWithCriteria, exportConfig, jiraIssue, jiraUser, runCli, searchResponse, tempProject } from '../helpers/cli.js';

const exportFile = searchResponse([jiraIssue('PAY-1', { po: jiraUser('Ana Souza'), description: adfWithCriteria }), jiraIssue('PAY-2', { po: null })]);
const project = (extra: Record<string, string | object> = {}) => tempProject({ 'backlint.config.yaml': exportConfig(), 'export.json': exportFile, ...extra });
const mkfifo = (file: string) => expect(spawnSync('mkfifo', [file]).status).toBe(0);
const noStackTrace = /\n\s+at /;

/** A character device like /dev/null, made in the test's own folder, so no test can ever replace the real one. */
function nullDevice(file: string): boolean {
  return spawnSync('mknod', [file, 'c', '1', '3']).status === 0;
}

describe('targets that exist and are not regular files are refused before the fetch', () => {
  it.each([
    ['a character device (as /dev/null)', 'null-device', /it is a character device, not a regular file/],
    ['a named pipe', 'pipe.json', /it is a named pipe \(FIFO\), not a regular file/],
    ['a socket', 'socket.json', /it is a socket, not a regular file/],
    ['a folder', 'folder.json', /it is a folder, not a regular file/],
  ])('%s', async (_name, name, pattern) => {
    const cwd = project();
    const file = path.join(cwd, name);
    let server: net.Server | null = null;
    if (name === 'null-device' && !nullDevice(file)) return; // no CAP_MKNOD here: nothing to test
    if (name === 'pipe.json') mkfifo(file);
    if (name === 'folder.json') mkdirSync(file);
    if (name === 'socket.json') {
      const listening = net.createServer();
      server = listening;
      await new Promise<void>((resolve) => listening.listen(file, resolve));
    }
    try {
      const kind = (info: import('node:fs').Stats) => [info.isCharacterDevice(), info.isFIFO(), info.isSocket(), info.isDirectory()];
      const before = kind(lstatSync(file));
      const run = runCli(['check', '--format', `json:${name}`], { cwd });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^backlint: Cannot write the json report to ${name}: ${pattern.source}`));
      expect(run.stderr).not.toMatch(noStackTrace);
      expect(kind(lstatSync(file))).toEqual(before);
    } finally {
      server?.close();
    }
  });
});

describe('symbolic links (as ESLint: written through to a regular file, else refused)', () => {
  it('a link to a regular file is written through, atomically in the real folder, and the message says where', () => {
    const cwd = project({ 'real/report.json': 'OLD' });
    mkdirSync(path.join(cwd, 'out'));
    symlinkSync('../real/report.json', path.join(cwd, 'out/report.json'));
    const run = runCli(['check', '--format', 'json:out/report.json'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`Report written: out/report.json -> ${path.join(cwd, 'real/report.json')} (json)\n`);
    expect(lstatSync(path.join(cwd, 'out/report.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(cwd, 'out/report.json'))).toBe('../real/report.json');
    expect(JSON.parse(readFileSync(path.join(cwd, 'real/report.json'), 'utf8')).schemaVersion).toBe(1);
    expect(readdirSync(path.join(cwd, 'real'))).toEqual(['report.json']);
  });

  it('a dangling link is refused and nothing is created where it points', () => {
    const cwd = project();
    symlinkSync('elsewhere/report.json', path.join(cwd, 'report.json'));
    const run = runCli(['check', '--format', 'json:report.json'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^backlint: Cannot write the json report to report\.json: it is a symbolic link to elsewhere\/report\.json, which does not exist\./);
    expect(existsSync(path.join(cwd, 'elsewhere'))).toBe(false);
  });

  it('a link to a device or a pipe is refused and the link is left alone', () => {
    const cwd = project();
    mkfifo(path.join(cwd, 'pipe'));
    symlinkSync('pipe', path.join(cwd, 'to-pipe.json'));
    symlinkSync('/dev/null', path.join(cwd, 'to-null.json'));
    const pipe = runCli(['check', '--format', 'json:to-pipe.json'], { cwd });
    expect(pipe.code).toBe(2);
    expect(pipe.stderr).toMatch(/to-pipe\.json: it is a symbolic link to .*pipe, which is a named pipe \(FIFO\), not a regular file\./);
    const dev = runCli(['check', '--format', 'json:to-null.json'], { cwd });
    expect(dev.code).toBe(2);
    expect(dev.stderr).toMatch(/to-null\.json: it is a symbolic link to \/dev\/null, which is a character device, not a regular file\./);
    expect(lstatSync(path.join(cwd, 'pipe')).isFIFO()).toBe(true);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });
});

describe('one file, two roles: a usage error naming both, before the fetch, never a silent overwrite', () => {
  it.each([
    ['two formats, two spellings of one path', ['--format', 'json:./a.json', '--format', 'csv:a.json'], /The json report \(\.\/a\.json\) and the csv report \(a\.json\) are the same file/, 'a.json'],
    ['two formats, a path and a link to it', ['--format', 'json:a.json', '--format', 'csv:link.json'], /The json report \(a\.json\) and the csv report \(link\.json -> .*a\.json\) are the same file/, 'a.json'],
    ['a report over the config', ['--format', 'json:backlint.config.yaml'], /The json report \(backlint\.config\.yaml\) would overwrite the config file backlint\.config\.yaml/, 'backlint.config.yaml'],
    ['a report over the export file', ['--format', 'json:sub/../export.json'], /The json report \(sub\/\.\.\/export\.json\) would overwrite the export file export\.json/, 'export.json'],
    ['a report over the baseline read', ['--baseline', 'a.json', '--format', 'json:a.json'], /The json report \(a\.json\) would overwrite the baseline a\.json/, 'a.json'],
    ['a report over the baseline written', ['--update-baseline', '--baseline', 'a.json', '--format', 'sarif:a.json'], /The sarif report \(a\.json\) and the baseline \(a\.json\) are the same file/, 'a.json'],
    ['a report over the --compare report', ['--compare', 'a.json', '--format', 'json:a.json'], /The json report \(a\.json\) would overwrite the --compare report a\.json/, 'a.json'],
    ['the baseline written over the --compare report', ['--update-baseline', '--baseline', 'a.json', '--compare', 'a.json'], /The baseline \(a\.json\) would overwrite the --compare report a\.json/, 'a.json'],
  ])('%s', (_name, args, pattern, kept) => {
    const cwd = project({ 'a.json': 'OLD A' });
    symlinkSync('a.json', path.join(cwd, 'link.json'));
    const before = readFileSync(path.join(cwd, kept), 'utf8');
    const run = runCli(['check', ...args], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(pattern);
    expect(run.stderr).toMatch(/give (each its own|it another) path\.\n$/);
    expect(readFileSync(path.join(cwd, kept), 'utf8')).toBe(before);
  });

  it('an export folder or glob: compared against the files it reads', () => {
    for (const exportPath of ['exports', 'exports/*.json']) {
      const cwd = tempProject({ 'backlint.config.yaml': exportConfig().replace('path: export.json', `path: "${exportPath}"`), 'exports/page1.json': exportFile });
      const run = runCli(['check', '--format', 'json:exports/page1.json'], { cwd });
      expect(run.code, exportPath).toBe(2);
      expect(run.stderr).toMatch(/The json report \(exports\/page1\.json\) would overwrite the export file exports\/page1\.json/);
      expect(JSON.parse(readFileSync(path.join(cwd, 'exports/page1.json'), 'utf8'))).toEqual(exportFile);
    }
  });
});

describe('stdout spelled as a path', () => {
  it.each(['-', '/dev/stdout', '/dev/fd/1', '/proc/self/fd/1'])('--format json:%s writes the report to stdout (a pipe), not to a file', (target) => {
    const cwd = project();
    const run = runCli(['check', '--format', `json:${target}`], { cwd });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).schemaVersion).toBe(1);
    expect(run.stderr).toBe('');
    expect(readdirSync(cwd).sort()).toEqual(['backlint.config.yaml', 'export.json']);
  });

  it('still only one format on stdout', () => {
    const run = runCli(['check', '--format', 'json:/dev/stdout', '--format', 'stylish'], { cwd: project() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Only one --format can write to stdout/);
  });
});

describe('names of Object.prototype members', () => {
  it.each(['constructor', 'toString:x.txt', '__proto__', 'hasOwnProperty:y.json'])('--format %s is an unknown format', (format) => {
    const cwd = project();
    const run = runCli(['check', '--format', format], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`backlint: --format ${format.split(':')[0]}: unknown format. Formats: stylish, json, html, markdown, junit, sarif, csv.\n`);
    expect(readdirSync(cwd).sort()).toEqual(['backlint.config.yaml', 'export.json']);
  });

  const constructorRule = `export default {
  meta: { id: 'constructor', description: 'A rule called constructor.', appliesTo: ['story'], defaultSeverity: 'warn', messages: { constructor: 'Built {key}.' } },
  check: (item) => [{ messageId: 'constructor', data: { key: item.key } }],
};
`;

  it('a plugin rule called constructor runs with its default severity, the config can set it, and byRule counts it', () => {
    const cwd = tempProject({ 'backlint.config.yaml': exportConfig('plugins: [./rule.js]\n'), 'export.json': exportFile, 'rule.js': constructorRule });
    const run = runCli(['check', '--format', 'json'], { cwd });
    const report = JSON.parse(run.stdout);
    expect(report.findings.filter((f: { ruleId: string }) => f.ruleId === 'constructor')).toMatchObject([
      { severity: 'warn', message: 'Built PAY-1.' },
      { severity: 'warn', message: 'Built PAY-2.' },
    ]);
    expect(report.summary.byRule.constructor).toBe(2);

    const set = tempProject({ 'backlint.config.yaml': exportConfig('plugins: [./rule.js]\nrules:\n  constructor: "off"\n  story-po-owner: "off"\n  story-acceptance-criteria: "off"\n'), 'export.json': exportFile, 'rule.js': constructorRule });
    const off = runCli(['check', '--format', 'json'], { cwd: set });
    expect(off.code).toBe(0);
    expect(JSON.parse(off.stdout).findings).toEqual([]);
  });

  it.each(['__proto__', 'constructor', 'toString'])('a rules: key %s names no rule: a config error', (key) => {
    const run = runCli(['check'], { cwd: project({ 'backlint.config.yaml': exportConfig(`rules:\n  ${key}: error\n`) }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^backlint: Config backlint\\.config\\.yaml: rules\\.${key}: no rule has this id\\.`));
  });
});

describe('SOURCE_DATE_EPOCH', () => {
  it.each(['99999999999999999', '-1', 'abc', '1.5', '253402300800'])('%s is a usage error naming the variable', (value) => {
    const run = runCli(['check'], { cwd: project(), env: { SOURCE_DATE_EPOCH: value } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `backlint: SOURCE_DATE_EPOCH="${value}" is not a valid time: expected a whole number of seconds since 1970-01-01 UTC, from 0 to 253402300799 (the end of 9999).\n`,
    );
  });

  it('the last second of 9999 is still a time', () => {
    const run = runCli(['check', '--format', 'json'], { cwd: project(), env: { SOURCE_DATE_EPOCH: '253402300799' } });
    expect(JSON.parse(run.stdout).generatedAt).toBe('9999-12-31T23:59:59.000Z');
  });
});

describe('export files that are not regular files, or too large', () => {
  const withPath = (exportPath: string, extra = '') => exportConfig(extra).replace('path: export.json', `path: "${exportPath}"`);

  it('/dev/zero is refused at once, naming the path', () => {
    const run = runCli(['check'], { cwd: tempProject({ 'backlint.config.yaml': withPath('/dev/zero') }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('backlint: Source pay: cannot read /dev/zero: it is a character device, not a regular file.\n');
  });

  it('a named pipe is refused, not waited on; one among the *.json of an export folder is passed over', () => {
    const cwd = tempProject({ 'backlint.config.yaml': withPath('pipe.json'), 'exports/a.json': exportFile });
    mkfifo(path.join(cwd, 'pipe.json'));
    mkfifo(path.join(cwd, 'exports/b.json'));
    const alone = runCli(['check'], { cwd });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toBe('backlint: Source pay: cannot read pipe.json: it is a named pipe (FIFO), not a regular file.\n');
    const inFolder = runCli(['check', '--config', 'folder.yaml'], { cwd: tempProject({ 'folder.yaml': withPath(path.join(cwd, 'exports')) }) });
    expect(inFolder.stderr).toBe('');
    expect(inFolder.code).toBe(1); // exports/a.json linted
  });

  it('a folder given as a fields file is refused, naming it', () => {
    const cwd = tempProject({ 'backlint.config.yaml': exportConfig('    fieldsFile: fields.json\n'), 'export.json': exportFile, 'fields.json/x': 'x' });
    const run = runCli(['check'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^backlint: Source pay: cannot read fields\.json: it is a folder, not a regular file\.\n$/);
  });

  it('a file over the cap is a clear error that says what the cap is', () => {
    const cwd = tempProject({ 'backlint.config.yaml': exportConfig() });
    const huge = path.join(cwd, 'export.json');
    writeFileSync(huge, '');
    truncateSync(huge, 256 * 1024 * 1024 + 1); // sparse: one byte over the cap, no disk used
    const run = runCli(['check'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('backlint: Source pay: cannot read export.json: it is larger than the 256 MiB backlint reads from one file.\n');
  });
});

describe('a config file that is not a regular file', () => {
  it('--config /dev/zero and a named pipe are refused at once, naming the file', () => {
    const zero = runCli(['check', '--config', '/dev/zero'], { cwd: tempProject({}) });
    expect(zero.code).toBe(2);
    expect(zero.stderr).toBe('backlint: Cannot read config /dev/zero: it is a character device, not a regular file.\n');
    const cwd = tempProject({});
    mkfifo(path.join(cwd, 'backlint.config.yaml'));
    const pipe = runCli(['check'], { cwd });
    expect(pipe.code).toBe(2);
    expect(pipe.stderr).toMatch(/^backlint: Cannot read config .*backlint\.config\.yaml: it is a named pipe \(FIFO\), not a regular file\.\n$/);
  });
});
