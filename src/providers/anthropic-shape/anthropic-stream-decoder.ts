import type { ChatStreamEvent, JsonObject } from '../../core/chat.js';
import type { ErrorCode } from '../../core/error-codes.js';
import { GatewayError } from '../../core/gateway-error.js';
import { isJsonObject, optionalNumber, optionalString } from '../../core/json-guards.js';
import type { SseEvent } from '../../upstream/sse-decoder.js';
import { parseEventObject } from '../parse-event-object.js';
import type { ChatStreamDecoder } from '../provider.js';
import { readAnthropicStopReason } from './read-anthropic-stop-reason.js';
import { readAnthropicUsage } from './read-anthropic-usage.js';
import { ToolBlockIndexes } from './tool-block-indexes.js';

/** Gateway codes for the `error` events Anthropic sends mid-stream; others are `upstream_error`. */
const codeByErrorType: ReadonlyMap<string, ErrorCode> = new Map([
  ['overloaded_error', 'upstream_unavailable'],
  ['rate_limit_error', 'rate_limit_exceeded'],
  ['api_error', 'upstream_error'],
]);

/**
 * Decodes one Anthropic Messages stream into canonical events; one instance per stream.
 * Tool blocks are renumbered from 0 (tool-block-indexes.ts).
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export class AnthropicStreamDecoder implements ChatStreamDecoder {
  private readonly tools: ToolBlockIndexes;
  /** Usage fields seen so far: `message_start` first, overlaid by `message_delta`. */
  private usageFields: JsonObject = {};

  /**
   * @param providerId Configured provider id, reported in mid-stream errors.
   * @param jsonResponseTool Whether the request forced the `json_response` tool (json_schema format).
   */
  constructor(
    private readonly providerId: string,
    jsonResponseTool: boolean,
  ) {
    this.tools = new ToolBlockIndexes(jsonResponseTool);
  }

  decode(event: SseEvent): ChatStreamEvent[] {
    const data = parseEventObject(event.data, 'stream');
    switch (data['type'] ?? event.event) {
      case 'message_start':
        return this.messageStart(data);
      case 'content_block_start':
        return this.blockStart(data);
      case 'content_block_delta':
        return this.blockDelta(data);
      case 'message_delta':
        return this.messageDelta(data);
      case 'error':
        throw this.streamError(data);
      default:
        return []; // ping, content_block_stop, message_stop and event types added later
    }
  }

  private messageStart(data: JsonObject): ChatStreamEvent[] {
    const message = isJsonObject(data['message']) ? data['message'] : {};
    if (isJsonObject(message['usage'])) this.usageFields = { ...message['usage'] };
    return [
      {
        type: 'start',
        id: optionalString(message['id']) ?? '',
        model: optionalString(message['model']) ?? '',
        created: Math.floor(Date.now() / 1000),
      },
    ];
  }

  private blockStart(data: JsonObject): ChatStreamEvent[] {
    const index = optionalNumber(data['index']) ?? 0;
    const block = isJsonObject(data['content_block']) ? data['content_block'] : {};
    switch (block['type']) {
      case 'text':
        return textEvent('text-delta', optionalString(block['text']));
      case 'thinking': {
        const events = textEvent('reasoning-delta', optionalString(block['thinking']));
        const signature = optionalString(block['signature']);
        if (signature !== undefined && signature !== '')
          events.push({ type: 'reasoning-signature', choice: 0, signature });
        return events;
      }
      case 'redacted_thinking':
        return [{ type: 'reasoning-redacted', choice: 0, data: optionalString(block['data']) ?? '' }];
      case 'tool_use':
        return this.tools.start(
          index,
          optionalString(block['id']) ?? '',
          optionalString(block['name']) ?? '',
        );
      default:
        return [];
    }
  }

  private blockDelta(data: JsonObject): ChatStreamEvent[] {
    const index = optionalNumber(data['index']) ?? 0;
    const delta = isJsonObject(data['delta']) ? data['delta'] : {};
    switch (delta['type']) {
      case 'text_delta':
        return textEvent('text-delta', optionalString(delta['text']));
      case 'thinking_delta':
        return textEvent('reasoning-delta', optionalString(delta['thinking']));
      case 'signature_delta': {
        const signature = optionalString(delta['signature']) ?? '';
        return signature === '' ? [] : [{ type: 'reasoning-signature', choice: 0, signature }];
      }
      case 'input_json_delta':
        return this.tools.inputDelta(index, optionalString(delta['partial_json']) ?? '');
      default:
        return []; // citations_delta has no canonical home
    }
  }

  /** `message_delta` carries the stop reason and cumulative usage; its non-null fields win. */
  private messageDelta(data: JsonObject): ChatStreamEvent[] {
    const events: ChatStreamEvent[] = [];
    const delta = isJsonObject(data['delta']) ? data['delta'] : {};
    const finishReason = this.tools.finishReason(readAnthropicStopReason(delta['stop_reason']));
    if (finishReason !== null) events.push({ type: 'finish', choice: 0, finishReason });
    if (isJsonObject(data['usage'])) {
      for (const [key, value] of Object.entries(data['usage'])) {
        if (typeof value === 'number') this.usageFields[key] = value;
      }
    }
    const usage = readAnthropicUsage(this.usageFields);
    if (usage !== undefined) events.push({ type: 'usage', usage });
    return events;
  }

  private streamError(data: JsonObject): GatewayError {
    const error = isJsonObject(data['error']) ? data['error'] : {};
    const type = optionalString(error['type']);
    const message = optionalString(error['message']) ?? 'stream error';
    const code = (type === undefined ? undefined : codeByErrorType.get(type)) ?? 'upstream_error';
    return new GatewayError(code, `Provider ${this.providerId} failed mid-stream: ${message}`, {
      provider: { provider: this.providerId, message, ...(type === undefined ? {} : { type }) },
    });
  }
}

function textEvent(type: 'text-delta' | 'reasoning-delta', text: string | undefined): ChatStreamEvent[] {
  return text === undefined || text === '' ? [] : [{ type, choice: 0, text }];
}
