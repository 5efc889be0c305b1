import type { ChatStreamEvent, JsonObject } from '../../../src/core/chat.js';
import { isJsonObject, optionalNumber, optionalString } from '../../../src/core/json-guards.js';
import { openReasoningSeal } from '../../../src/data-plane/openai-responses/reasoning-seal.js';
import { readResponsesUsage } from '../../../src/data-plane/openai-responses/read-responses-usage.js';
import type { ChatStreamDecoder } from '../../../src/providers/provider.js';
import type { SseEvent } from '../../../src/upstream/sse-decoder.js';
import { finishReasonFromWire } from './finish-reason-table.js';
import { responsesWireFinishReason } from './from-responses-response.js';

/**
 * Decodes a Responses event stream into canonical events from its deltas, as a client renders it
 * (test-only, behind the gateway's own ChatStreamDecoder interface). The final
 * `response.completed` or `response.incomplete` gives the finish reason and usage; `error` and
 * `response.failed` throw. https://platform.openai.com/docs/api-reference/responses-streaming
 */
export class ResponsesStreamDecoder implements ChatStreamDecoder {
  /** Function call item id → canonical tool index. */
  private readonly toolIndexes = new Map<string, number>();
  /** The `response` of the terminal event, once seen. */
  finalResponse: JsonObject | undefined;

  decode(event: SseEvent): ChatStreamEvent[] {
    const data = JSON.parse(event.data) as JsonObject;
    const item = isJsonObject(data['item']) ? data['item'] : {};
    const delta = optionalString(data['delta']) ?? '';
    switch (data['type']) {
      case 'response.created': {
        const response = isJsonObject(data['response']) ? data['response'] : {};
        return [
          {
            type: 'start',
            id: optionalString(response['id']) ?? '',
            model: optionalString(response['model']) ?? '',
            created: optionalNumber(response['created_at']) ?? 0,
          },
        ];
      }
      case 'response.output_item.added':
        return item['type'] === 'function_call' ? [this.callStart(item)] : [];
      case 'response.output_item.done':
        return item['type'] === 'reasoning' ? reasoningSeal(item) : [];
      case 'response.output_text.delta':
        return delta === '' ? [] : [{ type: 'text-delta', choice: 0, text: delta }];
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        return delta === '' ? [] : [{ type: 'reasoning-delta', choice: 0, text: delta }];
      case 'response.function_call_arguments.delta': {
        const toolIndex = this.toolIndexes.get(optionalString(data['item_id']) ?? '');
        if (toolIndex === undefined) throw new Error(`Arguments for an unknown item: ${event.data}`);
        return [{ type: 'tool-input-delta', choice: 0, toolIndex, argumentsDelta: delta }];
      }
      case 'response.completed':
      case 'response.incomplete':
        return this.finish(isJsonObject(data['response']) ? data['response'] : {});
      case 'error':
      case 'response.failed':
        throw new Error(`The Responses stream failed: ${event.data}`);
      default:
        return [];
    }
  }

  private callStart(item: JsonObject): ChatStreamEvent {
    const toolIndex = this.toolIndexes.size;
    this.toolIndexes.set(optionalString(item['id']) ?? '', toolIndex);
    return {
      type: 'tool-call-start',
      choice: 0,
      toolIndex,
      id: optionalString(item['call_id']) ?? '',
      name: optionalString(item['name']) ?? '',
    };
  }

  private finish(response: JsonObject): ChatStreamEvent[] {
    this.finalResponse = response;
    const events: ChatStreamEvent[] = [];
    const wire = responsesWireFinishReason(response);
    const finishReason = finishReasonFromWire('openai-responses', wire, this.toolIndexes.size > 0);
    if (finishReason !== undefined) events.push({ type: 'finish', choice: 0, finishReason });
    const usage = readResponsesUsage(response['usage']);
    if (usage !== undefined) events.push({ type: 'usage', usage });
    return events;
  }
}

/** A finished reasoning item's signature or redacted data, when Portico sealed one in it. */
function reasoningSeal(item: JsonObject): ChatStreamEvent[] {
  const encrypted = item['encrypted_content'];
  const seal = openReasoningSeal(typeof encrypted === 'string' ? encrypted : undefined);
  if (seal === undefined) return [];
  return 'redactedData' in seal
    ? [{ type: 'reasoning-redacted', choice: 0, data: seal.redactedData }]
    : [{ type: 'reasoning-signature', choice: 0, signature: seal.signature }];
}
