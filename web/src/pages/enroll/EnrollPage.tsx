// /enroll/:token — self-enrollment for people without an admin account: the access code,
// then the request, then what happens next (the steps are lib/enrollSteps.ts). Outside
// the console's session: it calls only /api/enroll/v1, with a client of its own. The
// enrollment session's cookie is the server's (HttpOnly); its CSRF token lives in this
// page's memory, so after a reload the code is asked for again.

import { useCallback, useMemo, useReducer, useState } from 'react';
import { useParams } from 'react-router-dom';
import { publicApiClient, type EnrollReceipt } from '../../api/enroll';
import { ErrorBanner } from '../../components/Banner';
import { PageTitle } from '../../components/PageTitle';
import { kEmptyDraft, type EnrollDraft } from '../../lib/enrollment';
import { enrollStep, kFirstStep, kInvalidLink } from '../../lib/enrollSteps';
import { AccessCodeStep } from './AccessCodeStep';
import { EnrollReceiptView } from './EnrollReceiptView';
import { EnrollRequestForm } from './EnrollRequestForm';

export function EnrollPage() {
  const { token = '' } = useParams();
  return <Enrollment key={token} token={token} />;
}

function Enrollment({ token }: { token: string }) {
  const api = useMemo(() => publicApiClient(), []);
  const [state, dispatch] = useReducer(enrollStep, kFirstStep);
  const [draft, setDraft] = useState<EnrollDraft>(kEmptyDraft);
  const expired = useCallback(() => dispatch({ type: 'expired' }), []);
  const submitted = useCallback((receipt: EnrollReceipt) => dispatch({ type: 'submitted', receipt }), []);

  const title = 'Request an SSL certificate';
  switch (state.step) {
    case 'invalid':
      return (
        <>
          <PageTitle title={title}>{title}</PageTitle>
          <ErrorBanner>{kInvalidLink}</ErrorBanner>
        </>
      );
    case 'code':
      return (
        <>
          <PageTitle title={title}>{title}</PageTitle>
          <AccessCodeStep api={api} token={token} refusal={state.refusal} notice={state.notice} onEvent={dispatch} />
        </>
      );
    case 'form':
      return (
        <>
          <PageTitle title={title}>{title}</PageTitle>
          <p className="lede">
            A certificate for <strong>{state.session.organization}</strong>.
          </p>
          <EnrollRequestForm
            api={api}
            token={token}
            session={state.session}
            draft={draft}
            onDraft={setDraft}
            onSubmitted={submitted}
            onExpired={expired}
          />
        </>
      );
    case 'done':
      return <EnrollReceiptView receipt={state.receipt} organization={state.session.organization} />;
  }
}
