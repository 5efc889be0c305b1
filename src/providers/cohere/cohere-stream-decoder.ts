import type { ChatStreamEvent, JsonObject } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { newCompletionId } from '../../core/ids.js';
import { isJsonObject, optionalNumber, optionalString } from '../../core/json-guards.js';
import type { SseEvent } from '../../upstream/sse-decoder.js';
import type { ChatStreamDecoder } from '../provider.js';
import { readCohereFinishReason } from './read-cohere-finish-reason.js';
import { readCohereUsage } from './read-cohere-usage.js';

/**
 * Decodes a Cohere v2 chat stream into canonical events; one instance per stream. Each event's
 * data names its `type`; text and thinking arrive in `content-delta`, the tool plan in
 * `tool-plan-delta`, tool calls as `tool-call-start` then argument fragments, and the finish
 * reason with usage in `message-end`. Citation and `*-end` events carry nothing canonical.
 * https://docs.cohere.com/docs/streaming and https://docs.cohere.com/docs/tool-use-streaming
 */
export class CohereStreamDecoder implements ChatStreamDecoder {
  /** Cohere's tool-call `index` → canonical tool index (numbered from 0). */
  private readonly toolIndexes = new Map<number, number>();
  private lastToolIndex = -1;

  /**
   * @param providerId Configured provider id, reported in mid-stream errors.
   * @param model The requested model; Cohere's stream names none.
   */
  constructor(
    private readonly providerId: string,
    private readonly model: string,
  ) {}

  decode(event: SseEvent): ChatStreamEvent[] {
    if (event.data.trim() === '' || event.data === '[DONE]') return [];
    const data = parseEventData(event.data);
    const delta = isJsonObject(data['delta']) ? data['delta'] : {};
    const message = isJsonObject(delta['message']) ? delta['message'] : {};
    switch (data['type'] ?? event.event) {
      case 'message-start':
        return [this.start(data)];
      case 'content-start':
      case 'content-delta':
        return contentEvents(isJsonObject(message['content']) ? message['content'] : {});
      case 'tool-plan-delta':
        return textEvent('reasoning-delta', optionalString(message['tool_plan']));
      case 'tool-call-start':
        return this.toolStart(optionalNumber(data['index']), message['tool_calls']);
      case 'tool-call-delta':
        return this.toolDelta(optionalNumber(data['index']), message['tool_calls']);
      case 'message-end':
        return this.messageEnd(delta);
      default:
        return [];
    }
  }

  private start(data: JsonObject): ChatStreamEvent {
    return {
      type: 'start',
      id: optionalString(data['id']) ?? newCompletionId(),
      model: this.model,
      created: Math.floor(Date.now() / 1000),
    };
  }

  private toolStart(index: number | undefined, value: JsonObject[string] | undefined): ChatStreamEvent[] {
    const call = isJsonObject(value) ? value : {};
    const fn = isJsonObject(call['function']) ? call['function'] : {};
    const toolIndex = this.toolIndexes.size;
    if (index !== undefined) this.toolIndexes.set(index, toolIndex);
    this.lastToolIndex = toolIndex;
    const events: ChatStreamEvent[] = [
      {
        type: 'tool-call-start',
        choice: 0,
        toolIndex,
        id: optionalString(call['id']) ?? '',
        name: optionalString(fn['name']) ?? '',
      },
    ];
    const initial = optionalString(fn['arguments']) ?? '';
    if (initial !== '')
      events.push({ type: 'tool-input-delta', choice: 0, toolIndex, argumentsDelta: initial });
    return events;
  }

  private toolDelta(index: number | undefined, value: JsonObject[string] | undefined): ChatStreamEvent[] {
    const call = isJsonObject(value) ? value : {};
    const fn = isJsonObject(call['function']) ? call['function'] : {};
    const fragment = optionalString(fn['arguments']) ?? '';
    const toolIndex = (index === undefined ? undefined : this.toolIndexes.get(index)) ?? this.lastToolIndex;
    if (fragment === '' || toolIndex === -1) return [];
    return [{ type: 'tool-input-delta', choice: 0, toolIndex, argumentsDelta: fragment }];
  }

  private messageEnd(delta: JsonObject): ChatStreamEvent[] {
    const finishReason = readCohereFinishReason(delta['finish_reason']);
    if (finishReason === 'error') throw this.streamError(delta);
    const events: ChatStreamEvent[] = [];
    if (finishReason !== null) events.push({ type: 'finish', choice: 0, finishReason });
    const usage = readCohereUsage(delta['usage']);
    if (usage !== undefined) events.push({ type: 'usage', usage });
    return events;
  }

  /** A generation that failed after the stream began ends with `finish_reason: ERROR`. */
  private streamError(delta: JsonObject): GatewayError {
    const type = optionalString(delta['finish_reason']) ?? 'ERROR';
    const message = optionalString(delta['error']) ?? `finish_reason ${type}`;
    return new GatewayError('upstream_error', `Provider ${this.providerId} failed mid-stream: ${message}`, {
      provider: { provider: this.providerId, message, type },
    });
  }
}

function contentEvents(content: JsonObject): ChatStreamEvent[] {
  return [
    ...textEvent('reasoning-delta', optionalString(content['thinking'])),
    ...textEvent('text-delta', optionalString(content['text'])),
  ];
}

function textEvent(type: 'text-delta' | 'reasoning-delta', text: string | undefined): ChatStreamEvent[] {
  return text === undefined || text === '' ? [] : [{ type, choice: 0, text }];
}

function parseEventData(text: string): JsonObject {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new GatewayError('upstream_bad_response', 'The Cohere stream sent an event that is not JSON.');
  }
  if (!isJsonObject(data)) {
    throw new GatewayError('upstream_bad_response', 'The Cohere stream sent an event that is not an object.');
  }
  return data;
}
