import type { Usage } from '../../core/chat.js';
import type { ChatDialect } from '../dialect/chat-dialect.js';
import type { AcceptedCall } from '../upstream/attempt-target.js';
import type { GatewayContext } from '../context/gateway-context.js';
import type { PreparedChat } from '../upstream/prepare-chat.js';
import { readUpstreamJson } from '../upstream/read-upstream-json.js';
import { replyWhole } from './reply-whole.js';
import { successHeaders } from './response-headers.js';
import { accountUsage } from './account-usage.js';
import type { Pricing } from '../../catalog/pricing.js';

const responseLimit = 64 * 1024 * 1024;

/** A whole (non-streamed) answer, read and translated, ready to write. */
export interface JsonAnswer {
  /** The body to send, in the client's dialect. */
  output: string;
  usage: Usage | undefined;
  /** True when every choice ended in a content-filter refusal. */
  contentFiltered: boolean;
}

/**
 * Reads an upstream answer and puts it in the client's dialect. Runs inside the attempt loop,
 * so an unreadable answer (or a refusal, when the route says so) can still fall back.
 * `checkRefusal` asks for the refusal check also on passthrough answers (it costs a translation).
 */
export async function readJsonAnswer(
  context: GatewayContext,
  dialect: ChatDialect,
  call: AcceptedCall<PreparedChat>,
  checkRefusal: boolean,
): Promise<JsonAnswer> {
  const { target, prepared } = call;
  const { text, parsed } = await readUpstreamJson(context, call, responseLimit);
  if (prepared.passthrough) {
    // Same dialect both sides: the provider's bytes reach the client unchanged.
    const refused =
      checkRefusal && context.chat !== undefined
        ? isRefusal(target.provider.chatResponse(parsed, context.chat.toCanonical(target.model, [])).choices)
        : false;
    return { output: text, usage: dialect.usageFromResponse(parsed), contentFiltered: refused };
  }
  const canonical = target.provider.chatResponse(parsed, prepared.canonical);
  return {
    output: JSON.stringify(dialect.encodeResponse(canonical)),
    usage: canonical.usage,
    contentFiltered: isRefusal(canonical.choices),
  };
}

function isRefusal(choices: readonly { finishReason: string | null }[]): boolean {
  return choices.length > 0 && choices.every((choice) => choice.finishReason === 'content_filter');
}

/** Writes a read answer to the client. */
export function writeJsonAnswer(
  context: GatewayContext,
  call: AcceptedCall<PreparedChat>,
  answer: JsonAnswer,
  pricing: Pricing,
): void {
  accountUsage(context, pricing, call.target, answer.usage);
  if (context.service?.logBodies === true) {
    context.responseText = answer.output;
  }
  replyWhole(context, 200, successHeaders(context, call.target, 'application/json'), answer.output);
}

/** Adds the time since `startedAt` to the context's upstream time and to the last attempt. */
export function recordUpstreamTime(context: GatewayContext, startedAt: bigint): void {
  const durationMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
  context.upstreamMs += durationMs;
  const last = context.attempts.at(-1);
  if (last !== undefined) last.durationMs = durationMs;
}
