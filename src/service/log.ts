// PHI-safe logging. Fastify logs through pino; Edict turns off its per-request lines (which
// carry the URL, and URLs hold member and claim ids) and writes its own: method, route pattern,
// status, milliseconds. Errors are logged by type, code and stack frames, with quoted text and
// numbers in their messages masked, since a database or parser message can quote the input.
import type { FastifyServerOptions } from "fastify";

export function loggerOptions(stream?: NodeJS.WritableStream): FastifyServerOptions["logger"] {
  return {
    level: "info",
    ...(stream ? { stream } : {}),
    serializers: {
      // fastify passes its request and reply objects; keep only what names no person or claim
      req: (req: { method?: string; routeOptions?: { url?: string }; id?: string }) => ({
        method: req.method,
        route: req.routeOptions?.url ?? "(no route)",
        id: req.id,
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      err: safeError,
    },
  } as FastifyServerOptions["logger"];
}

/** quoted strings, numbers and dates in a message become placeholders */
export function mask(text: string): string {
  return text
    .replace(/"[^"]*"|'[^']*'|`[^`]*`/g, '"…"')
    .replace(/\([^()]*=[^()]*\)/g, "(…)")
    .replace(/\d[\d.,:\-/]*/g, "#");
}

export function safeError(error: unknown): { type: string; code?: string; message: string; stack?: string } {
  const e = error as { name?: string; code?: unknown; message?: unknown; stack?: unknown };
  const frames =
    typeof e?.stack === "string"
      ? e.stack
          .split("\n")
          .filter((l) => /^\s+at /.test(l))
          .slice(0, 12)
          .join("\n")
      : undefined;
  return {
    type: typeof e?.name === "string" ? e.name : typeof error,
    ...(typeof e?.code === "string" ? { code: e.code } : {}),
    message: mask(typeof e?.message === "string" ? e.message : String(error)),
    ...(frames ? { stack: frames } : {}),
  };
}
