import type { Attempt, GatewayContext } from '../context/gateway-context.js';

/**
 * The record of a finished call that the account and log phases read: the request's context
 * itself, seen read-only once the request ended, however it ended (answered, refused, failed, or
 * the client left). A view, not a copy, so building it costs nothing on the hot path; nothing
 * that could still write to the client (the reply, its headers) is in it.
 */
export type FinishedCall = Readonly<
  Omit<GatewayContext, 'reply' | 'responseHeaders' | 'answered' | 'attempts' | 'warnings'>
> & {
  readonly attempts: readonly Readonly<Attempt>[];
  readonly warnings: readonly string[];
};

/** One subscriber of finished calls (account: settle, spend, call log, metrics; log: the access log). */
export type CallSubscriber = (call: FinishedCall) => void;
