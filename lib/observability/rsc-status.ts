// The status of a React Server Component response (issue 13, item 11). A page that decides "not
// found" (lib/auth.ts pageNotFound) answers 404 to a document request, because Next.js holds the
// HTML until the page's shell is rendered; but for an RSC request (header `RSC: 1`, every client
// side navigation) Next.js starts the Flight stream - status 200 and head sent - before any layout
// or page has run, and never sets a status from what they throw. So the HTTP hook holds the head
// and body of an RSC page response until the response ends (or grows past HOLD_LIMIT: no "not
// found" page is that big), and sends 404 when the page said "not found" meanwhile. The price:
// an RSC navigation is delivered in one piece, not streamed.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";

export const HOLD_LIMIT = 1 << 20;

/** A GET of a page's RSC payload (navigation or prefetch); server actions set their own status. */
export function isRscPageRequest(req: Pick<IncomingMessage, "method" | "headers">): boolean {
  return (req.method ?? "GET").toUpperCase() === "GET" && req.headers.rsc === "1" && !req.headers["next-action"];
}

type Write = (chunk: unknown, encoding?: unknown, cb?: unknown) => boolean;
type End = (chunk?: unknown, encoding?: unknown, cb?: unknown) => ServerResponse;
type WriteHead = (status: number, ...rest: unknown[]) => ServerResponse;

/**
 * Holds `res` until it ends; then, if `notFound()` says so and nothing was sent yet, its status
 * becomes 404. Everything written is passed on unchanged and in order.
 */
export function holdResponse(res: ServerResponse, notFound: () => boolean): void {
  const write = res.write.bind(res) as Write;
  const end = res.end.bind(res) as End;
  const writeHead = res.writeHead.bind(res) as WriteHead;
  const flushHeaders = res.flushHeaders.bind(res);
  let holding = true;
  let size = 0;
  let head: unknown[] | null = null;
  const chunks: [unknown, unknown][] = [];

  const release = () => {
    if (!holding) return;
    holding = false;
    const status = notFound() ? 404 : null;
    if (head) {
      const [code, ...rest] = head as [number, ...unknown[]];
      writeHead(status ?? code, ...(rest as [OutgoingHttpHeaders?]));
    } else if (status && !res.headersSent) {
      res.statusCode = status;
    }
    for (const [chunk, encoding] of chunks.splice(0)) write(chunk, encoding);
  };

  res.writeHead = ((status: number, ...rest: unknown[]) => {
    if (!holding) return writeHead(status, ...rest);
    head = [status, ...rest];
    return res;
  }) as typeof res.writeHead;
  res.flushHeaders = () => {
    if (!holding) flushHeaders();
  };
  res.write = ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
    if (!holding) return write(chunk, encoding, cb);
    const callback = typeof encoding === "function" ? encoding : cb;
    chunks.push([chunk, typeof encoding === "string" ? encoding : undefined]);
    size += typeof chunk === "string" ? Buffer.byteLength(chunk) : ((chunk as Uint8Array | null)?.byteLength ?? 0);
    if (size > HOLD_LIMIT) release();
    if (typeof callback === "function") process.nextTick(callback as () => void);
    return true;
  }) as typeof res.write;
  res.end = ((chunk?: unknown, encoding?: unknown, cb?: unknown) => {
    if (typeof chunk === "function") return release(), end(chunk);
    if (chunk !== undefined && chunk !== null && holding) {
      chunks.push([chunk, typeof encoding === "string" ? encoding : undefined]);
      release();
      return end(typeof encoding === "function" ? encoding : cb);
    }
    release();
    return end(chunk, encoding, cb);
  }) as typeof res.end;
  // A client gone before the end: nothing more to send.
  res.once("close", () => {
    holding = false;
    chunks.length = 0;
  });
}
