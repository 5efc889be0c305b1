import type { Usage } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { isJsonObject } from '../../core/json-guards.js';
import type { PassthroughObserver } from '../../pipeline/dialect/chat-dialect.js';
import { readGeminiUsage } from '../../providers/gemini-shape/read-gemini-usage.js';
import type { SseEvent } from '../../upstream/sse-decoder.js';

// A candidate that stopped, or a prompt Gemini refused (it then sends no candidates).
const finishedPattern = /"(?:finishReason|blockReason)"\s*:\s*"/;

/**
 * Watches a Gemini stream relayed untouched. Gemini repeats a growing `usageMetadata` on every
 * chunk; only chunks from the finish on are parsed, which keeps JSON.parse off the hot path
 * and still reads the final counts. Nothing is hidden: the client asked Gemini itself.
 */
export class GeminiPassthroughObserver implements PassthroughObserver {
  private reported: Usage | undefined;
  private finished = false;

  observe(event: SseEvent): boolean {
    const data = event.data;
    if (!this.finished && finishedPattern.test(data)) this.finished = true;
    if (this.finished && data.includes('"usageMetadata"')) {
      const usage = usageOf(data);
      if (usage !== undefined) this.reported = usage;
    }
    return false;
  }

  usage(): Usage | undefined {
    return this.reported;
  }

  end(): string {
    if (!this.finished)
      throw new GatewayError('upstream_bad_response', 'The provider stream ended before it finished.');
    return '';
  }
}

function usageOf(data: string): Usage | undefined {
  let chunk: unknown;
  try {
    chunk = JSON.parse(data);
  } catch {
    return undefined;
  }
  return isJsonObject(chunk) ? readGeminiUsage(chunk['usageMetadata']) : undefined;
}
