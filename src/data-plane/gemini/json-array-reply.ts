import type { ReplyWriter } from '../../pipeline/context/reply-writer.js';
import { SseDecoder } from '../../upstream/sse-decoder.js';

/**
 * A reply that turns the server-sent events the pipeline writes into Gemini's other stream
 * framing: without `alt=sse`, `streamGenerateContent` answers one JSON array whose elements
 * arrive as they are generated (`[{...},\r\n{...}]`). Responses that are not event streams
 * (errors before the first byte) pass through unchanged. Each write is re-framed at once, so
 * the stream stays progressive and back-pressure still reaches the pipeline.
 * https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */
export class JsonArrayReply implements ReplyWriter {
  private reframing = false;
  private opened = false;
  private readonly events = new SseDecoder();

  constructor(private readonly inner: ReplyWriter) {}

  get headersSent(): boolean {
    return this.inner.headersSent;
  }

  get writableEnded(): boolean {
    return this.inner.writableEnded;
  }

  get destroyed(): boolean {
    return this.inner.destroyed;
  }

  writeHead(status: number, headers?: Record<string, string | number>): unknown {
    const type = headers?.['content-type'];
    if (typeof type !== 'string' || !type.startsWith('text/event-stream'))
      return this.inner.writeHead(status, headers);
    this.reframing = true;
    return this.inner.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8' });
  }

  write(chunk: string | Uint8Array): boolean {
    if (!this.reframing) return this.inner.write(chunk);
    const elements = this.elements(this.events.push(chunk));
    return elements === '' ? true : this.inner.write(elements);
  }

  end(chunk?: string | Uint8Array): unknown {
    if (!this.reframing) return this.inner.end(chunk);
    let tail = chunk === undefined ? '' : this.elements(this.events.push(chunk));
    tail += this.elements(this.events.end());
    // An error after the first byte still closes the array, so the body stays valid JSON.
    return this.inner.end(`${tail}${this.opened ? ']' : '[]'}`);
  }

  once(event: 'drain' | 'close', listener: () => void): unknown {
    return this.inner.once(event, listener);
  }

  removeListener(event: 'drain' | 'close', listener: () => void): unknown {
    return this.inner.removeListener(event, listener);
  }

  private elements(events: { data: string }[]): string {
    let text = '';
    for (const event of events) {
      text += this.opened ? `,\r\n${event.data}` : `[${event.data}`;
      this.opened = true;
    }
    return text;
  }
}

/**
 * Picks the stream framing from the query: `alt=sse` keeps server-sent events, anything else
 * (Gemini's default, `alt=json`) gets a JSON array. The `replyThrough` hook of
 * `streamGenerateContent` (endpoint-group.ts): the server builds the request's context with the
 * writer it returns, so every answer, error or stream, goes through it.
 */
export function streamFraming(reply: ReplyWriter, query: string): ReplyWriter {
  return new URLSearchParams(query).get('alt') === 'sse' ? reply : new JsonArrayReply(reply);
}
