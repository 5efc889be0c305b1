import type { ChatMessage, ImagePart, TextPart, ToolMessage } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import type { ContentBlockWriter } from '../anthropic-shape/content-block-writer.js';
import {
  toContentBlockTurns,
  type ContentBlockConversation,
} from '../anthropic-shape/to-content-block-turns.js';
import { parseDataUrl } from '../parse-data-url.js';
import type {
  ConverseContentBlock,
  ConverseImageBlock,
  ConverseImageFormat,
  ConverseTextBlock,
} from './converse-wire.js';

/** The canonical conversation split the way Converse wants it. */
export interface ConverseConversation extends ContentBlockConversation<
  ConverseContentBlock,
  ConverseTextBlock
> {
  /** Whether any turn carries a tool call or result: Converse then requires a `toolConfig`. */
  hasToolBlocks: boolean;
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
  const conversation = toContentBlockTurns(messages, converseBlocks);
  const hasToolBlocks = conversation.messages.some((turn) =>
    turn.content.some((block) => 'toolUse' in block || 'toolResult' in block),
  );
  return { ...conversation, hasToolBlocks };
}

const converseBlocks: ContentBlockWriter<ConverseContentBlock, ConverseTextBlock> = {
  vendor: 'bedrock',
  textBlocks: toTextBlocks,
  imageBlock: toImageBlock,
  toolResult: toToolResult,
  redactedReasoning: (data) => ({ reasoningContent: { redactedContent: data } }),
  signedReasoning: (text, signature) => ({ reasoningContent: { reasoningText: { text, signature } } }),
  toolUse: (call, input) => ({ toolUse: { toolUseId: call.id, name: call.name, input } }),
  isToolResult: (block) => 'toolResult' in block,
};

/** Blank texts are left out: Converse rejects them ("The text field in the ContentBlock object is blank"). */
function toTextBlocks(parts: readonly TextPart[]): ConverseTextBlock[] {
  return parts.flatMap((part) => (part.text.trim() === '' ? [] : [{ text: part.text }]));
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
