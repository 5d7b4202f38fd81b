import { describe, expect, it } from 'vitest';
import { describeRefusal, hostKind, targetRefusal } from '../../src/domain/public-target';
import { postToTarget, REFUSED, targetPolicy } from '../../src/notify/targets';

// Runs in workerd: the URL parser here is the one fetch() uses in production.

const production = { allowLoopback: false };
const development = { allowLoopback: true };
const hostOf = (url: string) => hostKind(new URL(url).hostname);

describe('which addresses Forewarn may call', () => {
  it('reads every spelling of an IPv4 address as the URL parser (and fetch) does', () => {
    expect(new URL('http://0x7f.1/').hostname).toBe('127.0.0.1');
    expect(new URL('http://127.1/').hostname).toBe('127.0.0.1');
    expect(new URL('http://2130706433/').hostname).toBe('127.0.0.1');
    expect(new URL('http://0177.0.0.1/').hostname).toBe('127.0.0.1');
    expect(new URL('http://[::ffff:169.254.169.254]/').hostname).toBe('[::ffff:a9fe:a9fe]');
    for (const url of [
      'https://127.1/',
      'https://0x7f.1/',
      'https://2130706433/',
      'https://0177.0.0.1/',
      'https://%31%32%37.1/',
      'https://127.255.255.254/',
      'https://[::1]/',
      'https://localhost/',
      'https://LOCALHOST./',
      'https://api.localhost/',
    ]) {
      expect([url, hostOf(url)]).toEqual([url, 'loopback']);
    }
  });

  it('names what each non-public address is', () => {
    const cases: [string, string][] = [
      ['https://10.0.0.1/', 'private'],
      ['https://172.16.0.1/', 'private'],
      ['https://172.31.255.255/', 'private'],
      ['https://192.168.1.1/', 'private'],
      ['https://169.254.169.254/latest/meta-data/', 'link-local'],
      ['https://[fe80::1]/', 'link-local'],
      ['https://100.64.0.1/', 'shared'],
      ['https://100.127.255.255/', 'shared'],
      ['https://[fc00::1]/', 'unique-local'],
      ['https://[fd12:3456::1]/', 'unique-local'],
      ['https://[::ffff:169.254.169.254]/', 'ipv4-mapped'],
      ['https://[::ffff:a9fe:a9fe]/', 'ipv4-mapped'],
      ['https://[::ffff:8.8.8.8]/', 'ipv4-mapped'],
      ['https://0.0.0.0/', 'unspecified'],
      ['https://0/', 'unspecified'],
      ['https://[::]/', 'unspecified'],
      ['https://224.0.0.1/', 'multicast'],
      ['https://[ff02::1]/', 'multicast'],
      ['https://255.255.255.255/', 'broadcast'],
      ['https://240.0.0.1/', 'reserved'],
      ['https://192.0.2.10/', 'reserved'],
      ['https://198.18.0.1/', 'reserved'],
      ['https://[::7f00:1]/', 'reserved'],
      ['https://[64:ff9b::a9fe:a9fe]/', 'reserved'],
      ['https://[2002:a9fe:a9fe::]/', 'reserved'],
      ['https://[2001:db8::1]/', 'reserved'],
      ['https://metadata.google.internal/computeMetadata/v1/', 'internal-name'],
      ['https://metadata.google.internal./', 'internal-name'],
      ['https://printer.local/', 'internal-name'],
      ['https://router.home.arpa/', 'internal-name'],
      ['https://intranet/', 'internal-name'],
      ['https://metadata/', 'internal-name'],
    ];
    expect(cases.map(([url]) => [url, hostOf(url)])).toEqual(cases);
  });

  it('lets public names and addresses through, including those next to the private ranges', () => {
    for (const url of [
      'https://hooks.example.com/forewarn',
      'https://example.com./x',
      'https://8.8.8.8/',
      'https://172.15.255.255/',
      'https://172.32.0.1/',
      'https://100.63.255.255/',
      'https://100.128.0.1/',
      'https://169.253.1.1/',
      'https://[2606:4700:4700::1111]/',
      'https://internal.example.com/',
      'https://local.example.org/',
    ]) {
      expect([url, targetRefusal(url, production)]).toEqual([url, null]);
    }
  });

  it('refuses anything but https in production, and the loopback address until development says so', () => {
    expect(targetRefusal('http://hooks.example.com/', production)).toEqual({ reason: 'not-https', protocol: 'http' });
    expect(targetRefusal('ftp://hooks.example.com/', development)).toEqual({ reason: 'not-https', protocol: 'ftp' });
    expect(targetRefusal('not a url', production)).toEqual({ reason: 'not-a-url' });
    expect(targetRefusal('http://127.1:8080/hook', production)).toEqual({ reason: 'not-public', host: '127.0.0.1', kind: 'loopback' });
    expect(targetRefusal('http://127.1:8080/hook', development)).toBeNull();
    expect(targetRefusal('http://[::1]:8080/hook', development)).toBeNull();
    expect(targetRefusal('http://localhost:8080/hook', development)).toBeNull();
    // Development opens this machine only: the rest of the network stays closed, and http stays closed elsewhere.
    expect(targetRefusal('https://10.0.0.1/', development)).toMatchObject({ kind: 'private' });
    expect(targetRefusal('https://169.254.169.254/', development)).toMatchObject({ kind: 'link-local' });
    expect(targetRefusal('http://hooks.example.com/', development)).toEqual({ reason: 'not-https', protocol: 'http' });
    expect(describeRefusal({ reason: 'not-public', host: '[::ffff:a9fe:a9fe]', kind: 'ipv4-mapped' })).toBe(
      '[::ffff:a9fe:a9fe] is an IPv4-mapped address',
    );
  });

  it('turns development on only when the setting is spelled out', () => {
    expect(targetPolicy({})).toEqual(production);
    expect(targetPolicy({ ALLOW_LOOPBACK_TARGETS: '0' })).toEqual(production);
    expect(targetPolicy({ ALLOW_LOOPBACK_TARGETS: '' })).toEqual(production);
    expect(targetPolicy({ ALLOW_LOOPBACK_TARGETS: '1' })).toEqual(development);
  });
});

