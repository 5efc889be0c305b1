import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { GatewayError } from '../../core/gateway-error.js';

function ignore(): void {}

/**
 * Writes the upstream's answer body to the client chunk by chunk, pausing the upstream while the
 * client's socket is full and resuming on 'drain'. Resolves once the answer is written whole
 * ('finish'); rejects with the upstream body's error (the client's connection is then destroyed,
 * so it sees a cut answer rather than a short one), or with `client_closed` when the client left
 * first (the upstream body is destroyed, which frees its connection).
 *
 * Why not `stream.pipeline`: for a small answer it costs more than the proxying itself — an
 * AbortController per call, aborted at the end with a DOMException (stack captured), plus
 * end-of-stream watchers on both sides (docs/benchmarks.md, "REST path: profile and changes").
 */
export function relayBody(
  body: Readable,
  response: ServerResponse,
  onChunk: (chunk: Buffer) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error: Error | undefined): void => {
      if (settled) return;
      settled = true;
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      response.off('drain', onDrain);
      response.off('finish', onFinish);
      response.off('close', onClose);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onData = (chunk: Buffer): void => {
      onChunk(chunk);
      if (!response.write(chunk)) body.pause();
    };
    const onDrain = (): void => {
      body.resume();
    };
    const onEnd = (): void => {
      response.end();
    };
    const onFinish = (): void => {
      settle(undefined);
    };
    const onError = (error: Error): void => {
      response.destroy();
      settle(error);
    };
    const onClose = (): void => {
      if (response.writableFinished) return settle(undefined);
      // Nothing reads the body's late errors now; one must not become an unhandled 'error'.
      body.on('error', ignore);
      body.destroy();
      settle(new GatewayError('client_closed', 'The client left before the answer was written whole.'));
    };
    if (response.destroyed) return onClose();
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
    response.on('drain', onDrain);
    response.on('finish', onFinish);
    response.on('close', onClose);
  });
}
