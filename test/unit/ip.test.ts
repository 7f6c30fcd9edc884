import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { limitedClient, storableAddress, truncateAddress } from '../../src/privacy/ip.ts';

describe('truncateAddress', () => {
  it.each([
    ['195.159.103.42', '195.159.103.0'],
    ['10.0.0.1', '10.0.0.0'],
    ['::ffff:195.159.103.42', '195.159.103.0'],
    ['::FFFF:c39f:672a', '195.159.103.0'],
    ['2001:db8:abcd:12:1:2:3:4', '2001:db8:abcd::'],
    ['2001:0db8:00ab:ffff::1', '2001:db8:ab::'],
    ['2001:db8::1', '2001:db8:0::'],
    ['::1', '0:0:0::'],
    ['fe80::1%eth0', 'fe80:0:0::'],
    ['64:ff9b::192.0.2.33', '64:ff9b:0::'],
    ['not an address', null],
    ['', null],
  ])('%s -> %s', (address, truncated) => {
    expect(truncateAddress(address)).toBe(truncated);
  });
});

describe('storableAddress', () => {
  it('drop keeps nothing', () => {
    expect(storableAddress('195.159.103.42', 'drop')).toBeNull();
    expect(storableAddress('2001:db8::1', 'drop')).toBeNull();
  });
  it('truncate keeps /24 and /48', () => {
    expect(storableAddress('195.159.103.42', 'truncate')).toBe('195.159.103.0');
    expect(storableAddress('2001:db8:abcd:12::1', 'truncate')).toBe('2001:db8:abcd::');
  });
});

describe('limitedClient: one client, one budget, however its address is written', () => {
  const hex = (n: number) => n.toString(16);
  const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
  const groups = fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 });
  const full = (g: number[]) => g.map((x) => x.toString(16).padStart(4, '0')).join(':');
  const short = (g: number[]) => g.map(hex).join(':');
  /** The longest run of zero groups written as `::`, as most software prints an address. */
  const compressed = (g: number[]) => {
    const text = `:${short(g)}:`.replace(/(:0)+:/, '::');
    return text.replace(/^:(?!:)/, '').replace(/(?<!:):$/, '');
  };

  it('an IPv4 address: dotted, IPv4-mapped (dotted or hex, expanded, upper case), with a port', () => {
    fc.assert(
      fc.property(v4, ([a, b, c, d]) => {
        const dotted = `${a}.${b}.${c}.${d}`;
        const hi = hex((a << 8) | b);
        const lo = hex((c << 8) | d);
        const spellings = [
          dotted,
          `::ffff:${dotted}`,
          `::ffff:${hi}:${lo}`,
          `::FFFF:${hi.toUpperCase()}:${lo.toUpperCase()}`,
          `0:0:0:0:0:ffff:${hi}:${lo}`,
          `0000:0000:0000:0000:0000:ffff:${dotted}`,
          `${dotted}:51234`,
          `[::ffff:${dotted}]:443`,
          ` ${dotted} `,
        ];
        for (const spelling of spellings) expect(limitedClient(spelling)).toBe(dotted);
      }),
    );
  });

  it('an IPv6 address by its /64: compressed, expanded, upper case, bracketed with a port', () => {
    fc.assert(
      fc.property(groups, groups, (g, other) => {
        fc.pre(!(g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff));
        const key = limitedClient(short(g));
        for (const spelling of [full(g), compressed(g), full(g).toUpperCase(), `[${compressed(g)}]:8443`])
          expect(limitedClient(spelling)).toBe(key);
        const sameBlock = [...g.slice(0, 4), ...other.slice(4)];
        expect(limitedClient(short(sameBlock))).toBe(key);
        const otherBlock = [...other.slice(0, 4), ...g.slice(4)];
        fc.pre(!(otherBlock.slice(0, 5).every((x) => x === 0) && otherBlock[5] === 0xffff));
        expect(limitedClient(short(otherBlock)) === key).toBe(other.slice(0, 4).join() === g.slice(0, 4).join());
      }),
    );
  });

  it('keeps apart what is not the same client', () => {
    expect(limitedClient('198.51.100.5')).not.toBe(limitedClient('198.51.100.6'));
    expect(limitedClient('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(limitedClient('2001:db8:1:3::1')).not.toBe(limitedClient('2001:db8:1:2::1'));
    expect(limitedClient('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(limitedClient('Not-An-Address')).toBe('not-an-address');
  });
});
