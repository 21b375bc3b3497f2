// What the floor scripts share: one keep-alive connection pool, a request that reads the whole answer, and
// a limit on requests in flight. Plain node:http, no dependencies, so start-up is a bare node's.
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true });

/** The answer's body as text; an error for anything but a 2xx. */
export function ask(base, method, path, authorization, body) {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: url.hostname, port: url.port, method, path, agent, headers: { authorization, accept: 'application/json', 'content-type': 'application/json' } }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (response.statusCode >= 200 && response.statusCode < 300) resolve(text);
        else reject(new Error(`${method} ${path} answered ${response.statusCode}: ${text.slice(0, 200)}`));
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Runs at most `concurrency` of the tasks given at once, in the order given. */
export function limited(concurrency) {
  let running = 0;
  const queue = [];
  const next = () => {
    while (running < concurrency && queue.length > 0) {
      const { task, resolve, reject } = queue.shift();
      running++;
      task()
        .then(resolve, reject)
        .finally(() => {
          running--;
          next();
        });
    }
  };
  return (task) =>
    new Promise((resolve, reject) => {
      queue.push({ task, resolve, reject });
      next();
    });
}
