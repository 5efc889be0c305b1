import type { Route } from '../../routing/route-table.js';
import type { ParsedChatRequest } from '../dialect/chat-dialect.js';
import type { ParsedEmbeddingsRequest } from '../dialect/embeddings-codec.js';
import type { GatewayContext } from './gateway-context.js';
import type { ChatUpstreamAnswer, EmbeddingsUpstreamAnswer } from './upstream-answer.js';

/*
 * What each phase adds to the context, as types only. A stage declares the phases its input must
 * have passed and the one it adds (stage.ts); the pipeline builder then refuses, at compile time,
 * a stage placed before what it needs. Where a phase makes a field certain (`route` after resolve)
 * the type says so; where it does not (the caller stays absent while the API is open) a mark
 * records that the phase ran. Nothing here exists at run time.
 */

declare const passed: unique symbol;

/** A type-only mark: the context went through phase `Name`. */
export interface Passed<Name extends string> {
  readonly [passed]: Record<Name, true>;
}

/** The receive phase: a request line, headers, and (after `readBody`) a body. */
export type Received = GatewayContext;
/** The body was read and parsed (`context.body`); stages before it run on the head alone. */
export type BodyRead = Passed<'read body'>;
/** The caller's key was checked (or the API is open). */
export type Authenticated = Passed<'authenticate'>;
/** The body was validated in the client's dialect: the model name is known. */
export type Decoded = Passed<'decode'> & { routeName: string };
export type ChatDecoded = Decoded & { chat: ParsedChatRequest };
export type EmbeddingsDecoded = Decoded & { embeddings: ParsedEmbeddingsRequest };
/** The model name became a route: its targets and policy. */
export type Resolved = Passed<'resolve'> & { route: Route };
/** This caller may use the route (lifecycle, visibility, allow-lists, subscription). */
export type Authorized = Passed<'authorize'>;
/** The asked-for choices are within the route's `max_choices`. */
export type ChoicesChecked = Passed<'check choices'>;
/** Limits and budgets reserved the call's ceiling. */
export type Admitted = Passed<'admit'>;
/** An upstream accepted the call; its answer waits to be written. */
export type ChatCalled = Passed<'call upstream'> & { answered: ChatUpstreamAnswer };
export type EmbeddingsCalled = Passed<'call upstream'> & { answered: EmbeddingsUpstreamAnswer };
/** The answer was written to the client. */
export type Responded = Passed<'respond'>;

/** What every decode stage needs: a known caller and the body. */
export type DecodeInput = Received & Authenticated & BodyRead;
/** What a stage needs to act on an authorized route (count tokens, call upstream). */
export type RouteInput = Received & Decoded & Resolved & Authorized;
