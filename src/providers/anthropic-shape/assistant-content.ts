import type {
  ChatResponse,
  FinishReason,
  JsonValue,
  ReasoningPart,
  ToolCall,
  Usage,
} from '../../core/chat.js';
import { jsonResponseToolName } from './json-response-tool.js';

/**
 * What the content blocks of one Anthropic-shaped answer (Anthropic Messages, Bedrock Converse)
 * add up to, read block by block, then turned into the canonical response.
 */
export class AssistantContent {
  private text: string | null = null;
  private readonly reasoning: ReasoningPart[] = [];
  private readonly toolCalls: ToolCall[] = [];
  /** Whether the forced `json_response` tool answered (its input became `text`). */
  private answeredWithJson = false;

  /** @param jsonResponseTool Whether the request forced the `json_response` tool (json_schema format). */
  constructor(private readonly jsonResponseTool: boolean) {}

  addText(text: string): void {
    this.text = (this.text ?? '') + text;
  }

  addReasoning(text: string, signature: string | undefined): void {
    this.reasoning.push({ type: 'reasoning', text, ...(signature === undefined ? {} : { signature }) });
  }

  /** The encrypted blob Claude returns when its reasoning was redacted. */
  addRedactedReasoning(data: string): void {
    this.reasoning.push({ type: 'reasoning', text: '', redactedData: data });
  }

  addToolUse(id: string, name: string, input: JsonValue | undefined): void {
    const text = JSON.stringify(input ?? {});
    if (this.jsonResponseTool && name === jsonResponseToolName) {
      this.addText(text);
      this.answeredWithJson = true;
    } else {
      this.toolCalls.push({ id, name, arguments: text });
    }
  }

  toResponse(id: string, model: string, finishReason: FinishReason | null, usage?: Usage): ChatResponse {
    let finish = finishReason;
    // The forced json_response tool is the answer itself, not a call the client must make.
    if (this.answeredWithJson && this.toolCalls.length === 0 && finish === 'tool_calls') finish = 'stop';
    const response: ChatResponse = {
      id,
      model,
      created: Math.floor(Date.now() / 1000),
      choices: [
        {
          index: 0,
          text: this.text,
          reasoning: this.reasoning,
          toolCalls: this.toolCalls,
          finishReason: finish,
        },
      ],
    };
    if (usage !== undefined) response.usage = usage;
    return response;
  }
}
