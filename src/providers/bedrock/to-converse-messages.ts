import type {
  AssistantMessage,
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
  ConverseContentBlock,
  ConverseImageBlock,
  ConverseImageFormat,
  ConverseMessage,
  ConverseTextBlock,
  ConverseToolUseBlock,
} from './converse-wire.js';

/** The canonical conversation split the way Converse wants it. */
export interface ConverseConversation {
  /** Every system message's text, in order; empty when there were none. */
  system: ConverseTextBlock[];
  /** Alternating user and assistant turns. */
  messages: ConverseMessage[];
  /** Whether any turn carries a tool call or result: Converse then requires a `toolConfig`. */
  hasToolBlocks: boolean;
  /** Content that had to be dropped, one sentence each. */
  warnings: string[];
}

const formatByMediaType: ReadonlyMap<string, ConverseImageFormat> = new Map([
  ['image/png', 'png'],
  ['image/jpeg', 'jpeg'],
  ['image/jpg', 'jpeg'],
  ['image/gif', 'gif'],
  ['image/webp', 'webp'],
]);

/**
 * Canonical messages → Converse `system` and `messages`. Tool results become user turns and
 * consecutive turns of one role are merged, as Converse requires alternation.
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Message.html
 */
export function toConverseMessages(messages: readonly ChatMessage[]): ConverseConversation {
  const system: ConverseTextBlock[] = [];
  const turns: ConverseMessage[] = [];
  const warnings = new Set<string>();
  messages.forEach((message, index) => {
    if (message.role === 'system') {
      system.push(...toTextBlocks(message.content));
      return;
    }
    const turn = toTurn(message, index, warnings);
    if (turn.content.length === 0) return; // Converse rejects empty turns
    const last = turns.at(-1);
    if (last?.role === turn.role) last.content.push(...turn.content);
    else turns.push(turn);
  });
  for (const turn of turns) if (turn.role === 'user') turn.content = toolResultsFirst(turn.content);
  const hasToolBlocks = turns.some((turn) =>
    turn.content.some((block) => 'toolUse' in block || 'toolResult' in block),
  );
  return { system, messages: turns, hasToolBlocks, warnings: [...warnings] };
}

function toTurn(
  message: UserMessage | AssistantMessage | ToolMessage,
  index: number,
  warnings: Set<string>,
): ConverseMessage {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: message.content.flatMap((part) => toUserBlocks(part, index)) };
    case 'tool':
      return { role: 'user', content: [toToolResult(message)] };
    case 'assistant':
      return { role: 'assistant', content: toAssistantBlocks(message, index, warnings) };
  }
}

/** Blank texts are left out: Converse rejects them ("The text field in the ContentBlock object is blank"). */
function toTextBlocks(parts: readonly TextPart[]): ConverseTextBlock[] {
  return parts.flatMap((part) => (part.text.trim() === '' ? [] : [{ text: part.text }]));
}

function toUserBlocks(part: TextPart | ImagePart, index: number): ConverseContentBlock[] {
  return part.type === 'text' ? toTextBlocks([part]) : [toImageBlock(part, index)];
}

/**
 * Converse takes image bytes only (or S3 locations), never a URL it would fetch, so anything
 * but inline data is refused. https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ImageBlock.html
 */
function toImageBlock(part: ImagePart, index: number): ConverseImageBlock {
  const inline =
    part.data === undefined
      ? parseDataUrl(part.url ?? '')
      : { mediaType: part.mediaType ?? 'image/png', data: part.data };
  if (inline === undefined) {
    throw new GatewayError(
      'invalid_request',
      `The image in 'messages[${index}]' must be a base64 data URL: Bedrock does not fetch image URLs.`,
      { param: 'messages' },
    );
  }
  const format = formatByMediaType.get(inline.mediaType.toLowerCase());
  if (format === undefined) {
    throw new GatewayError(
      'invalid_request',
      `The image in 'messages[${index}]' is ${inline.mediaType}; Bedrock accepts png, jpeg, gif and webp.`,
      { param: 'messages' },
    );
  }
  return { image: { format, source: { bytes: inline.data } } };
}

/** Text a tool result carries when the tool returned nothing, as Converse rejects blank text blocks. */
export const emptyToolResultText = '(no output)';

function toToolResult(message: ToolMessage): ConverseContentBlock {
  const text = message.content.map((part) => part.text).join('');
  return {
    toolResult: {
      toolUseId: message.toolCallId,
      content: [{ text: text.trim() === '' ? emptyToolResultText : text }],
    },
  };
}

/** Reasoning first, then text, then tool use: the order the model produced them in. */
function toAssistantBlocks(
  message: AssistantMessage,
  index: number,
  warnings: Set<string>,
): ConverseContentBlock[] {
  const reasoning: ConverseContentBlock[] = [];
  const text: ConverseContentBlock[] = [];
  for (const part of message.content) {
    if (part.type === 'text') text.push(...toTextBlocks([part]));
    else if (part.redactedData !== undefined)
      reasoning.push({ reasoningContent: { redactedContent: part.redactedData } });
    else if (part.signature !== undefined)
      reasoning.push({ reasoningContent: { reasoningText: { text: part.text, signature: part.signature } } });
    else if (part.text !== '')
      warnings.add('reasoning without a signature cannot be sent back to bedrock; dropped');
  }
  const toolUses = message.toolCalls.map((call, callIndex) => toToolUse(call, index, callIndex));
  return [...reasoning, ...text, ...toolUses];
}

/** Converse takes tool input as an object, so arguments that are not a JSON object are refused. */
function toToolUse(call: ToolCall, index: number, callIndex: number): ConverseToolUseBlock {
  // Some clients send "" for a call without arguments; that is the empty object, not bad JSON.
  let input: unknown = {};
  if (call.arguments.trim() !== '') {
    try {
      input = JSON.parse(call.arguments);
    } catch {
      input = undefined;
    }
  }
  if (!isJsonObject(input)) {
    throw new GatewayError(
      'invalid_request',
      `The arguments of 'messages[${index}].tool_calls[${callIndex}]' (${call.name}) are not a JSON object.`,
      { param: 'messages' },
    );
  }
  return { toolUse: { toolUseId: call.id, name: call.name, input } };
}

/** Claude on Bedrock wants tool results to open the user turn, as on Anthropic's own API. */
function toolResultsFirst(blocks: ConverseContentBlock[]): ConverseContentBlock[] {
  const results = blocks.filter((block) => 'toolResult' in block);
  if (results.length === 0) return blocks;
  return [...results, ...blocks.filter((block) => !('toolResult' in block))];
}
