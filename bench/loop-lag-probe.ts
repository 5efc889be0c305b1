import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/*
 * Preloaded into Portico with `node --import` by the opt-in scenarios (bench/run-extra-scenario.ts):
 * appends one JSON line per second to $BENCH_LOOP_LAG_FILE with that second's event-loop
 * delay beyond the 10 ms sampling interval (p50, p99, max in ms), so the harness can read the lag
 * during its measurement window only.
 */
const file = process.env['BENCH_LOOP_LAG_FILE'];
if (file !== undefined && file !== '') {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  setInterval(() => {
    // The histogram holds whole timer delays: the 10 ms interval is taken off.
    const ms = (value: number): number => Math.max(0, Math.round(value / 1e4 - 1000) / 100);
    const line = {
      t: Date.now(),
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
    };
    histogram.reset();
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  }, 1000).unref();
}
