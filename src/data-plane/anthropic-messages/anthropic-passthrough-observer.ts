import type { JsonObject, Usage } from '../../core/chat.js';
import type { ErrorCode } from '../../core/error-codes.js';
import { GatewayError } from '../../core/gateway-error.js';
import { isJsonObject, optionalString } from '../../core/json-guards.js';
import type { PassthroughObserver } from '../../pipeline/dialect/chat-dialect.js';
import { readAnthropicUsage } from '../../providers/anthropic-shape/read-anthropic-usage.js';
import type { SseEvent } from '../../upstream/sse-decoder.js';

/** Gateway codes for the `error` events Anthropic sends mid-stream; others are `upstream_error`. */
const codeByErrorType: ReadonlyMap<string, ErrorCode> = new Map([
  ['overloaded_error', 'upstream_unavailable'],
  ['rate_limit_error', 'rate_limit_exceeded'],
]);

// Events worth parsing; the many content_block_* events are relayed without a JSON.parse.
const eventTypePattern = /"type"\s*:\s*"(message_start|message_delta|message_stop|error)"/;

/**
 * Watches an Anthropic stream relayed untouched: usage comes from `message_start` (input and
 * cache counts) overlaid by `message_delta` (final output count, and input counts on newer API
 * versions); a stream is finished only once `message_stop` was seen. It never hides an event.
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export class AnthropicPassthroughObserver implements PassthroughObserver {
  private readonly usageFields: JsonObject = {};
  private sawUsage = false;
  private stopped = false;
  private failure: GatewayError | undefined;

  observe(event: SseEvent): boolean {
    const type = event.event ?? eventTypePattern.exec(event.data)?.[1];
    switch (type) {
      case 'message_start': {
        const message = parseData(event)['message'];
        if (isJsonObject(message)) this.mergeUsage(message['usage']);
        break;
      }
      case 'message_delta':
        this.mergeUsage(parseData(event)['usage']);
        break;
      case 'message_stop':
        this.stopped = true;
        break;
      case 'error':
        this.failure = streamFailure(parseData(event));
        break;
    }
    return false;
  }

  usage(): Usage | undefined {
    return this.sawUsage ? readAnthropicUsage(this.usageFields) : undefined;
  }

  end(): string {
    if (this.stopped) return '';
    throw (
      this.failure ??
      new GatewayError('upstream_bad_response', 'The provider stream ended before message_stop.')
    );
  }

  /** Counters are cumulative totals: a later non-null value replaces an earlier one. */
  private mergeUsage(usage: unknown): void {
    if (!isJsonObject(usage)) return;
    for (const [key, value] of Object.entries(usage)) {
      if (typeof value === 'number') {
        this.usageFields[key] = value;
        this.sawUsage = true;
      }
    }
  }
}

/** The event's JSON, or an empty object: a relayed event the gateway cannot read is still relayed. */
function parseData(event: SseEvent): JsonObject {
  try {
    const data: unknown = JSON.parse(event.data);
    return isJsonObject(data) ? data : {};
  } catch {
    return {};
  }
}

function streamFailure(data: JsonObject): GatewayError {
  const error = isJsonObject(data['error']) ? data['error'] : {};
  const type = optionalString(error['type']);
  const message = optionalString(error['message']) ?? 'stream error';
  const code = (type === undefined ? undefined : codeByErrorType.get(type)) ?? 'upstream_error';
  return new GatewayError(code, `The provider failed mid-stream: ${message}`);
}
