// Helpers the four parsers share to build the document tree (tree.ts) without recursion.
import type { Block, Inline } from './tree.js';

/**
 * Structural nesting (lists, tables, containers) kept in a parsed tree. Deeper structure is flattened
 * into its ancestor, text kept, so a 10,000-level description (SPEC §12) yields a shallow tree that
 * every later consumer can walk, serialise or compare without running out of stack.
 */
export const MAX_DEPTH = 48;

/**
 * Matches the whitespace that collapsing changes: a run of two or more, or any whitespace other than a
 * plain space (tabs, newlines, U+00A0 from `&nbsp;`). A single space, by far the most common, is left
 * alone, which makes collapsing a 5 MB text several times faster than replacing every `\s+`.
 */
const UNCOLLAPSED = /(?: \s|[^\S ])\s*/g;

/** Whitespace runs → one space. */
export function collapseWhitespace(text: string): string {
  return text.replace(UNCOLLAPSED, ' ');
}

/** Appends text to a run list, merging it into the previous run when the marks are the same. */
export function pushText(inlines: Inline[], text: string, bold: boolean, italic: boolean): void {
  if (text.length === 0) return;
  const last = inlines[inlines.length - 1];
  if (last !== undefined && last.type === 'text' && (last.bold === true) === bold && (last.italic === true) === italic) {
    last.text += text;
    return;
  }
  const run: Inline = { type: 'text', text };
  if (bold) run.bold = true;
  if (italic) run.italic = true;
  inlines.push(run);
}

/**
 * A list of blocks being filled in document order. Inline content that arrives outside any paragraph
 * (text directly in an ADF list item, HTML text between `<div>`s) goes into one implicit paragraph,
 * which the next block closes.
 */
export class BlockSink {
  private open: Inline[] | null = null;

  constructor(
    readonly blocks: Block[],
    /** Structural nesting depth of this list, compared with MAX_DEPTH. */
    readonly depth: number,
  ) {}

  add(block: Block): void {
    this.blocks.push(block);
    this.open = null;
  }

  /** Ends the implicit paragraph: the next inline content starts a new one. */
  endParagraph(): void {
    this.open = null;
  }

  /** The implicit paragraph's runs, created when first needed. */
  inlines(): Inline[] {
    if (this.open === null) {
      this.open = [];
      this.blocks.push({ type: 'paragraph', content: this.open });
    }
    return this.open;
  }

  hasOpenParagraph(): boolean {
    return this.open !== null;
  }

  text(text: string, bold: boolean, italic: boolean): void {
    pushText(this.inlines(), text, bold, italic);
  }

  lineBreak(): void {
    this.inlines().push({ type: 'break' });
  }
}

/** A date shown the way people read it; ADF keeps dates as epoch milliseconds in a string. */
export function formatTimestamp(value: unknown): string {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(ms)) return typeof value === 'string' ? value : '';
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}
