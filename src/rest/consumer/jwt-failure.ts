import { errors } from 'jose';
import { GatewayError } from '../../core/gateway-error.js';

/**
 * Turns a jose verification failure into the client's 401, saying what was wrong and never echoing the token. Header values quoted back (`kid`,
 * `alg`) are only shown when short and plain.
 */
export function jwtFailure(error: unknown, header: { kid?: unknown; alg?: unknown }): GatewayError {
  if (error instanceof GatewayError) return error;
  const invalid = (message: string): GatewayError =>
    new GatewayError('invalid_token', message, { cause: error });
  if (error instanceof errors.JWTExpired) {
    return error.claim === 'exp' ? invalid('The token has expired.') : invalid('The token is too old.');
  }
  if (error instanceof errors.JWTClaimValidationFailed) return claimFailure(error, invalid);
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return invalid('The token signature does not verify against the key it names.');
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    const kid = printable(header.kid);
    return invalid(`The token is signed by an unknown key${kid === undefined ? '' : ` (kid '${kid}')`}.`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    const alg = printable(header.alg);
    return invalid(
      `The token's algorithm${alg === undefined ? '' : ` '${alg}'`} is not accepted by this service.`,
    );
  }
  return invalid('The token is malformed.');
}

function claimFailure(
  error: InstanceType<typeof errors.JWTClaimValidationFailed>,
  invalid: (message: string) => GatewayError,
): GatewayError {
  if (error.reason === 'missing')
    return invalid(`The token has no '${error.claim}' claim, which this service requires.`);
  switch (error.claim) {
    case 'nbf':
      return invalid('The token is not yet valid (nbf).');
    case 'iss':
      return invalid('The token was issued by another issuer than this service trusts.');
    case 'aud':
      return invalid('The token is meant for another audience than this service.');
    case 'iat':
      return invalid('The token is issued in the future (iat).');
    default:
      return invalid(`The token's '${error.claim}' claim is not valid.`);
  }
}

function printable(value: unknown): string | undefined {
  return typeof value === 'string' && /^[\w.:-]{1,64}$/.test(value) ? value : undefined;
}
