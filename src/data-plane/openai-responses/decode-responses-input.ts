import type { AssistantMessage, ChatMessage, JsonObject, JsonValue, ReasoningPart } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { isJsonObject, optionalString } from '../../core/json-guards.js';
import { assertValidAt } from './assert-valid-at.js';
import { decodeMessageContent, decodeTextContent, type WireContent } from './decode-message-content.js';
import { decodeToolItem, toolItemTypes } from './decode-tool-items.js';
import { openReasoningSeal } from './reasoning-seal.js';
import { messageItemValidator, reasoningItemValidator } from './responses-request-schema.js';

/**
 * Items recording a built-in tool OpenAI ran (a client switching to Portico mid-conversation
 * sends them back). Portico cannot run those tools, so their records are dropped with a warning.
 */
const builtInCallItemTypes = new Set([
  'web_search_call',
  'file_search_call',
  'image_generation_call',
  'code_interpreter_call',
  'mcp_call',
  'mcp_list_tools',
]);

/** One input item read on its own, before assistant items are grouped into turns. */
type DecodedItem = ChatMessage | undefined;

/**
 * Responses `input` (and `instructions`) → canonical messages. `instructions` becomes the first
 * system message. Consecutive assistant-side items (reasoning, assistant messages, function
 * calls) become one assistant message, which is how Chat-style providers expect parallel tool
 * calls: one assistant turn with several calls, followed by one tool message per result.
 */
export function decodeResponsesInput(
  input: string | JsonValue[],
  instructions: string | undefined,
  warnings: string[],
): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (instructions !== undefined && instructions !== '') {
    messages.push({ role: 'system', content: [{ type: 'text', text: instructions }] });
  }
  if (typeof input === 'string') {
    messages.push({ role: 'user', content: [{ type: 'text', text: input }] });
    return messages;
  }
  const dropped = new Set<string>();
  input.forEach((item, index) => {
    const wire = isJsonObject(item) ? item : {};
    const type = wire['type'];
    if (typeof type === 'string' && builtInCallItemTypes.has(type)) {
      dropped.add(type);
      return;
    }
    const decoded = decodeItem(wire, `input[${index}]`);
    if (decoded === undefined) return;
    const last = messages.at(-1);
    if (decoded.role === 'assistant' && last?.role === 'assistant') {
      last.content.push(...decoded.content);
      last.toolCalls.push(...decoded.toolCalls);
    } else {
      messages.push(decoded);
    }
  });
  if (dropped.size > 0) {
    const names = [...dropped].join(', ');
    warnings.push(`${names} input items record tools that run only on openai; dropped`);
  }
  return messages;
}

function decodeItem(item: JsonObject, param: string): DecodedItem {
  const type = item['type'] ?? (item['role'] === undefined ? undefined : 'message');
  if (typeof type === 'string' && toolItemTypes.has(type)) return decodeToolItem(item, type, param);
  switch (type) {
    case 'message':
      return decodeMessage(item, param);
    case 'reasoning':
      return decodeReasoning(item, param);
    case undefined:
    case null:
      if (item['id'] === undefined) {
        throw new GatewayError('invalid_request', `Missing '${param}.type'.`, { param: `${param}.type` });
      }
      return decodeItem({ ...item, type: 'item_reference' }, param);
    case 'item_reference':
      throw new GatewayError(
        'unsupported_parameter',
        `'${param}' is an item reference, which is not supported: Portico is stateless and stores no items. Send the item itself.`,
        { param: `${param}.type` },
      );
    default:
      throw new GatewayError(
        'unsupported_parameter',
        `Input item type '${optionalString(type) ?? ''}' at '${param}' is not supported: Portico supports message, reasoning, function_call, custom_tool_call and local_shell_call items and their outputs.`,
        { param: `${param}.type` },
      );
  }
}

function decodeMessage(item: JsonObject, param: string): ChatMessage {
  assertValidAt(messageItemValidator, item, param);
  const content = item['content'] as WireContent;
  const contentParam = `${param}.content`;
  switch (item['role']) {
    case 'assistant':
      return assistant(decodeTextContent(content, 'assistant', contentParam), []);
    case 'system':
    case 'developer':
      return { role: 'system', content: decodeTextContent(content, 'system', contentParam) };
    default:
      return { role: 'user', content: decodeMessageContent(content, 'user', contentParam) };
  }
}

/**
 * A reasoning item becomes a reasoning part of the assistant turn. Its text is the raw
 * reasoning when sent, else the summaries; a signature or redacted thinking comes back from
 * `encrypted_content` when Portico wrote it (see reasoning-seal.ts).
 */
function decodeReasoning(item: JsonObject, param: string): DecodedItem {
  assertValidAt(reasoningItemValidator, item, param);
  const texts = (key: string): string[] =>
    (Array.isArray(item[key]) ? item[key] : []).flatMap((part) =>
      isJsonObject(part) ? [str(part['text'])] : [],
    );
  const raw = texts('content');
  const text = raw.length > 0 ? raw.join('') : texts('summary').join('\n\n');
  const seal = openReasoningSeal(
    typeof item['encrypted_content'] === 'string' ? item['encrypted_content'] : undefined,
  );
  if (seal === undefined && text === '') return undefined;
  const part: ReasoningPart =
    seal !== undefined && 'redactedData' in seal
      ? { type: 'reasoning', text: '', redactedData: seal.redactedData }
      : { type: 'reasoning', text, ...(seal === undefined ? {} : { signature: seal.signature }) };
  return assistant([part], []);
}

function assistant(
  content: AssistantMessage['content'],
  toolCalls: AssistantMessage['toolCalls'],
): AssistantMessage {
  return { role: 'assistant', content, toolCalls };
}

/** Reads a field the item's validator already proved to be a string. */
function str(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : '';
}
