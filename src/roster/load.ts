// The team roster from the config (`teams:`) or a teams file (`teamsFile:`, YAML or CSV, as coaches keep it
// in a spreadsheet), validated against one schema. Every error names the file and the row or line to fix.
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { describeValue, expectedButFound } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { displayPath } from '../display-path.js';
import { BacklintError } from '../errors.js';
import { formatPath, type PathSegment } from '../json-path.js';
import { InputFileError, readRegularFile } from '../read-file.js';
import { nearestNames } from '../suggest.js';
import { listOf, rosterTeamSchema, teamsSchema, type RosterTeamConfig } from './schema.js';

const MATCH_KEYS = ['project', 'component', 'team', 'areaPath', 'label'] as const;
export type MatchKey = (typeof MATCH_KEYS)[number];

export interface RosterTeam {
  name: string;
  /** Per match key, the values any of which matches; a key the team does not use is absent. */
  match: Partial<Record<MatchKey, string[]>>;
  productOwners: string[];
  productManagers: string[];
  /** Where the team is written, for messages: `teams[2]`, `teams.csv row 4`. */
  where: string;
}

export interface Roster {
  teams: RosterTeam[];
  /** Where the roster is written: the config file, or the teams file. */
  origin: string;
}

const MAX_TEAMS_FILE_BYTES = 16 * 1024 * 1024;

/** The config's roster, or null when it has none. `configShown` names the config file in messages. */
export async function loadRoster(config: Pick<Config, 'teams' | 'teamsFile'>, configShown: string): Promise<Roster | null> {
  if (config.teams !== undefined) return { teams: config.teams.map((team, index) => toRosterTeam(team, `teams[${index}]`)), origin: configShown };
  if (config.teamsFile === undefined) return null;
  const file = config.teamsFile;
  const shown = displayPath(file);
  let text: string;
  try {
    text = (await readRegularFile(file, MAX_TEAMS_FILE_BYTES)).toString('utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : error instanceof InputFileError ? error.message : (error as Error).message;
    throw new BacklintError('config', `Cannot read the teams file ${shown} (teamsFile in ${configShown}): ${reason}.`);
  }
  // csv-parse is loaded only for a CSV roster: most runs have none.
  const teams = path.extname(file).toLowerCase() === '.csv' ? parseCsvRoster((await import('csv-parse/sync')).parse, text, shown) : parseYamlRoster(text, shown);
  return { teams, origin: shown };
}

function toRosterTeam(team: RosterTeamConfig, where: string): RosterTeam {
  const match: RosterTeam['match'] = {};
  for (const key of MATCH_KEYS) if (team.match[key] !== undefined) match[key] = listOf(team.match[key]);
  return { name: team.name, match, productOwners: listOf(team.productOwner), productManagers: listOf(team.productManager), where };
}

// ---- YAML: a list of teams, or { teams: [...] }; errors name the line.

function parseYamlRoster(text: string, shown: string): RosterTeam[] {
  const lines = new YAML.LineCounter();
  const document = YAML.parseDocument(text, { lineCounter: lines, prettyErrors: true });
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    throw new BacklintError('config', `Teams file ${shown} is not valid YAML: ${error.message.split('\n')[0]?.replace(/[:.\s]+$/, '')}.`);
  }
  const value: unknown = document.toJS();
  const wrapped = value !== null && typeof value === 'object' && !Array.isArray(value) && 'teams' in value;
  const list: unknown = wrapped ? (value as { teams: unknown }).teams : value;
  const prefix: PathSegment[] = wrapped ? ['teams'] : [];
  if (wrapped && Object.keys(value as object).some((key) => key !== 'teams')) {
    const extra = Object.keys(value as object).filter((key) => key !== 'teams');
    throw new BacklintError('config', `Teams file ${shown}: unknown top-level key ${extra.map((key) => `"${key}"`).join(', ')}: the file holds a list of teams, or { teams: [...] }.`);
  }
  const parsed = teamsSchema.safeParse(list, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const at = [...prefix, ...issue.path];
      const lineAt = (path: readonly PathSegment[]) => {
        const found = nearestNode(document, path);
        return found?.range ? lines.linePos(found.range[0]).line : null;
      };
      const line = lineAt(at);
      // The schema names the first of two teams as `teams[n]`: in this file, it is where it is written.
      const message = describe(issue).replace(/\(also teams\[(\d+)\]\)/, (_all, first: string) => {
        const firstAt = [...prefix, Number(first)];
        const firstLine = lineAt(firstAt);
        return `(also ${formatPath(firstAt)}${firstLine === null ? '' : `, line ${firstLine}`})`;
      });
      return `${line === null ? '' : `line ${line} `}(${formatPath(at)}): ${message}`;
    });
    throw new BacklintError('config', `Teams file ${shown} is invalid:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data.map((team, index) => toRosterTeam(team, `${shown} ${formatPath([...prefix, index])}`));
}

/** The node at a path, else (a key that is missing) the nearest node above it that is there. */
function nearestNode(document: YAML.Document, at: readonly PathSegment[]): { range?: [number, number, number] | null } | undefined {
  for (let length = at.length; length >= 0; length -= 1) {
    const node = document.getIn(at.slice(0, length) as unknown[], true) as { range?: [number, number, number] | null } | undefined;
    if (node?.range) return node;
  }
  return undefined;
}

// ---- CSV: one row per team; a cell may hold several values separated by ';' or a line break.

const CSV_COLUMNS = ['name', ...MATCH_KEYS, 'productOwner', 'productManager'] as const;
/** `Product Owner`, `product_owner`, `AREA PATH` → the column's key. */
const columnKey = (header: string) => header.replace(/[\s_-]+/g, '').toLowerCase();
const COLUMN_BY_KEY = new Map<string, string>(CSV_COLUMNS.map((column) => [columnKey(column), column]));

function parseCsvRoster(parseCsv: typeof import('csv-parse/sync').parse, original: string, shown: string): RosterTeam[] {
  // One line break, so that row numbers count as an editor does (csv-parse counts a CR LF inside quotes twice).
  const text = original.replace(/\r\n?/g, '\n');
  let rows: { record: Record<string, string>; raw: string }[];
  try {
    rows = parseCsv(text, {
      columns: (headers: string[]) => csvColumns(headers, shown),
      comment: '#',
      skip_empty_lines: true,
      trim: true,
      raw: true,
    }) as never;
  } catch (error) {
    if (error instanceof BacklintError) throw error;
    throw new BacklintError('config', `Teams file ${shown} is not valid CSV: ${(error as Error).message}.`);
  }
  const seen = new Map<string, number>();
  const lineOf = startLines(text, rows.map((row) => row.raw));
  return rows.map(({ record }, index) => {
    const line = lineOf[index]!;
    const row = `${shown} row ${line}`;
    const raw: Record<string, unknown> = { match: {} };
    for (const [column, cell] of Object.entries(record)) {
      const values = cell.split(/[;\n]/).map((value) => value.trim()).filter(Boolean);
      if (values.length === 0) continue;
      const value = values.length === 1 ? values[0] : values;
      if ((MATCH_KEYS as readonly string[]).includes(column)) (raw.match as Record<string, unknown>)[column] = value;
      else raw[column] = value;
    }
    const parsed = rosterTeamSchema.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? `${csvPath(issue.path)}: ` : ''}${describe(issue)}`);
      throw new BacklintError('config', `Teams file ${row}: ${problems.join('; ')}.`);
    }
    const key = parsed.data.name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) throw new BacklintError('config', `Teams file ${row}: duplicate team name '${parsed.data.name}' (also row ${first}).`);
    seen.set(key, line);
    return toRosterTeam(parsed.data, row);
  });
}

