import type { ChatStreamEvent, FinishReason, JsonObject } from '../../core/chat.js';
import { newCompletionId } from '../../core/ids.js';
import { encodeUsage } from './encode-usage.js';

/**
 * Encodes canonical stream events as OpenAI `chat.completion.chunk` SSE frames. One encoder
 * per response; it remembers which choices have announced their role.
 */
export class ChatChunkEncoder {
  private id = newCompletionId();
  private model: string;
  private created = Math.floor(Date.now() / 1000);
  private readonly announced = new Set<number>();
  /** `data: {"id":…,"model":…,"choices":[{"index":` of this stream, built once (see textFrame). */
  private prefix: string | undefined;

  constructor(
    model: string,
    private readonly includeUsage: boolean,
  ) {
    this.model = model;
  }

  /** The SSE frame for one event, or undefined when the event has no OpenAI counterpart. */
  encode(event: ChatStreamEvent): string | undefined {
    switch (event.type) {
      case 'start':
        this.id = event.id;
        this.model = event.model;
        this.created = event.created;
        this.prefix = undefined;
        return undefined;
      case 'text-delta':
        return this.announced.has(event.choice)
          ? this.textFrame(event.choice, event.text)
          : this.delta(event.choice, { content: event.text });
      case 'reasoning-delta':
        return this.delta(event.choice, { reasoning_content: event.text });
      case 'reasoning-signature':
        return this.delta(event.choice, {
          thinking_blocks: [{ type: 'thinking', thinking: '', signature: event.signature }],
        });
      case 'reasoning-redacted':
        return this.delta(event.choice, {
          thinking_blocks: [{ type: 'redacted_thinking', data: event.data }],
        });
      case 'tool-call-start':
        return this.delta(event.choice, {
          tool_calls: [
            {
              index: event.toolIndex,
              id: event.id,
              type: 'function',
              function: { name: event.name, arguments: '' },
            },
          ],
        });
      case 'tool-input-delta':
        return this.delta(event.choice, {
          tool_calls: [{ index: event.toolIndex, function: { arguments: event.argumentsDelta } }],
        });
      case 'finish':
        return this.delta(event.choice, {}, event.finishReason);
      case 'usage':
        if (!this.includeUsage) return undefined;
        return this.frame({ ...this.header(), choices: [], usage: encodeUsage(event.usage) });
    }
  }

  /** The frame that ends every OpenAI stream. */
  done(): string {
    return 'data: [DONE]\n\n';
  }

  private delta(choice: number, delta: JsonObject, finishReason: FinishReason | null = null): string {
    if (!this.announced.has(choice)) {
      this.announced.add(choice);
      delta = { role: 'assistant', ...delta };
    }
    const chunk: JsonObject = {
      ...this.header(),
      choices: [{ index: choice, delta, logprobs: null, finish_reason: finishReason }],
    };
    if (this.includeUsage) chunk['usage'] = null;
    return this.frame(chunk);
  }

  /**
   * Text deltas are most of a stream's events: their frame is the same bytes `delta()` writes,
   * put together from a cached prefix instead of building and serializing the whole chunk
   * (docs/benchmarks.md, "Optimisations", translated streams).
   */
  private textFrame(choice: number, text: string): string {
    this.prefix ??= `data: ${JSON.stringify(this.header()).slice(0, -1)},"choices":[{"index":`;
    const usage = this.includeUsage ? ',"usage":null' : '';
    return `${this.prefix}${choice},"delta":{"content":${JSON.stringify(text)}},"logprobs":null,"finish_reason":null}]${usage}}\n\n`;
  }

  private header(): JsonObject {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model };
  }

  private frame(chunk: JsonObject): string {
    return `data: ${JSON.stringify(chunk)}\n\n`;
  }
}
