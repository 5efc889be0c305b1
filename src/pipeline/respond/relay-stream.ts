import { GatewayError } from '../../core/gateway-error.js';
import { transportFailure } from '../../upstream/upstream-failure.js';
import { createFrameDecoder } from '../../upstream/create-frame-decoder.js';
import type { SseEvent } from '../../upstream/sse-decoder.js';
import type { ChatDialect, ChatStreamEncoder } from '../dialect/chat-dialect.js';
import { clientClosed, type AcceptedCall } from '../upstream/attempt-target.js';
import type { GatewayContext } from '../context/gateway-context.js';
import type { ReplyWriter } from '../context/reply-writer.js';
import type { PreparedChat } from '../upstream/prepare-chat.js';
import type { ChatStreamDecoder } from '../../providers/provider.js';
import { recordUpstreamTime } from './respond-json.js';
import { successHeaders } from './response-headers.js';
import { accountUsage } from './account-usage.js';
import type { Pricing } from '../../catalog/pricing.js';
import { StreamTranscript } from './stream-transcript.js';
import type { Target } from '../../routing/route-table.js';

/**
 * Relays an upstream SSE stream to the client as it arrives, translated or passed through,
 * collecting usage on the way. After the first byte a failure cannot fall back any more: the
 * stream then ends with an error event in the client's dialect.
 */
export async function relayStream(
  context: GatewayContext,
  dialect: ChatDialect,
  call: AcceptedCall<PreparedChat>,
  pricing: Pricing,
): Promise<void> {
  const { target, prepared, response } = call;
  recordUpstreamTime(context, call.startedAt);
  context.status = 200;
  const headers = successHeaders(context, target, 'text/event-stream; charset=utf-8');
  headers['cache-control'] = 'no-cache';
  headers['x-accel-buffering'] = 'no';
  context.reply.writeHead(200, headers);
  context.firstByteAt = process.hrtime.bigint();
  // Only routes that record bodies pay for assembling the answer.
  const transcript = context.service?.logBodies === true ? new StreamTranscript() : undefined;
  const handle = prepared.passthrough
    ? passthroughHandler(context, dialect, transcript && transcriptDecoder(context, target, transcript))
    : translatingHandler(
        context,
        dialect,
        dialect.createStreamEncoder(target.model, context.chat?.includeUsage === true),
        target.provider.chatStreamDecoder(prepared.canonical),
        transcript,
      );
  const frames = createFrameDecoder(target.provider.streamFraming ?? 'sse');
  try {
    // The events of one upstream chunk leave in one write: one syscall, not one per event.
    const framesOf = (events: Iterable<SseEvent>): string => {
      let out = '';
      for (const event of events) out += handle.event(event);
      return out;
    };
    for await (const chunk of response.body) await write(context.reply, framesOf(frames.push(chunk)));
    await write(context.reply, framesOf(frames.end()));
    if (response.timedOut())
      throw new GatewayError('upstream_timeout', 'The provider stream exceeded its total timeout.');
    await write(context.reply, handle.end());
    context.reply.end();
  } catch (thrown) {
    const last = context.attempts.at(-1);
    // A destroyed reply is a client that left, though its 'close' (and the abort) may be a tick away.
    if (context.signal.aborted || context.reply.destroyed) {
      if (last !== undefined) last.error = clientClosed;
      response.body.destroy();
      return; // The client left; nobody to tell.
    }
    const error = transportFailure(thrown, target.provider.settings.id, response.timedOut());
    context.error = error;
    if (last !== undefined) last.error = error.code;
    response.body.destroy();
    if (!context.reply.writableEnded) context.reply.end(handle.error(error));
  } finally {
    if (transcript !== undefined) context.responseText = transcript.toJson();
    response.finish();
    accountUsage(context, pricing, target, context.usage);
  }
}

interface StreamHandler {
  /** Frames to write for one upstream event. */
  event(event: SseEvent): string;
  /** Frames closing a stream that ended normally. */
  end(): string;
  /** Frames reporting a failure after the stream started, in the client's dialect. */
  error(error: GatewayError): string;
}

/**
 * Feeds relayed (passthrough) events to the provider's own decoder, which reads that wire format,
 * so the transcript gets canonical events without a second parser per dialect. A decoder that
 * fails stops the transcript, never the relay.
 */
function transcriptDecoder(
  context: GatewayContext,
  target: Target,
  transcript: StreamTranscript,
): ((event: SseEvent) => void) | undefined {
  let decoder: ChatStreamDecoder | undefined;
  try {
    const chat = context.chat;
    if (chat === undefined) return undefined;
    decoder = target.provider.chatStreamDecoder(chat.toCanonical(target.model, []));
  } catch {
    return undefined;
  }
  return (event) => {
    if (decoder === undefined) return;
    try {
      for (const canonical of decoder.decode(event)) transcript.add(canonical);
    } catch {
      decoder = undefined;
    }
  };
}

function passthroughHandler(
  context: GatewayContext,
  dialect: ChatDialect,
  record: ((event: SseEvent) => void) | undefined,
): StreamHandler {
  const observer = dialect.createPassthroughObserver(context.chat?.includeUsage === true);
  return {
    event(event) {
      record?.(event);
      const drop = observer.observe(event);
      const usage = observer.usage();
      if (usage !== undefined) context.usage = usage;
      if (drop) return '';
      return event.event === undefined
        ? `data: ${event.data}\n\n`
        : `event: ${event.event}\ndata: ${event.data}\n\n`;
    },
    end: () => observer.end(),
    error: (error) => dialect.encodeStreamError(error),
  };
}

function translatingHandler(
  context: GatewayContext,
  dialect: ChatDialect,
  encoder: ChatStreamEncoder,
  decoder: ChatStreamDecoder,
  transcript: StreamTranscript | undefined,
): StreamHandler {
  let finished = false;
  return {
    event(event) {
      let frames = '';
      for (const canonical of decoder.decode(event)) {
        transcript?.add(canonical);
        if (canonical.type === 'usage') context.usage = canonical.usage;
        if (canonical.type === 'finish') finished = true;
        frames += encoder.encode(canonical) ?? '';
      }
      return frames;
    },
    end() {
      // A stream that stops before the provider said why it stopped was cut short.
      if (!finished)
        throw new GatewayError('upstream_bad_response', 'The provider stream ended before it finished.');
      return encoder.done();
    },
    error: (error) => encoder.error?.(error) ?? dialect.encodeStreamError(error),
  };
}

/** Writes and waits for the socket to drain when the client reads slower than the upstream sends. */
async function write(reply: ReplyWriter, frame: string): Promise<void> {
  if (frame === '' || reply.writableEnded) return;
  if (reply.destroyed) throw new Error('client connection closed');
  if (reply.write(frame)) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      reply.removeListener('drain', done);
      reply.removeListener('close', done);
      resolve();
    };
    reply.once('drain', done);
    reply.once('close', done);
  });
}
