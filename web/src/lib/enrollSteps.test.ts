import { describe, expect, it } from 'vitest';
import type { EnrollSession } from '../api/enroll';
import { ApiError } from '../api/errors';
import { enrollStep, kFirstStep, kInvalidLink, kSessionEnded, kWrongCode, refusalOf, type EnrollStep } from './enrollSteps';

const session: EnrollSession = {
  csrfToken: 'csrf',
  organization: 'Physics',
  sslTypes: [{ id: 3, name: 'ssl-dv', description: '', terms: [90] }],
  serverSoftware: ['nginx'],
  allowedEmailDomains: ['uni.example'],
};
const receipt = { referenceNumber: 'ENR-12', status: 'Requested', statusUrl: 'https://host/enroll/status/s' };
const refused = (status: number, retry?: number) => enrollStep(kFirstStep, { type: 'refused', error: new ApiError(status, -16, 'server words', retry) });

describe('the access-code step', () => {
  it('opens the form with the session', () => {
    expect(enrollStep(kFirstStep, { type: 'opened', session })).toEqual({ step: 'form', session });
  });
  it('stays on the code with a refusal for a wrong code', () => {
    expect(refused(401)).toEqual({ step: 'code', refusal: { message: kWrongCode } });
  });
  it('says nothing but "not valid" for an unknown link or one switched off', () => {
    expect(refused(404)).toEqual({ step: 'invalid' });
    expect(kInvalidLink).toBe('This enrollment link is not valid.');
  });
  it('asks to wait after too many attempts, as long as Retry-After says', () => {
    expect(refused(429, 30)).toEqual({
      step: 'code',
      refusal: { message: 'Too many attempts; try again in 30 seconds.', retryAfterSeconds: 30 },
    });
    expect(refusalOf(new ApiError(429, -1, 'x', 1)).message).toBe('Too many attempts; try again in 1 second.');
    expect(refusalOf(new ApiError(429, -1, 'x')).message).toBe('Too many attempts; try again later.');
  });
  it("shows the server's words for anything else (network, 5xx)", () => {
    expect(refused(0)).toEqual({ step: 'code', refusal: { message: 'server words' } });
  });
});

describe('after the code', () => {
  const form: EnrollStep = { step: 'form', session };
  it('goes back to the code when the session has ended', () => {
    expect(enrollStep(form, { type: 'expired' })).toEqual({ step: 'code', notice: kSessionEnded });
  });
  it('shows the receipt with the session it was sent on', () => {
    expect(enrollStep(form, { type: 'submitted', receipt })).toEqual({ step: 'done', session, receipt });
  });
  it('ignores a late answer once the step has moved on', () => {
    const done = enrollStep(form, { type: 'submitted', receipt });
    expect(enrollStep(done, { type: 'expired' })).toBe(done);
    expect(enrollStep(kFirstStep, { type: 'submitted', receipt })).toBe(kFirstStep);
  });
});
