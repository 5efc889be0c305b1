import type { Admission } from '../../../src/policy/admission.js';

/** The rate-limit headers an admission adds to a response. */
export function headersOf(admission: Admission): Record<string, string> {
  const headers: Record<string, string> = {};
  admission.addHeaders(headers);
  return headers;
}
