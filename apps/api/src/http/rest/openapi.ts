import {
  apiErrorCodeSchema,
  auditEntrySchema,
  clientSchema,
  commentSchema,
  invitationSchema,
  memberSchema,
  organizationSchema,
  projectSchema,
  taskSchema,
} from "@agency/validators";
import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import { withExamples } from "./openapi-examples";
import type { RestOperation } from "./operations";
import { ORG_HEADER } from "./rest-input";

/** The error envelope every failure answers with (tRPC and REST alike). */
const errorEnvelopeSchema = z
  .object({
    error: z.object({
      code: apiErrorCodeSchema,
      message: z.string().meta({ description: "What went wrong, for people." }),
      details: z.record(z.string(), z.unknown()).optional().meta({
        description: "Machine-readable specifics: `issues` for validation errors, `current` (the record) for 409/412.",
      }),
      requestId: z
        .string()
        .meta({ description: "Quote it when you contact support; also in the X-Request-Id header." }),
    }),
  })
  .meta({ id: "ErrorEnvelope", description: "The one error shape of the API." });

const pageMetaSchema = z
  .object({
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
    limit: z.number().int().nullable().meta({ description: "The page size used (null for unpaginated lists)." }),
  })
  .meta({ id: "PageMeta" });

/** Every error status an operation can answer with, as reusable responses. */
const ERROR_RESPONSES = {
  400: [
    "BadRequest",
    "The input is invalid: a malformed body or id, an unknown query parameter, a bad cursor (`VALIDATION_ERROR` or `BAD_REQUEST`).",
  ],
  401: ["Unauthorized", "No valid credentials (`UNAUTHORIZED`)."],
  403: ["Forbidden", "The credentials do not allow this action (`FORBIDDEN`)."],
  404: ["NotFound", "No such record in this organization, or no such organization for the caller (`NOT_FOUND`)."],
  409: [
    "Conflict",
    "The change conflicts with the record's state (`CONFLICT`); `details.current` holds the record when there is one.",
  ],
  412: [
    "PreconditionFailed",
    "`If-Match` names a version the record no longer has (`PRECONDITION_FAILED`); `details.current` holds the current record.",
  ],
  413: ["PayloadTooLarge", "The body is larger than the API accepts (`PAYLOAD_TOO_LARGE`)."],
  415: ["UnsupportedMediaType", "The body is not `application/json` (`UNSUPPORTED_MEDIA_TYPE`)."],
  422: ["Unprocessable", "The input is well-formed but cannot be applied (`UNPROCESSABLE`)."],
  428: [
    "PreconditionRequired",
    "A version-guarded change sent neither `If-Match` nor `expectedVersion` (`PRECONDITION_REQUIRED`).",
  ],
  429: ["TooManyRequests", "A rate limit is used up (`RATE_LIMITED`); `Retry-After` says when to come back."],
  500: ["InternalError", "Something failed on our side (`INTERNAL_ERROR`); nothing internal is disclosed."],
} as const satisfies Record<number, readonly [string, string]>;
type ErrorStatus = keyof typeof ERROR_RESPONSES;

function errorStatuses(operation: RestOperation): ErrorStatus[] {
  const statuses: ErrorStatus[] = [400, 401, 403, 404];
  const writes = operation.method !== "GET";
  if (writes) statuses.push(409);
  if ("expectedVersion" in operation.input.shape) statuses.push(412);
  if (operation.method === "POST" || operation.method === "PATCH") statuses.push(413, 415, 422);
  if (operation.versioned) statuses.push(428);
  statuses.push(429, 500);
  return statuses;
}

const orgIdQuery = z
  .uuid()
  .optional()
  .meta({
    description: `The organization to act in. Optional: the \`${ORG_HEADER}\` header does the same (API keys default to their own organization). One of them is required for session callers.`,
  });
const orgIdHeader = z
  .uuid()
  .optional()
  .meta({ description: "The organization to act in, instead of the `orgId` query parameter." });
const ifMatchHeader = z.string().meta({
  description:
    'The ETag of the version you read (e.g. `"3"`). Required on version-guarded changes unless the body carries `expectedVersion`; a stale one gets 412.',
  example: '"3"',
});

/** The operation's parameters: path ids, query fields (GET/DELETE), the organization and If-Match. */
function requestParams(operation: RestOperation) {
  const shape = operation.input.shape as Record<string, z.ZodType>;
  // A path id is always present, even where the input takes it optionally (tasks of a project).
  const path = Object.fromEntries(
    operation.pathParams.map((name) => {
      const schema = shape[name]!;
      return [name, schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema];
    }),
  );
  const inQuery = operation.method === "GET" || operation.method === "DELETE";
  const query: Record<string, z.ZodType> = {};
  for (const [name, schema] of Object.entries(shape)) {
    if (operation.pathParams.includes(name) || name === "orgId") continue;
    if (!inQuery) continue;
    // expectedVersion is If-Match's alternative, never required on its own.
    query[name] = name === "expectedVersion" ? schema.optional() : schema;
  }
  if ("orgId" in shape) query.orgId = orgIdQuery;
  const header: Record<string, z.ZodType> = {};
  if ("orgId" in shape) header[ORG_HEADER] = orgIdHeader;
  if ("expectedVersion" in shape) header["if-match"] = ifMatchHeader.optional();
  if (operation.method === "GET" && hasEtag(operation)) {
    header["if-none-match"] = z.string().optional().meta({ description: "An ETag you hold: 304 while it is current." });
  }
  return { path: z.object(path), query: z.object(query), header: z.object(header) };
}

