import { randomBytes } from 'node:crypto';

/** The prefixes OpenAI uses for the objects of the Responses API. */
export type ResponsesIdPrefix = 'resp' | 'msg' | 'fc' | 'ctc' | 'lsh' | 'rs' | 'call';

/** A new id such as `resp_…` or `fc_…`: 48 hex chars from a CSPRNG, shaped like OpenAI's. */
export function newResponsesId(prefix: ResponsesIdPrefix): string {
  return `${prefix}_${randomBytes(24).toString('hex')}`;
}
