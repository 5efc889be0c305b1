import type {
  AssistantMessage,
  CacheControl,
  ChatMessage,
  ImagePart,
  TextPart,
  ToolCall,
  ToolMessage,
  UserMessage,
} from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { isJsonObject } from '../../core/json-guards.js';
import { parseDataUrl } from '../parse-data-url.js';
import type {
  AnthropicCacheControl,
  AnthropicContentBlock,
  AnthropicImageBlock,
  AnthropicMessage,
  AnthropicTextBlock,
  AnthropicToolUseBlock,
} from './anthropic-wire.js';

/** The canonical conversation split the way Anthropic wants it. */
export interface AnthropicConversation {
  /** Every system message's text, in order; empty when there were none. */
  system: AnthropicTextBlock[];
  /** Alternating user and assistant turns. */
  messages: AnthropicMessage[];
  /** Content that had to be dropped, one sentence each. */
  warnings: string[];
}

/**
 * Canonical messages → Anthropic `system` and `messages`. System messages move to the top-level
 * `system`, tool results become user turns, and consecutive turns of one role are merged because
 * Anthropic requires alternation. https://docs.anthropic.com/en/api/messages
 */
export function toAnthropicMessages(messages: readonly ChatMessage[]): AnthropicConversation {
  const system: AnthropicTextBlock[] = [];
  const turns: AnthropicMessage[] = [];
  const warnings = new Set<string>();
  messages.forEach((message, index) => {
    if (message.role === 'system') {
      system.push(...toTextBlocks(message.content));
      return;
    }
    const turn = toTurn(message, index, warnings);
    if (turn.content.length === 0) return; // Anthropic rejects empty turns
    const last = turns.at(-1);
    if (last?.role === turn.role) last.content.push(...turn.content);
    else turns.push(turn);
  });
  for (const turn of turns) if (turn.role === 'user') turn.content = toolResultsFirst(turn.content);
  return { system, messages: turns, warnings: [...warnings] };
}

function toTurn(
  message: UserMessage | AssistantMessage | ToolMessage,
  index: number,
  warnings: Set<string>,
): AnthropicMessage {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: message.content.flatMap(toUserBlocks) };
    case 'tool':
      return { role: 'user', content: [toToolResult(message)] };
    case 'assistant':
      return { role: 'assistant', content: toAssistantBlocks(message, index, warnings) };
  }
}

/** Text parts as text blocks; empty texts are left out because Anthropic rejects them. */
function toTextBlocks(parts: readonly TextPart[]): AnthropicTextBlock[] {
  return parts.flatMap((part) => (part.text === '' ? [] : [textBlock(part.text, part.cacheControl)]));
}

function textBlock(text: string, cacheControl: CacheControl | undefined): AnthropicTextBlock {
  return cacheControl === undefined
    ? { type: 'text', text }
    : { type: 'text', text, cache_control: toCacheControl(cacheControl) };
}

function toCacheControl(hint: CacheControl): AnthropicCacheControl {
  return hint.ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl: hint.ttl };
}

function toUserBlocks(part: TextPart | ImagePart): AnthropicContentBlock[] {
  if (part.type === 'text') return toTextBlocks([part]);
  const block: AnthropicImageBlock = { type: 'image', source: toImageSource(part) };
  if (part.cacheControl !== undefined) block.cache_control = toCacheControl(part.cacheControl);
  return [block];
}

/** Inline images travel as base64, others by URL (https://docs.anthropic.com/en/docs/build-with-claude/vision). */
function toImageSource(part: ImagePart): AnthropicImageBlock['source'] {
  if (part.data !== undefined) {
    return { type: 'base64', media_type: part.mediaType ?? 'image/png', data: part.data };
  }
  const url = part.url ?? '';
  const inline = parseDataUrl(url);
  if (inline !== undefined) return { type: 'base64', media_type: inline.mediaType, data: inline.data };
  if (url === '' || url.startsWith('data:')) {
    throw new GatewayError('invalid_request', 'An image must be an http(s) URL or a base64 data URL.', {
      param: 'messages',
    });
  }
  return { type: 'url', url };
}

function toToolResult(message: ToolMessage): AnthropicContentBlock {
  const text = message.content.map((part) => part.text).join('');
  const cacheControl = message.content.findLast((part) => part.cacheControl !== undefined)?.cacheControl;
  return {
    type: 'tool_result',
    tool_use_id: message.toolCallId,
    ...(text === '' ? {} : { content: text }),
    ...(cacheControl === undefined ? {} : { cache_control: toCacheControl(cacheControl) }),
  };
}

/** Thinking must precede text and tool use in an assistant turn, as Anthropic produced it. */
function toAssistantBlocks(
  message: AssistantMessage,
  index: number,
  warnings: Set<string>,
): AnthropicContentBlock[] {
  const thinking: AnthropicContentBlock[] = [];
  const text: AnthropicContentBlock[] = [];
  for (const part of message.content) {
    if (part.type === 'text') text.push(...toTextBlocks([part]));
    else if (part.redactedData !== undefined)
      thinking.push({ type: 'redacted_thinking', data: part.redactedData });
    else if (part.signature !== undefined)
      thinking.push({ type: 'thinking', thinking: part.text, signature: part.signature });
    else if (part.text !== '')
      warnings.add('reasoning without a signature cannot be sent back to anthropic; dropped');
  }
  const toolUses = message.toolCalls.map((call, callIndex) => toToolUse(call, index, callIndex));
  return [...thinking, ...text, ...toolUses];
}

function toToolUse(call: ToolCall, index: number, callIndex: number): AnthropicToolUseBlock {
  return {
    type: 'tool_use',
    id: call.id,
    name: call.name,
    input: parseToolArguments(call, index, callIndex),
  };
}

/** Anthropic takes tool input as an object, so arguments that are not a JSON object are refused. */
function parseToolArguments(
  call: ToolCall,
  index: number,
  callIndex: number,
): AnthropicToolUseBlock['input'] {
  // Some clients send "" for a call without arguments; that is the empty object, not bad JSON.
  if (call.arguments.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(call.arguments);
  } catch {
    parsed = undefined;
  }
  if (isJsonObject(parsed)) return parsed;
  throw new GatewayError(
    'invalid_request',
    `The arguments of 'messages[${index}].tool_calls[${callIndex}]' (${call.name}) are not a JSON object.`,
    { param: 'messages' },
  );
}

/** Tool results must open a user turn: https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use#handling-results-from-client-tools */
function toolResultsFirst(blocks: AnthropicContentBlock[]): AnthropicContentBlock[] {
  const results = blocks.filter((block) => block.type === 'tool_result');
  if (results.length === 0) return blocks;
  return [...results, ...blocks.filter((block) => block.type !== 'tool_result')];
}
