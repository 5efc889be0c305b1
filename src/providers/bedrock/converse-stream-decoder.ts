import type { ChatStreamEvent, JsonObject } from '../../core/chat.js';
import { newCompletionId } from '../../core/ids.js';
import { isJsonObject, optionalNumber, optionalString } from '../../core/json-guards.js';
import type { SseEvent } from '../../upstream/sse-decoder.js';
import { ToolBlockIndexes } from '../anthropic-shape/tool-block-indexes.js';
import { parseEventObject } from '../parse-event-object.js';
import type { ChatStreamDecoder } from '../provider.js';
import { converseStreamError } from './converse-stream-error.js';
import { readConverseStopReason } from './read-converse-stop-reason.js';
import { readConverseUsage } from './read-converse-usage.js';

/**
 * Decodes one ConverseStream response (event-stream frames, already unframed by
 * `AwsEventStreamDecoder`) into canonical events; one instance per stream. Tool blocks are
 * renumbered from 0 (tool-block-indexes.ts). Exception frames throw.
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
 */
export class ConverseStreamDecoder implements ChatStreamDecoder {
  private readonly tools: ToolBlockIndexes;

  /**
   * @param providerId Configured provider id, reported in mid-stream errors.
   * @param model The model asked for; Converse streams do not name it.
   * @param jsonResponseTool Whether the request forced the `json_response` tool (json_schema format).
   */
  constructor(
    private readonly providerId: string,
    private readonly model: string,
    jsonResponseTool: boolean,
  ) {
    this.tools = new ToolBlockIndexes(jsonResponseTool);
  }

  decode(event: SseEvent): ChatStreamEvent[] {
    const error = converseStreamError(event, this.providerId);
    if (error !== undefined) throw error;
    const data = parseEventObject(event.data, event.event ?? 'stream');
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
    return this.tools.start(
      index,
      optionalString(toolUse['toolUseId']) ?? '',
      optionalString(toolUse['name']) ?? '',
    );
  }

  private blockDelta(data: JsonObject): ChatStreamEvent[] {
    const index = optionalNumber(data['contentBlockIndex']) ?? 0;
    const delta = isJsonObject(data['delta']) ? data['delta'] : {};
    const text = optionalString(delta['text']);
    if (text !== undefined) return text === '' ? [] : [{ type: 'text-delta', choice: 0, text }];
    if (isJsonObject(delta['toolUse']))
      return this.tools.inputDelta(index, optionalString(delta['toolUse']['input']) ?? '');
    if (isJsonObject(delta['reasoningContent'])) return reasoningDelta(delta['reasoningContent']);
    return []; // citations and other deltas without a canonical home
  }

  private messageStop(data: JsonObject): ChatStreamEvent[] {
    const finishReason = this.tools.finishReason(readConverseStopReason(data['stopReason']));
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
