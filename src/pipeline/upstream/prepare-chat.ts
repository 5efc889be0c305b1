import type { ChatRequest } from '../../core/chat.js';
import type { UpstreamRequest } from '../../providers/provider.js';
import type { Target } from '../../routing/route-table.js';
import type { ChatDialect, ParsedChatRequest } from '../dialect/chat-dialect.js';
import type { GatewayContext } from '../context/gateway-context.js';

/** The upstream call for one target, and how its answer must be read. */
export type PreparedChat =
  /** Same dialect both sides: the client's bytes go through untouched. */
  | { passthrough: true; upstream: UpstreamRequest }
  /** Translated through the canonical request. */
  | { passthrough: false; upstream: UpstreamRequest; canonical: ChatRequest };

/** Builds the upstream call: passthrough when the provider speaks the client's dialect, else translated. */
export function prepareChat(
  dialect: ChatDialect,
  chat: ParsedChatRequest,
  target: Target,
  context: GatewayContext,
): PreparedChat {
  const warnings = context.warnings;
  const provider = target.provider;
  if (provider.dialect === dialect.name && provider.passthroughRequest !== undefined) {
    return {
      upstream: provider.passthroughRequest('chat', chat.passthroughBody(target.model), {
        model: target.model,
        stream: chat.stream,
        clientHeaders: context.headers,
      }),
      passthrough: true,
    };
  }
  warnings.length = 0; // only the target that answers decides which settings were dropped
  const canonical = chat.toCanonical(target.model, warnings);
  const upstream = provider.chatRequest(canonical);
  if (upstream.warnings !== undefined) warnings.push(...upstream.warnings);
  return { upstream, passthrough: false, canonical };
}
