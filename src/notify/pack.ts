// Splitting a digest to a service's limits. Parts keep their order (the digest is sorted by who has
// most new work), so greedy next-fit gives the fewest messages: each message takes every part that
// still fits before the next one starts.

/**
 * Packs `parts` in order into as few messages as `fits` allows. `fits(message, taken, part)` says
 * whether `part` may join message number `message` (0-based) that already holds `taken`; a part that
 * fits no empty message is the caller's error (it must cut its parts to the limits first).
 */
export function packInOrder<T>(parts: readonly T[], fits: (message: number, taken: readonly T[], part: T) => boolean): T[][] {
  const messages: T[][] = [[]];
  for (const part of parts) {
    let current = messages[messages.length - 1]!;
    if (current.length > 0 && !fits(messages.length - 1, current, part)) {
      current = [];
      messages.push(current);
    }
    if (!fits(messages.length - 1, [], part) && current.length === 0) throw new Error('notify: a digest part is larger than a whole message');
    current.push(part);
  }
  return messages;
}

/** "…and 12 more items": the lines that fit `budget` (with room for that line), then the count of the rest. */
export function linesWithin(lines: readonly string[], maxLines: number, budget: number, measure: (text: string) => number, more: (rest: number) => string): string[] {
  const kept: string[] = [];
  let used = 0;
  for (const [index, line] of lines.entries()) {
    const rest = lines.length - index - 1;
    const reserve = rest > 0 ? measure(more(rest)) + 1 : 0;
    if (kept.length >= maxLines || used + measure(line) + 1 + reserve > budget) break;
    kept.push(line);
    used += measure(line) + 1;
  }
  return kept.length < lines.length ? [...kept, more(lines.length - kept.length)] : kept;
}
