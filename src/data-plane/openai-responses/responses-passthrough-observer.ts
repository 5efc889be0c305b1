import type { Usage } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { isJsonObject } from '../../core/json-guards.js';
import type { PassthroughObserver } from '../../pipeline/dialect/chat-dialect.js';
import type { SseEvent } from '../../upstream/sse-decoder.js';
import { readResponsesUsage } from './read-responses-usage.js';

/** Events that end a Responses stream; the first two carry the final response with its usage. */
const terminalTypes = new Set(['response.completed', 'response.incomplete', 'response.failed', 'error']);
const terminalPattern = /"type":\s*"(response\.(?:completed|incomplete|failed)|error)"/;

/**
 * Watches a Responses stream relayed untouched (an upstream that speaks Responses). Usage is
 * always in the final `response.completed`, so nothing is hidden from the client; only the
 * terminal events are parsed, which keeps JSON.parse off the hot path.
 */
export class ResponsesPassthroughObserver implements PassthroughObserver {
  private reported: Usage | undefined;
  private finished = false;

  observe(event: SseEvent): boolean {
    const type = event.event ?? terminalPattern.exec(event.data)?.[1];
    if (type === undefined || !terminalTypes.has(type)) return false;
    // An upstream `error` or `response.failed` already told the client; it needs no second error.
    this.finished = true;
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      return false;
    }
    if (isJsonObject(data) && isJsonObject(data['response'])) {
      const usage = readResponsesUsage(data['response']['usage']);
      if (usage !== undefined) this.reported = usage;
    }
    return false;
  }

  usage(): Usage | undefined {
    return this.reported;
  }

  /** A Responses stream has no `[DONE]` trailer, so nothing is appended. */
  end(): string {
    if (!this.finished)
      throw new GatewayError('upstream_bad_response', 'The provider stream ended before it finished.');
    return '';
  }
}
