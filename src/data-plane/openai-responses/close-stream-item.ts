import type { JsonObject } from '../../core/chat.js';
import {
  buildCustomToolCallItem,
  buildFunctionCallItem,
  buildMessageItem,
  buildOutputTextPart,
  buildReasoningItem,
  buildSummaryPart,
  buildToolCallItem,
  completeArguments,
  type ItemStatus,
} from './build-output-items.js';
import type { CustomInputReader } from './custom-input-reader.js';
import { unwrapCustomInput } from './custom-tool-input.js';
import type { ToolCallKind } from './responses-tool-kinds.js';

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

/** A tool call item being streamed: a function call, or a call of a custom or local_shell tool. */
export interface OpenCall {
  kind: 'call';
  /** The kind of tool the request declared; absent for functions. */
  toolKind?: ToolCallKind;
  index: number;
  /** The item id, `fc_…`, `ctc_…` or `lsh_…`. */
  id: string;
  /** The provider's tool call id, reported as `call_id`. */
  callId: string;
  name: string;
  /** The canonical arguments received so far. */
  arguments: string;
  /** For custom tools: reads their text out of the arguments as they stream. */
  input?: CustomInputReader;
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
    case 'call': {
      const closed = closeCall(open, status, frame);
      frames += closed.frames;
      item = closed.item;
      break;
    }
  }
  frames += frame('response.output_item.done', { output_index: open.index, item });
  return { frames, item };
}

/**
 * The `….done` events of a tool call and its finished item. A custom tool's text is sent whole
 * in `response.custom_tool_call_input.done`, after a last delta with whatever the streaming
 * reader could not place; a local shell call has no delta events of its own.
 */
function closeCall(
  open: OpenCall,
  status: ItemStatus,
  frame: FrameWriter,
): { frames: string; item: JsonObject } {
  const address = { item_id: open.id, output_index: open.index };
  const call = { id: open.callId, name: open.name, arguments: open.arguments };
  if (open.toolKind === 'custom') {
    const input = unwrapCustomInput(open.arguments);
    const streamed = open.input?.emitted ?? '';
    let frames = '';
    if (input.length > streamed.length && input.startsWith(streamed)) {
      frames += frame('response.custom_tool_call_input.delta', {
        ...address,
        delta: input.slice(streamed.length),
      });
    }
    frames += frame('response.custom_tool_call_input.done', { ...address, input });
    return { frames, item: buildCustomToolCallItem(open.id, status, call, input) };
  }
  if (open.toolKind === 'local_shell') {
    return { frames: '', item: buildToolCallItem(open.id, status, call, 'local_shell') };
  }
  const complete = { ...call, arguments: completeArguments(open.arguments) };
  const frames = frame('response.function_call_arguments.done', {
    ...address,
    name: open.name,
    arguments: complete.arguments,
  });
  return { frames, item: buildFunctionCallItem(open.id, status, complete) };
}
