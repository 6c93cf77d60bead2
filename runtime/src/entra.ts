// agent-host/entra: entraLinker, identity linking with a Microsoft Entra sign-in (needs `@azure/msal-node`).
// A separate entry point, so `import "agent-host"` never loads msal.
export { entraLinker } from "./identity/entra-linker.ts";
export type { EntraLinkerOptions } from "./identity/entra-linker.ts";
