import type { Dispatcher } from 'undici';

/** A body read chunk by chunk pauses the upstream socket while this much waits unread (a slow client). */
const highWaterBytes = 64 * 1024;

/**
 * The body of an upstream answer as undici's dispatch handler hands it over: chunks queue here
 * until read, whole (`bytes`) or as they come (`for await`). It replaces undici's Readable body:
 * that stream, and the promise and abort signal of `request()`, were about a tenth of the
 * gateway's CPU per request (docs/benchmarks.md, "Optimisations (2026-12-04)").
 */
export class UpstreamBody implements AsyncIterator<Buffer>, AsyncIterable<Buffer> {
  #chunks: Buffer[] = [];
  #queuedBytes = 0;
  #receivedBytes = 0;
  #ended = false;
  #failure: Error | undefined;
  /** Wakes the reader waiting for the next chunk, the end or a failure. */
  #wake: (() => void) | undefined;
  #controller: Dispatcher.DispatchController | undefined;
  /** Set while read whole: more than this fails the body. */
  #limitBytes = Infinity;
  #tooLarge: (() => Error) | undefined;

  /** The handler: undici started the request; `controller` pauses, resumes and aborts it. */
  attach(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#failure !== undefined) controller.abort(this.#failure);
  }

  /** The handler: a chunk arrived. */
  push(chunk: Buffer): void {
    if (this.#failure !== undefined) return;
    this.#receivedBytes += chunk.length;
    if (this.#receivedBytes > this.#limitBytes) {
      this.destroy(this.#tooLarge?.());
      return;
    }
    this.#chunks.push(chunk);
    this.#queuedBytes += chunk.length;
    if (this.#queuedBytes > highWaterBytes && this.#limitBytes === Infinity) this.#controller?.pause();
    this.#wakeReader();
  }

  /** The handler: the body is complete. */
  end(): void {
    this.#ended = true;
    this.#wakeReader();
  }

  /** The handler: the transfer failed (socket, body timeout, abort). */
  fail(error: Error): void {
    if (this.#failure !== undefined || this.#ended) return;
    this.#failure = error;
    this.#chunks = [];
    this.#wakeReader();
  }

  /** Stops the transfer (the client left, the answer is not wanted): aborts the upstream request. */
  destroy(error: Error = abortError()): void {
    if (this.#ended || this.#failure !== undefined) return;
    this.fail(error);
    this.#controller?.abort(error);
  }

  /** Reads the whole body; more than `limitBytes` destroys it and rejects with `tooLarge()`. */
  async bytes(limitBytes: number, tooLarge: () => Error): Promise<Buffer> {
    this.#limitBytes = limitBytes;
    this.#tooLarge = tooLarge;
    if (this.#receivedBytes > limitBytes) this.destroy(tooLarge());
    else this.#controller?.resume();
    while (!this.#ended && this.#failure === undefined) await this.#nextEvent();
    if (this.#failure !== undefined) throw this.#failure;
    const chunks = this.#chunks;
    this.#chunks = [];
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, this.#queuedBytes);
  }

  async next(): Promise<IteratorResult<Buffer>> {
    while (this.#chunks.length === 0 && !this.#ended && this.#failure === undefined) await this.#nextEvent();
    if (this.#failure !== undefined) throw this.#failure;
    const chunk = this.#chunks.shift();
    if (chunk === undefined) return { done: true, value: undefined };
    this.#queuedBytes -= chunk.length;
    if (this.#controller?.paused === true && this.#queuedBytes <= highWaterBytes / 2)
      this.#controller.resume();
    return { done: false, value: chunk };
  }

  /** Leaving a `for await` early (break or throw) abandons the body. */
  return(): Promise<IteratorResult<Buffer>> {
    this.destroy();
    return Promise.resolve({ done: true, value: undefined });
  }

  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    return this;
  }

  #nextEvent(): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
  }

  #wakeReader(): void {
    const wake = this.#wake;
    if (wake === undefined) return;
    this.#wake = undefined;
    wake();
  }
}

/** What undici itself reports for an aborted request, so callers see one kind of abort. */
function abortError(): Error {
  return Object.assign(new Error('The upstream request was aborted.'), {
    name: 'AbortError',
    code: 'UND_ERR_ABORTED',
  });
}
