import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors';
import { covers, grantWithin } from '../../src/domain/scopes';

const now = new Date('2026-11-20T09:00:00.000Z');
const inAnHour = new Date('2026-11-20T10:00:00.000Z');
const tomorrow = new Date('2026-11-21T09:00:00.000Z');

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
  return 'granted';
};

describe('token scopes', () => {
  it('each scope covers those below it; anything unknown covers and is covered by nothing', () => {
    expect(covers('admin', 'write')).toBe(true);
    expect(covers('write', 'read')).toBe(true);
    expect(covers('read', 'write')).toBe(false);
    expect(covers('write', 'admin')).toBe(false);
    expect(covers('root', 'read')).toBe(false);
    expect(covers('admin', 'anything')).toBe(false);
  });

  it('only an admin mints, never past its own expiry, and what it mints without one expires with it', () => {
    expect(refusal(() => grantWithin({ scope: 'write', expiresAt: null }, { scope: 'read', expiresAt: null }, now))).toBe('forbidden');
    expect(refusal(() => grantWithin({ scope: 'admin', expiresAt: inAnHour }, { scope: 'read', expiresAt: tomorrow }, now))).toBe(
      'forbidden',
    );
    expect(grantWithin({ scope: 'admin', expiresAt: inAnHour }, { scope: 'write', expiresAt: null }, now)).toEqual({
      scope: 'write',
      expiresAt: inAnHour,
    });
    expect(grantWithin({ scope: 'admin', expiresAt: tomorrow }, { scope: 'admin', expiresAt: inAnHour }, now)).toEqual({
      scope: 'admin',
      expiresAt: inAnHour,
    });
    expect(grantWithin({ scope: 'admin', expiresAt: null }, { scope: 'read', expiresAt: null }, now)).toEqual({
      scope: 'read',
      expiresAt: null,
    });
    expect(refusal(() => grantWithin({ scope: 'admin', expiresAt: null }, { scope: 'read', expiresAt: now }, now))).toBe('invalid');
  });
});
