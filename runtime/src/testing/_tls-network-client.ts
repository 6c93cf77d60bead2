// An msal INetworkModule over node:https that trusts only the CA certificates it is given, so msal
// can talk real TLS to a local fake without turning off verification or touching process-wide env.
import { request } from "node:https";
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";

export function tlsNetworkClient(ca: string | string[]): INetworkModule {
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) =>
      send<T>("GET", url, ca, options, timeout),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>("POST", url, ca, options),
  };
}

/** One HTTPS request; the body is parsed as JSON, as msal's own HttpClient does. */
export function send<T>(
  method: "GET" | "POST",
  url: string,
  ca: string | string[],
  options: NetworkRequestOptions = {},
  timeoutMs = 10_000,
): Promise<NetworkResponse<T>> {
  return new Promise((resolve, reject) => {
    const body = method === "POST" ? (options.body ?? "") : undefined;
    const headers: Record<string, string | number> = { ...options.headers };
    if (body !== undefined) headers["content-length"] = Buffer.byteLength(body);
    const req = request(url, { method, ca, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const responseHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) responseHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
        }
        try {
          resolve({ status: res.statusCode ?? 0, headers: responseHeaders, body: (text ? JSON.parse(text) : {}) as T });
        } catch {
          reject(new Error(`${method} ${url} answered ${res.statusCode} with a body that is not JSON: ${text.slice(0, 200)}`));
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error(`${method} ${url} timed out after ${timeoutMs} ms.`)));
    req.on("error", reject);
    req.end(body);
  });
}
