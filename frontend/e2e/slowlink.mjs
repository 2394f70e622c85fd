// A slow network between the app and the server: an HTTP proxy on
// loopback that answers the sync's page requests a moment late and carries
// bodies at a set rate, as a real office line does. Over bare loopback a
// first sync or a 40 MB file is over before the status area has painted
// its progress once; through this link each step lasts long enough to be
// seen. Nothing in the app or the server changes: the app is simply given
// the proxy's address as the server's.
import { createServer, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Starts the link to target (http://host:port). pageDelayMs delays the
 * answers to the sync's page requests (POST /v1/sync, GET /v1/changes,
 * GET /v1/kb/articles); bytesPerSecond paces request and response bodies.
 */
export async function startSlowLink(target, { pageDelayMs = 400, bytesPerSecond = 24 << 20 } = {}) {
  const to = new URL(target);
  const pace = async (chunk, write) => {
    // Larger pieces are split so that progress moves in steps.
    for (let i = 0; i < chunk.length; i += 256 << 10) {
      const piece = chunk.subarray(i, i + (256 << 10));
      if (!write(piece)) await sleep(0);
      await sleep((piece.length / bytesPerSecond) * 1000);
    }
  };
  const srv = createServer(async (req, res) => {
    const up = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, async (answer) => {
      if (/^\/v1\/(sync|changes|kb\/articles)(\?|$)/.test(req.url)) await sleep(pageDelayMs);
      res.writeHead(answer.statusCode, answer.headers);
      for await (const chunk of answer) await pace(chunk, (b) => res.write(b));
      res.end();
    });
    up.on('error', () => res.destroy());
    for await (const chunk of req) await pace(chunk, (b) => up.write(b));
    up.end();
  });
  await new Promise((res) => srv.listen(0, '127.0.0.1', res));
  return {
    url: `http://127.0.0.1:${srv.address().port}`,
    async stop() {
      srv.closeAllConnections();
      await new Promise((res) => srv.close(res));
    },
  };
}
