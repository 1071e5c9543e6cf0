/**
 * One access line per request, written when the response is finished: request id, method, path
 * (without the query string, which may carry message text or codes), client address, status and
 * time; a response that failed on the wire is logged at `error` with its error (redacted). Fastify's default
 * is two lines per request ("incoming request", "request completed"), each through the redaction of
 * every path in `REDACT_PATHS`; this line holds only the fields named here, so it skips redaction.
 * Fastify's other lines (its default error handler, stream errors) are kept.
 */
import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';

export class AccessLog extends LogController {
  private readonly lines: FastifyBaseLogger;

  constructor(logger: FastifyBaseLogger) {
    super();
    this.lines = logger.child({}, { redact: { paths: [] } });
  }

  override incomingRequest(): void {}

  /** The access line of the 404 says it all (Fastify's own line would carry the query string). */
  override routeNotFound(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const query = request.url.indexOf('?');
    const line = {
      reqId: request.id,
      req: { method: request.method, url: query < 0 ? request.url : request.url.slice(0, query), remoteAddress: request.ip },
      res: { statusCode: reply.statusCode },
      responseTime: reply.elapsedTime,
    };
    // A failed response's error goes through the request's logger, whose lines are redacted.
    if (error) request.log.error({ ...line, err: error }, 'request errored');
    else this.lines.info(line, 'request completed');
  }
}
