import type { ChatStreamEvent, FinishReason, JsonObject, Usage } from '../../core/chat.js';
import type { GatewayError } from '../../core/gateway-error.js';
import type { ChatStreamEncoder } from '../../pipeline/dialect/chat-dialect.js';
import {
  buildMessageItem,
  buildOutputTextPart,
  buildSummaryPart,
  type ItemStatus,
} from './build-output-items.js';
import { buildResponseObject } from './build-response-object.js';
import {
  closeStreamItem,
  type OpenCall,
  type OpenItem,
  type OpenMessage,
  type OpenReasoning,
} from './close-stream-item.js';
import { toIncompleteReason } from './encode-responses-response.js';
import { encodeResponsesStreamError } from './encode-responses-stream-error.js';
import { newResponsesId } from './new-responses-id.js';
import type { ToolKinds } from './responses-tool-kinds.js';
import { callArgumentsFrame, openCall, openCallItem } from './stream-tool-call.js';

/**
 * Encodes canonical stream events as Responses API SSE events, one encoder per response
 * (https://platform.openai.com/docs/api-reference/responses-streaming). Reasoning and message
 * items close as soon as another item starts; tool calls stay open until the model finishes,
 * because Chat Completions upstreams may interleave the argument deltas of parallel calls. Usage
 * may arrive after the finish, so `response.completed` is written by `done()`.
 */
export class ResponsesStreamEncoder implements ChatStreamEncoder {
  private readonly id = newResponsesId('resp');
  private createdAt = Math.floor(Date.now() / 1000);
  private sequence = 0;
  private started = false;
  private reasoning: OpenReasoning | undefined;
  private message: OpenMessage | undefined;
  /** Open function calls by canonical `toolIndex`. */
  private readonly calls = new Map<number, OpenCall>();
  /** Finished items by `output_index`. */
  private readonly output: JsonObject[] = [];
  private nextIndex = 0;
  private finishReason: FinishReason | null = null;
  private usage: Usage | undefined;

  /**
   * @param model The upstream model, reported until the provider names its own.
   * @param toolKinds The request's custom and local_shell tools, whose calls are written as such.
   */
  constructor(
    private model: string,
    private readonly toolKinds: ToolKinds,
  ) {}

  encode(event: ChatStreamEvent): string | undefined {
    if (event.type === 'start') return this.start(event.model, event.created);
    if (event.type === 'usage') {
      this.usage = event.usage;
      return undefined;
    }
    if (event.choice !== 0) return undefined; // the Responses API has no `n`
    return this.start() + this.apply(event);
  }

  /** `response.completed`, or `response.incomplete` when the model hit its token cap or a filter. */
  done(): string {
    const frames = this.start() + this.closeAll(this.itemStatus());
    const incompleteReason = toIncompleteReason(this.finishReason);
    const response = buildResponseObject({
      id: this.id,
      createdAt: this.createdAt,
      model: this.model,
      status: incompleteReason === undefined ? 'completed' : 'incomplete',
      output: this.output,
      ...(this.usage === undefined ? {} : { usage: this.usage }),
      ...(incompleteReason === undefined ? {} : { incompleteReason }),
    });
    const type = incompleteReason === undefined ? 'response.completed' : 'response.incomplete';
    return frames + this.frame(type, { response });
  }

  /**
   * Frames reporting a failure after the stream started: the `error` event (which the openai SDK
   * raises) with the next sequence number, then `response.failed` (which Codex reads).
   */
  error(error: GatewayError): string {
    const frames = this.start() + encodeResponsesStreamError(error, this.sequence++);
    const response = buildResponseObject({
      id: this.id,
      createdAt: this.createdAt,
      model: this.model,
      status: 'failed',
      output: this.output.filter((item) => item !== undefined),
      ...(this.usage === undefined ? {} : { usage: this.usage }),
      error: { code: error.code, message: error.message },
    });
    return frames + this.frame('response.failed', { response });
  }

  private apply(event: Exclude<ChatStreamEvent, { type: 'start' | 'usage' }>): string {
    switch (event.type) {
      case 'text-delta':
        return this.text(event.text);
      case 'reasoning-delta':
        return this.reasoningText(event.text);
      case 'reasoning-signature': {
        const frames = this.openReasoning();
        if (this.reasoning !== undefined) this.reasoning.signature = event.signature;
        // A signature ends an Anthropic thinking block; the next block is a new item.
        return frames + this.closeReasoning();
      }
      case 'reasoning-redacted': {
        const frames = this.closeReasoning() + this.openReasoning();
        if (this.reasoning !== undefined) this.reasoning.redactedData = event.data;
        return frames + this.closeReasoning();
      }
      case 'tool-call-start':
        return this.startCall(event.toolIndex, event.id, event.name);
      case 'tool-input-delta':
        return this.callArguments(event.toolIndex, event.argumentsDelta);
      case 'finish':
        this.finishReason = event.finishReason;
        return this.closeAll(this.itemStatus());
    }
  }

