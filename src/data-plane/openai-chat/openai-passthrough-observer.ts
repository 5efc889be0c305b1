import type { JsonObject, Usage } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { isJsonObject } from '../../core/json-guards.js';
import type { PassthroughObserver } from '../../pipeline/dialect/chat-dialect.js';
import { readOpenAiUsage } from '../../providers/openai/read-openai-usage.js';
import type { SseEvent } from '../../upstream/sse-decoder.js';

const finishReasonPattern = /"finish_reason":\s*"/;

/** Usage in an OpenAI chunk or body; Groq reports it under `x_groq.usage`. */
export function openAiChunkUsage(chunk: JsonObject): Usage | undefined {
  const groq = chunk['x_groq'];
  return readOpenAiUsage(chunk['usage']) ?? (isJsonObject(groq) ? readOpenAiUsage(groq['usage']) : undefined);
}

/**
 * Watches an OpenAI stream relayed untouched. Substring checks keep JSON.parse off the hot
 * path: only the chunks that carry usage are parsed.
 */
export class OpenAiPassthroughObserver implements PassthroughObserver {
  private reported: Usage | undefined;
  private finished = false;
  private sawDone = false;

  constructor(private readonly clientWantsUsage: boolean) {}

  observe(event: SseEvent): boolean {
    const data = event.data;
    if (data === '[DONE]') {
      this.sawDone = true;
      this.finished = true;
      return false;
    }
    if (!this.finished && finishReasonPattern.test(data)) this.finished = true;
    if (!data.includes('"usage":{') && !data.includes('"usage": {')) return false;
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      return false;
    }
    if (!isJsonObject(chunk)) return false;
    const usage = openAiChunkUsage(chunk);
    if (usage !== undefined) this.reported = usage;
    const usageOnly = Array.isArray(chunk['choices']) && chunk['choices'].length === 0;
    // The gateway asked for this chunk to count tokens; a client that did not ask never sees it.
    return usageOnly && !this.clientWantsUsage;
  }

  usage(): Usage | undefined {
    return this.reported;
  }

  end(): string {
    if (!this.finished)
      throw new GatewayError('upstream_bad_response', 'The provider stream ended before it finished.');
    return this.sawDone ? '' : 'data: [DONE]\n\n';
  }
}
