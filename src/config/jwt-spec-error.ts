/** An `auth.jwt` setting the gateway cannot use (a private key, an unknown algorithm...); the message names it. */
export class JwtSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JwtSpecError';
  }
}
