// Share tokens: the whole capability behind a link /h/{token}. 24 bytes from the operating
// system's CSPRNG (192 bits, above the 128 the product asks for), written base64url without
// padding: 32 characters of [A-Za-z0-9_-], safe in a URL path and a QR code.
import { randomBytes } from 'node:crypto';

export const TOKEN_BYTES = 24;
export const TOKEN_LENGTH = 32;

const SHAPE = new RegExp(`^[A-Za-z0-9_-]{${TOKEN_LENGTH}}$`);

/** A fresh random token. */
export function newShareToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Whether `value` could be a token at all (checked before any database lookup). */
export function isShareToken(value: string): boolean {
  return SHAPE.test(value);
}
