import type { ChatStreamEvent, JsonObject, Usage } from '../../core/chat.js';
import { exceedsJsonDepth } from '../../core/exceeds-json-depth.js';
import { GatewayError } from '../../core/gateway-error.js';
import { newCompletionId } from '../../core/ids.js';
import { arrayOrEmpty, isJsonObject, optionalNumber, optionalString } from '../../core/json-guards.js';
import type { SseEvent } from '../../upstream/sse-decoder.js';
import type { ChatStreamDecoder } from '../provider.js';
import { readGeminiCreated } from './from-gemini-response.js';
import { readGeminiBlockReason, readGeminiFinishReason } from './read-gemini-finish-reason.js';
import { readGeminiToolCall } from './read-gemini-tool-call.js';
import { readGeminiUsage } from './read-gemini-usage.js';

/**
 * Decodes `streamGenerateContent?alt=sse` into canonical events; one instance per stream. Each
 * event is a whole `GenerateContentResponse` holding the next parts. Gemini repeats a growing
 * `usageMetadata` on every chunk, so only the latest is kept and sent once, after the finish.
 * https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */
export class GeminiStreamDecoder implements ChatStreamDecoder {
  private started = false;
  /** Choice index → number of tool calls it has emitted. */
  private readonly toolCounts = new Map<number, number>();
  private readonly seenChoices = new Set<number>();
  private readonly finishedChoices = new Set<number>();
  private usage: Usage | undefined;
  private usageSent = false;

  /**
   * @param providerId Configured provider id, reported in mid-stream errors.
   * @param fallbackModel The requested model, used when Gemini names no `modelVersion`.
   */
  constructor(
    private readonly providerId: string,
    private readonly fallbackModel: string,
  ) {}

  decode(event: SseEvent): ChatStreamEvent[] {
    if (event.data.trim() === '') return [];
    const chunk = parseChunk(event.data);
    if (isJsonObject(chunk['error'])) throw this.streamError(chunk['error']);
    const events: ChatStreamEvent[] = [];
    if (!this.started) {
      this.started = true;
      events.push({
        type: 'start',
        id: optionalString(chunk['responseId']) ?? newCompletionId(),
        model: optionalString(chunk['modelVersion']) ?? this.fallbackModel,
        created: readGeminiCreated(chunk),
      });
    }
    arrayOrEmpty(chunk['candidates']).forEach((candidate, position) => {
      if (isJsonObject(candidate)) events.push(...this.decodeCandidate(candidate, position));
    });
    if (readGeminiBlockReason(chunk) !== undefined && !this.finishedChoices.has(0)) {
      this.seenChoices.add(0);
      this.finishedChoices.add(0);
      events.push({ type: 'finish', choice: 0, finishReason: 'content_filter' });
    }
    this.usage = readGeminiUsage(chunk['usageMetadata']) ?? this.usage;
    events.push(...this.takeUsage());
    return events;
  }

  private decodeCandidate(candidate: JsonObject, position: number): ChatStreamEvent[] {
    const choice = optionalNumber(candidate['index']) ?? position;
    this.seenChoices.add(choice);
    if (this.finishedChoices.has(choice)) return [];
    const events: ChatStreamEvent[] = [];
    const content = isJsonObject(candidate['content']) ? candidate['content'] : {};
    for (const part of arrayOrEmpty(content['parts'])) {
      if (isJsonObject(part)) events.push(...this.decodePart(part, choice));
    }
    const hasToolCalls = this.toolCounts.has(choice);
    const finishReason = readGeminiFinishReason(candidate['finishReason'], hasToolCalls);
    if (finishReason !== null) {
      this.finishedChoices.add(choice);
      events.push({ type: 'finish', choice, finishReason });
    }
    return events;
  }

  /** Gemini sends a function call whole, so its arguments arrive as one delta. */
  private decodePart(part: JsonObject, choice: number): ChatStreamEvent[] {
    const call = readGeminiToolCall(part);
    if (call !== undefined) {
      const toolIndex = this.toolCounts.get(choice) ?? 0;
      this.toolCounts.set(choice, toolIndex + 1);
      return [
        { type: 'tool-call-start', choice, toolIndex, id: call.id, name: call.name },
        { type: 'tool-input-delta', choice, toolIndex, argumentsDelta: call.arguments },
      ];
    }
    const text = optionalString(part['text']);
    if (text === undefined || text === '') return []; // empty parts may carry only a signature
    return [{ type: part['thought'] === true ? 'reasoning-delta' : 'text-delta', choice, text }];
  }

  /** The usage event, once every choice seen has finished and usage is known; else nothing. */
  private takeUsage(): ChatStreamEvent[] {
    if (this.usageSent || this.usage === undefined || this.finishedChoices.size === 0) return [];
    for (const choice of this.seenChoices) if (!this.finishedChoices.has(choice)) return [];
    this.usageSent = true;
    return [{ type: 'usage', usage: this.usage }];
  }

  /** Gemini reports a failure after the stream began as a data event holding `{ error }`. */
  private streamError(error: JsonObject): GatewayError {
    const message = optionalString(error['message']) ?? 'stream error';
    const type = optionalString(error['status']);
    return new GatewayError('upstream_error', `Provider ${this.providerId} failed mid-stream: ${message}`, {
      provider: { provider: this.providerId, message, ...(type === undefined ? {} : { type }) },
    });
  }
}

/** Deepest nesting read from a chunk: function call arguments are re-serialized, which overflows the stack far deeper. */
const maxChunkDepth = 512;

function parseChunk(data: string): JsonObject {
  if (exceedsJsonDepth(data, maxChunkDepth)) {
    throw new GatewayError(
      'upstream_bad_response',
      `The Gemini stream sent an event nested deeper than ${maxChunkDepth} levels.`,
    );
  }
  let chunk: unknown;
  try {
    chunk = JSON.parse(data);
  } catch {
    throw new GatewayError('upstream_bad_response', 'The Gemini stream sent an event that is not JSON.');
  }
  if (!isJsonObject(chunk)) {
    throw new GatewayError('upstream_bad_response', 'The Gemini stream sent an event that is not an object.');
  }
  return chunk;
}
