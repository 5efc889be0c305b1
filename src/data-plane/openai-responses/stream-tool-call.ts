import type { JsonObject } from '../../core/chat.js';
import {
  buildCustomToolCallItem,
  buildFunctionCallItem,
  buildLocalShellCallItem,
  toolCallIdPrefix,
} from './build-output-items.js';
import type { OpenCall } from './close-stream-item.js';
import { CustomInputReader } from './custom-input-reader.js';
import { newResponsesId } from './new-responses-id.js';
import type { ToolCallKind } from './responses-tool-kinds.js';

/** A tool call that has just started streaming, at `output_index` `index`. */
export function openCall(
  index: number,
  callId: string,
  name: string,
  kind: ToolCallKind | undefined,
): OpenCall {
  return {
    kind: 'call',
    index,
    id: newResponsesId(toolCallIdPrefix(kind)),
    callId: callId === '' ? newResponsesId('call') : callId,
    name,
    arguments: '',
    ...(kind === undefined ? {} : { toolKind: kind }),
    ...(kind === 'custom' ? { input: new CustomInputReader() } : {}),
  };
}

/**
 * The item announced by `response.output_item.added`. A shell call's command is not known until
 * its arguments are complete, so it is announced with an empty one; `output_item.done` has it.
 */
export function openCallItem(call: OpenCall): JsonObject {
  const identity = { id: call.callId, name: call.name };
  if (call.toolKind === 'custom') return buildCustomToolCallItem(call.id, 'in_progress', identity, '');
  if (call.toolKind === 'local_shell') {
    return buildLocalShellCallItem(call.id, 'in_progress', call.callId, {
      type: 'exec',
      command: [],
      env: {},
    });
  }
  return buildFunctionCallItem(call.id, 'in_progress', { ...identity, arguments: '' });
}

/**
 * Records an arguments delta; returns the event to write, if any: the arguments themselves for a
 * function, the text they complete for a custom tool, nothing for a shell call (sent whole).
 */
export function callArgumentsFrame(
  call: OpenCall,
  delta: string,
): { type: string; payload: JsonObject } | undefined {
  call.arguments += delta;
  const address = { item_id: call.id, output_index: call.index };
  if (call.toolKind === 'local_shell') return undefined;
  if (call.input !== undefined) {
    const text = call.input.push(delta);
    return text === ''
      ? undefined
      : { type: 'response.custom_tool_call_input.delta', payload: { ...address, delta: text } };
  }
  return { type: 'response.function_call_arguments.delta', payload: { ...address, delta } };
}
