import { crc32 } from 'node:zlib';

/** One event-stream frame to encode: string headers and a payload (JSON-encoded unless already bytes or text). */
export interface AwsEventStreamFrame {
  headers: Record<string, string>;
  payload: unknown;
}

/**
 * Encodes frames in `application/vnd.amazon.eventstream` wire format, with correct prelude and
 * message CRC32s, for fake Bedrock upstreams. All headers are strings (type 7), as Bedrock sends
 * them. https://smithy.io/2.0/aws/amazon-eventstream.html
 */
export function encodeAwsEventStream(frames: readonly AwsEventStreamFrame[]): Buffer {
  return Buffer.concat(frames.map(encodeAwsEventStreamFrame));
}

/** One frame: prelude (total length, headers length, prelude CRC), headers, payload, message CRC. */
export function encodeAwsEventStreamFrame(frame: AwsEventStreamFrame): Buffer {
  const headers = Buffer.concat(
    Object.entries(frame.headers).map(([name, value]) => encodeHeader(name, value)),
  );
  const payload = payloadBytes(frame.payload);
  const total = 12 + headers.length + payload.length + 4;
  const message = Buffer.alloc(total);
  message.writeUInt32BE(total, 0);
  message.writeUInt32BE(headers.length, 4);
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8);
  headers.copy(message, 12);
  payload.copy(message, 12 + headers.length);
  message.writeUInt32BE(crc32(message.subarray(0, total - 4)), total - 4);
  return message;
}

/** A Bedrock event frame: `:event-type`, `:content-type` and `:message-type: event`. */
export function bedrockEvent(eventType: string, payload: unknown): AwsEventStreamFrame {
  return {
    headers: { ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' },
    payload,
  };
}

/** A Bedrock modeled exception frame, e.g. `throttlingException`. */
export function bedrockException(exceptionType: string, message: string): AwsEventStreamFrame {
  return {
    headers: {
      ':exception-type': exceptionType,
      ':content-type': 'application/json',
      ':message-type': 'exception',
    },
    payload: { message },
  };
}

function encodeHeader(name: string, value: string): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const valueBytes = Buffer.from(value, 'utf8');
  const header = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
  header.writeUInt8(nameBytes.length, 0);
  nameBytes.copy(header, 1);
  header.writeUInt8(7, 1 + nameBytes.length);
  header.writeUInt16BE(valueBytes.length, 2 + nameBytes.length);
  valueBytes.copy(header, 4 + nameBytes.length);
  return header;
}

function payloadBytes(payload: unknown): Buffer {
  if (Buffer.isBuffer(payload)) return payload;
  if (typeof payload === 'string') return Buffer.from(payload, 'utf8');
  return Buffer.from(JSON.stringify(payload), 'utf8');
}
