// The pure rules behind the form's limits and its cross-site check: which mailbox an address
// reaches, which network a client address is counted in, and which posts come from another site.
import { describe, expect, it } from 'vitest';
import { clientAddress, networkOf } from '../../src/domain/client-network';
import { mailboxOf } from '../../src/domain/mailbox';
import { fromAnotherSite } from '../../src/routes/subscribe/same-origin';

describe('the mailbox an address reaches', () => {
  it.each([
    ['Victim+anything@Example.com', 'victim@example.com'],
    ['victim+a+b@example.com', 'victim@example.com'],
    [' victim@example.com. ', 'victim@example.com'],
    // Outside Gmail a dot is part of the name.
    ['first.last@example.com', 'first.last@example.com'],
    ['+only@example.com', '+only@example.com'],
    ['J.O.H.N.Doe+news@gmail.com', 'johndoe@gmail.com'],
    ['john.doe@googlemail.com', 'johndoe@gmail.com'],
    ['j.o-h_n+x@pm.me', 'john@proton.me'],
    ['john@protonmail.ch', 'john@proton.me'],
    ['shop@john.fastmail.com', 'john@fastmail.com'],
    ['john+shop@fastmail.fm', 'john@fastmail.com'],
    // A subdomain of another provider is its own domain.
    ['shop@john.gmail.com', 'shop@john.gmail.com'],
  ])('%s → %s', (address, mailbox) => {
    expect(mailboxOf(address)).toBe(mailbox);
  });
});

describe('the network a client address is counted in', () => {
  it.each([
    ['198.51.100.7', '198.51.100.7'],
    ['2001:db8:7:42:abcd::1', '2001:db8:7:42::/64'],
    ['2001:0DB8:0007:0042:ffff:ffff:ffff:ffff', '2001:db8:7:42::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::ffff:198.51.100.7', '198.51.100.7'],
    ['::ffff:c633:6407', '198.51.100.7'],
    ['64:ff9b::198.51.100.7', '64:ff9b:0:0::/64'],
    ['1:2:3:4:5:6:198.51.100.7', '1:2:3:4::/64'],
  ])('%s → %s', (ip, network) => {
    expect(networkOf(ip)).toBe(network);
  });

  it.each(['', 'unknown', '256.1.1.1', '1.2.3', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::1', ':1', 'x'.repeat(300), '::ffff:1.2.3.256'])(
    '%j is no address',
    (ip) => {
      expect(networkOf(ip)).toBeNull();
    },
  );

  it('reads CF-Connecting-IPv6 only beside a Pseudo IPv4 (Class E) address, which Cloudflare set', () => {
    expect(clientAddress('240.1.2.3', '2001:db8::1')).toBe('2001:db8::1');
    expect(clientAddress('198.51.100.7', '2001:db8::1')).toBe('198.51.100.7');
    expect(clientAddress('2001:db8::5', '2001:db8::1')).toBe('2001:db8::5');
    expect(clientAddress(undefined, '2001:db8::1')).toBeUndefined();
  });
});

describe('a post from another site', () => {
  const own = ['https://status.example.com'];
  it.each([
    [{ secFetchSite: 'cross-site', origin: 'https://evil.example' }, true],
    [{ secFetchSite: 'same-site', origin: 'https://blog.example.com' }, true],
    [{ secFetchSite: 'cross-site', origin: 'https://status.example.com' }, true],
    [{ secFetchSite: undefined, origin: 'https://evil.example' }, true],
    [{ secFetchSite: undefined, origin: 'https://status.example.com.evil.example' }, true],
    [{ secFetchSite: 'same-origin', origin: 'null' }, false],
    [{ secFetchSite: 'same-origin', origin: 'https://status.example.com' }, false],
    [{ secFetchSite: 'none', origin: undefined }, false],
    [{ secFetchSite: undefined, origin: 'https://status.example.com' }, false],
    [{ secFetchSite: undefined, origin: 'null' }, false],
    [{ secFetchSite: undefined, origin: undefined }, false],
  ])('%j → %s', (headers, refused) => {
    expect(fromAnotherSite(headers, own)).toBe(refused);
  });
});
