import type { ChatStreamEvent, FinishReason, JsonObject, Usage } from '../../core/chat.js';
import type { ChatStreamEncoder } from '../../pipeline/dialect/chat-dialect.js';
import { encodeAnthropicStopReason } from './encode-anthropic-stop-reason.js';
import { encodeAnthropicUsage } from './encode-anthropic-usage.js';
import { newAnthropicMessageId } from './new-anthropic-message-id.js';

/** One tool call of the answer and where it stands on the client's wire. */
interface ToolBlock {
  id: string;
  name: string;
  /** Every argument delta received so far. */
  arguments: string;
  /** Content block index, once the block has started; undefined while it waits its turn. */
  index?: number;
  /** Arguments received while waiting, sent when the block starts. */
  waiting: string;
}

type OpenBlock =
  { kind: 'text' | 'thinking'; index: number } | { kind: 'tool'; index: number; tool: ToolBlock };

/**
 * Encodes canonical stream events as Anthropic Messages SSE: `message_start`, content blocks
 * numbered from 0 (`content_block_start`, deltas, `content_block_stop`), then `message_delta` with
 * the stop reason and usage and `message_stop`. Those two are written by `done()`, because
 * OpenAI-format upstreams send usage after the finish reason. One encoder per response.
 *
 * Blocks are written one after the other, as Anthropic does. OpenAI upstreams may interleave the
 * arguments of parallel tool calls; a call that starts while the open one's arguments are not yet
 * a complete JSON value waits (buffered) until they are, so each block still arrives whole.
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export class AnthropicStreamEncoder implements ChatStreamEncoder {
  private id = newAnthropicMessageId();
  private started = false;
  private nextIndex = 0;
  private open: OpenBlock | undefined;
  /** Tool calls by canonical tool index. */
  private readonly tools = new Map<number, ToolBlock>();
  /** Tool calls that began while another call's arguments were incomplete, in order. */
  private readonly queue: ToolBlock[] = [];
  private finishReason: FinishReason | null = null;
  private usage: Usage | undefined;

  /** @param model The upstream model, reported until the upstream names its own. */
  constructor(private model: string) {}

  encode(event: ChatStreamEvent): string | undefined {
    // An Anthropic message is one answer; only translated requests with n > 1 have others.
    if ('choice' in event && event.choice !== 0) return undefined;
    switch (event.type) {
      case 'start':
        if (event.id !== '') this.id = event.id;
        if (event.model !== '') this.model = event.model;
        return this.messageStart();
      case 'text-delta':
        return this.messageStart() + this.appendText('text', event.text);
      case 'reasoning-delta':
        return this.messageStart() + this.appendText('thinking', event.text);
      case 'reasoning-signature': {
        const { frames, index } = this.ensureOpen('thinking');
        return (
          this.messageStart() + frames + delta(index, { type: 'signature_delta', signature: event.signature })
        );
      }
      case 'reasoning-redacted': {
        const frames = this.messageStart() + this.closeAll();
        const index = this.nextIndex++;
        return frames + blockStart(index, { type: 'redacted_thinking', data: event.data }) + blockStop(index);
      }
      case 'tool-call-start':
        return this.messageStart() + this.toolStart(event.toolIndex, event.id, event.name);
      case 'tool-input-delta':
        return this.toolDelta(event.toolIndex, event.argumentsDelta);
      case 'finish':
        this.finishReason = event.finishReason;
        return undefined;
      case 'usage':
        this.usage = event.usage;
        return undefined;
    }
  }

  /** Closes the open blocks, then `message_delta` (stop reason, usage) and `message_stop`. */
  done(): string {
    const frames = this.messageStart() + this.closeAll();
    const stopReason = encodeAnthropicStopReason(this.finishReason, this.tools.size > 0);
    return (
      frames +
      frame('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: stopReason, stop_sequence: null },
        usage: encodeAnthropicUsage(this.usage),
      }) +
      frame('message_stop', { type: 'message_stop' })
    );
  }

  /** `message_start` the first time anything is written, else nothing. */
  private messageStart(): string {
    if (this.started) return '';
    this.started = true;
    return frame('message_start', {
      type: 'message_start',
      message: {
        id: this.id,
        type: 'message',
        role: 'assistant',
        model: this.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: encodeAnthropicUsage(this.usage),
      },
    });
  }

  private appendText(kind: 'text' | 'thinking', text: string): string {
    if (text === '') return '';
    const { frames, index } = this.ensureOpen(kind);
    const body = kind === 'text' ? { type: 'text_delta', text } : { type: 'thinking_delta', thinking: text };
    return frames + delta(index, body);
  }

  /** The open text or thinking block, starting one (and closing the others) when needed. */
  private ensureOpen(kind: 'text' | 'thinking'): { frames: string; index: number } {
    if (this.open !== undefined && this.open.kind === kind) return { frames: '', index: this.open.index };
    const frames = this.closeAll();
    const index = this.nextIndex++;
    this.open = { kind, index };
    const block =
      kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' };
    return { frames: frames + blockStart(index, block), index };
  }

  private toolStart(toolIndex: number, id: string, name: string): string {
    const tool: ToolBlock = { id, name, arguments: '', waiting: '' };
    this.tools.set(toolIndex, tool);
    if (this.queue.length > 0 || !this.openToolComplete()) {
      this.queue.push(tool);
      return '';
    }
    return this.closeAll() + this.startTool(tool);
  }

  private toolDelta(toolIndex: number, argumentsDelta: string): string {
    const tool = this.tools.get(toolIndex);
    if (tool === undefined || argumentsDelta === '') return '';
    tool.arguments += argumentsDelta;
    if (tool.index === undefined) {
      tool.waiting += argumentsDelta;
      return '';
    }
    // Input for a call already closed (interleaving the gateway could not foresee) still goes to
    // its own block index, which is how Anthropic clients address deltas; nothing is dropped.
    let frames = delta(tool.index, { type: 'input_json_delta', partial_json: argumentsDelta });
    if (this.open?.kind === 'tool' && this.open.tool === tool) frames += this.startQueued();
    return frames;
  }

  /** Starts queued calls in order, each once the one before it has complete arguments. */
  private startQueued(): string {
    let frames = '';
    while (this.queue.length > 0 && this.openToolComplete()) {
      const next = this.queue.shift();
      if (next === undefined) break;
      frames += this.closeOpen() + this.startTool(next);
    }
    return frames;
  }

  /** True unless a tool block is open with arguments that are not yet a whole JSON value. */
  private openToolComplete(): boolean {
    if (this.open?.kind !== 'tool') return true;
    const text = this.open.tool.arguments;
    if (text.trim() === '') return false;
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  }

  private startTool(tool: ToolBlock): string {
    const index = this.nextIndex++;
    tool.index = index;
    this.open = { kind: 'tool', index, tool };
    let frames = blockStart(index, { type: 'tool_use', id: tool.id, name: tool.name, input: {} });
    if (tool.waiting !== '') frames += delta(index, { type: 'input_json_delta', partial_json: tool.waiting });
    tool.waiting = '';
    return frames;
  }

  private closeOpen(): string {
    if (this.open === undefined) return '';
    const index = this.open.index;
    this.open = undefined;
    return blockStop(index);
  }

  /** Closes the open block and writes every queued call whole. */
  private closeAll(): string {
    let frames = this.closeOpen();
    for (const tool of this.queue.splice(0)) frames += this.startTool(tool) + this.closeOpen();
    return frames;
  }
}

function frame(type: string, data: JsonObject): string {
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

function blockStart(index: number, block: JsonObject): string {
  return frame('content_block_start', { type: 'content_block_start', index, content_block: block });
}

function delta(index: number, body: JsonObject): string {
  return frame('content_block_delta', { type: 'content_block_delta', index, delta: body });
}

function blockStop(index: number): string {
  return frame('content_block_stop', { type: 'content_block_stop', index });
}
