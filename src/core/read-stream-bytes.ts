import type { Readable } from 'node:stream';

/**
 * Reads a stream whole into one Buffer, refusing more than `limitBytes` (the stream is then
 * destroyed and the promise rejects with `tooLarge()`). Listens to events rather than iterating
 * with `for await`: async iteration costs a promise and an end-of-stream watcher per body, which
 * showed in the profile of every request (docs/benchmarks.md, "Optimisations").
 */
export function readStreamBytes(
  stream: Readable,
  limitBytes: number,
  tooLarge: () => Error,
): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (): void => {
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onError);
      stream.removeListener('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limitBytes) {
        settle();
        stream.destroy();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      settle();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onError = (error: Error): void => {
      settle();
      reject(error);
    };
    const onClose = (): void => {
      settle();
      reject(
        Object.assign(new Error('The stream closed before it ended.'), {
          code: 'ERR_STREAM_PREMATURE_CLOSE',
        }),
      );
    };
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
    stream.once('close', onClose);
  });
}