/** The JSON body: the input without path ids and orgId; patch operations take the changed fields flat. */
function requestBody(operation: RestOperation) {
  if (operation.method !== "POST" && operation.method !== "PATCH") return undefined;
  const shape = operation.input.shape as Record<string, z.ZodType>;
  let fields: Record<string, z.ZodType> = {};
  if (operation.bodyAs === "patch") {
    fields = { ...(shape.patch as z.ZodObject).shape };
  } else {
    for (const [name, schema] of Object.entries(shape)) {
      if (!operation.pathParams.includes(name) && name !== "orgId") fields[name] = schema;
    }
  }
  if ("expectedVersion" in shape) {
    fields.expectedVersion = (shape.expectedVersion as z.ZodType).optional().meta({
      description: "The version you read; an alternative to `If-Match` (send one of them).",
    });
  }
  if (Object.keys(fields).length === 0) return undefined;
  const required = Object.entries(fields).some(([, schema]) => !schema.safeParse(undefined).success);
  return { required, content: { "application/json": { schema: z.object(fields) } } };
}

/** A single record with a version: answered with its ETag. */
const hasEtag = (operation: RestOperation) =>
  operation.output instanceof z.ZodObject && "version" in operation.output.shape;

function successResponse(operation: RestOperation) {
  const status = operation.successStatus ?? 200;
  if (status === 204) return { "204": { description: "Done; no body." } };
  const dataSchema = operation.paged ? (operation.output as z.ZodObject).shape.items! : operation.output;
  const envelope =
    operation.paged || operation.listed
      ? z.object({ data: dataSchema, meta: pageMetaSchema })
      : z.object({ data: dataSchema });
  const headers: Record<string, z.ZodType> = {};
  if (hasEtag(operation))
    headers.ETag = z.string().meta({ description: "The record's version, for `If-Match`.", example: '"1"' });
  if (operation.location) headers.Location = z.string().meta({ description: "Where the new record can be read." });
  const description =
    status === 201 ? "Created." : operation.paged || operation.listed ? "One page of records." : "The record.";
  return {
    [String(status)]: {
      description,
      ...(Object.keys(headers).length > 0 ? { headers: z.object(headers) } : {}),
      content: { "application/json": { schema: envelope } },
    },
  };
}

const API_DESCRIPTION = `The Agency OS REST API: the same operations, rules, permissions and rate limits as the web app.

- **Auth**: \`Authorization: Bearer <API key>\`.
- **Organization**: API keys act in their own organization; \`orgId\` (query) or the \`${ORG_HEADER}\` header names it explicitly.
- **Envelopes**: \`{ "data": … }\`, lists add \`"meta": { "nextCursor", "limit" }\`; errors are \`{ "error": { "code", "message", "details", "requestId" } }\`.
- **Pagination**: pass \`meta.nextCursor\` back as \`cursor\`; \`limit\` 1–100 (default 50).
- **Concurrency**: single records carry an \`ETag\` (their version); send it as \`If-Match\` on PATCH, DELETE, restore and move — a stale one gets 412, a missing one 428.`;

const TAGS = [
  ["Organization", "The organization the call acts in."],
  ["Members", "People in the organization and their roles."],
  ["Invitations", "Invitations to join the organization."],
  ["API keys", "Keys machine clients act with, scoped to the organization."],
  ["Clients", "The agency's clients."],
  ["Projects", "Projects, each for one client."],
  ["Tasks", "Tasks of projects: a board of status columns."],
  ["Comments", "Discussion on tasks."],
  ["Audit", "The append-only audit trail."],
] as const;

/** The OpenAPI 3.1 document of the REST API, generated from the operations' procedures and zod schemas. */
export function openApiDocument(operations: RestOperation[], info: { version: string }) {
  const paths: ZodOpenApiPathsObject = {};
  for (const operation of operations) {
    const responses: ZodOpenApiOperationObject["responses"] = { ...successResponse(operation) };
    if (hasEtag(operation) && operation.method === "GET") {
      responses["304"] = { description: "Not modified: `If-None-Match` named the current ETag." };
    }
    for (const status of errorStatuses(operation)) {
      responses[`${status}`] = { $ref: `#/components/responses/${ERROR_RESPONSES[status][0]}` };
    }
    const body = requestBody(operation);
    paths[operation.path] = {
      ...paths[operation.path],
      [operation.method.toLowerCase()]: {
        operationId: operation.operationId,
        summary: operation.summary,
        description: operation.description,
        tags: operation.tags,
        ...(operation.protect === false ? { security: [] } : {}),
        requestParams: requestParams(operation),
        ...(body ? { requestBody: body } : {}),
        responses,
      } satisfies ZodOpenApiOperationObject,
    };
  }
  const document = createDocument({
    openapi: "3.1.0",
    info: {
      title: "Agency OS API",
      version: info.version,
      description: API_DESCRIPTION,
      license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
    },
    servers: [{ url: "/api/v1", description: "This server" }],
    security: [{ bearerAuth: [] }],
    tags: TAGS.map(([name, description]) => ({ name, description })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "API key",
          description: "An API key of the organization, created in its settings.",
        },
      },
      // The records, named once and referenced (everything else is inlined where it is used).
      schemas: {
        Organization: organizationSchema,
        Member: memberSchema,
        Invitation: invitationSchema,
        Client: clientSchema,
        Project: projectSchema,
        Task: taskSchema,
        Comment: commentSchema,
        AuditEntry: auditEntrySchema,
      },
      responses: Object.fromEntries(
        Object.values(ERROR_RESPONSES).map(([name, description]) => [
          name,
          { description, content: { "application/json": { schema: errorEnvelopeSchema } } },
        ]),
      ),
    },
  });
  return withExamples(document, ERROR_RESPONSES);
}
