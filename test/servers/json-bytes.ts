// For the loopback servers: answers spliced from items already serialised as UTF-8 bytes, so a server
// does not encode the same items again for every answer (the bench measures the client, not the server).

const COMMA = Buffer.from(',');

/** `open`, the items' JSON separated by commas, `close`: e.g. `[` … `]`, or `{"value":[` … `]}`. */
export function joinJsonBytes(open: string, items: readonly Buffer[], close: string): Buffer {
  return Buffer.concat([Buffer.from(open), ...items.flatMap((bytes, index) => (index === 0 ? [bytes] : [COMMA, bytes])), Buffer.from(close)]);
}
