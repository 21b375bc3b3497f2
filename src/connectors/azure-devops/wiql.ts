// WIQL text: the default selection and the id windows that read selections over 20,000 items (SPEC §3.2).
import { BacklintError } from '../../errors.js';

/** A WIQL string literal. */
export const wiqlString = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/**
 * The project's items whose state category is not Completed or Removed. WIQL has no state-category
 * operator, so each type's done states are named: `([System.WorkItemType] = 'Bug' AND [System.State]
 * NOT IN ('Closed', 'Removed')) OR …`.
 */
export function defaultWiql(doneStatesByType: ReadonlyMap<string, readonly string[]>): string {
  const clauses = [...doneStatesByType].map(([type, done]) =>
    done.length === 0
      ? `[System.WorkItemType] = ${wiqlString(type)}`
      : `([System.WorkItemType] = ${wiqlString(type)} AND [System.State] NOT IN (${done.map(wiqlString).join(', ')}))`,
  );
  const where = clauses.length > 0 ? ` AND (${clauses.join(' OR ')})` : '';
  return `SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project${where} ORDER BY [System.Id]`;
}

export interface SplitWiql {
  /** The WHERE condition, or null when the query has none. */
  where: string | null;
}

/** Splits a flat query into its WHERE condition, ignoring keywords inside string literals. */
export function splitWiql(sourceName: string, query: string): SplitWiql {
  // Blank out string literals ('…' with '' escapes) so keywords inside them are not matched.
  const masked = query.replace(/'(?:[^']|'')*'/g, (literal) => ' '.repeat(literal.length));
  const from = /\bFROM\s+(\w+)/i.exec(masked);
  if (!from || !/^workitems$/i.test(from[1] ?? '')) {
    throw new BacklintError(
      'config',
      `Source ${sourceName}: the WIQL must be a flat query (SELECT [System.Id] FROM WorkItems WHERE …)${from ? `, not FROM ${from[1]}` : ''}.`,
    );
  }
  // ASOF selects the backlog as it was; backlint reads items as they are now (the windows and batches
  // would drop it), so a query asking for the past is refused rather than answered with the present.
  if (/\bASOF\b/i.test(masked.replace(/\[[^\]]*\]/g, ' '))) {
    throw new BacklintError('config', `Source ${sourceName}: the WIQL asks for the backlog as it was (ASOF); backlint lints work items as they are now. Remove the ASOF clause.`);
  }
  const whereAt = masked.search(/\bWHERE\b/i);
  const orderMatch = /\bORDER\s+BY\b/i.exec(masked);
  const ends = [orderMatch?.index].filter((at): at is number => at !== undefined && at > whereAt);
  if (whereAt < 0) return { where: null };
  const end = ends.length > 0 ? Math.min(...ends) : query.length;
  const where = query.slice(whereAt + 'WHERE'.length, end).trim();
  return { where: where.length > 0 ? where : null };
}

/** The query for the ids after `lastId`, in id order, so windows of `top` ids cover the selection once. */
export function windowWiql(split: SplitWiql, lastId: number): string {
  const after = `[System.Id] > ${lastId}`;
  const where = split.where === null ? after : `(${split.where}) AND ${after}`;
  return `SELECT [System.Id] FROM WorkItems WHERE ${where} ORDER BY [System.Id]`;
}
