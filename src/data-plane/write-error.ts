import type { JsonObject } from '../core/chat.js';
import type { ReplyWriter } from '../pipeline/context/reply-writer.js';
import type { GatewayError } from '../core/gateway-error.js';
import type { GatewayContext } from '../pipeline/context/gateway-context.js';
import { endWhole } from '../pipeline/respond/reply-whole.js';
import { countCalls, replyHeaders, serverTiming } from '../pipeline/respond/response-headers.js';

/** Encodes an error's body in the client's dialect; the context gives what some dialects echo (the request id). */
export type ErrorEncoder = (error: GatewayError, context: GatewayContext) => JsonObject;

/**
 * The one writer of error responses: status from the code table, body in the client's dialect.
 * After a stream has started, the stream writer reports errors itself.
 */
export function writeError(context: GatewayContext, error: GatewayError, encode: ErrorEncoder): void {
  context.error = error;
  context.status = error.status;
  const reply = context.reply;
  if (reply.headersSent) {
    if (!reply.writableEnded) reply.end();
    return;
  }
  const headers = replyHeaders(context, {
    'content-type': 'application/json',
    'server-timing': serverTiming(context),
  });
  if (error.headers !== undefined) Object.assign(headers, error.headers);
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
  if (context.attempts.length > 0) headers['x-portico-attempts'] = String(countCalls(context));
  try {
    endWhole(reply, error.status, headers, JSON.stringify(encode(error, context)));
  } catch {
    // A header value node refuses (it throws before anything is sent) must not take the process down.
    writeLastResort(reply);
  }
}

const lastResortBody = JSON.stringify({
  error: { message: 'Internal gateway error.', type: 'server_error', param: null, code: 'internal_error' },
});

/**
 * The answer when even the error could not be written: a fixed 500 whose head and body cannot
 * be refused, or, once a head went out, the end of the response. Never throws.
 */
export function writeLastResort(reply: ReplyWriter): void {
  try {
    if (!reply.headersSent) {
      reply.writeHead(500, {
        'content-type': 'application/json',
        'content-length': String(lastResortBody.length),
        connection: 'close',
      });
      reply.end(lastResortBody);
    } else if (!reply.writableEnded) {
      reply.end();
    }
  } catch {
    // Nothing more can be said on this connection; the close handler reports the client gone.
  }
}
