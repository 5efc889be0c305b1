import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Pool } from 'undici';
import { chatRequestBody } from './chat-request-body.js';
import { percentile } from './percentile.js';

/** Many long, slow streams held open at once (scenario "slow-streams"). */
export interface SlowStreamOptions {
  /** Origin, e.g. http://127.0.0.1:18080. */
  origin: string;
  model: string;
  bearer: string | undefined;
  /** Streams opened at once. */
  streams: number;
  /** Text deltas per stream (the fake sends a role event first, then these). */
  chunks: number;
  /** The fake's pause between events, in ms: the schedule every event is measured against. */
  intervalMs: number;
  /** Stream i is opened i × rampMs / streams after the first (0: all at once). */
  rampMs: number;
}

/** What the client saw; lateness is over the scheduled events (role + `chunks` deltas) of every stream. */
export interface SlowStreamSummary {
  streams: number;
  completed: number;
  failed: number;
  /** First few failure messages. */
  failures: string[];
  /** Events timed: completed streams × (chunks + 1). */
  eventsMeasured: number;
  /**
   * Lateness of event k = arrival − (stream start + k × interval), in ms, where the stream start is
   * min over k of (arrival − k × interval): the schedule is aligned on the stream's most punctual event.
   */
  latenessMs: { p50: number; p99: number; p999: number; max: number };
  /** Events more than 50 ms late. */
  eventsOver50Ms: number;
  /** The same over events scheduled 2 s or more after the stream start (all streams opened by then). */
  steady: { latenessMs: { p50: number; p99: number; max: number }; eventsOver50Ms: number };
  /** Request sent → event 0 arrived, in ms (includes opening all connections at once). */
  firstEventMs: { p50: number; p99: number; max: number };
  /** Longest pause between two consecutive scheduled events of one stream, in ms. */
  maxGapMs: number;
  /** Seconds from the first request to the last stream's end. */
  wallS: number;
  /**
   * The client's own event-loop delay beyond the 10 ms sampling interval, in ms: if high, the client
   * (not the target) made events late.
   */
  clientLoopLagMs: { p50: number; p99: number; max: number };
}

/** Opens `streams` streamed chat completions at once and times every event against its schedule. */
export async function runSlowStreams(options: SlowStreamOptions): Promise<SlowStreamSummary> {
  const pool = new Pool(options.origin, {
    connections: options.streams,
    pipelining: 1,
    headersTimeout: 120_000,
    bodyTimeout: 120_000,
    keepAliveTimeout: 120_000,
  });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.bearer !== undefined) headers['authorization'] = `Bearer ${options.bearer}`;
  const body = chatRequestBody(options.model, true);
  const scheduled = options.chunks + 1;
  const lateness = new Float64Array(options.streams * scheduled);
  const firstEvent: number[] = [];
  const failures: string[] = [];
  let completed = 0;
  let failed = 0;
  let maxGapMs = 0;
  const loopLag = monitorEventLoopDelay({ resolution: 10 });
  loopLag.enable();
  const now = (): number => performance.now();
  const wallStart = now();

  const one = async (slot: number): Promise<void> => {
    const delay = (slot * options.rampMs) / options.streams;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const sentAt = now();
    const response = await pool.request({ method: 'POST', path: '/v1/chat/completions', headers, body });
    if (response.statusCode !== 200) {
      const text = await response.body.text();
      throw new Error(`status ${response.statusCode}: ${text.slice(0, 200)}`);
    }
    let events = 0;
    let tail = '';
    const arrivals = new Float64Array(scheduled);
    for await (const part of response.body as AsyncIterable<Buffer>) {
      const at = now();
      const text = tail + part.toString('latin1');
      let from = 0;
      for (let end = text.indexOf('\n\n', from); end !== -1; end = text.indexOf('\n\n', from)) {
        from = end + 2;
        if (events === 0) firstEvent.push(at - sentAt);
        if (events < scheduled) arrivals[events] = at;
        events++;
      }
      tail = text.slice(from);
    }
    if (events < scheduled + 1) throw new Error(`stream ended after ${events} events`);
    // The stream's schedule starts at its most punctual event, so lateness is never negative.
    let origin = Number.POSITIVE_INFINITY;
    for (let k = 0; k < scheduled; k++)
      origin = Math.min(origin, (arrivals[k] ?? 0) - k * options.intervalMs);
    for (let k = 0; k < scheduled; k++) {
      lateness[slot * scheduled + k] = (arrivals[k] ?? 0) - (origin + k * options.intervalMs);
      if (k > 0) maxGapMs = Math.max(maxGapMs, (arrivals[k] ?? 0) - (arrivals[k - 1] ?? 0));
    }
  };

  await Promise.all(
    Array.from({ length: options.streams }, (_, slot) =>
      one(slot).then(
        () => {
          completed++;
        },
        (error: unknown) => {
          failed++;
          lateness.fill(Number.NaN, slot * scheduled, (slot + 1) * scheduled);
          if (failures.length < 5) failures.push((error as Error).message);
        },
      ),
    ),
  );
  const wallS = (now() - wallStart) / 1000;
  loopLag.disable();
  await pool.close();
  const timed = Array.from(lateness.filter((value) => !Number.isNaN(value))).sort((a, b) => a - b);
  const firstSteady = Math.ceil(2000 / options.intervalMs);
  const steady = Array.from(
    lateness.filter((value, index) => index % scheduled >= firstSteady && !Number.isNaN(value)),
  ).sort((a, b) => a - b);
  firstEvent.sort((a, b) => a - b);
  const round = (value: number): number => Math.round(value * 100) / 100;
  return {
    streams: options.streams,
    completed,
    failed,
    failures,
    eventsMeasured: timed.length,
    latenessMs: {
      p50: round(percentile(timed, 50)),
      p99: round(percentile(timed, 99)),
      p999: round(percentile(timed, 99.9)),
      max: round(timed.at(-1) ?? Number.NaN),
    },
    eventsOver50Ms: timed.filter((value) => value > 50).length,
    steady: {
      latenessMs: {
        p50: round(percentile(steady, 50)),
        p99: round(percentile(steady, 99)),
        max: round(steady.at(-1) ?? Number.NaN),
      },
      eventsOver50Ms: steady.filter((value) => value > 50).length,
    },
    firstEventMs: {
      p50: round(percentile(firstEvent, 50)),
      p99: round(percentile(firstEvent, 99)),
      max: round(firstEvent.at(-1) ?? Number.NaN),
    },
    maxGapMs: round(maxGapMs),
    wallS: round(wallS),
    clientLoopLagMs: {
      p50: round(Math.max(0, loopLag.percentile(50) / 1e6 - 10)),
      p99: round(Math.max(0, loopLag.percentile(99) / 1e6 - 10)),
      max: round(Math.max(0, loopLag.max / 1e6 - 10)),
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = JSON.parse(process.argv[2] ?? '{}') as SlowStreamOptions;
  console.log(JSON.stringify(await runSlowStreams(options)));
}
