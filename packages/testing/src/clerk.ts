import { type CryptoKey, exportSPKI, generateKeyPair, SignJWT } from 'jose';

export interface ClerkTokenOptions {
  sub: string;
  role?: string;
  /** The origin the token was made for (Clerk's `azp`). */
  azp: string;
  /** Seconds from now; negative for a token already expired. */
  expiresIn?: number;
  /** Seconds from now the token becomes valid; positive for one not valid yet. */
  notBefore?: number;
  /** The `iss` claim: the signer's instance unless given; null for none. */
  issuer?: string | null;
}

/** The issuer (Frontend API origin) of the stand-in Clerk instance: the API is given it as CLERK_ISSUER. */
export const TEST_CLERK_ISSUER = 'https://clerk.stumbleable.test';

/**
 * A stand-in for Clerk's signing: an RSA key pair whose public half is what the API is given
 * as CLERK_JWT_KEY (with CLERK_ISSUER its `issuer`), and Clerk-shaped session tokens signed with the private half (custom
 * session claims carry the user's public metadata, as Stumbleable's do).
 */
export async function createClerkSigner() {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const key: CryptoKey = pair.privateKey;
  return {
    publicKeyPem: await exportSPKI(pair.publicKey),
    issuer: TEST_CLERK_ISSUER,
    async token({
      sub,
      role,
      azp,
      expiresIn = 600,
      notBefore = -5,
      issuer = TEST_CLERK_ISSUER,
    }: ClerkTokenOptions): Promise<string> {
      const now = Math.floor(Date.now() / 1000);
      const jwt = new SignJWT({ sid: `sess_${sub}`, azp, ...(role ? { metadata: { role } } : {}) })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'ins_test' })
        .setSubject(sub);
      if (issuer !== null) jwt.setIssuer(issuer);
      return jwt
        .setIssuedAt(now - 10)
        .setNotBefore(now + notBefore)
        .setExpirationTime(now + expiresIn)
        .sign(key);
    },
  };
}
