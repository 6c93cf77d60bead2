// The agent's own OpenAPI 3.1 document, served at `GET <root>/docs/openapi.json`. The request schema
// comes from the zod schema that validates bodies, so the document cannot drift from the server.
import { z } from "zod";
import { INVOCATION_ID, invocationBodySchema, SESSION_ID } from "./invocations-protocol.ts";

export interface InvocationsOpenApiOptions {
  /** Mount root the paths start with, e.g. "/invocations". */
  root: string;
  title: string;
  description?: string;
  /** Declare the bearer scheme on every operation (the channel has an API key). */
  secured: boolean;
}

/** The request body as JSON Schema (2020-12, the dialect of OpenAPI 3.1). */
export function invocationRequestJsonSchema(): Record<string, unknown> {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(invocationBodySchema, { io: "input" });
  return schema;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (description: string, schema: unknown) => ({ description, content: { "application/json": { schema } } });
const error = (description: string) => json(description, ref("Error"));

/** The id rules as JSON Schema: what the server checks before it runs anything. */
const sessionIdSchema = { type: "string", pattern: SESSION_ID.source, maxLength: 256 };
const invocationIdSchema = { type: "string", pattern: INVOCATION_ID.source, maxLength: 128 };

const invocationId = {
  name: "x-agent-invocation-id",
  in: "header",
  required: false,
  description: "Echoed on the response; generated when absent. For a background invocation it becomes the invocation_id.",
  schema: invocationIdSchema,
};
const sessionParameters = [
  {
    name: "agent_session_id",
    in: "query",
    required: false,
    description: "Continue this conversation: send back the x-agent-session-id of an earlier answer.",
    schema: sessionIdSchema,
  },
  { name: "x-agent-session-id", in: "header", required: false, description: "Same as agent_session_id.", schema: sessionIdSchema },
];
const responseHeaders = {
  "x-agent-invocation-id": { description: "The invocation id (echoed or generated).", schema: invocationIdSchema },
  "x-agent-session-id": { description: "The conversation; send it back as agent_session_id.", schema: sessionIdSchema },
};
const idParameter = { name: "invocation_id", in: "path", required: true, schema: invocationIdSchema };

function invokeOperation(operationId: string, summary: string) {
  return {
    operationId,
    summary,
    parameters: [invocationId, ...sessionParameters],
    requestBody: { required: true, content: { "application/json": { schema: ref("InvocationRequest") } } },
    responses: {
      "200": {
        description:
          "The answer. With `stream: true` a text/event-stream instead: `event: delta` / `data: {\"text\"}` per chunk, " +
          "then `event: done` / `data: {\"session_id\"}`, or `event: error` / `data: {\"message\"}`.",
        headers: responseHeaders,
        content: {
          "application/json": { schema: ref("InvocationResponse") },
          "text/event-stream": { schema: { type: "string" } },
        },
      },
      "202": { ...json("`background: true`: the invocation started; poll it by invocation_id.", ref("InvocationStatus")), headers: responseHeaders },
      "400": error("The body is not valid JSON or does not match InvocationRequest."),
      "401": error("Missing or wrong bearer key."),
      "403": error("The caller is not allowed to use this agent."),
      "409": error("No session could be resolved, or the invocation id is taken."),
      "413": { description: "The body is larger than the host accepts." },
      "422": error("The run hook rejected the request."),
      "500": error("The agent or the server failed."),
    },
  };
}

export function invocationsOpenApi(options: InvocationsOpenApiOptions) {
  const { root } = options;
  return {
    openapi: "3.1.0",
    info: {
      title: options.title,
      version: "1.0.0",
      description:
        `${options.description ?? "An agent served by agent-host."} ` +
        `A WebSocket at ${root}_ws takes { "message" } frames and answers { "type": "delta" | "done" | "error" } frames.`,
    },
    paths: {
      [`${root}/invoke`]: { post: invokeOperation("invoke", "Invoke the agent") },
      [root]: { post: invokeOperation("invokeAtRoot", "Invoke the agent (the Foundry hosted-agent route)") },
      [`${root}/{invocation_id}`]: {
        get: {
          operationId: "getInvocation",
          summary: "Poll a background invocation",
          parameters: [idParameter],
          responses: { "200": json("Its status; `response` once completed, `error` once failed.", ref("InvocationStatus")), "404": error("Unknown invocation.") },
        },
      },
      [`${root}/{invocation_id}/cancel`]: {
        post: {
          operationId: "cancelInvocation",
          summary: "Cancel a background invocation (idempotent; a finished one keeps its status)",
          parameters: [idParameter],
          responses: { "200": json("Its status after the cancel.", ref("InvocationStatus")), "404": error("Unknown invocation.") },
        },
      },
      [`${root}/docs/openapi.json`]: {
        get: { operationId: "getOpenApi", summary: "This document", security: [], responses: { "200": { description: "OpenAPI 3.1" } } },
      },
    },
    components: {
      schemas: {
        InvocationRequest: invocationRequestJsonSchema(),
        InvocationResponse: { type: "object", properties: { response: { type: "string" } }, required: ["response"] },
        InvocationStatus: {
          type: "object",
          properties: {
            invocation_id: { type: "string" },
            status: { enum: ["running", "completed", "failed", "cancelled"] },
            session_id: { type: "string" },
            response: { type: "string", description: "The answer, once completed." },
            error: { type: "string", description: "What went wrong, once failed." },
          },
          required: ["invocation_id", "status"],
        },
        Error: { type: "object", properties: { error: { type: "string" } }, required: ["error"] },
      },
      ...(options.secured ? { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } } : {}),
    },
    ...(options.secured ? { security: [{ bearer: [] }] } : {}),
  };
}