  private start(model?: string, created?: number): string {
    if (this.started) return '';
    this.started = true;
    if (model !== undefined && model !== '') this.model = model;
    if (created !== undefined) this.createdAt = created;
    const response = buildResponseObject({
      id: this.id,
      createdAt: this.createdAt,
      model: this.model,
      status: 'in_progress',
      output: [],
    });
    return this.frame('response.created', { response }) + this.frame('response.in_progress', { response });
  }

  private text(delta: string): string {
    let frames = this.closeReasoning();
    if (this.message === undefined) {
      const message: OpenMessage = {
        kind: 'message',
        index: this.nextIndex++,
        id: newResponsesId('msg'),
        text: '',
      };
      this.message = message;
      frames += this.frame('response.output_item.added', {
        output_index: message.index,
        item: buildMessageItem(message.id, 'in_progress', []),
      });
      frames += this.frame('response.content_part.added', {
        ...this.partAddress(message),
        part: buildOutputTextPart(''),
      });
    }
    this.message.text += delta;
    return (
      frames +
      this.frame('response.output_text.delta', { ...this.partAddress(this.message), delta, logprobs: [] })
    );
  }

  private reasoningText(delta: string): string {
    let frames = this.openReasoning();
    const reasoning = this.reasoning;
    if (reasoning === undefined) return frames;
    const address = { item_id: reasoning.id, output_index: reasoning.index, summary_index: 0 };
    if (reasoning.text === '') {
      frames += this.frame('response.reasoning_summary_part.added', {
        ...address,
        part: buildSummaryPart(''),
      });
    }
    reasoning.text += delta;
    return frames + this.frame('response.reasoning_summary_text.delta', { ...address, delta });
  }

  private openReasoning(): string {
    if (this.reasoning !== undefined) return '';
    const frames = this.closeMessage();
    const reasoning: OpenReasoning = {
      kind: 'reasoning',
      index: this.nextIndex++,
      id: newResponsesId('rs'),
      text: '',
    };
    this.reasoning = reasoning;
    return (
      frames +
      this.frame('response.output_item.added', {
        output_index: reasoning.index,
        item: { id: reasoning.id, type: 'reasoning', summary: [] },
      })
    );
  }

  private startCall(toolIndex: number, callId: string, name: string): string {
    let frames = this.closeReasoning() + this.closeMessage();
    const previous = this.calls.get(toolIndex);
    if (previous !== undefined) frames += this.close(previous, 'completed');
    const call = openCall(this.nextIndex++, callId, name, this.toolKinds.get(name));
    this.calls.set(toolIndex, call);
    return (
      frames +
      this.frame('response.output_item.added', { output_index: call.index, item: openCallItem(call) })
    );
  }

  private callArguments(toolIndex: number, delta: string): string {
    const call = this.calls.get(toolIndex);
    if (call === undefined) return ''; // arguments of a call that never started cannot be placed
    const event = callArgumentsFrame(call, delta);
    return event === undefined ? '' : this.frame(event.type, event.payload);
  }

  /** Closes every open item in `output_index` order. */
  private closeAll(status: ItemStatus): string {
    const open: OpenItem[] = [...this.calls.values()];
    if (this.reasoning !== undefined) open.push(this.reasoning);
    if (this.message !== undefined) open.push(this.message);
    this.calls.clear();
    this.reasoning = undefined;
    this.message = undefined;
    return open
      .sort((a, b) => a.index - b.index)
      .map((item) => this.close(item, status))
      .join('');
  }

  private closeReasoning(): string {
    const reasoning = this.reasoning;
    this.reasoning = undefined;
    return reasoning === undefined ? '' : this.close(reasoning, 'completed');
  }

  /** Message items close `completed` when another item follows; only the finish can cut one short. */
  private closeMessage(): string {
    const message = this.message;
    this.message = undefined;
    return message === undefined ? '' : this.close(message, 'completed');
  }

  private close(open: OpenItem, status: ItemStatus): string {
    const { frames, item } = closeStreamItem(open, status, (type, payload) => this.frame(type, payload));
    this.output[open.index] = item;
    return frames;
  }

  private partAddress(message: OpenMessage): JsonObject {
    return { item_id: message.id, output_index: message.index, content_index: 0 };
  }

  private itemStatus(): ItemStatus {
    return toIncompleteReason(this.finishReason) === undefined ? 'completed' : 'incomplete';
  }

  private frame(type: string, payload: JsonObject): string {
    const event = { type, ...payload, sequence_number: this.sequence++ };
    return `event: ${type}\ndata: ${JSON.stringify(event)}\n\n`;
  }
}
