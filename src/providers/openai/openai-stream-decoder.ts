import type { ChatStreamEvent, JsonObject } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { arrayOrEmpty, isJsonObject, optionalNumber, optionalString } from '../../core/json-guards.js';
import type { SseEvent } from '../../upstream/sse-decoder.js';
import type { ChatStreamDecoder } from '../provider.js';
import { readFinishReason } from './from-openai-response.js';
import { readOpenAiUsage } from './read-openai-usage.js';

/** Decodes OpenAI `chat.completion.chunk` events into canonical stream events. */
export class OpenAiStreamDecoder implements ChatStreamDecoder {
  private started = false;

  constructor(private readonly providerId: string) {}

  decode(event: SseEvent): ChatStreamEvent[] {
    if (event.data === '[DONE]') return [];
    let chunk: unknown;
    try {
      chunk = JSON.parse(event.data);
    } catch {
      throw new GatewayError('upstream_bad_response', 'The provider sent a stream event that is not JSON.');
    }
    if (!isJsonObject(chunk)) return [];
    if (isJsonObject(chunk['error'])) {
      const message = optionalString(chunk['error']['message']) ?? 'stream error';
      throw new GatewayError('upstream_error', `Provider ${this.providerId} failed mid-stream: ${message}`, {
        provider: { provider: this.providerId, message },
      });
    }
    const events: ChatStreamEvent[] = [];
    if (!this.started) {
      this.started = true;
      events.push({
        type: 'start',
        id: optionalString(chunk['id']) ?? '',
        model: optionalString(chunk['model']) ?? '',
        created: optionalNumber(chunk['created']) ?? Math.floor(Date.now() / 1000),
      });
    }
    for (const value of arrayOrEmpty(chunk['choices'])) {
      if (isJsonObject(value)) events.push(...decodeChoice(value));
    }
    const usage = readOpenAiUsage(chunk['usage']);
    if (usage !== undefined) events.push({ type: 'usage', usage });
    return events;
  }
}

function decodeChoice(choice: JsonObject): ChatStreamEvent[] {
  const events: ChatStreamEvent[] = [];
  const index = optionalNumber(choice['index']) ?? 0;
  const delta = choice['delta'];
  if (isJsonObject(delta)) {
    const reasoning = optionalString(delta['reasoning_content']) ?? optionalString(delta['reasoning']);
    if (reasoning !== undefined && reasoning !== '')
      events.push({ type: 'reasoning-delta', choice: index, text: reasoning });
    const text = optionalString(delta['content']);
    if (text !== undefined && text !== '') events.push({ type: 'text-delta', choice: index, text });
    for (const call of arrayOrEmpty(delta['tool_calls'])) {
      if (!isJsonObject(call)) continue;
      const toolIndex = optionalNumber(call['index']) ?? 0;
      const fn = isJsonObject(call['function']) ? call['function'] : {};
      const id = optionalString(call['id']);
      if (id !== undefined) {
        events.push({
          type: 'tool-call-start',
          choice: index,
          toolIndex,
          id,
          name: optionalString(fn['name']) ?? '',
        });
      }
      const argumentsDelta = optionalString(fn['arguments']);
      if (argumentsDelta !== undefined && argumentsDelta !== '') {
        events.push({ type: 'tool-input-delta', choice: index, toolIndex, argumentsDelta });
      }
    }
  }
  const finishReason = readFinishReason(choice['finish_reason']);
  if (finishReason !== null) events.push({ type: 'finish', choice: index, finishReason });
  return events;
}
