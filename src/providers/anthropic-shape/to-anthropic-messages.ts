import type { CacheControl, ChatMessage, ImagePart, TextPart, ToolMessage } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { parseDataUrl } from '../parse-data-url.js';
import type {
  AnthropicCacheControl,
  AnthropicContentBlock,
  AnthropicImageBlock,
  AnthropicTextBlock,
} from './anthropic-wire.js';
import type { ContentBlockWriter } from './content-block-writer.js';
import { toContentBlockTurns, type ContentBlockConversation } from './to-content-block-turns.js';

/** The canonical conversation split the way Anthropic wants it. */
export type AnthropicConversation = ContentBlockConversation<AnthropicContentBlock, AnthropicTextBlock>;

/**
 * Canonical messages → Anthropic `system` and `messages`. System messages move to the top-level
 * `system`, tool results become user turns, and consecutive turns of one role are merged because
 * Anthropic requires alternation. https://docs.anthropic.com/en/api/messages
 */
export function toAnthropicMessages(messages: readonly ChatMessage[]): AnthropicConversation {
  return toContentBlockTurns(messages, anthropicBlocks);
}

const anthropicBlocks: ContentBlockWriter<AnthropicContentBlock, AnthropicTextBlock> = {
  vendor: 'anthropic',
  textBlocks: toTextBlocks,
  imageBlock(part) {
    const block: AnthropicImageBlock = { type: 'image', source: toImageSource(part) };
    if (part.cacheControl !== undefined) block.cache_control = toCacheControl(part.cacheControl);
    return block;
  },
  toolResult: toToolResult,
  redactedReasoning: (data) => ({ type: 'redacted_thinking', data }),
  signedReasoning: (thinking, signature) => ({ type: 'thinking', thinking, signature }),
  toolUse: (call, input) => ({ type: 'tool_use', id: call.id, name: call.name, input }),
  isToolResult: (block) => block.type === 'tool_result',
};

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
