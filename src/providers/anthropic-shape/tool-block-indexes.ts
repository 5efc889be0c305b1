import type { ChatStreamEvent, FinishReason } from '../../core/chat.js';
import { jsonResponseToolName } from './json-response-tool.js';

/**
 * The tool blocks of one Anthropic-shaped stream. Anthropic and Converse number content blocks of
 * every kind, so tool blocks are renumbered from 0; the forced `json_response` tool's input is
 * the answer text, not a call.
 */
export class ToolBlockIndexes {
  /** Content block index → canonical tool index. */
  private readonly toolIndexes = new Map<number, number>();
  /** Content block indexes of the forced `json_response` tool. */
  private readonly jsonBlocks = new Set<number>();

  /** @param jsonResponseTool Whether the request forced the `json_response` tool (json_schema format). */
  constructor(private readonly jsonResponseTool: boolean) {}

  start(index: number, id: string, name: string): ChatStreamEvent[] {
    if (this.jsonResponseTool && name === jsonResponseToolName) {
      this.jsonBlocks.add(index);
      return [];
    }
    const toolIndex = this.toolIndexes.size;
    this.toolIndexes.set(index, toolIndex);
    return [{ type: 'tool-call-start', choice: 0, toolIndex, id, name }];
  }

  inputDelta(index: number, partialJson: string): ChatStreamEvent[] {
    if (partialJson === '') return [];
    if (this.jsonBlocks.has(index)) return [{ type: 'text-delta', choice: 0, text: partialJson }];
    const toolIndex = this.toolIndexes.get(index);
    // Input of a block that never started as a client tool (e.g. Anthropic's server tools).
    if (toolIndex === undefined) return [];
    return [{ type: 'tool-input-delta', choice: 0, toolIndex, argumentsDelta: partialJson }];
  }

  /** `tool_calls` becomes `stop` when the forced json_response tool was the answer itself. */
  finishReason(reason: FinishReason | null): FinishReason | null {
    const answeredWithJson = this.toolIndexes.size === 0 && this.jsonBlocks.size > 0;
    return reason === 'tool_calls' && answeredWithJson ? 'stop' : reason;
  }
}
