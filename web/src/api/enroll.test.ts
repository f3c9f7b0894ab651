import { describe, expect, it } from 'vitest';
import { ApiClient } from './client';
import { downloadEnrollCertificate, getEnrollStatus, openEnrollSession, parseEnrollCsr, submitEnrollRequest } from './enroll';
import { setAccessCode, updateSelfEnrollment } from './selfEnrollment';

/** A client whose fetch records each call and answers the next of `responses`. */
function recording(...responses: (() => Response)[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const api = new ApiClient({
    fetch: async (input, init) => {
      calls.push({ url: String(input), init: init ?? {} });
      return responses[Math.min(calls.length - 1, responses.length - 1)]();
    },
  });
  return { api, calls };
}

const headersOf = (init: RequestInit) => init.headers as Record<string, string>;
const session = { csrfToken: 'enroll-csrf', organization: 'Physics', sslTypes: [], serverSoftware: [], allowedEmailDomains: [] };

describe('the enrollment session', () => {
  it('opens with the code and no CSRF token, then sends its token and cookie on every POST', async () => {
    const { api, calls } = recording(
      () => Response.json(session),
      () => Response.json({ commonName: 'www.uni.example', subjectAlternativeNames: [], keyType: 'EC - 256' }),
      () => Response.json({ referenceNumber: 'ENR-12', status: 'Requested', statusUrl: 'https://h/enroll/status/s' }, { status: 201 }),
    );
    await openEnrollSession(api, 'tok/en', 'the code');
    expect(calls[0].url).toBe('/api/enroll/v1/tok%2Fen/session');
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ accessCode: 'the code' });
    expect(headersOf(calls[0].init)['X-CSRF-Token']).toBeUndefined();
    expect(calls[0].init.credentials).toBe('same-origin');

    await parseEnrollCsr(api, 'tok/en', 'PEM', 3);
    expect(calls[1].url).toBe('/api/enroll/v1/tok%2Fen/csr/parse');
    expect(JSON.parse(String(calls[1].init.body))).toEqual({ csr: 'PEM', certType: 3 });
    expect(headersOf(calls[1].init)['X-CSRF-Token']).toBe('enroll-csrf');
    expect(calls[1].init.credentials).toBe('same-origin');

    const body = { csr: 'PEM', certType: 3, term: 90, serverSoftware: '', name: 'Ada', email: 'ada@uni.example', comments: '' };
    expect((await submitEnrollRequest(api, 'tok/en', body)).referenceNumber).toBe('ENR-12');
    expect(calls[2].url).toBe('/api/enroll/v1/tok%2Fen/requests');
    expect(headersOf(calls[2].init)['X-CSRF-Token']).toBe('enroll-csrf');
  });
  it('reads Retry-After of a 429 into the error', async () => {
    const { api } = recording(() =>
      Response.json({ code: -16, description: 'Too many attempts' }, { status: 429, headers: { 'Retry-After': '42' } }),
    );
    await expect(openEnrollSession(api, 't', 'x')).rejects.toMatchObject({ status: 429, retryAfterSeconds: 42 });
  });
  it('refuses a wrong code as a 401 without a Retry-After', async () => {
    const { api } = recording(() => Response.json({ code: -16, description: 'Wrong access code' }, { status: 401 }));
    await expect(openEnrollSession(api, 't', 'x')).rejects.toMatchObject({ status: 401, retryAfterSeconds: undefined });
  });
});

describe('the status link', () => {
  it('reads the status and the PEM without any session', async () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n';
    const { api, calls } = recording(
      () => Response.json({ referenceNumber: 'ENR-12', status: 'Issued' }),
      () => new Response(pem, { headers: { 'Content-Type': 'application/pem-certificate-chain' } }),
    );
    expect((await getEnrollStatus(api, 'st')).status).toBe('Issued');
    expect(calls[0].url).toBe('/api/enroll/v1/status/st');
    expect(await (await downloadEnrollCertificate(api, 'st')).text()).toBe(pem);
    expect(calls[1].url).toBe('/api/enroll/v1/status/st/certificate');
    expect(headersOf(calls[1].init).Accept).toMatch(/^application\/pem-certificate-chain/);
  });
});

describe('the admin side', () => {
  it('asks the server to make a code when none is chosen, and sends a chosen one', async () => {
    const { api, calls } = recording(() => Response.json({ accessCode: 'generated', settings: {} }));
    api.setCsrfToken('admin-csrf');
    await setAccessCode(api, 7);
    await setAccessCode(api, 7, 'a chosen code!');
    expect(calls[0].url).toBe('/api/organization/v1/7/self-enrollment/access-code');
    expect(JSON.parse(String(calls[0].init.body))).toEqual({});
    expect(JSON.parse(String(calls[1].init.body))).toEqual({ accessCode: 'a chosen code!' });
    expect(headersOf(calls[0].init)['X-CSRF-Token']).toBe('admin-csrf');
  });
  it('PUTs only the fields given', async () => {
    const { api, calls } = recording(() => Response.json({}));
    await updateSelfEnrollment(api, 7, { enabled: true, sslTypes: [3] });
    expect(calls[0].init.method).toBe('PUT');
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ enabled: true, sslTypes: [3] });
  });
});
