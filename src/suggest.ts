// "Did you mean" lists for unknown field names and ids.
import { distance } from 'fastest-levenshtein';

/** Up to `count` candidates nearest to `target`, case-insensitively; substrings first, then by edit distance. */
export function nearestNames(target: string, candidates: Iterable<string>, count = 5): string[] {
  const wanted = target.trim().toLowerCase();
  const scored = [...new Set(candidates)].map((name) => {
    const lower = name.toLowerCase();
    const contains = lower.includes(wanted) || wanted.includes(lower);
    return { name, score: contains ? -1 : distance(wanted, lower) / Math.max(wanted.length, lower.length, 1) };
  });
  return scored
    .filter((entry) => entry.score < 0.6)
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, count)
    .map((entry) => entry.name);
}
