import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChatStreamDecoder } from '../../src/providers/provider.js';
import { AnthropicStreamDecoder } from '../../src/providers/anthropic-shape/anthropic-stream-decoder.js';
import { ConverseStreamDecoder } from '../../src/providers/bedrock/converse-stream-decoder.js';
import { CohereStreamDecoder } from '../../src/providers/cohere/cohere-stream-decoder.js';
import { GeminiStreamDecoder } from '../../src/providers/gemini-shape/gemini-stream-decoder.js';
import { OpenAiStreamDecoder } from '../../src/providers/openai/openai-stream-decoder.js';
import { encodeAwsEventStream, type AwsEventStreamFrame } from '../support/encode-aws-event-stream.js';

/** A recorded vendor stream (test/fixtures/providers/<type>/*-stream.json) as the bytes on the wire. */
export interface RecordedStream {
  /** `<type>/<scenario>`, e.g. `anthropic/tools-stream`. */
  name: string;
  framing: 'sse' | 'aws-event-stream';
  bytes: Buffer;
  /** A fresh stream decoder of the provider that reads it. */
  decoder(): ChatStreamDecoder;
}

const decoders: Readonly<Record<string, () => ChatStreamDecoder>> = {
  anthropic: () => new AnthropicStreamDecoder('fuzz', false),
  'vertex-anthropic': () => new AnthropicStreamDecoder('fuzz', false),
  openai: () => new OpenAiStreamDecoder('fuzz'),
  azure: () => new OpenAiStreamDecoder('fuzz'),
  gemini: () => new GeminiStreamDecoder('fuzz', 'm'),
  vertex: () => new GeminiStreamDecoder('fuzz', 'm'),
  cohere: () => new CohereStreamDecoder('fuzz', 'm'),
  bedrock: () => new ConverseStreamDecoder('fuzz', 'm', false),
};

interface FixtureUpstream {
  sse?: string[];
  eventStream?: AwsEventStreamFrame[];
}

const root = fileURLToPath(new URL('../fixtures/providers/', import.meta.url));

/** Every recorded stream of every provider. */
export function recordedStreams(): RecordedStream[] {
  const streams: RecordedStream[] = [];
  for (const [type, decoder] of Object.entries(decoders)) {
    for (const file of readdirSync(`${root}${type}`).filter((name) => name.endsWith('.json'))) {
      const parsed: unknown = JSON.parse(readFileSync(`${root}${type}/${file}`, 'utf8'));
      const upstream = readUpstream(parsed);
      const name = `${type}/${file.replace(/\.json$/, '')}`;
      if (upstream?.sse !== undefined) {
        const bytes = Buffer.from(upstream.sse.map((event) => `${event}\n\n`).join(''), 'utf8');
        streams.push({ name, framing: 'sse', bytes, decoder });
      } else if (upstream?.eventStream !== undefined) {
        streams.push({
          name,
          framing: 'aws-event-stream',
          bytes: encodeAwsEventStream(upstream.eventStream),
          decoder,
        });
      }
    }
  }
  return streams;
}

function readUpstream(fixture: unknown): FixtureUpstream | undefined {
  if (typeof fixture !== 'object' || fixture === null || !('upstream' in fixture)) return undefined;
  const upstream = fixture.upstream;
  if (typeof upstream !== 'object' || upstream === null) return undefined;
  const result: FixtureUpstream = {};
  if ('sse' in upstream && Array.isArray(upstream.sse))
    result.sse = upstream.sse.filter((event): event is string => typeof event === 'string');
  if ('eventStream' in upstream && Array.isArray(upstream.eventStream))
    result.eventStream = upstream.eventStream.filter(isFrame);
  return result;
}

function isFrame(value: unknown): value is AwsEventStreamFrame {
  return typeof value === 'object' && value !== null && 'headers' in value && 'payload' in value;
}
