import type { ChatStreamEvent, JsonObject } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { newCompletionId } from '../../core/ids.js';
import { isJsonObject, optionalNumber, optionalString } from '../../core/json-guards.js';
import type { SseEvent } from '../../upstream/sse-decoder.js';
import { jsonResponseToolName } from '../anthropic-shape/json-response-tool.js';
import type { ChatStreamDecoder } from '../provider.js';
import { converseStreamError } from './converse-stream-error.js';
import { readConverseStopReason } from './read-converse-stop-reason.js';
import { readConverseUsage } from './read-converse-usage.js';

/**
 * Decodes one ConverseStream response (event-stream frames, already unframed by
 * `AwsEventStreamDecoder`) into canonical events; one instance per stream. Converse numbers content
 * blocks of every kind, so tool blocks are renumbered from 0. Exception frames throw.
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
 */
export class ConverseStreamDecoder implements ChatStreamDecoder {
  /** Converse content block index → canonical tool index. */
  private readonly toolIndexes = new Map<number, number>();
  /** Content block indexes of the forced `json_response` tool, whose input is the answer text. */
  private readonly jsonBlocks = new Set<number>();

  /**
   * @param providerId Configured provider id, reported in mid-stream errors.
   * @param model The model asked for; Converse streams do not name it.
   * @param jsonResponseTool Whether the request forced the `json_response` tool (json_schema format).
   */
  constructor(
    private readonly providerId: string,
    private readonly model: string,
    private readonly jsonResponseTool: boolean,
  ) {}

  decode(event: SseEvent): ChatStreamEvent[] {
    const error = converseStreamError(event, this.providerId);
    if (error !== undefined) throw error;
    const data = parseEventData(event);
    switch (event.event) {
      case 'messageStart':
        return [
          { type: 'start', id: newCompletionId(), model: this.model, created: Math.floor(Date.now() / 1000) },
        ];
      case 'contentBlockStart':
        return this.blockStart(data);
      case 'contentBlockDelta':
        return this.blockDelta(data);
      case 'messageStop':
        return this.messageStop(data);
      case 'metadata': {
        const usage = readConverseUsage(data['usage']);
        return usage === undefined ? [] : [{ type: 'usage', usage }];
      }
      default:
        return []; // contentBlockStop and event types added later
    }
  }

  /** Only tool use announces itself with a start event; text and reasoning begin with a delta. */
  private blockStart(data: JsonObject): ChatStreamEvent[] {
    const index = optionalNumber(data['contentBlockIndex']) ?? 0;
    const start = isJsonObject(data['start']) ? data['start'] : {};
    const toolUse = start['toolUse'];
    if (!isJsonObject(toolUse)) return [];
    const name = optionalString(toolUse['name']) ?? '';
    if (this.jsonResponseTool && name === jsonResponseToolName) {
      this.jsonBlocks.add(index);
      return [];
    }
    const toolIndex = this.toolIndexes.size;
    this.toolIndexes.set(index, toolIndex);
    return [
      { type: 'tool-call-start', choice: 0, toolIndex, id: optionalString(toolUse['toolUseId']) ?? '', name },
    ];
  }

  private blockDelta(data: JsonObject): ChatStreamEvent[] {
    const index = optionalNumber(data['contentBlockIndex']) ?? 0;
    const delta = isJsonObject(data['delta']) ? data['delta'] : {};
    const text = optionalString(delta['text']);
    if (text !== undefined) return text === '' ? [] : [{ type: 'text-delta', choice: 0, text }];
    if (isJsonObject(delta['toolUse']))
      return this.toolInputDelta(index, optionalString(delta['toolUse']['input']) ?? '');
    if (isJsonObject(delta['reasoningContent'])) return reasoningDelta(delta['reasoningContent']);
    return []; // citations and other deltas without a canonical home
  }

  private toolInputDelta(index: number, partialJson: string): ChatStreamEvent[] {
    if (partialJson === '') return [];
    if (this.jsonBlocks.has(index)) return [{ type: 'text-delta', choice: 0, text: partialJson }];
    const toolIndex = this.toolIndexes.get(index);
    if (toolIndex === undefined) return []; // input of a block that never started as a tool
    return [{ type: 'tool-input-delta', choice: 0, toolIndex, argumentsDelta: partialJson }];
  }

  private messageStop(data: JsonObject): ChatStreamEvent[] {
    let finishReason = readConverseStopReason(data['stopReason']);
    if (finishReason === 'tool_calls' && this.toolIndexes.size === 0 && this.jsonBlocks.size > 0) {
      finishReason = 'stop'; // the forced json_response tool was the answer itself
    }
    return finishReason === null ? [] : [{ type: 'finish', choice: 0, finishReason }];
  }
}

/** A reasoning delta carries one of text, the closing signature, or a redacted blob. */
function reasoningDelta(reasoning: JsonObject): ChatStreamEvent[] {
  const text = optionalString(reasoning['text']);
  if (text !== undefined) return text === '' ? [] : [{ type: 'reasoning-delta', choice: 0, text }];
  const signature = optionalString(reasoning['signature']);
  if (signature !== undefined)
    return signature === '' ? [] : [{ type: 'reasoning-signature', choice: 0, signature }];
  const redacted = optionalString(reasoning['redactedContent']);
  return redacted === undefined ? [] : [{ type: 'reasoning-redacted', choice: 0, data: redacted }];
}

function parseEventData(event: SseEvent): JsonObject {
  let data: unknown;
  try {
    data = JSON.parse(event.data);
  } catch {
    throw new GatewayError(
      'upstream_bad_response',
      `The provider sent a ${event.event ?? 'stream'} event that is not JSON.`,
    );
  }
  if (!isJsonObject(data)) {
    throw new GatewayError(
      'upstream_bad_response',
      `The provider sent a ${event.event ?? 'stream'} event that is not an object.`,
    );
  }
  return data;
}
