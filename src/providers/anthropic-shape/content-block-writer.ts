import type { ImagePart, JsonObject, TextPart, ToolCall, ToolMessage } from '../../core/chat.js';

/**
 * How one wire format writes the blocks of an Anthropic-shaped conversation: Anthropic Messages
 * itself, and Bedrock Converse, which has the same turns and blocks under other names.
 */
export interface ContentBlockWriter<Block, TextBlock extends Block> {
  /** The provider as warnings name it, e.g. `anthropic`. */
  vendor: string;
  /** Text parts as text blocks, leaving out those the wire rejects. */
  textBlocks(parts: readonly TextPart[]): TextBlock[];
  /** `index` is the message's place in `messages`, for errors. */
  imageBlock(part: ImagePart, index: number): Block;
  toolResult(message: ToolMessage): Block;
  redactedReasoning(data: string): Block;
  signedReasoning(text: string, signature: string): Block;
  toolUse(call: ToolCall, input: JsonObject): Block;
  isToolResult(block: Block): boolean;
}
