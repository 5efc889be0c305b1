import { Readable } from 'node:stream';
import { request } from 'undici';
import { readRssMb } from './process-stats.js';

/** What one direction of the big transfer measured. */
export interface StreamedTransfer {
  bytes: number;
  seconds: number;
  megabytesPerSecond: number;
  /** The proxy's RSS just before the transfer, in MB. */
  rssBeforeMb: number;
  /** Its highest sampled RSS during the transfer, in MB. */
  rssPeakMb: number;
  rssGrowthMb: number;
}

export interface StreamThroughResult {
  download: StreamedTransfer;
  upload: StreamedTransfer;
}

/** One 64 KB block the upload is cut from: the client holds no more than this. */
const block = Buffer.alloc(64 * 1024, 0x62);

/**
 * Downloads `bytes` from `<base>/bytes/<n>` and then uploads as many to `<base>/sink` through a
 * proxy, one stream each, while sampling the proxy's RSS every 50 ms: a proxy that buffers a body
 * grows by about its size, one that streams stays flat.
 */
export async function streamThrough(options: {
  base: string;
  apiKey: string;
  bytes: number;
  pid: number;
}): Promise<StreamThroughResult> {
  const headers = { 'x-api-key': options.apiKey };
  const download = await sampled(options.pid, options.bytes, async () => {
    const answer = await request(`${options.base}/bytes/${options.bytes}`, { headers });
    let received = 0;
    for await (const chunk of answer.body as AsyncIterable<Buffer>) received += chunk.length;
    if (answer.statusCode !== 200 || received !== options.bytes)
      throw new Error(`download answered ${answer.statusCode} with ${received} of ${options.bytes} bytes`);
  });
  const upload = await sampled(options.pid, options.bytes, async () => {
    const answer = await request(`${options.base}/sink`, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/octet-stream',
        'content-length': String(options.bytes),
      },
      body: Readable.from(blocks(options.bytes)),
    });
    const text = await answer.body.text();
    if (answer.statusCode !== 200 || text !== `{"bytes":${options.bytes}}`)
      throw new Error(`upload answered ${answer.statusCode}: ${text.slice(0, 200)}`);
  });
  return { download, upload };
}

function* blocks(total: number): Generator<Buffer> {
  for (let left = total; left > 0; left -= block.length)
    yield left >= block.length ? block : block.subarray(0, left);
}

async function sampled(pid: number, bytes: number, transfer: () => Promise<void>): Promise<StreamedTransfer> {
  const rssBeforeMb = readRssMb([pid]);
  let rssPeakMb = rssBeforeMb;
  const timer = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, readRssMb([pid]))), 50);
  const started = performance.now();
  try {
    await transfer();
  } finally {
    clearInterval(timer);
  }
  rssPeakMb = Math.max(rssPeakMb, readRssMb([pid]));
  const seconds = (performance.now() - started) / 1000;
  const round1 = (value: number): number => Math.round(value * 10) / 10;
  return {
    bytes,
    seconds: round1(seconds),
    megabytesPerSecond: round1(bytes / (1024 * 1024) / seconds),
    rssBeforeMb: round1(rssBeforeMb),
    rssPeakMb: round1(rssPeakMb),
    rssGrowthMb: round1(rssPeakMb - rssBeforeMb),
  };
}
