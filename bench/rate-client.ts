import { pathToFileURL } from 'node:url';
import { Pool } from 'undici';
import { chatRequestBody } from './chat-request-body.js';
import { percentile } from './percentile.js';

/** Non-streamed chat at a fixed request rate (open loop), for the soak. */
export interface RateClientOptions {
  origin: string;
  model: string;
  bearer: string | undefined;
  /** Requests per second to start, whatever the target's answers take. */
  rate: number;
  durationS: number;
  /** Keep-alive connections; requests beyond them queue in the client (and count in the latency). */
  connections: number;
}

/** One minute of the soak (the last one may be shorter). */
export interface RateMinute {
  minute: number;
  sent: number;
  ok: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface RateClientSummary {
  rate: number;
  durationS: number;
  sent: number;
  ok: number;
  /** Non-200 answers. */
  non200: number;
  socketErrors: number;
  /** Requests not started because too many were outstanding (the target fell behind). */
  dropped: number;
  failures: string[];
  p50Ms: number;
  p99Ms: number;
  perMinute: RateMinute[];
}

const maxOutstanding = 5_000;

/**
 * Starts request i at start + i / rate (checked every 2 ms) and times it from that scheduled
 * moment, so a target that falls behind shows in the latency instead of lowering the rate.
 */
export async function runRateClient(options: RateClientOptions): Promise<RateClientSummary> {
  const pool = new Pool(options.origin, { connections: options.connections, pipelining: 1 });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.bearer !== undefined) headers['authorization'] = `Bearer ${options.bearer}`;
  const body = chatRequestBody(options.model, false);
  const minutes = Math.ceil(options.durationS / 60);
  const latencies: number[][] = Array.from({ length: minutes }, () => []);
  const counts = Array.from({ length: minutes }, () => ({ sent: 0, ok: 0, errors: 0 }));
  const failures: string[] = [];
  const total = Math.round(options.rate * options.durationS);
  let sent = 0;
  let outstanding = 0;
  let non200 = 0;
  let socketErrors = 0;
  let dropped = 0;
  const start = performance.now();

  const send = (index: number): void => {
    const scheduledAt = start + (index * 1000) / options.rate;
    const minute = Math.min(minutes - 1, Math.floor((scheduledAt - start) / 60_000));
    const count = counts[minute];
    if (count === undefined) return;
    count.sent++;
    outstanding++;
    pool.request({ method: 'POST', path: '/v1/chat/completions', headers, body }).then(
      async (response) => {
        await response.body.dump();
        outstanding--;
        if (response.statusCode === 200) {
          count.ok++;
          latencies[minute]?.push(performance.now() - scheduledAt);
        } else {
          non200++;
          count.errors++;
          if (failures.length < 5) failures.push(`status ${response.statusCode}`);
        }
      },
      (error: unknown) => {
        outstanding--;
        socketErrors++;
        count.errors++;
        if (failures.length < 5) failures.push((error as Error).message);
      },
    );
  };

  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * options.rate) / 1000));
      while (sent < due) {
        if (outstanding >= maxOutstanding) dropped++;
        else send(sent);
        sent++;
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
  while (outstanding > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  await pool.close();
  const round = (value: number): number => Math.round(value * 1000) / 1000;
  const perMinute = latencies.map((values, minute): RateMinute => {
    values.sort((a, b) => a - b);
    const count = counts[minute] ?? { sent: 0, ok: 0, errors: 0 };
    return {
      minute: minute + 1,
      ...count,
      p50Ms: round(percentile(values, 50)),
      p99Ms: round(percentile(values, 99)),
      maxMs: round(values.at(-1) ?? Number.NaN),
    };
  });
  const all = latencies.flat().sort((a, b) => a - b);
  return {
    rate: options.rate,
    durationS: options.durationS,
    sent: sent - dropped,
    ok: all.length,
    non200,
    socketErrors,
    dropped,
    failures,
    p50Ms: round(percentile(all, 50)),
    p99Ms: round(percentile(all, 99)),
    perMinute,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = JSON.parse(process.argv[2] ?? '{}') as RateClientOptions;
  console.log(JSON.stringify(await runRateClient(options)));
}
