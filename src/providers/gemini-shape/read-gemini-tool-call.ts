import type { JsonObject, ToolCall } from '../../core/chat.js';
import { isJsonObject, optionalString } from '../../core/json-guards.js';
import { geminiToolCallId } from './gemini-tool-call-id.js';

/**
 * The tool call of a `functionCall` part; undefined for other parts. The id carries the part's
 * thought signature (see gemini-tool-call-id.ts); the arguments object becomes JSON text.
 */
export function readGeminiToolCall(part: JsonObject): ToolCall | undefined {
  const call = part['functionCall'];
  if (!isJsonObject(call)) return undefined;
  const args = call['args'];
  return {
    id: geminiToolCallId(optionalString(call['id']), optionalString(part['thoughtSignature'])),
    name: optionalString(call['name']) ?? '',
    arguments: JSON.stringify(isJsonObject(args) ? args : {}),
  };
}
