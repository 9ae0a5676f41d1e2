// Structured JSON logs (pino): one line per request with its request id, method, path, status
// and duration. Request bodies and authorisation headers are never logged.
import type { MiddlewareHandler } from 'hono';
import { type Logger, pino } from 'pino';

export function createLogger(level: pino.LevelWithSilent): Logger {
  return pino({ level, base: { service: 'holograms-api' } });
}

export function requestLogger(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    logger.info({
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
