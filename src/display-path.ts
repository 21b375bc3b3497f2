// How a file is named in messages: relative to the working directory when it lies inside it, else absolute.
import path from 'node:path';

export function displayPath(file: string, cwd: string = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
