import type {
  AssistantContentPart,
  AssistantMessage,
  ChatMessage,
  ImagePart,
  JsonObject,
  TextPart,
  ToolCall,
  ToolMessage,
  UserContentPart,
} from '../../core/chat.js';
import { optionalString } from '../../core/json-guards.js';
import type { AnthropicMessagesRequest, AnthropicWireMessage } from './anthropic-request-schema.js';
import {
  blockType,
  contentBlocks,
  decodeCacheControl,
  decodeImageBlock,
  decodeTextBlock,
  passthroughOnly,
} from './decode-anthropic-content.js';

/** Text put before a failed tool's output: canonical tool messages carry no error flag. */
export const toolErrorPrefix = 'Error: ';

/**
 * Anthropic `system` and `messages` (validated) → canonical messages. A user turn's tool results
 * become tool messages placed first, as OpenAI requires them right after the assistant's calls.
 * https://docs.anthropic.com/en/api/messages
 */
export function decodeAnthropicMessages(
  system: AnthropicMessagesRequest['system'],
  messages: readonly AnthropicWireMessage[],
): ChatMessage[] {
  const decoded: ChatMessage[] = [];
  const systemParts = decodeSystem(system, 'system');
  if (systemParts.length > 0) decoded.push({ role: 'system', content: systemParts });
  messages.forEach((message, index) => {
    const param = `messages[${index}].content`;
    switch (message.role) {
      case 'system':
        decoded.push({ role: 'system', content: decodeSystem(message.content, param) });
        break;
      case 'user':
        decoded.push(...decodeUserTurn(contentBlocks(message.content), param));
        break;
      case 'assistant':
        decoded.push(decodeAssistantTurn(contentBlocks(message.content), param));
        break;
    }
  });
  return decoded;
}

function decodeSystem(system: AnthropicWireMessage['content'] | undefined, param: string): TextPart[] {
  return contentBlocks(system).map((block, index) => {
    if (block['type'] !== 'text')
      throw passthroughOnly(`A '${blockType(block)}' block`, `${param}[${index}]`);
    return decodeTextBlock(block);
  });
}

/** Tool results first (one tool message each), then the rest of the turn as one user message. */
function decodeUserTurn(blocks: readonly JsonObject[], param: string): ChatMessage[] {
  const results: ToolMessage[] = [];
  const content: UserContentPart[] = [];
  // Images returned by tools: canonical tool messages hold text only, so they follow as user content.
  const toolImages: ImagePart[] = [];
  blocks.forEach((block, index) => {
    const at = `${param}[${index}]`;
    switch (block['type']) {
      case 'text':
        content.push(decodeTextBlock(block));
        break;
      case 'image':
        content.push(decodeImageBlock(block, at));
        break;
      case 'tool_result':
        results.push(decodeToolResult(block, at, toolImages));
        break;
      default:
        throw passthroughOnly(`A '${blockType(block)}' block`, at);
    }
  });
  const rest = [...toolImages, ...content];
  return rest.length > 0 || results.length === 0 ? [...results, { role: 'user', content: rest }] : results;
}

function decodeToolResult(block: JsonObject, param: string, toolImages: ImagePart[]): ToolMessage {
  const content: TextPart[] = [];
  contentBlocks(block['content']).forEach((part, index) => {
    const at = `${param}.content[${index}]`;
    if (part['type'] === 'text') content.push(decodeTextBlock(part));
    else if (part['type'] === 'image') toolImages.push(decodeImageBlock(part, at));
    else throw passthroughOnly(`A '${blockType(part)}' block in a tool result`, at);
  });
  if (block['is_error'] === true) content.unshift({ type: 'text', text: toolErrorPrefix });
  const cacheControl = decodeCacheControl(block);
  const last = content.at(-1);
  if (cacheControl !== undefined && last !== undefined) last.cacheControl = cacheControl;
  return { role: 'tool', toolCallId: optionalString(block['tool_use_id']) ?? '', content };
}

/** Thinking (with its signature), text and tool use, in the order the model produced them. */
function decodeAssistantTurn(blocks: readonly JsonObject[], param: string): AssistantMessage {
  const content: AssistantContentPart[] = [];
  const toolCalls: ToolCall[] = [];
  blocks.forEach((block, index) => {
    switch (block['type']) {
      case 'text':
        content.push(decodeTextBlock(block));
        break;
      case 'thinking': {
        const signature = optionalString(block['signature']);
        content.push({
          type: 'reasoning',
          text: optionalString(block['thinking']) ?? '',
          // An empty signature is what non-Anthropic reasoning comes back with: no signature at all.
          ...(signature === undefined || signature === '' ? {} : { signature }),
        });
        break;
      }
      case 'redacted_thinking':
        content.push({ type: 'reasoning', text: '', redactedData: optionalString(block['data']) ?? '' });
        break;
      case 'tool_use':
        toolCalls.push({
          id: optionalString(block['id']) ?? '',
          name: optionalString(block['name']) ?? '',
          arguments: JSON.stringify(block['input'] ?? {}),
        });
        break;
      default:
        throw passthroughOnly(`A '${blockType(block)}' block`, `${param}[${index}]`);
    }
  });
  return { role: 'assistant', content, toolCalls };
}
