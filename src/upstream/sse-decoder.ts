/** One server-sent event as defined by the WHATWG HTML "event stream" format. */
export interface SseEvent {
  /** The `event:` field; absent means the default `message` type. */
  event: string | undefined;
  /** All `data:` lines of the event joined with `\n`. */
  data: string;
}

/**
 * Incremental SSE decoder: the only SSE parser in Portico. Feed it bytes as they arrive; it
 * returns each complete event once, keeping partial lines (and split UTF-8 sequences) for the
 * next chunk. Handles `\n`, `\r\n` and `\r` line endings and ignores comments and `id:`/`retry:`.
 */
export class SseDecoder {
  private readonly text = new TextDecoder('utf-8');
  private buffer = '';
  private eventName: string | undefined;
  private dataLines: string[] = [];
  private pendingCarriageReturn = false;

  /** Decodes the next chunk of bytes; returns the events it completed. */
  push(chunk: Uint8Array | string): SseEvent[] {
    let input = typeof chunk === 'string' ? chunk : this.text.decode(chunk, { stream: true });
    // A `\r\n` split across chunks: the `\r` already ended the line, so drop the `\n`.
    if (this.pendingCarriageReturn && input.startsWith('\n')) {
      input = input.slice(1);
      this.pendingCarriageReturn = false;
    }
    // An empty chunk (or one holding only part of a UTF-8 sequence) leaves a pending `\r` pending.
    if (input.length > 0) this.pendingCarriageReturn = input.endsWith('\r');
    this.buffer += input;
    const events: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const lineEnd = findLineEnd(this.buffer, start);
      if (lineEnd === -1) break;
      const line = this.buffer.slice(start, lineEnd);
      const terminator =
        this.buffer.charCodeAt(lineEnd) === 13 && this.buffer.charCodeAt(lineEnd + 1) === 10 ? 2 : 1;
      start = lineEnd + terminator;
      const event = this.consumeLine(line);
      if (event !== undefined) events.push(event);
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  /** Flushes an event left open when the stream ended without its blank line. */
  end(): SseEvent[] {
    const tail = this.buffer + this.text.decode();
    this.buffer = '';
    const events: SseEvent[] = [];
    if (tail.length > 0) {
      const event = this.consumeLine(tail);
      if (event !== undefined) events.push(event);
    }
    const last = this.consumeLine('');
    if (last !== undefined) events.push(last);
    return events;
  }

  private consumeLine(line: string): SseEvent | undefined {
    if (line.length === 0) {
      if (this.dataLines.length === 0) {
        this.eventName = undefined;
        return undefined;
      }
      const event = { event: this.eventName, data: this.dataLines.join('\n') };
      this.eventName = undefined;
      this.dataLines = [];
      return event;
    }
    if (line.charCodeAt(0) === 58) return undefined; // ':' starts a comment (keep-alive pings)
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') this.dataLines.push(value);
    else if (field === 'event') this.eventName = value;
    return undefined;
  }
}

function findLineEnd(text: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 10) return index;
    if (code === 13) return index;
  }
  return -1;
}
