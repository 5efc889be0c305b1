import type { JsonObject } from '../../core/chat.js';
import {
  buildFunctionCallItem,
  buildMessageItem,
  buildOutputTextPart,
  buildReasoningItem,
  buildSummaryPart,
  completeArguments,
  type ItemStatus,
} from './build-output-items.js';

/** A reasoning item being streamed; its text is the one summary part. */
export interface OpenReasoning {
  kind: 'reasoning';
  /** `output_index`. */
  index: number;
  id: string;
  text: string;
  signature?: string;
  redactedData?: string;
}

/** A message item being streamed, with one `output_text` part. */
export interface OpenMessage {
  kind: 'message';
  index: number;
  id: string;
  text: string;
}

/** A function call item being streamed. */
export interface OpenCall {
  kind: 'function_call';
  index: number;
  /** The item id, `fc_…`. */
  id: string;
  /** The provider's tool call id, reported as `call_id`. */
  callId: string;
  name: string;
  arguments: string;
}

export type OpenItem = OpenReasoning | OpenMessage | OpenCall;

/** Writes one SSE event with the stream's next sequence number. */
export type FrameWriter = (type: string, payload: JsonObject) => string;

/**
 * The events that finish one streamed item (`….done` for its text or arguments, then
 * `response.output_item.done`) and the finished item for the final response's `output`.
 */
export function closeStreamItem(
  open: OpenItem,
  status: ItemStatus,
  frame: FrameWriter,
): { frames: string; item: JsonObject } {
  let frames = '';
  let item: JsonObject;
  switch (open.kind) {
    case 'reasoning': {
      if (open.text !== '') {
        const address = { item_id: open.id, output_index: open.index, summary_index: 0 };
        frames += frame('response.reasoning_summary_text.done', { ...address, text: open.text });
        frames += frame('response.reasoning_summary_part.done', {
          ...address,
          part: buildSummaryPart(open.text),
        });
      }
      const { text, signature, redactedData } = open;
      item = buildReasoningItem(open.id, {
        type: 'reasoning',
        text,
        ...(signature === undefined ? {} : { signature }),
        ...(redactedData === undefined ? {} : { redactedData }),
      });
      break;
    }
    case 'message': {
      const address = { item_id: open.id, output_index: open.index, content_index: 0 };
      const part = buildOutputTextPart(open.text);
      frames += frame('response.output_text.done', { ...address, text: open.text, logprobs: [] });
      frames += frame('response.content_part.done', { ...address, part });
      item = buildMessageItem(open.id, status, [part]);
      break;
    }
    case 'function_call': {
      const call = { id: open.callId, name: open.name, arguments: completeArguments(open.arguments) };
      frames += frame('response.function_call_arguments.done', {
        item_id: open.id,
        output_index: open.index,
        name: open.name,
        arguments: call.arguments,
      });
      item = buildFunctionCallItem(open.id, status, call);
      break;
    }
  }
  frames += frame('response.output_item.done', { output_index: open.index, item });
  return { frames, item };
}
