/** An HTTP call described as data; `upstream/` performs it. */
export interface UpstreamRequest {
  method: 'GET' | 'POST';
  /** Absolute URL. */
  url: string;
  /** Header names in lower case. Holds credentials: never log it. */
  headers: Record<string, string>;
  /** Serialized JSON body. */
  body?: string;
  /**
   * Settings the client sent that this provider cannot honour and that were dropped, one short
   * sentence each (e.g. `seed is not supported by anthropic; ignored`). Sent as `x-portico-warnings`.
   */
  warnings?: string[];
}
