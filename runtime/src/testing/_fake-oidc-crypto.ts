// Key material for the fake OpenID provider: an RS256 signing key with its JWKS, compact JWT
// signing, the PKCE S256 transform, and a self-signed TLS certificate for 127.0.0.1 and localhost.
import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from "node:crypto";

export interface SigningKeyPair {
  kid: string;
  publicKey: KeyObject;
  privateKey: KeyObject;
}

export function createSigningKeyPair(): SigningKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { kid: randomUUID(), publicKey, privateKey };
}

export function jwks(key: SigningKeyPair): { keys: Array<Record<string, unknown>> } {
  return { keys: [{ ...key.publicKey.export({ format: "jwk" }), kid: key.kid, use: "sig", alg: "RS256", kty: "RSA" }] };
}

/** `header` is merged over `{ typ, alg, kid }`; a field set to undefined is left out (JSON drops it). */
export function signJwt(key: SigningKeyPair, payload: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const input = `${encode({ typ: "JWT", alg: "RS256", kid: key.kid, ...header })}.${encode(payload)}`;
  return `${input}.${sign("sha256", Buffer.from(input), key.privateKey).toString("base64url")}`;
}

/** RFC 7636 S256: BASE64URL(SHA256(ASCII(code_verifier))). */
export function pkceS256(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** A self-signed certificate (its own CA) for 127.0.0.1 and localhost, made with the `selfsigned` package. */
export async function selfSignedCertificate(): Promise<{ key: string; cert: string }> {
  let generate: typeof import("selfsigned").generate;
  try {
    const module = await import("selfsigned");
    generate = module.generate ?? (module as unknown as { default: typeof module }).default.generate;
  } catch (error) {
    throw new Error(
      `startFakeOidcProvider needs the "selfsigned" package to make its TLS certificate, and it could not be loaded ` +
        `(${(error as Error).message}). Install it as a devDependency: npm i -D selfsigned@5`,
    );
  }
  const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate: new Date(Date.now() - 60_000),
    notAfterDate: new Date(Date.now() + 24 * 3600_000),
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }, { type: 2, value: "localhost" }] },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
