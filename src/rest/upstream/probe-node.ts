import type { UpstreamNode } from './upstream-node.js';

/**
 * One active health probe: GET `path` at the node's origin; 2xx and 3xx are healthy, anything
 * else (other statuses, connect errors, `signal` firing at the round's timeout) is not.
 */
export async function probeNode(
  node: UpstreamNode,
  path: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<boolean> {
  try {
    const response = await node.pool.request({
      method: 'GET',
      path,
      headers: { host: node.host },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal,
    });
    // Read the (small) body so the keep-alive connection is reused by the next probe.
    await response.body.dump();
    return response.statusCode >= 200 && response.statusCode < 400;
  } catch {
    return false;
  }
}
