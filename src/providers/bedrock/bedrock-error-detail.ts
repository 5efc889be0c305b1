import { optionalString } from '../../core/json-guards.js';
import type { ProviderErrorDetail } from '../provider.js';
import { errorDetail, readJsonErrorBody } from '../read-json-error-body.js';

/**
 * Reads a Bedrock error body. Bedrock answers `{ "message": "…" }` and names the error type in
 * the `x-amzn-ErrorType` header, which this function does not see; other AWS JSON services put it
 * in the body as `__type` (e.g. `com.amazon.coral.validate#ValidationException`) or `code`, and
 * spell the message `Message`. Anything else is reported as raw text.
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/CommonErrors.html
 */
export function bedrockErrorDetail(status: number, body: string): ProviderErrorDetail {
  return readJsonErrorBody(status, body, (parsed, rawText) => {
    const message = optionalString(parsed['message']) ?? optionalString(parsed['Message']) ?? rawText;
    return errorDetail(
      message,
      readErrorType(optionalString(parsed['__type']) ?? optionalString(parsed['code'])),
    );
  });
}

/** `namespace#Name` and `Name:http://…` both name the error `Name`. */
function readErrorType(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const name = value.slice(value.lastIndexOf('#') + 1);
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(0, colon);
}
