/** What may precede the text in `{"input": "..."}`, in order; JSON whitespace may come between. */
const opening = ['{', '"input"', ':', '"'];
const whitespace = new Set([' ', '\t', '\n', '\r']);
const simpleEscapes: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * Reads a custom tool's text out of its call's arguments (`{"input": "..."}`) while they stream,
 * so the client gets `response.custom_tool_call_input.delta` events as the model writes. It
 * stops at the end of the string, and gives up when the arguments take another shape; the
 * finished call is then read whole (unwrapCustomInput). A trailing half of a surrogate pair is
 * held back, as a lone surrogate would make the event invalid JSON for strict parsers.
 */
export class CustomInputReader {
  /** Arguments received but not yet read. */
  private pending = '';
  private state: 'opening' | 'text' | 'finished' = 'opening';
  /** Decoded text not yet returned (a high surrogate waiting for its pair). */
  private held = '';
  /** All text returned so far. */
  emitted = '';

  /** Reads more arguments; returns the text they complete (often ''). */
  push(argumentsDelta: string): string {
    if (this.state === 'finished') return '';
    this.pending += argumentsDelta;
    if (this.state === 'opening' && !this.readOpening()) return '';
    const text = this.held + this.readText();
    const last = text.charCodeAt(text.length - 1);
    const split = last >= 0xd800 && last <= 0xdbff && this.state === 'text';
    this.held = split ? text.slice(-1) : '';
    const ready = split ? text.slice(0, -1) : text;
    this.emitted += ready;
    return ready;
  }

  /** Consumes `{ "input" : "` when complete; false while it is incomplete or when it cannot match. */
  private readOpening(): boolean {
    let position = 0;
    for (const token of opening) {
      while (position < this.pending.length && whitespace.has(this.pending.charAt(position))) position++;
      const available = this.pending.slice(position, position + token.length);
      if (available !== token.slice(0, available.length)) {
        this.state = 'finished';
        return false;
      }
      if (available.length < token.length) return false;
      position += token.length;
    }
    this.pending = this.pending.slice(position);
    this.state = 'text';
    return true;
  }

  /** Decodes the JSON string body as far as it is complete. */
  private readText(): string {
    let text = '';
    let position = 0;
    const source = this.pending;
    while (position < source.length) {
      const char = source.charAt(position);
      if (char === '"') {
        this.state = 'finished';
        position = source.length;
        break;
      }
      if (char !== '\\') {
        text += char;
        position++;
        continue;
      }
      if (position + 1 >= source.length) break;
      const escape = source.charAt(position + 1);
      const simple = simpleEscapes[escape];
      if (simple !== undefined) {
        text += simple;
        position += 2;
        continue;
      }
      if (escape !== 'u') {
        this.state = 'finished';
        position = source.length;
        break;
      }
      const hex = source.slice(position + 2, position + 6);
      if (hex.length < 4) break;
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        this.state = 'finished';
        position = source.length;
        break;
      }
      text += String.fromCharCode(Number.parseInt(hex, 16));
      position += 6;
    }
    this.pending = source.slice(position);
    return text;
  }
}
