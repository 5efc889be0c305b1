import type { ServerResponse } from 'node:http';

/** A stream of the fake upstream still sending: event `index` is due at `startedAt + index × interval`. */
interface Pending {
  response: ServerResponse;
  events: readonly Buffer[];
  index: number;
  startedAt: number;
}

/**
 * Sends the events of every slow stream of one process on one timer. Each stream's event i is due
 * at its start + i × interval (not interval after the previous write), so timer delays do not add
 * up over a long stream: the slow-streams scenario times against that schedule. All streams share
 * the interval, so a stream put back after its write is due no earlier than any stream already
 * waiting, and a plain FIFO stays in due order. One timer per wake-up instead of one per event
 * keeps the fake's own cost down (with a timer per event the fake alone missed the 50 ms deadline
 * at 2,000 streams).
 */
export class StreamSchedule {
  readonly #intervalMs: number;
  #queue: Pending[] = [];
  #head = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(intervalMs: number) {
    this.#intervalMs = intervalMs;
  }

  /** Writes the first event now and the others on schedule, then ends the response. */
  start(response: ServerResponse, events: readonly Buffer[]): void {
    this.#send({ response, events, index: 0, startedAt: performance.now() });
    if (this.#timer === undefined) this.#wakeAt(this.#queue[this.#head]);
  }

  #due(pending: Pending): number {
    return pending.startedAt + pending.index * this.#intervalMs;
  }

  /** Writes the stream's next event and queues it again, or ends it. */
  #send(pending: Pending): void {
    if (pending.response.destroyed) return;
    const event = pending.events[pending.index++];
    if (event === undefined) {
      pending.response.end();
      return;
    }
    pending.response.write(event);
    if (pending.index < pending.events.length) this.#queue.push(pending);
    else pending.response.end();
  }

  #tick = (): void => {
    this.#timer = undefined;
    const now = performance.now();
    for (let next = this.#queue[this.#head]; next !== undefined && this.#due(next) <= now;) {
      this.#head++;
      this.#send(next);
      next = this.#queue[this.#head];
    }
    // Drop the sent part now and then rather than shifting the array on every event.
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    this.#wakeAt(this.#queue[this.#head]);
  };

  #wakeAt(pending: Pending | undefined): void {
    if (pending === undefined) return;
    this.#timer = setTimeout(this.#tick, Math.max(0, this.#due(pending) - performance.now()));
  }
}
