// Every Firebase failure the panel can meet maps to a message, in both languages.
import { describe, expect, it } from 'vitest';
import { fill, LANGS } from '../app/i18n.ts';
import { ClientConfigUnavailableError } from './client-config.ts';
import { ACCOUNT_MESSAGES, AUTH_PROBLEMS, authProblem } from './messages.ts';

describe('authProblem', () => {
  it('maps Firebase error codes', () => {
    expect(authProblem({ code: 'auth/invalid-credential' })).toBe('invalidCredential');
    expect(authProblem({ code: 'auth/email-already-in-use' })).toBe('emailInUse');
    expect(authProblem({ code: 'auth/credential-already-in-use' })).toBe('credentialInUse');
    expect(authProblem({ code: 'auth/network-request-failed' })).toBe('network');
    expect(authProblem({ code: 'auth/weak-password' })).toBe('weakPassword');
  });

  it('knows an offline first start and falls back to unknown', () => {
    expect(authProblem(new ClientConfigUnavailableError('offline'))).toBe('unavailable');
    expect(authProblem(new Error('boom'))).toBe('unknown');
    expect(authProblem(undefined)).toBe('unknown');
  });
});

describe('ACCOUNT_MESSAGES', () => {
  it('has a non-empty text for every problem in every language', () => {
    for (const lang of LANGS) {
      for (const problem of AUTH_PROBLEMS) {
        expect(ACCOUNT_MESSAGES[lang].problems[problem]).toMatch(/\S/);
      }
    }
  });

  it('fills placeholders', () => {
    expect(fill(ACCOUNT_MESSAGES.en.accountId, { uid: 'abc' })).toBe('Account ID: abc');
    expect(fill('{a} {b}', { a: 1 })).toBe('1 {b}');
  });
});
