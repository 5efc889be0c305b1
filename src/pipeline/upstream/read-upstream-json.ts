import { GatewayError } from '../../core/gateway-error.js';
import type { AcceptedCall } from './attempt-target.js';
import type { GatewayContext } from '../context/gateway-context.js';
import { readBodyText } from './read-body-text.js';
import { recordUpstreamTime } from '../respond/respond-json.js';

/** An upstream answer read whole: its text (to relay untouched) and the parsed JSON. */
export interface UpstreamJson {
  text: string;
  parsed: unknown;
}

/**
 * Reads a whole upstream answer (at most `limitBytes`), ends the call's timers, adds the wait
 * to the request's upstream time, and parses it; unreadable JSON is `upstream_bad_response`.
 */
export async function readUpstreamJson(
  context: GatewayContext,
  call: AcceptedCall<unknown>,
  limitBytes: number,
): Promise<UpstreamJson> {
  const providerId = call.target.provider.settings.id;
  let text: string;
  try {
    text = await readBodyText(call.response, limitBytes, providerId);
  } finally {
    call.response.finish();
    recordUpstreamTime(context, call.startedAt);
  }
  try {
    return { text, parsed: JSON.parse(text) as unknown };
  } catch {
    throw new GatewayError(
      'upstream_bad_response',
      `Provider ${providerId} sent a response that is not JSON.`,
      {
        provider: { provider: providerId, status: call.response.status, message: text.slice(0, 200) },
      },
    );
  }
}
