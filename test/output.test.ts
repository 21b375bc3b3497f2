// The output stage as a unit, with file system faults injected where root cannot provoke them
// (ENOSPC, EACCES): all files or none, never an old file lost, never a temp file left.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBacklintError } from '../src/errors.js';
import { isStdoutPath, nodeOutputFs, planOutputs, writeOutputs, type FileTarget, type OutputFs } from '../src/output.js';
import { forgetSecrets, registerSecret } from '../src/safe-output.js';

const fault = (code: string) => Object.assign(new Error(`${code}: injected`), { code });

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'backlint-output-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Every file under dir, with its content: what a failed run must leave exactly as it found it. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out[path.relative(dir, path.join(entry.parentPath, entry.name))] = readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
  }
  return out;
}

const target = (dir: string, name: string): FileTarget => ({ what: `the ${name} report`, shown: name, file: path.join(dir, name) });

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(isBacklintError(error), String(error)).toBe(true);
  return (error as Error).message;
}

describe('writeOutputs: all or nothing', () => {
  it('replaces every file, keeps each old mode, and leaves no temp or backup file', async () => {
    const dir = project({ 'a.json': 'old a', 'b.csv': 'old b' });
    chmodSync(path.join(dir, 'a.json'), 0o640);
    await writeOutputs([{ target: target(dir, 'a.json'), text: 'new a' }, { target: target(dir, 'b.csv'), text: 'new b' }, { target: target(dir, 'sub/c.md'), text: 'new c' }]);
    expect(snapshot(dir)).toEqual({ 'a.json': 'new a', 'b.csv': 'new b', 'sub/c.md': 'new c' });
    expect(statSync(path.join(dir, 'a.json')).mode & 0o777).toBe(0o640);
  });

  it('writes a report given in pieces piece by piece, in order, each redacted, across several megabytes', async () => {
    const dir = project({});
    registerSecret('sk-pieces-0123456789abcdef');
    function* pieces() {
      yield '[\n';
      for (let at = 0; at < 40_000; at++) yield `  "${String(at).padStart(60, '.')}",\n`;
      yield '  "token sk-pieces-0123456789abcdef"\n]\n';
    }
    await writeOutputs([{ target: target(dir, 'big.json'), text: pieces() }]);
    const text = readFileSync(path.join(dir, 'big.json'), 'utf8');
    expect(text.length).toBeGreaterThan(2_000_000);
    const list = JSON.parse(text) as string[];
    expect(list).toHaveLength(40_001);
    expect(list[39_999]).toBe(`${'.'.repeat(55)}39999`);
    expect(list.at(-1)).toBe('token ***');
    forgetSecrets();
  });

  it('writes pieces of any size and script byte for byte: multi-byte characters across megabyte writes, pieces larger than a write', async () => {
    const dir = project({});
    const pieces = ([['a', 1], ['é', 7], ['😀', 301], ['\u0000', 65_536], ['中', 349_525], ['中', 349_526], ['"\\', 1_000_000], ['é', 3], ['😀', 2_500_000], ['a', 12]] as const)
      .map(([text, size]) => text.repeat(Math.ceil(size / text.length)).slice(0, size));
    // A lone surrogate, cut out of a pair, is written as U+FFFD, as Node writes any string.
    const expected = Buffer.from(pieces.join(''), 'utf8');
    await writeOutputs([{ target: target(dir, 'pieces.txt'), text: pieces.values() }]);
    expect(readFileSync(path.join(dir, 'pieces.txt')).equals(expected)).toBe(true);
  });

  it('ENOSPC while staging the second file: no file replaced, no temp file left, the error names the file', async () => {
    const dir = project({ 'a.json': 'old a', 'b.csv': 'old b' });
    let writes = 0;
    const fs: OutputFs = {
      ...nodeOutputFs,
      async writeNewFile(file, text, mode) {
        writes += 1;
        if (writes === 2) {
          writeFileSync(file, (typeof text === 'string' ? text : [...text].join('')).slice(0, 3)); // a disk that fills up part way leaves half a temp file
          throw fault('ENOSPC');
        }
        return nodeOutputFs.writeNewFile(file, text, mode);
      },
    };
    const message = await failure(writeOutputs([{ target: target(dir, 'a.json'), text: 'new a' }, { target: target(dir, 'b.csv'), text: 'new b' }, { target: target(dir, 'new/c.md'), text: 'c' }], fs));
    expect(message).toMatch(/^Cannot write the b\.csv report b\.csv: no space left on the device \(ENOSPC\)\. No report or baseline was written; every old file is kept/);
    expect(snapshot(dir)).toEqual({ 'a.json': 'old a', 'b.csv': 'old b' });
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'b.csv']);
  });

  it('EACCES on the second rename: the first file is put back byte for byte and a new file is removed', async () => {
    const dir = project({ 'a.json': 'old a', 'c.html': 'old c' });
    const fs: OutputFs = {
      ...nodeOutputFs,
      async rename(from, to) {
        if (to.endsWith('c.html')) throw fault('EACCES');
        return nodeOutputFs.rename(from, to);
      },
    };
    const message = await failure(
      writeOutputs([{ target: target(dir, 'a.json'), text: 'new a' }, { target: target(dir, 'out/b.csv'), text: 'new b' }, { target: target(dir, 'c.html'), text: 'new c' }], fs),
    );
    expect(message).toMatch(/^Cannot replace the c\.html report c\.html: permission denied \(EACCES\)\. No report or baseline was written; every old file is kept/);
    expect(snapshot(dir)).toEqual({ 'a.json': 'old a', 'c.html': 'old c' });
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'c.html']); // no temp, no backup, no folder out/
  });

  it('if an old file cannot be put back, says where its old content is instead of losing it', async () => {
    const dir = project({ 'a.json': 'old a', 'b.csv': 'old b' });
    const fs: OutputFs = {
      ...nodeOutputFs,
      async rename(from, to) {
        if (to.endsWith('b.csv')) throw fault('EIO');
        if (from.endsWith('.backlint-old')) throw fault('EIO'); // the restore fails too
        return nodeOutputFs.rename(from, to);
      },
    };
    const message = await failure(writeOutputs([{ target: target(dir, 'a.json'), text: 'new a' }, { target: target(dir, 'b.csv'), text: 'new b' }], fs));
    const kept = /Could not put back a\.json; its old content is in (\S+)\.$/.exec(message);
    expect(kept, message).not.toBeNull();
    expect(readFileSync(kept![1]!, 'utf8')).toBe('old a');
    expect(readFileSync(path.join(dir, 'b.csv'), 'utf8')).toBe('old b');
  });

  it('a target that became a folder after planning fails staging and leaves the other files alone', async () => {
    const dir = project({ 'a.json': 'old a' });
    mkdirSync(path.join(dir, 'b.csv'));
    const message = await failure(writeOutputs([{ target: target(dir, 'a.json'), text: 'new a' }, { target: target(dir, 'b.csv'), text: 'new b' }]));
    expect(message).toMatch(/Cannot write the b\.csv report b\.csv: it is a folder/);
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'b.csv']);
    expect(readFileSync(path.join(dir, 'a.json'), 'utf8')).toBe('old a');
  });

  it('redacts every registered secret before a byte reaches the disk', async () => {
    const dir = project({});
    registerSecret('s3cr3t-t0ken-value');
    await writeOutputs([{ target: target(dir, 'r.json'), text: '{"note":"token s3cr3t-t0ken-value"}' }]);
    expect(readFileSync(path.join(dir, 'r.json'), 'utf8')).toBe('{"note":"token ***"}');
  });
});

