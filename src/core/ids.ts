import { randomBytes } from 'node:crypto';

const requestIdPattern = /^[\w.:-]{1,128}$/;

/** A new request id: 24 hex chars from a CSPRNG, prefixed so logs show where it came from. */
export function newRequestId(): string {
  return `req_${randomBytes(12).toString('hex')}`;
}

/** A client-sent request id is reused only when it is short and printable (it ends up in logs). */
export function acceptRequestId(value: string | undefined): string {
  return value !== undefined && requestIdPattern.test(value) ? value : newRequestId();
}

/** An OpenAI-style completion id for responses the gateway assembles itself. */
export function newCompletionId(): string {
  return `chatcmpl-${randomBytes(12).toString('hex')}`;
}
