/*
 * Masks secrets and personal data in a logged body, then caps its size. Runs in the call-log
 * writer's flush, never on the request path. Patterns are deliberately broad: a false positive
 * hides a harmless string, a false negative stores a secret.
 */

const replacements: ReadonlyArray<readonly [RegExp, string]> = [
  // JSON fields whose value is a credential, whatever the value looks like.
  [
    /("(?:api[_-]?key|x-api-key|authorization|password|secret|client_secret|access[_-]?token|refresh[_-]?token)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi,
    '$1"[redacted]"',
  ],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]'],
  // OpenAI/Anthropic/Stripe-style keys (`sk-…`, `sk-ant-…`, `pk_live_…`), Portico keys, AWS, Google, GitHub.
  [/\b(?:sk|pk|rk|ptk)[-_][A-Za-z0-9_-]{16,}/g, '[redacted-key]'],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, '[redacted-key]'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/g, '[redacted-key]'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/g, '[redacted-key]'],
  [/\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g, '[redacted-email]'],
];

const cardLike = /\b\d(?:[ -]?\d){12,18}\b/g;

/**
 * Redacts API keys, bearer tokens, credential fields, emails and card numbers (Luhn-valid runs of
 * 13–19 digits), then keeps at most `capBytes` UTF-8 bytes followed by `…[truncated N bytes]`,
 * N being the bytes of the original body not kept.
 */
export function redactBody(body: string, capBytes: number): string {
  // Only the head can survive the cap, so redact no more than that (a secret is far shorter than the slack).
  const head = body.length > capBytes * 2 + 1024 ? body.slice(0, capBytes * 2 + 1024) : body;
  let redacted = head;
  for (const [pattern, replacement] of replacements) redacted = redacted.replace(pattern, replacement);
  redacted = redacted.replace(cardLike, (match) => (passesLuhn(match) ? '[redacted-card]' : match));
  return capUtf8(
    redacted,
    capBytes,
    head === body ? undefined : Buffer.byteLength(body) - Buffer.byteLength(head),
  );
}

function capUtf8(text: string, capBytes: number, alreadyCutBytes: number | undefined): string {
  const bytes = Buffer.byteLength(text);
  if (bytes <= capBytes && alreadyCutBytes === undefined) return text;
  // Decoding a cut multi-byte character yields U+FFFD; drop it so the kept text is clean.
  const kept = Buffer.from(text)
    .subarray(0, capBytes)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
  const dropped = bytes - Buffer.byteLength(kept) + (alreadyCutBytes ?? 0);
  return `${kept}…[truncated ${dropped} bytes]`;
}

function passesLuhn(candidate: string): boolean {
  const digits = candidate.replace(/[ -]/g, '');
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
