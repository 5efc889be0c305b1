import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { GatewayError } from '../../core/gateway-error.js';
import { classifyAttemptError, type AttemptFailure } from './attempt-failure.js';
import type { UpstreamNode } from './upstream-node.js';

/** The head of a node's answer, its body still streaming. */
export interface AttemptAnswer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
}

export type AttemptResult = { answer: AttemptAnswer } | { failure: AttemptFailure; code: string | undefined };

/** undici refuses these request headers (it frames the message itself). */
const framedByUndici = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'expect']);

export interface AttemptRequest {
  method: string;
  pathAndQuery: string;
  headers: Record<string, string | string[]>;
  /** A stream, or a Buffer the gateway already read whole (a validated JSON body). */
  body: Readable | Buffer | null;
  signal: AbortSignal;
  /** Why the exchange's signal fired, if it did (client gone or total timeout). */
  abortError: () => GatewayError | undefined;
}

/** One request to one node; never throws: failures come back classified. */
export async function sendAttempt(node: UpstreamNode, request: AttemptRequest): Promise<AttemptResult> {
  const headers: Record<string, string | string[]> = {};
  let hasHost = false;
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (framedByUndici.has(lower)) continue;
    if (lower === 'host') hasHost = true;
    headers[name] = value;
  }
  // A Host the caller passed on is kept (preserve host); otherwise the node's own.
  if (!hasHost) headers.host = node.host;
  try {
    const response = await node.pool.request({
      method: request.method,
      path: node.pathPrefix + request.pathAndQuery,
      headers,
      body: request.body,
      signal: request.signal,
    });
    return {
      answer: { statusCode: response.statusCode, headers: response.headers, body: response.body },
    };
  } catch (error) {
    const aborted = request.abortError();
    if (aborted !== undefined) {
      return {
        failure: aborted.code === 'client_closed' ? 'client_closed' : 'total_timeout',
        code: aborted.code,
      };
    }
    return classifyAttemptError(error);
  }
}
