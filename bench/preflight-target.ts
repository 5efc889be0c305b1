import { request } from 'undici';
import type { PreflightCheck, TargetName } from './bench-result.js';
import { chatRequestBody } from './chat-request-body.js';

/** Where and how to call one target. */
export interface TargetEndpoint {
  name: TargetName;
  /** Origin, e.g. http://127.0.0.1:18080. */
  origin: string;
  /** Model name to send (a Portico route, or anything for the fake). */
  model: string;
  bearer: string | undefined;
}

/**
 * Sends one request and checks the answer is a complete OpenAI chat response (JSON, or a stream
 * with `chunks` text deltas, a finish reason and `[DONE]`), so a target that answers fast but
 * wrong is caught before it is measured.
 */
export async function preflightTarget(
  endpoint: TargetEndpoint,
  stream: boolean,
  chunks: number,
): Promise<PreflightCheck> {
  const check = (ok: boolean, detail: string): PreflightCheck => ({
    target: endpoint.name,
    stream,
    ok,
    detail,
  });
  try {
    const response = await request(`${endpoint.origin}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(endpoint.bearer === undefined ? {} : { authorization: `Bearer ${endpoint.bearer}` }),
      },
      body: chatRequestBody(endpoint.model, stream),
    });
    const text = await response.body.text();
    if (response.statusCode !== 200)
      return check(false, `HTTP ${response.statusCode}: ${text.slice(0, 300)}`);
    return stream ? checkStream(text, chunks, check) : checkJson(text, check);
  } catch (error) {
    return check(false, `request failed: ${(error as Error).message}`);
  }
}

function checkJson(text: string, check: (ok: boolean, detail: string) => PreflightCheck): PreflightCheck {
  const body = JSON.parse(text) as { choices?: { message?: { content?: unknown } }[]; usage?: unknown };
  const content = body.choices?.[0]?.message?.content;
  if (typeof content !== 'string' || content === '')
    return check(false, `no message content: ${text.slice(0, 300)}`);
  if (body.usage === undefined) return check(false, 'no usage in the response');
  return check(true, `${content.length} characters of content, usage present`);
}

function checkStream(
  text: string,
  chunks: number,
  check: (ok: boolean, detail: string) => PreflightCheck,
): PreflightCheck {
  const deltas = text.match(/"content":"word\d+ "/g)?.length ?? 0;
  const problems = [
    ...(deltas === chunks ? [] : [`${deltas} text deltas, expected ${chunks}`]),
    ...(text.includes('"finish_reason":"stop"') ? [] : ['no finish_reason "stop"']),
    ...(text.endsWith('data: [DONE]\n\n') ? [] : ['does not end with data: [DONE]']),
  ];
  if (problems.length > 0) return check(false, `${problems.join('; ')}: ${text.slice(-300)}`);
  return check(true, `${deltas} text deltas, finish_reason stop, [DONE]`);
}
