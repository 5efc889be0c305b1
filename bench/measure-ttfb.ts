import { finished } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { Pool } from 'undici';
import { percentile } from './percentile.js';

/** A time-to-first-byte measurement at concurrency 1 over one keep-alive connection. */
export interface TtfbOptions {
  /** Origin, e.g. http://127.0.0.1:18080. */
  origin: string;
  path: string;
  body: string;
  bearer: string | undefined;
  warmup: number;
  requests: number;
}

/** Time from sending the request to the first body byte, in ms, over the measured requests. */
export interface TtfbSummary {
  requests: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses with status >= 400, or whose body had no first byte. */
  non2xx: number;
  socketErrors: number;
}

/** Sends `warmup` + `requests` streamed requests one after another; only the latter are timed. */
export async function measureTtfb(options: TtfbOptions): Promise<TtfbSummary> {
  const pool = new Pool(options.origin, { connections: 1, pipelining: 1 });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.bearer !== undefined) headers['authorization'] = `Bearer ${options.bearer}`;
  const samples: number[] = [];
  let non2xx = 0;
  let socketErrors = 0;
  for (let index = 0; index < options.warmup + options.requests; index++) {
    try {
      const startedAt = process.hrtime.bigint();
      const response = await pool.request({
        method: 'POST',
        path: options.path,
        headers,
        body: options.body,
      });
      let firstByteAt: bigint | undefined;
      response.body.on('data', () => {
        firstByteAt ??= process.hrtime.bigint();
      });
      await finished(response.body);
      if (response.statusCode >= 400 || firstByteAt === undefined) non2xx++;
      else if (index >= options.warmup) samples.push(Number(firstByteAt - startedAt) / 1e6);
    } catch {
      socketErrors++;
    }
  }
  await pool.close();
  samples.sort((left, right) => left - right);
  return {
    requests: samples.length,
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    non2xx,
    socketErrors,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = JSON.parse(process.argv[2] ?? '{}') as TtfbOptions;
  console.log(JSON.stringify(await measureTtfb(options)));
}
