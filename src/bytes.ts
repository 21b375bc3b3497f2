// Sizes for people, in the caps backlint states (`256 MiB`, `16 MiB`): one spelling for every message.

/** `256 MiB`, `64 KiB`, `1500 bytes`: a unit only where the size is a whole number of it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** No answer of a tracker that backlint asks for comes near this (a page of issues is a few MB); a larger one fails the source. */
export const MAX_BODY_BYTES = 256 * 1024 * 1024;
