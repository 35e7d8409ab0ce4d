import type { ConnectionError, FastifyInstance } from "fastify";
import { randomUUID } from "node:crypto";
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import { errorBody, isTrpcRequest, trpcErrorBody } from "../errors/error-envelope";

function answerFor(error: ConnectionError): [status: number, message: string] {
  if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") return [408, "The request took too long to arrive."];
  if (error.code === "HPE_HEADER_OVERFLOW") {
    return [431, "The request's URL or headers are too large: send large inputs with POST, or fewer calls per batch."];
  }
  return [400, "Malformed HTTP request."];
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a URL or headers past the
 * 16 KiB limit — e.g. a GET query with a huge input —, a malformed request line, a timeout):
 * the same error envelope as everything else (Fastify's default writes its own JSON shape),
 * tRPC's shape when the request line names /trpc, with a fresh request id. Then the socket
 * closes, as Node and Fastify do.
 */
export function handleClientError(this: FastifyInstance, error: ConnectionError, socket: Socket) {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const [status, message] = answerFor(error);
  const requestId = randomUUID();
  // What Node's HTTP parser had read when it gave up: a Buffer at run time (Fastify types its JSON form).
  const raw: unknown = error.rawPacket;
  const head = Buffer.isBuffer(raw) ? raw.subarray(0, 256).toString("latin1") : "";
  const target = /^[A-Z]+ (\S+)/.exec(head)?.[1] ?? "";
  const body = JSON.stringify(
    isTrpcRequest(target)
      ? trpcErrorBody("BAD_REQUEST", message, requestId, { httpStatus: status })
      : errorBody("BAD_REQUEST", message, requestId),
  );
  this.log.debug({ error: { type: error.name, code: error.code }, status }, "client error");
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        `x-request-id: ${requestId}\r\nx-content-type-options: nosniff\r\nconnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
