// `[`, `]`, `{`, `}`, `"` and `\`: the only characters that change nesting or string state.
const openArray = 91;
const closeArray = 93;
const openObject = 123;
const closeObject = 125;
const quote = 34;
const backslash = 92;

/**
 * Whether JSON `text` nests arrays and objects deeper than `limit` levels, read without parsing
 * it. JSON.parse accepts any depth but JSON.stringify and recursive readers overflow the stack
 * a few thousand levels down, so such a body must be refused before anything walks it.
 */
export function exceedsJsonDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === backslash) index++;
      else if (code === quote) inString = false;
    } else if (code === quote) {
      inString = true;
    } else if (code === openArray || code === openObject) {
      if (++depth > limit) return true;
    } else if (code === closeArray || code === closeObject) {
      depth--;
    }
  }
  return false;
}
