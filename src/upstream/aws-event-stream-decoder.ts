import { crc32 } from 'node:zlib';
import { GatewayError } from '../core/gateway-error.js';
import type { FrameDecoder } from './frame-decoder.js';
import type { SseEvent } from './sse-decoder.js';

/** Total length, headers length and prelude CRC: 4 bytes each. */
const preludeLength = 12;
/** Prelude plus the trailing message CRC: the size of a frame with no headers and no payload. */
const minimumFrameLength = 16;
const stringHeaderType = 7;

/** Value sizes of the fixed-width header types (0/1 booleans carry no bytes); 6 and 7 are length-prefixed. */
const fixedValueLength: ReadonlyMap<number, number> = new Map([
  [0, 0],
  [1, 0],
  [2, 1],
  [3, 2],
  [4, 4],
  [5, 8],
  [8, 8],
  [9, 16],
]);

/**
 * Incremental decoder of `application/vnd.amazon.eventstream` bodies (Bedrock ConverseStream).
 * Frames may be split at any byte; both CRC32s are verified, and a bad one ends the stream with
 * `upstream_bad_response`. Wire format: https://smithy.io/2.0/aws/amazon-eventstream.html
 *
 * Each frame becomes one `SseEvent` whose `data` is the UTF-8 payload and whose `event` is:
 * - `:event-type` for events (`:message-type: event`), e.g. `contentBlockDelta`;
 * - `exception:` + `:exception-type` for modeled errors, e.g. `exception:throttlingException`,
 *   so the provider's stream decoder sees them and throws the matching GatewayError;
 * - `error:` + `:error-code` for unmodeled errors, with `:error-message` as `data`.
 */
export class AwsEventStreamDecoder implements FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Length of the frame being collected, once its prelude has been read and checked. */
  private frameLength: number | undefined;

  push(chunk: Uint8Array): SseEvent[] {
    if (chunk.length > 0) {
      this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
      this.buffered += chunk.length;
    }
    const events: SseEvent[] = [];
    for (;;) {
      if (this.frameLength === undefined) {
        if (this.buffered < preludeLength) break;
        this.frameLength = readPrelude(this.head(preludeLength));
      }
      if (this.buffered < this.frameLength) break;
      const frame = this.take(this.frameLength);
      this.frameLength = undefined;
      events.push(decodeFrame(frame));
    }
    return events;
  }

  end(): SseEvent[] {
    if (this.buffered > 0) {
      throw new GatewayError(
        'upstream_bad_response',
        `The provider event stream ended inside a frame (${this.buffered} bytes left over).`,
      );
    }
    return [];
  }

  /** The first `length` buffered bytes; joins chunks only when the first is too short. */
  private head(length: number): Buffer {
    const first = this.chunks[0];
    if (first !== undefined && first.length >= length) return first;
    const joined = Buffer.concat(this.chunks);
    this.chunks = [joined];
    return joined;
  }

  /** Removes and returns the first `length` bytes; called once per complete frame. */
  private take(length: number): Buffer {
    const joined = this.head(length);
    const frame = joined.subarray(0, length);
    const rest = joined.subarray(length);
    this.chunks = rest.length === 0 ? [] : [rest];
    this.buffered -= length;
    return frame;
  }
}

/** Checks the prelude CRC before trusting the lengths, so a corrupt length cannot stall the stream. */
function readPrelude(prelude: Buffer): number {
  const totalLength = prelude.readUInt32BE(0);
  const headersLength = prelude.readUInt32BE(4);
  if (crc32(prelude.subarray(0, 8)) !== prelude.readUInt32BE(8)) {
    throw badFrame('its prelude checksum does not match');
  }
  if (totalLength < minimumFrameLength || headersLength > totalLength - minimumFrameLength) {
    throw badFrame(`its lengths are inconsistent (total ${totalLength}, headers ${headersLength})`);
  }
  return totalLength;
}

function decodeFrame(frame: Buffer): SseEvent {
  const messageEnd = frame.length - 4;
  if (crc32(frame.subarray(0, messageEnd)) !== frame.readUInt32BE(messageEnd)) {
    throw badFrame('its message checksum does not match');
  }
  const headersEnd = preludeLength + frame.readUInt32BE(4);
  const headers = readHeaders(frame.subarray(preludeLength, headersEnd));
  const payload = frame.subarray(headersEnd, messageEnd).toString('utf8');
  switch (headers.get(':message-type')) {
    case 'exception':
      return { event: `exception:${headers.get(':exception-type') ?? 'unknown'}`, data: payload };
    case 'error':
      return {
        event: `error:${headers.get(':error-code') ?? 'unknown'}`,
        data: headers.get(':error-message') ?? payload,
      };
    default:
      return { event: headers.get(':event-type'), data: payload };
  }
}

/** String headers by name; values of other types are skipped, as no Bedrock event needs them. */
function readHeaders(bytes: Buffer): Map<string, string> {
  const headers = new Map<string, string>();
  let offset = 0;
  while (offset < bytes.length) {
    const nameLength = byteAt(bytes, offset);
    const name = bytes.toString('utf8', offset + 1, offset + 1 + nameLength);
    offset += 1 + nameLength;
    const type = byteAt(bytes, offset);
    offset += 1;
    const fixed = fixedValueLength.get(type);
    if (fixed !== undefined) {
      offset += fixed;
    } else if (type === 6 || type === stringHeaderType) {
      if (offset + 2 > bytes.length) throw badFrame(`header ${name} is cut short`);
      const valueLength = bytes.readUInt16BE(offset);
      if (type === stringHeaderType)
        headers.set(name, bytes.toString('utf8', offset + 2, offset + 2 + valueLength));
      offset += 2 + valueLength;
    } else {
      throw badFrame(`header ${name} has unknown type ${type}`);
    }
  }
  if (offset !== bytes.length) throw badFrame('its headers overrun their length');
  return headers;
}

function byteAt(bytes: Buffer, offset: number): number {
  const value = bytes[offset];
  if (value === undefined) throw badFrame('its headers are cut short');
  return value;
}

function badFrame(reason: string): GatewayError {
  return new GatewayError(
    'upstream_bad_response',
    `The provider sent an event-stream frame that cannot be read: ${reason}.`,
  );
}
