// A small WIQL evaluator for the loopback Azure DevOps: flat queries (SELECT … FROM WorkItems WHERE …
// ORDER BY …) with =, <>, <, >, <=, >=, IN, NOT IN, CONTAINS, AND, OR, NOT, parentheses, @project and
// @me, fields by reference or display name. A query it cannot parse is answered as Azure DevOps does,
// with 400 TF51006.

export type Fields = Record<string, unknown>;
type Predicate = (fields: Fields) => boolean;

export interface ParsedWiql {
  where: Predicate;
  orderBy: { field: string; descending: boolean }[];
}

export class WiqlError extends Error {}

const DISPLAY_NAMES: Record<string, string> = {
  id: 'System.Id',
  state: 'System.State',
  title: 'System.Title',
  'work item type': 'System.WorkItemType',
  'team project': 'System.TeamProject',
  'area path': 'System.AreaPath',
  'iteration path': 'System.IterationPath',
  tags: 'System.Tags',
  'assigned to': 'System.AssignedTo',
  'changed date': 'System.ChangedDate',
  'created date': 'System.CreatedDate',
};

type Token = { kind: 'field' | 'string' | 'number' | 'word' | 'op' | 'punct' | 'macro'; text: string };

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < query.length) {
    const rest = query.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    const match =
      /^\[([^\]]+)\]/.exec(rest) ??
      /^'((?:[^']|'')*)'/.exec(rest) ??
      /^"((?:[^"]|"")*)"/.exec(rest) ??
      /^-?\d+(\.\d+)?\b/.exec(rest) ??
      /^@\w+/.exec(rest) ??
      /^(<>|<=|>=|=|<|>)/.exec(rest) ??
      /^[(),]/.exec(rest) ??
      /^[A-Za-z_][\w.]*/.exec(rest);
    if (!match) throw new WiqlError(`unexpected character '${rest[0]}'`);
    const text = match[0];
    const kind: Token['kind'] = text.startsWith('[')
      ? 'field'
      : text.startsWith("'") || text.startsWith('"')
        ? 'string'
        : /^-?\d/.test(text)
          ? 'number'
          : text.startsWith('@')
            ? 'macro'
            : /^[<>=]/.test(text)
              ? 'op'
              : /^[(),]$/.test(text)
                ? 'punct'
                : 'word';
    const value = kind === 'field' ? match[1]! : kind === 'string' ? match[1]!.replace(/''/g, "'").replace(/""/g, '"') : text;
    tokens.push({ kind, text: value });
    at += text.length;
  }
  return tokens;
}

export function parseWiql(query: string, macros: { project: string }): ParsedWiql {
  const tokens = tokenize(query);
  let at = 0;
  const peek = () => tokens[at];
  const isWord = (word: string) => peek()?.kind === 'word' && peek()!.text.toUpperCase() === word;
  const expectWord = (word: string) => {
    if (!isWord(word)) throw new WiqlError(`expected ${word} near '${peek()?.text ?? 'the end'}'`);
    at += 1;
  };
  const field = (): string => {
    const token = tokens[at++];
    if (token?.kind !== 'field') throw new WiqlError(`expected a field near '${token?.text ?? 'the end'}'`);
    return DISPLAY_NAMES[token.text.toLowerCase()] ?? token.text;
  };
  const value = (): unknown => {
    const token = tokens[at++];
    if (!token) throw new WiqlError('expected a value at the end');
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return Number(token.text);
    if (token.kind === 'macro') {
      if (token.text.toLowerCase() === '@project') return macros.project;
      if (token.text.toLowerCase() === '@me') return '@me';
      if (token.text.toLowerCase() === '@today') return new Date().toISOString().slice(0, 10);
    }
    throw new WiqlError(`expected a value near '${token.text}'`);
  };

  expectWord('SELECT');
  field();
  while (peek()?.text === ',') {
    at += 1;
    field();
  }
  expectWord('FROM');
  const from = tokens[at++];
  if (from?.kind !== 'word' || !/^(workitems|workitemlinks)$/i.test(from.text)) throw new WiqlError('expected FROM WorkItems');
  if (/^workitemlinks$/i.test(from.text)) throw new WiqlError('link queries are not served by this server');

  const orExpr = (): Predicate => {
    let left = andExpr();
    while (isWord('OR')) {
      at += 1;
      const a = left;
      const b = andExpr();
      left = (f) => a(f) || b(f);
    }
    return left;
  };
  const andExpr = (): Predicate => {
    let left = notExpr();
    while (isWord('AND')) {
      at += 1;
      const a = left;
      const b = notExpr();
      left = (f) => a(f) && b(f);
    }
    return left;
  };
  const notExpr = (): Predicate => {
    if (isWord('NOT')) {
      at += 1;
      const inner = notExpr();
      return (f) => !inner(f);
    }
    if (peek()?.text === '(' && peek()?.kind === 'punct') {
      at += 1;
      const inner = orExpr();
      if (tokens[at++]?.text !== ')') throw new WiqlError("expected ')'");
      return inner;
    }
    return comparison();
  };
  const comparison = (): Predicate => {
    const name = field();
    const get = (f: Fields) => comparable(f[name]);
    let negate = false;
    if (isWord('NOT')) {
      negate = true;
      at += 1;
    }
    if (isWord('IN')) {
      at += 1;
      if (tokens[at++]?.text !== '(') throw new WiqlError("expected '(' after IN");
      const values: unknown[] = [value()];
      while (peek()?.text === ',') {
        at += 1;
        values.push(value());
      }
      if (tokens[at++]?.text !== ')') throw new WiqlError("expected ')'");
      const set = new Set(values.map(comparable));
      return (f) => set.has(get(f)) !== negate;
    }
    if (isWord('CONTAINS')) {
      at += 1;
      const wanted = String(value()).toLowerCase();
      return (f) => String(f[name] ?? '').toLowerCase().includes(wanted) !== negate;
    }
    if (negate) throw new WiqlError('expected IN or CONTAINS after NOT');
    const op = tokens[at++];
    if (op?.kind !== 'op') throw new WiqlError(`expected an operator near '${op?.text ?? 'the end'}'`);
    const right = comparable(value());
    switch (op.text) {
      case '=':
        return (f) => get(f) === right;
      case '<>':
        return (f) => get(f) !== right;
      case '<':
        return (f) => (get(f) as number) < (right as number);
      case '>':
        return (f) => (get(f) as number) > (right as number);
      case '<=':
        return (f) => (get(f) as number) <= (right as number);
      default:
        return (f) => (get(f) as number) >= (right as number);
    }
  };

  let where: Predicate = () => true;
  if (isWord('WHERE')) {
    at += 1;
    where = orExpr();
  }
  const orderBy: ParsedWiql['orderBy'] = [];
  if (isWord('ORDER')) {
    at += 1;
    expectWord('BY');
    for (;;) {
      const name = field();
      let descending = false;
      if (isWord('ASC') || isWord('DESC')) descending = tokens[at++]!.text.toUpperCase() === 'DESC';
      orderBy.push({ field: name, descending });
      if (peek()?.text !== ',') break;
      at += 1;
    }
  }
  if (at < tokens.length) throw new WiqlError(`unexpected '${tokens[at]!.text}'`);
  return { where, orderBy };
}

/** Strings compare case-insensitively in WIQL; identities by display name. */
function comparable(value: unknown): unknown {
  if (typeof value === 'string') return value.toLowerCase();
  if (value && typeof value === 'object' && 'displayName' in value) return String((value as { displayName: unknown }).displayName).toLowerCase();
  return value;
}
