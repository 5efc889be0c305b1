import type { ChatRequest } from '../../core/chat.js';

/**
 * Anthropic has no `response_format`: a JSON Schema answer is obtained by forcing a tool whose
 * input schema is the schema, then returning the tool input as the message text.
 * https://docs.anthropic.com/en/docs/build-with-claude/tool-use#json-mode
 */
export const jsonResponseToolName = 'json_response';

/** Whether the request is translated with the forced `json_response` tool. */
export function usesJsonResponseTool(request: ChatRequest): boolean {
  return request.responseFormat?.type === 'json_schema';
}
