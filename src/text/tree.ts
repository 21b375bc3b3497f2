// The one small document tree that ADF, HTML, Jira wiki markup and Markdown are parsed into (SPEC §6).
// It keeps only what the acceptance criteria finder needs: block structure, heading levels and
// whether text is bold. Everything else (links, colours, mentions, media) becomes plain text or nothing.

/** A run of text with the marks the finder cares about. `break` is a hard line break (`<br>`, ADF hardBreak). */
export type Inline =
  | { type: 'text'; text: string; bold?: boolean; italic?: boolean }
  | { type: 'break' };

export type Block =
  | { type: 'heading'; level: number; content: Inline[] }
  | { type: 'paragraph'; content: Inline[] }
  | { type: 'list'; ordered: boolean; items: ListItem[] }
  | { type: 'table'; rows: Block[][][] } // rows → cells → blocks
  | { type: 'code'; language?: string; text: string }
  | { type: 'container'; kind: 'panel' | 'expand' | 'blockquote' | 'other'; title?: string; children: Block[] }
  | { type: 'rule' };

/** A list or task-list item; `checked` is set for task (checklist) items only. */
export interface ListItem {
  checked?: boolean;
  children: Block[];
}

export interface RichDocument {
  type: 'doc';
  /** The markup it came from, for messages and debugging. */
  format: 'adf' | 'html' | 'wiki' | 'markdown' | 'text';
  children: Block[];
}

export const emptyDocument = (format: RichDocument['format']): RichDocument => ({ type: 'doc', format, children: [] });
