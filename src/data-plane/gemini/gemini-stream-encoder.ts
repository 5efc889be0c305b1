import type { ChatStreamEvent, FinishReason, JsonObject, Usage } from '../../core/chat.js';
import { newCompletionId } from '../../core/ids.js';
import type { ChatStreamEncoder } from '../../pipeline/dialect/chat-dialect.js';
import { encodeFunctionCallPart } from './encode-gemini-parts.js';
import { encodeGeminiFinishReason, encodeGeminiUsage } from './encode-gemini-usage.js';

/** A tool call whose arguments are still arriving. */
interface OpenCall {
  id: string;
  name: string;
  arguments: string;
}

/** One `GenerateContentResponse` as a server-sent event, as `streamGenerateContent?alt=sse` sends it. */
export function geminiSseFrame(body: JsonObject): string {
  return `data: ${JSON.stringify(body)}\n\n`;
}

/**
 * Encodes canonical stream events as Gemini `GenerateContentResponse` chunks, one instance per
 * response. Gemini sends each function call whole, so argument deltas are buffered and the calls
 * of a choice are sent when it finishes. The finish reasons and usage go in one last chunk from
 * `done()`, because translated providers often report usage after the finish.
 * https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */
export class GeminiStreamEncoder implements ChatStreamEncoder {
  private id = newCompletionId();
  /** Choice → its tool calls by tool index. */
  private readonly calls = new Map<number, OpenCall[]>();
  private readonly finished = new Map<number, FinishReason>();
  private usage: Usage | undefined;

  /** @param model The upstream model, reported as `modelVersion` until the provider names one. */
  constructor(private model: string) {}

  /** The SSE frame for one event, or undefined when the event is buffered or has no Gemini counterpart. */
  encode(event: ChatStreamEvent): string | undefined {
    switch (event.type) {
      case 'start':
        this.id = event.id;
        this.model = event.model;
        return undefined;
      case 'text-delta':
        return event.text === '' ? undefined : this.chunk(event.choice, [{ text: event.text }]);
      case 'reasoning-delta':
        return event.text === ''
          ? undefined
          : this.chunk(event.choice, [{ text: event.text, thought: true }]);
      case 'reasoning-signature':
        return this.chunk(event.choice, [{ text: '', thought: true, thoughtSignature: event.signature }]);
      case 'reasoning-redacted':
        return undefined;
      case 'tool-call-start':
        this.callsOf(event.choice)[event.toolIndex] = { id: event.id, name: event.name, arguments: '' };
        return undefined;
      case 'tool-input-delta': {
        const call = this.callsOf(event.choice)[event.toolIndex];
        if (call !== undefined) call.arguments += event.argumentsDelta;
        return undefined;
      }
      case 'finish':
        this.finished.set(event.choice, event.finishReason);
        return this.flushCalls(event.choice);
      case 'usage':
        this.usage = event.usage;
        return undefined;
    }
  }

  /** The last chunk: every finish reason and the usage; calls of unfinished choices go first. */
  done(): string {
    let frames = '';
    for (const choice of this.calls.keys()) frames += this.flushCalls(choice) ?? '';
    const candidates = [...this.finished].map(([index, reason]) => ({
      content: { role: 'model', parts: [] },
      finishReason: encodeGeminiFinishReason(reason),
      index,
    }));
    const body: JsonObject = { candidates };
    if (this.usage !== undefined) body['usageMetadata'] = encodeGeminiUsage(this.usage);
    return frames + geminiSseFrame(this.withHeader(body));
  }

  private flushCalls(choice: number): string | undefined {
    const calls = this.calls.get(choice);
    this.calls.delete(choice);
    // The array is sparse when a provider skipped a tool index; filter drops the holes.
    const parts = (calls ?? []).filter((call) => call !== undefined).map(encodeFunctionCallPart);
    return parts.length === 0 ? undefined : this.chunk(choice, parts);
  }

  private callsOf(choice: number): OpenCall[] {
    let calls = this.calls.get(choice);
    if (calls === undefined) {
      calls = [];
      this.calls.set(choice, calls);
    }
    return calls;
  }

  private chunk(choice: number, parts: JsonObject[]): string {
    return geminiSseFrame(
      this.withHeader({ candidates: [{ content: { role: 'model', parts }, index: choice }] }),
    );
  }

  private withHeader(body: JsonObject): JsonObject {
    return { ...body, modelVersion: this.model, responseId: this.id };
  }
}
