import { Readable } from 'node:stream';

/**
 * The client's body, handed to each attempt as a lazy view: the source is read only when an
 * upstream connection pulls from it. An attempt that fails before connecting (and undici then
 * destroys its view) leaves the source untouched, so the body can still go to another node.
 */
export class ReplayableBody {
  private pulled = false;

  constructor(private readonly source: Readable | null) {}

  /** True once any byte left the source: the body can no longer be sent again. */
  get consumed(): boolean {
    return this.pulled || (this.source?.readableDidRead ?? false);
  }

  /** A fresh view of the source for one attempt (null when there is no body). */
  forAttempt(): Readable | null {
    const source = this.source;
    if (source === null) return null;
    const mark = (): void => {
      this.pulled = true;
    };
    async function* pull(): AsyncGenerator<Buffer> {
      // destroyOnReturn: false: a failed attempt must not destroy the client's request stream
      // (the caller still answers on that connection).
      for await (const chunk of source.iterator({ destroyOnReturn: false })) {
        mark();
        yield chunk as Buffer;
      }
    }
    return Readable.from(pull(), { objectMode: false });
  }
}
