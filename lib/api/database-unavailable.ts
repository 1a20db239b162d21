// An unreachable database is not the server's bug: it is a 503 with Retry-After, on every route.
// isDatabaseUnavailable is the one test of "unreachable"; every route handler's catch asks it
// before answering 500.

/** Seconds a client should wait before asking again: the pool gives up on a connection after 3 s. */
export const RETRY_AFTER_SECONDS = 5;

export const DATABASE_UNAVAILABLE_MESSAGE = "The database is unavailable; try again in a moment.";

// Node's socket errors when the server cannot be reached or drops the connection.
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);
// PostgreSQL's SQLSTATEs for a server that is shutting down, starting up, full or gone: class 08
// (connection exception) and 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now,
// 53300 too_many_connections.
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
// Prisma's: P1001 can't reach the server, P1002 timed out, P1017 the server closed the connection,
// P2024 timed out waiting for a pool connection.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1017", "P2024"]);
// Prisma's driver adapter names the socket failure it saw (DriverAdapterError's cause.kind).
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout"]);
// node-postgres says these in words only: no connection within connectionTimeoutMillis (the pool's
// own wait or the connection's), or the server closed the socket.
const PG_MESSAGES = /^(timeout exceeded when trying to connect|Connection terminated( unexpectedly| due to connection timeout)?)$/;

/**
 * Whether the error means the database cannot be reached right now (down, restarting, refusing
 * connections, or every connection busy past the pool's wait), as opposed to a bug or a bad query.
 * Looks through the wrappers: Prisma's meta.driverAdapterError, `cause` chains, AggregateError.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 20) {
    const current = queue.shift();
    if (typeof current !== "object" || current === null || seen.has(current)) continue;
    seen.add(current);
    const { code, kind, message, cause, meta, errors } = current as {
      code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown }; errors?: unknown;
    };
    if (typeof code === "string" && (SOCKET_CODES.has(code) || SQLSTATES.has(code) || code.startsWith("08") || PRISMA_CODES.has(code))) return true;
    if (typeof kind === "string" && ADAPTER_KINDS.has(kind)) return true;
    if (typeof message === "string" && PG_MESSAGES.test(message)) return true;
    queue.push(cause, meta?.driverAdapterError);
    if (Array.isArray(errors)) queue.push(...(errors as unknown[]));
  }
  return false;
}

/** The 503 answer: Retry-After, never cached; `body` defaults to `{ error: message }`. */
export function databaseUnavailableResponse(body: unknown = { error: DATABASE_UNAVAILABLE_MESSAGE }): Response {
  return Response.json(body, {
    status: 503,
    headers: { "Retry-After": String(RETRY_AFTER_SECONDS), "Cache-Control": "no-store" },
  });
}
