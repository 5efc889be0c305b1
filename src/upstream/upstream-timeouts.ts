/** Upstream timeouts of one provider, in milliseconds. */
export interface UpstreamTimeouts {
  /** TCP + TLS connect. Default 10 000. */
  connectMs: number;
  /** Until response headers arrive. Default 300 000 (reasoning models think before the first byte). */
  firstByteMs: number;
  /** Longest silence between body chunks. Default 300 000. */
  idleMs: number;
  /** Whole call. Default 1 800 000. */
  totalMs: number;
}
