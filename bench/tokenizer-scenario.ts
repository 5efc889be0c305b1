import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { benchApiKey } from './portico-bench-config.js';
import { readCpuSeconds, readMainThreadCpuSeconds } from './process-stats.js';
import { readMachineInfo } from './read-machine-info.js';
import { startStage } from './start-stage.js';

/** One kind of message text, sent to a route whose context window (128,000) the body exceeds. */
interface Input {
  name: string;
  text: string;
}

/** What one kind of input cost Portico, per request. */
interface TokenizerRow {
  input: string;
  characters: number;
  status: number;
  /** The error code of a refused request (e.g. `context_length_exceeded` once counted). */
  errorCode: string | undefined;
  /** Wall time of the request, ms (median of the repeats). */
  wallMs: number;
  /** CPU of Portico's main thread (the event loop) per request, ms. */
  eventLoopCpuMs: number;
  /** CPU of the whole process per request (tokenizer thread included), ms. */
  processCpuMs: number;
  /** Slowest `/healthz` answer while the request ran, ms. */
  maxProbeMs: number;
}

function inputs(): Input[] {
  let random = '';
  let cjk = '';
  let seed = 1;
  const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
  for (let index = 0; index < 800_000; index++) random += String.fromCharCode(33 + (next() % 94));
  for (let index = 0; index < 300_000; index++) cjk += String.fromCharCode(0x4e00 + (next() % 20_000));
  return [
    {
      name: 'English prose (reference)',
      text: 'The quick brown fox jumps over the lazy dog. '.repeat(17_778),
    },
    { name: 'one letter', text: 'a'.repeat(800_000) },
    { name: 'two letters alternating', text: 'ab'.repeat(400_000) },
    { name: 'random printable ASCII', text: random },
    { name: 'random CJK', text: cjk },
  ];
}

/**
 * Worst-case tokenizer inputs (docs/security.md "Process availability"): bodies larger than the
 * model's context window in bytes, whose text is one endless pre-token (BPE is quadratic in its
 * length), random text and CJK, each sent a few times while `/healthz` is probed every 20 ms.
 * Reports the CPU the event loop spent per request beside a normal English body of the same size,
 * and how long the probes waited.
 */
export async function tokenizerScenario(repositoryRoot: string): Promise<Record<string, unknown>> {
  const repeats = Number(process.env['BENCH_TOKENIZER_REPEATS'] ?? 5);
  const loadAverageAtStart = loadavg();
  const stage = await startStage(repositoryRoot, ['--chunks=20']);
  const rows: TokenizerRow[] = [];
  try {
    const origin = `http://127.0.0.1:${stage.portico.port}`;
    const pid = stage.portico.pid;
    const send = (text: string): Promise<Response> =>
      fetch(`${origin}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${benchApiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: text }] }),
      });
    await (await send('warm up the tokenizer thread')).text();
    for (const input of inputs()) {
      const walls: number[] = [];
      let status = 0;
      let errorCode: string | undefined;
      let maxProbeMs = 0;
      const loopBefore = readMainThreadCpuSeconds(pid);
      const processBefore = readCpuSeconds([pid]);
      for (let round = 0; round < repeats; round++) {
        let running = true;
        const probes = (async () => {
          while (running) {
            const started = performance.now();
            await (await fetch(`${origin}/healthz`)).text();
            maxProbeMs = Math.max(maxProbeMs, performance.now() - started);
            await sleep(20);
          }
        })();
        const started = performance.now();
        const response = await send(input.text);
        const answer = await response.text();
        if (response.status !== 200)
          errorCode = (JSON.parse(answer) as { error?: { code?: string } }).error?.code;
        walls.push(performance.now() - started);
        status = response.status;
        running = false;
        await probes;
      }
      const perRequest = (seconds: number): number => Math.round((seconds * 1e4) / repeats) / 10;
      rows.push({
        input: input.name,
        characters: input.text.length,
        status,
        errorCode,
        wallMs: Math.round(walls.sort((a, b) => a - b)[Math.floor(walls.length / 2)] ?? 0),
        eventLoopCpuMs: perRequest(readMainThreadCpuSeconds(pid) - loopBefore),
        processCpuMs: perRequest(readCpuSeconds([pid]) - processBefore),
        maxProbeMs: Math.round(maxProbeMs * 10) / 10,
      });
      console.log(JSON.stringify(rows.at(-1)));
    }
  } finally {
    await stage.stop();
  }
  return {
    scenario: 'tokenizer',
    at: new Date().toISOString(),
    machine: readMachineInfo(repositoryRoot).machine,
    loadAverageAtStart,
    loadAverageAtEnd: loadavg(),
    repeats,
    rows,
  };
}
