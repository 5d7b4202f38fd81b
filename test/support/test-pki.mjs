// Certificates for the TLS tests, made fresh for each run with openssl: a CA the tests trust
// (handed to workerd through NODE_EXTRA_CA_CERTS, which Miniflare reads when it loads) and one
// they do not, each with a server certificate for `localhost`. Nothing here is ever committed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function openssl(args, cwd) {
  const result = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (result.error) throw new Error(`the TLS tests need openssl on the PATH (${result.error.message})`);
  if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`);
}

/** A CA and a `localhost` certificate it signed, as PEM files in `dir`; returns their paths. */
function authority(dir, name) {
  const ca = { key: join(dir, `${name}-ca.key`), cert: join(dir, `${name}-ca.pem`) };
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=Forewarn test CA (${name})`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-keyout',
      ca.key,
      '-out',
      ca.cert,
    ],
    dir,
  );
  const server = { key: join(dir, `${name}-localhost.key`), cert: join(dir, `${name}-localhost.pem`) };
  const csr = join(dir, `${name}-localhost.csr`);
  const ext = join(dir, `${name}-localhost.ext`);
  writeFileSync(ext, 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n');
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', server.key, '-out', csr], dir);
  openssl(
    ['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '2', '-extfile', ext, '-out', server.cert],
    dir,
  );
  return { ca: ca.cert, key: server.key, cert: server.cert };
}

/**
 * Makes both authorities and points NODE_EXTRA_CA_CERTS at a bundle holding the trusted CA (and
 * whatever the variable named before). Call before Miniflare is imported: it reads the variable
 * when it loads. The paths are left in FOREWARN_TEST_PKI for the servers the tests start.
 */
export function setUpTestPki() {
  if (process.env.FOREWARN_TEST_PKI) return JSON.parse(process.env.FOREWARN_TEST_PKI);
  const dir = mkdtempSync(join(tmpdir(), 'forewarn-pki-'));
  const trusted = authority(dir, 'trusted');
  const untrusted = authority(dir, 'untrusted');
  const bundle = join(dir, 'extra-ca.pem');
  const before = process.env.NODE_EXTRA_CA_CERTS ? readFileSync(process.env.NODE_EXTRA_CA_CERTS, 'utf8') : '';
  writeFileSync(bundle, `${before}\n${readFileSync(trusted.ca, 'utf8')}`);
  process.env.NODE_EXTRA_CA_CERTS = bundle;
  const pki = { dir, trusted, untrusted };
  process.env.FOREWARN_TEST_PKI = JSON.stringify(pki);
  return pki;
}
