import type { JsonObject, ReasoningPart, ToolCall } from '../../core/chat.js';
import { isJsonObject } from '../../core/json-guards.js';
import { splitGeminiToolCallId } from '../../providers/gemini-shape/gemini-tool-call-id.js';

/**
 * A reasoning block as a Gemini thought part. The signature rides in `thoughtSignature`, so
 * that a client sending the turn back returns it unchanged (Anthropic verifies it). Redacted
 * reasoning has no text for a Gemini client to show and is left out.
 * https://ai.google.dev/gemini-api/docs/thinking#summaries
 */
export function encodeThoughtPart(part: ReasoningPart): JsonObject | undefined {
  if (part.redactedData !== undefined) return undefined;
  return {
    text: part.text,
    thought: true,
    ...(part.signature === undefined ? {} : { thoughtSignature: part.signature }),
  };
}

/**
 * A tool call as a `functionCall` part with its arguments as an object, as Gemini sends them.
 * A Gemini upstream translated (not passed through) hid its thought signature in the id; it is
 * split off again. https://ai.google.dev/api/caching#FunctionCall
 */
export function encodeFunctionCallPart(call: ToolCall): JsonObject {
  const { id, signature } = splitGeminiToolCallId(call.id);
  return {
    functionCall: { id, name: call.name, args: parseArguments(call.arguments) },
    ...(signature === undefined ? {} : { thoughtSignature: signature }),
  };
}

/**
 * Gemini carries arguments as an object. Text that is not a JSON object (a call cut off by the
 * token limit) cannot be expressed and becomes `{}`; the finish reason tells the client why.
 */
function parseArguments(text: string): JsonObject {
  try {
    const parsed: unknown = JSON.parse(text);
    return isJsonObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}
