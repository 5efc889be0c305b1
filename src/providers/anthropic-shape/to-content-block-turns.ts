import type { AssistantMessage, ChatMessage, ToolMessage, UserMessage } from '../../core/chat.js';
import type { ContentBlockWriter } from './content-block-writer.js';
import { toolCallInput } from './tool-call-input.js';

/** One user or assistant turn. */
export interface ContentBlockTurn<Block> {
  role: 'user' | 'assistant';
  content: Block[];
}

/** The canonical conversation split the way Anthropic-shaped APIs want it. */
export interface ContentBlockConversation<Block, TextBlock extends Block> {
  /** Every system message's text, in order; empty when there were none. */
  system: TextBlock[];
  /** Alternating user and assistant turns. */
  messages: ContentBlockTurn<Block>[];
  /** Content that had to be dropped, one sentence each. */
  warnings: string[];
}

/**
 * Canonical messages → top-level `system` and alternating turns. Tool results become user turns,
 * empty turns are left out and consecutive turns of one role are merged, as both APIs require.
 */
export function toContentBlockTurns<Block, TextBlock extends Block>(
  messages: readonly ChatMessage[],
  writer: ContentBlockWriter<Block, TextBlock>,
): ContentBlockConversation<Block, TextBlock> {
  const system: TextBlock[] = [];
  const turns: ContentBlockTurn<Block>[] = [];
  const warnings = new Set<string>();
  messages.forEach((message, index) => {
    if (message.role === 'system') {
      system.push(...writer.textBlocks(message.content));
      return;
    }
    const turn = toTurn(message, index, writer, warnings);
    if (turn.content.length === 0) return; // empty turns are rejected
    const last = turns.at(-1);
    if (last?.role === turn.role) last.content.push(...turn.content);
    else turns.push(turn);
  });
  for (const turn of turns) if (turn.role === 'user') turn.content = toolResultsFirst(turn.content, writer);
  return { system, messages: turns, warnings: [...warnings] };
}

function toTurn<Block, TextBlock extends Block>(
  message: UserMessage | AssistantMessage | ToolMessage,
  index: number,
  writer: ContentBlockWriter<Block, TextBlock>,
  warnings: Set<string>,
): ContentBlockTurn<Block> {
  switch (message.role) {
    case 'user':
      return {
        role: 'user',
        content: message.content.flatMap((part) =>
          part.type === 'text' ? writer.textBlocks([part]) : [writer.imageBlock(part, index)],
        ),
      };
    case 'tool':
      return { role: 'user', content: [writer.toolResult(message)] };
    case 'assistant':
      return { role: 'assistant', content: toAssistantBlocks(message, index, writer, warnings) };
  }
}

/** Reasoning first, then text, then tool use: the order the model produced them in. */
function toAssistantBlocks<Block, TextBlock extends Block>(
  message: AssistantMessage,
  index: number,
  writer: ContentBlockWriter<Block, TextBlock>,
  warnings: Set<string>,
): Block[] {
  const reasoning: Block[] = [];
  const text: Block[] = [];
  for (const part of message.content) {
    if (part.type === 'text') text.push(...writer.textBlocks([part]));
    else if (part.redactedData !== undefined) reasoning.push(writer.redactedReasoning(part.redactedData));
    else if (part.signature !== undefined) reasoning.push(writer.signedReasoning(part.text, part.signature));
    else if (part.text !== '')
      warnings.add(`reasoning without a signature cannot be sent back to ${writer.vendor}; dropped`);
  }
  const toolUses = message.toolCalls.map((call, callIndex) =>
    writer.toolUse(call, toolCallInput(call, index, callIndex)),
  );
  return [...reasoning, ...text, ...toolUses];
}

/**
 * Tool results must open a user turn, on Anthropic's API and for Claude on Bedrock:
 * https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use#handling-results-from-client-tools
 */
function toolResultsFirst<Block, TextBlock extends Block>(
  blocks: Block[],
  writer: ContentBlockWriter<Block, TextBlock>,
): Block[] {
  const results = blocks.filter((block) => writer.isToolResult(block));
  if (results.length === 0) return blocks;
  return [...results, ...blocks.filter((block) => !writer.isToolResult(block))];
}
