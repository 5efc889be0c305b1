import type { ChatResponse, JsonObject, JsonValue, ReasoningPart, ToolCall } from '../../../src/core/chat.js';
import { openReasoningSeal } from '../../../src/data-plane/openai-responses/reasoning-seal.js';
import { readResponsesUsage } from '../../../src/data-plane/openai-responses/read-responses-usage.js';
import { arrayOrEmpty, isJsonObject, optionalNumber, optionalString } from '../../../src/core/json-guards.js';
import { finishReasonFromWire } from './finish-reason-table.js';

/**
 * A Responses `response` object → canonical response, as a Responses client reads it
 * (test-only: the gateway never reads Responses answers). Reasoning items give their raw text
 * when present, else their summaries; message items their `output_text` and `refusal` parts;
 * `function_call` items a tool call each. https://platform.openai.com/docs/api-reference/responses/object
 */
export function fromResponsesResponse(response: JsonObject): ChatResponse {
  let text: string | null = null;
  let refusal: string | undefined;
  const reasoning: ReasoningPart[] = [];
  const toolCalls: ToolCall[] = [];
  for (const value of arrayOrEmpty(response['output'])) {
    const item = isJsonObject(value) ? value : {};
    switch (item['type']) {
      case 'reasoning':
        reasoning.push(readReasoningItem(item));
        break;
      case 'message':
        for (const part of arrayOrEmpty(item['content'])) {
          if (!isJsonObject(part)) continue;
          if (part['type'] === 'output_text') text = (text ?? '') + (optionalString(part['text']) ?? '');
          if (part['type'] === 'refusal') refusal = (refusal ?? '') + (optionalString(part['refusal']) ?? '');
        }
        break;
      case 'function_call':
        toolCalls.push({
          id: optionalString(item['call_id']) ?? '',
          name: optionalString(item['name']) ?? '',
          arguments: optionalString(item['arguments']) ?? '',
        });
        break;
    }
  }
  const wire = responsesWireFinishReason(response);
  const usage = readResponsesUsage(response['usage']);
  return {
    id: optionalString(response['id']) ?? '',
    model: optionalString(response['model']) ?? '',
    created: optionalNumber(response['created_at']) ?? 0,
    choices: [
      {
        index: 0,
        text,
        reasoning,
        toolCalls,
        finishReason: finishReasonFromWire('openai-responses', wire, toolCalls.length > 0) ?? null,
        ...(refusal === undefined ? {} : { refusal }),
      },
    ],
    ...(usage === undefined ? {} : { usage }),
  };
}

/** `status`, or `incomplete/<incomplete_details.reason>`: the Responses column of finish-reason-table.ts. */
export function responsesWireFinishReason(response: JsonObject): string {
  const status = optionalString(response['status']) ?? '';
  if (status !== 'incomplete') return status;
  const details = isJsonObject(response['incomplete_details']) ? response['incomplete_details'] : {};
  return `incomplete/${optionalString(details['reason']) ?? ''}`;
}

function readReasoningItem(item: JsonObject): ReasoningPart {
  const texts = (value: JsonValue | undefined): string[] =>
    arrayOrEmpty(value).flatMap((part) => (isJsonObject(part) ? [optionalString(part['text']) ?? ''] : []));
  const raw = texts(item['content']);
  const text = raw.length > 0 ? raw.join('') : texts(item['summary']).join('\n\n');
  const encrypted = item['encrypted_content'];
  const seal = openReasoningSeal(typeof encrypted === 'string' ? encrypted : undefined);
  if (seal !== undefined && 'redactedData' in seal)
    return { type: 'reasoning', text, redactedData: seal.redactedData };
  return { type: 'reasoning', text, ...(seal === undefined ? {} : { signature: seal.signature }) };
}
