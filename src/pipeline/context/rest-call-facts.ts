/**
 * What a REST (HTTP service) call adds to its context for the account and log phases; the REST
 * gateway's own exchange (src/rest/) extends it with the parts only its stages use. Absent on
 * model calls.
 */
export interface RestCallFacts {
  /** The upstream node URL that answered; undefined until one did. */
  node: string | undefined;
  /** Request body bytes streamed to the upstream. */
  bytesIn: number;
  /** Response body bytes relayed to the client. */
  bytesOut: number;
  /**
   * The start of each body as it streamed by, kept only when the service logs bodies (the call
   * log redacts and caps them further); undefined otherwise.
   */
  bodies: { request: string; response: string } | undefined;
}
