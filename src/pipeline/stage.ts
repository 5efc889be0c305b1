import type { BodyRead, Received } from './context/phases.js';

/**
 * One step of the request path: its request side runs with the context, mutating it in place; it
 * may throw GatewayError, which the HTTP layer writes. `In` is the context it needs (phases.ts);
 * `Adds` the phase it completes. `adds` exists only in the type: it lets the builder carry what
 * the stage added on to the next one without a per-request object.
 */
export type Stage<In extends Received = Received, Adds = unknown> = ((
  context: In,
) => void | Promise<void>) & { readonly adds?: Adds };

/** A stage as the server runs it, once the builder checked its place in the order. */
export type RunnableStage = (context: Received) => void | Promise<void>;

/** An endpoint's stages: those that need only the head, then those that run once the body is read. */
export interface StageList {
  /** Stages that need only the request line, headers and query: a caller they refuse costs no body bytes. */
  readonly beforeBody: readonly RunnableStage[];
  readonly stages: readonly RunnableStage[];
}

/**
 * Builds a stage list in order, checked by the compiler: `then` accepts only a stage whose input
 * the phases so far satisfy, so `admit` before `resolve`, or `decode` before `readBody`, does not
 * compile. It appends to its own lists (one chain, one list: start each with `receive`), and
 * is the list it built: a per-request chain (the Responses API's) allocates no more than a list.
 */
export class Pipeline<Current extends Received> implements StageList {
  private readonly head: RunnableStage[] = [];
  private body: RunnableStage[] | undefined;

  private constructor() {}

  /** A chain at the receive phase: the server has the head, not yet the body. */
  static receive(): Pipeline<Received> {
    return new Pipeline<Received>();
  }

  /** A chain that starts once the body was read, for stages a per-request chain adds to a shared head. */
  static afterBody<Start extends Received>(): Pipeline<Start> {
    const pipeline = new Pipeline<Start>();
    pipeline.body = [];
    return pipeline;
  }

  then<Adds>(stage: Stage<Current, Adds>): Pipeline<Current & Adds> {
    // The one erasure: the chain's types proved the stage's input present.
    (this.body ?? this.head).push(stage as unknown as RunnableStage);
    // The same builder, now typed with what the stage added: nothing changes at run time.
    return this;
  }

  /** The server reads and parses the body here (POST endpoints). */
  readBody(): Pipeline<Current & BodyRead> {
    this.body ??= [];
    return this;
  }

  get beforeBody(): readonly RunnableStage[] {
    return this.head;
  }

  get stages(): readonly RunnableStage[] {
    return this.body ?? noStages;
  }
}

const noStages: readonly RunnableStage[] = [];

/** Runs stages in order; synchronous stages cost no promise tick. */
export async function runStages(context: Received, stages: readonly RunnableStage[]): Promise<void> {
  for (const stage of stages) {
    const pending = stage(context);
    if (pending !== undefined) await pending;
  }
}