describe('planOutputs', () => {
  it('refuses a target it may not write before anything else happens (EACCES on the folder)', async () => {
    const dir = project({});
    const fs: OutputFs = { ...nodeOutputFs, access: async () => Promise.reject(fault('EACCES')) };
    const message = await failure(planOutputs({ cwd: dir, formats: [{ name: 'json', path: 'out/r.json' }], baseline: null, inputs: [] }, fs));
    expect(message).toMatch(/^Cannot write the json report to out\/r\.json: cannot create files in the folder .* \(permission denied \(EACCES\)\)\./);
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('--format %s is an unknown format', async (name) => {
    const message = await failure(planOutputs({ cwd: tmpdir(), formats: [{ name, path: null }], baseline: null, inputs: [] }));
    expect(message).toBe(`--format ${name}: unknown format. Formats: stylish, json, html, markdown, junit, sarif, csv.`);
  });

  it('reads -, /dev/stdout, /dev/fd/1 and /proc/self/fd/1 as stdout, but ./- as a file named -', () => {
    expect(['-', '/dev/stdout', '/dev//stdout', '/dev/fd/1', '/proc/self/fd/1'].map(isStdoutPath)).toEqual([true, true, true, true, true]);
    expect(['./-', 'dev/stdout', '/dev/stderr', '/dev/fd/2', 'stdout'].map(isStdoutPath)).toEqual([false, false, false, false, false]);
  });
});
