import { Agent, request } from 'undici';
import type { WebhookTargetPolicy } from '../policy/webhook-target-policy.js';
import { AdminError } from './admin-error.js';

/** The largest OpenAPI document fetched from a URL (big public specs are ~2 MB). */
export const maxOpenApiBytes = 8 * 1024 * 1024;
const timeoutMs = 10_000;

/**
 * Fetches an OpenAPI document for an import: http(s) only, no redirects, at most
 * `maxOpenApiBytes`, 10 s to answer, and only from addresses the outbound policy allows (public
 * ones, plus `webhooks.allow_private_targets`), so an admin cannot make Portico read internal
 * URLs. Every problem is a 400 naming `url`.
 */
export async function fetchOpenApiDocument(url: string, targets: WebhookTargetPolicy): Promise<string> {
  const problem = await targets.check(url);
  if (problem !== undefined) throw new AdminError('invalid_request', `Invalid 'url': ${problem}.`);
  const agent = new Agent({ connect: { lookup: targets.lookup, timeout: timeoutMs } });
  try {
    const response = await request(url, {
      method: 'GET',
      headers: { accept: 'application/json, application/yaml, text/yaml, */*' },
      dispatcher: agent,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new AdminError('invalid_request', `Invalid 'url': fetching it answered ${response.statusCode}.`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > maxOpenApiBytes) {
        response.body.destroy();
        throw new AdminError(
          'invalid_request',
          `Invalid 'url': the document is larger than ${maxOpenApiBytes} bytes.`,
        );
      }
      chunks.push(buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    if (error instanceof AdminError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new AdminError('invalid_request', `Invalid 'url': cannot fetch it (${reason}).`);
  } finally {
    void agent.close();
  }
}
