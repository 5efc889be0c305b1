import { Readable } from 'node:stream';

/**
 * The client's body, handed to each attempt as a lazy view: the source is read only when an
 * upstream connection pulls from it. An attempt that fails before connecting (and undici then
 * destroys its view) leaves the source untouched, so the body can still go to another node.
 */
export class ReplayableBody {
  private started = false;

  constructor(private readonly source: Readable | Buffer | null) {}

  /**
   * True once an attempt began reading the source (even before a byte came): the body can no
   * longer be sent again, and a second reader would race the first for its chunks.
   */
  get consumed(): boolean {
    // A Buffer is never used up: every attempt sends it whole.
    if (this.source === null || Buffer.isBuffer(this.source)) return false;
    return this.started || this.source.readableDidRead;
  }

  /** A fresh view of the source for one attempt (null when there is no body). */
  forAttempt(): Readable | Buffer | null {
    if (this.source === null || Buffer.isBuffer(this.source)) return this.source;
    const source: Readable = this.source;
    const markStarted = (): void => {
      this.started = true;
    };
    async function* pull(): AsyncGenerator<Buffer> {
      markStarted();
      // destroyOnReturn: false: a failed attempt must not destroy the client's request stream
      // (the caller still answers on that connection).
      for await (const chunk of source.iterator({ destroyOnReturn: false })) yield chunk as Buffer;
    }
    return Readable.from(pull(), { objectMode: false });
  }
}
