/** Counts the tokens of one text; special-token text counts as plain text. */
export type CountTokens = (text: string) => number;

/**
 * Longest piece handed to the tokenizer at once. BPE over one pre-token (a run of one letter,
 * a line of CJK text) costs the square of its length: 200,000 'a's took 25 s whole and 43 ms in
 * 1,024-character pieces; at 512 no piece costs more than about 15 ms, so a deadline is checked
 * often enough (docs/security.md, docs/benchmarks.md).
 */
export const maxPieceLength = 512;

/**
 * Counts `text` piece by piece, each at most `maxPieceLength` characters, cut after the last
 * space or newline in the piece's second half when there is one (o200k's pre-tokenizer splits there
 * too, so normal text counts as it would whole) and hard otherwise (at most one token too many
 * per cut). Linear in the text's length. Returns undefined once `now()` passes `deadline`.
 */
export function countInPieces(
  text: string,
  count: CountTokens,
  deadline = Infinity,
  now: () => number = Date.now,
): number | undefined {
  if (text.length <= maxPieceLength) return count(text);
  let total = 0;
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + maxPieceLength, text.length);
    if (end < text.length) end = cutAfterWhitespace(text, start, end);
    total += count(text.slice(start, end));
    start = end;
    if (start < text.length && now() > deadline) return undefined;
  }
  return total;
}

/** The end of the piece [start, end): at the last space or after the last newline in its second half, else `end`. */
function cutAfterWhitespace(text: string, start: number, end: number): number {
  const half = start + (end - start) / 2;
  for (let index = end; index > half; index--) {
    const code = text.charCodeAt(index);
    // A space starts the next word's token (` word`); a newline ends a line's token (`.\n`).
    if (code === 0x20) return index;
    if (code === 0x0a) return index + 1;
  }
  return end;
}
