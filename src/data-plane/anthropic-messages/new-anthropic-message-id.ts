import { randomBytes } from 'node:crypto';

/** A `msg_` id for messages the gateway assembles when the upstream gave none. */
export function newAnthropicMessageId(): string {
  return `msg_${randomBytes(12).toString('hex')}`;
}
