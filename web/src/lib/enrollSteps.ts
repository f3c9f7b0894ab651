// The steps of /enroll/:token: the access code, the request form, the receipt. What each
// answer of the API moves to is decided here, so the page only shows the current step.

import type { EnrollReceipt, EnrollSession } from '../api/enroll';
import type { ApiError } from '../api/errors';

/** Why the code was not accepted; `retryAfterSeconds` when the server asks to wait. */
export interface Refusal {
  message: string;
  retryAfterSeconds?: number;
}

export type EnrollStep =
  | { step: 'code'; refusal?: Refusal; notice?: string }
  /** Unknown link, or self-enrollment switched off: nothing more is said. */
  | { step: 'invalid' }
  | { step: 'form'; session: EnrollSession }
  | { step: 'done'; session: EnrollSession; receipt: EnrollReceipt };

export type EnrollEvent =
  | { type: 'opened'; session: EnrollSession }
  /** POST …/session failed. */
  | { type: 'refused'; error: ApiError }
  /** A call of the form answered 401: the enrollment session is over. */
  | { type: 'expired' }
  | { type: 'submitted'; receipt: EnrollReceipt };

export const kFirstStep: EnrollStep = { step: 'code' };

export const kInvalidLink = 'This enrollment link is not valid.';
export const kWrongCode = 'That access code is not right. Check it and try again.';
export const kSessionEnded = 'Your session has ended. Enter the access code again; what you typed in the form is kept.';

/** The words for a refusal of the code, by status. */
export function refusalOf(error: ApiError): Refusal {
  if (error.status === 401) return { message: kWrongCode };
  if (error.status === 429) {
    const n = error.retryAfterSeconds;
    if (n === undefined) return { message: 'Too many attempts; try again later.' };
    return { message: `Too many attempts; try again in ${n} second${n === 1 ? '' : 's'}.`, retryAfterSeconds: n };
  }
  return { message: error.description };
}

export function enrollStep(state: EnrollStep, event: EnrollEvent): EnrollStep {
  switch (event.type) {
    case 'opened':
      return { step: 'form', session: event.session };
    case 'refused':
      if (event.error.status === 404) return { step: 'invalid' };
      return { step: 'code', refusal: refusalOf(event.error) };
    case 'expired':
      return state.step === 'form' ? { step: 'code', notice: kSessionEnded } : state;
    case 'submitted':
      return state.step === 'form' ? { step: 'done', session: state.session, receipt: event.receipt } : state;
  }
}