/**
 * The line each row starts on. csv-parse's `info.lines` is the line a row ends on (a quoted cell may span
 * lines); a person looks for the row where it starts. Each row's raw text follows the previous one's, led
 * by the comment and empty lines skipped before it. `text` has only LF line breaks.
 */
function startLines(text: string, raws: readonly string[]): number[] {
  const lines: number[] = [];
  let cursor = 0;
  let line = 1;
  const advance = (to: number) => {
    line += text.slice(cursor, to).split('\n').length - 1;
    cursor = to;
  };
  for (const raw of raws) {
    const at = text.indexOf(raw, cursor);
    if (at < 0) {
      lines.push(line);
      continue;
    }
    const skipped = /^(?:[ \t]*(?:#[^\n]*)?\n)*/.exec(raw)![0].length;
    advance(at + skipped);
    lines.push(line);
    advance(at + raw.length);
  }
  return lines;
}

/**
 * The header row's columns. A column with no header is left out (spreadsheets save a stray empty column
 * as a trailing comma); two headers for one column (`Product Owner` and `product_owner`) are an error,
 * where csv-parse would keep the last and drop the other's cells without a word.
 */
function csvColumns(headers: readonly string[], shown: string): (string | undefined)[] {
  const seen = new Map<string, string>();
  const columns = headers.map((header) => {
    if (header.trim() === '') return undefined;
    const column = csvColumn(header, shown);
    const first = seen.get(column);
    if (first !== undefined) throw new BacklintError('config', `Teams file ${shown}: the columns "${first}" and "${header}" are both ${column}: keep one, with several values in a cell separated by ';'.`);
    seen.set(column, header);
    return column;
  });
  if (!seen.has('name')) {
    const team = seen.get('team');
    const hint = team === undefined ? '' : ` ("${team}" is the item's team field value to match, not the team's name)`;
    throw new BacklintError('config', `Teams file ${shown}: no name column${hint}: the header row needs a column name with each team's name. The columns are: ${CSV_COLUMNS.join(', ')}.`);
  }
  return columns;
}

function csvColumn(header: string, shown: string): string {
  const column = COLUMN_BY_KEY.get(columnKey(header));
  if (column !== undefined) return column;
  const parts = header.split(/[;\t]/);
  if (parts.length > 1 && parts.some((part) => COLUMN_BY_KEY.has(columnKey(part)))) {
    throw new BacklintError('config', `Teams file ${shown}: the header "${header}" is one column: the file separates its columns with "${header.includes(';') ? ';' : 'a tab'}". Separate them with commas (people within a cell with ";"). The columns are: ${CSV_COLUMNS.join(', ')}.`);
  }
  const meant = nearestNames(header, CSV_COLUMNS, 1)[0];
  throw new BacklintError(
    'config',
    `Teams file ${shown}: unknown column "${header}"${meant ? ` (did you mean ${meant}?)` : ''}. The columns are: ${CSV_COLUMNS.join(', ')}.`,
  );
}

/** A CSV cell's path: the match keys are columns of their own. */
const csvPath = (at: readonly PathSegment[]) => (at[0] === 'match' && at.length > 1 ? String(at[1]) : formatPath(at));

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const known = issue.path.at(-1) === 'match' ? MATCH_KEYS : ['name', 'match', 'productOwner', 'productManager'];
    return issue.keys
      .map((key) => {
        const meant = nearestNames(key, known, 1)[0];
        return `unknown key "${key}"${meant ? ` (did you mean ${meant}?)` : ''}`;
      })
      .join('; ');
  }
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && issue.input === undefined) return 'required; it is missing';
  return expectedButFound(issue, (value) => describeValue(value, [], false)) ?? issue.message;
}
