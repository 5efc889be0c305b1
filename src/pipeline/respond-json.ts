import type { JsonObject } from '../core/chat.js';
import { GatewayError } from '../core/gateway-error.js';
import type { ChatDialect } from './chat-dialect.js';
import type { AcceptedCall } from './attempt-target.js';
import type { GatewayContext } from './gateway-context.js';
import type { PreparedChat } from './prepare-chat.js';
import { readBodyText } from './read-body-text.js';
import { successHeaders } from './response-headers.js';

const responseLimit = 64 * 1024 * 1024;

/** Reads a whole (non-streamed) upstream answer and writes it in the client's dialect. */
export async function respondJson(
  context: GatewayContext,
  dialect: ChatDialect,
  call: AcceptedCall<PreparedChat>,
): Promise<void> {
  const { target, prepared, response } = call;
  const providerId = target.provider.settings.id;
  let text: string;
  try {
    text = await readBodyText(response.body, responseLimit, providerId);
  } finally {
    response.finish();
    recordUpstreamTime(context, call.startedAt);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new GatewayError(
      'upstream_bad_response',
      `Provider ${providerId} sent a response that is not JSON.`,
      {
        provider: { provider: providerId, status: response.status, message: text.slice(0, 200) },
      },
    );
  }
  let output: string;
  if (prepared.passthrough) {
    // Same dialect both sides: the provider's bytes reach the client unchanged.
    const usage = dialect.usageFromResponse(parsed);
    if (usage !== undefined) context.usage = usage;
    output = text;
  } else {
    const canonical = target.provider.chatResponse(parsed, prepared.canonical);
    if (canonical.usage !== undefined) context.usage = canonical.usage;
    output = JSON.stringify(dialect.encodeResponse(canonical) satisfies JsonObject);
  }
  context.status = 200;
  context.reply.writeHead(200, successHeaders(context, target, 'application/json'));
  context.firstByteAt = process.hrtime.bigint();
  context.reply.end(output);
}

/** Adds the time since `startedAt` to the context's upstream time and to the last attempt. */
export function recordUpstreamTime(context: GatewayContext, startedAt: bigint): void {
  const durationMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
  context.upstreamMs += durationMs;
  const last = context.attempts.at(-1);
  if (last !== undefined) last.durationMs = durationMs;
}
