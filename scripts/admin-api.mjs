// The admin API of a running worker (`npm start`, the local tests' and the benches' workers), as
// the seed, the benches and the tests that run one call it: one way to send a request, one error.

/**
 * `call` answers `{ status, body }` whatever the status (for tests of refusals); `ok` returns the
 * body of a 2xx and throws with the status and the answer otherwise.
 * @param {string} base the worker's origin, e.g. http://127.0.0.1:8787
 * @param {string} token an admin token
 */
export function adminApi(base, token) {
  const call = async (method, path, body) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text; // not JSON (a proxy's page): shown as it came
    }
    return { status: res.status, body: json };
  };
  const ok = async (method, path, body) => {
    const { status, body: answer } = await call(method, path, body);
    if (status < 200 || status > 299) throw new Error(`${method} ${path} → ${status} ${JSON.stringify(answer).slice(0, 500)}`);
    return answer;
  };
  return { call, ok };
}
