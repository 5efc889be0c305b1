import type { ChatRequest } from '../../../src/core/chat.js';
import type { ProviderFixture } from '../fixture.js';
import type { IngressCapabilities } from './ingress-dialect.js';

/**
 * The portability rule, in one place (documented in docs/conformance.md): why a fixture cannot be
 * replayed through a dialect, or undefined when it can. A fixture is skipped only when its
 * expected answer has a shape the dialect cannot hold: several choices (`n > 1`), log
 * probabilities, or a JSON `response_format` the dialect has no field for. Error fixtures are
 * always kept, as an error has no such shape. Settings a dialect cannot express that leave the
 * answer's shape alone (`seed`, `stop` in Responses, penalties, a temperature above Anthropic's
 * range) are left out of its request by fitRequestToDialect, since the recorded answer is the same.
 */
export function nonPortableReason(
  capabilities: IngressCapabilities,
  fixture: ProviderFixture,
  request: ChatRequest,
): string | undefined {
  if (fixture.expect.status >= 400) return undefined;
  if ((request.n ?? 1) > capabilities.maxChoices) return `asks for n=${request.n} choices`;
  if ((request.logprobs === true || request.topLogprobs !== undefined) && !capabilities.logprobs)
    return 'asks for logprobs';
  const format = request.responseFormat?.type;
  if (format !== undefined && !capabilities.responseFormats.has(format))
    return `asks for a ${format} response_format`;
  return undefined;
}

/**
 * The request without the settings the dialect cannot express. For portable success fixtures
 * this only drops settings that leave the answer's shape alone; for error fixtures it also drops
 * `n`, logprobs and the response format, which an error answer never shows.
 */
export function fitRequestToDialect(capabilities: IngressCapabilities, request: ChatRequest): ChatRequest {
  const fitted: ChatRequest = { ...request };
  if ((fitted.n ?? 1) > capabilities.maxChoices) delete fitted.n;
  if (!capabilities.logprobs) {
    delete fitted.logprobs;
    delete fitted.topLogprobs;
  }
  if (fitted.responseFormat !== undefined && !capabilities.responseFormats.has(fitted.responseFormat.type))
    delete fitted.responseFormat;
  if (fitted.temperature !== undefined && fitted.temperature > capabilities.maxTemperature)
    delete fitted.temperature;
  return fitted;
}