describe('calling a target', () => {
  /** The far side of the call: a public-looking host that answers with a redirect into the metadata service. */
  function redirectingHost(location: string) {
    const calls: { url: string; redirect: RequestInit['redirect'] }[] = [];
    const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(input), redirect: init?.redirect });
      return new Response('moved', { status: 302, headers: { location } });
    }) as typeof fetch;
    return { calls, fetcher };
  }
  const post = { headers: { 'Content-Type': 'application/json' }, body: '{}' };

  it('does not follow a redirect from a public host to a private one: one call, recorded as a failed redirect', async () => {
    const far = redirectingHost('http://169.254.169.254/latest/meta-data/iam/security-credentials/');
    const outcome = await postToTarget('https://hooks.example.com/forewarn', post, production, far.fetcher);
    expect(far.calls).toEqual([{ url: 'https://hooks.example.com/forewarn', redirect: 'manual' }]);
    expect(outcome).toEqual({
      result: 'failed',
      httpStatus: 302,
      error: 'HTTP 302: redirects are not followed; register the URL it points to',
    });
    expect(JSON.stringify(outcome)).not.toContain('169.254');
  });

  it('never calls a target that is not a public https address, and says only that it refused', async () => {
    for (const url of [
      'https://127.1/',
      'https://[::1]/',
      'https://169.254.169.254/',
      'https://10.0.0.1/',
      'https://[::ffff:169.254.169.254]/',
      'https://metadata.google.internal/',
      'http://hooks.example.com/',
    ]) {
      const far = redirectingHost('https://hooks.example.com/');
      expect([url, await postToTarget(url, post, production, far.fetcher)]).toEqual([url, { result: 'refused', error: REFUSED }]);
      expect(far.calls).toEqual([]);
    }
  });
});
