import { describe, expect, it } from 'vitest';
import { storableAddress, truncateAddress } from '../../src/privacy/ip.ts';

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
