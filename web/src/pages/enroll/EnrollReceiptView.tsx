// Self-enrollment, step 3: the request is in. Its reference, where it stands, what happens
// next, and the status link (the same one the confirmation email carries).

import type { EnrollReceipt } from '../../api/enroll';
import { Notice } from '../../components/Banner';
import { CopyValue } from '../../components/CopyValue';
import { DetailList } from '../../components/DetailList';
import { PageTitle } from '../../components/PageTitle';
import { StatusBadge } from '../../components/StatusBadge';
import { httpUrlOrEmpty } from '../../lib/enrollment';

export function EnrollReceiptView({ receipt, organization }: { receipt: EnrollReceipt; organization: string }) {
  const statusUrl = httpUrlOrEmpty(receipt.statusUrl);
  return (
    <>
      <PageTitle title="Request submitted">Request submitted</PageTitle>
      <Notice tone="success">Your request {receipt.referenceNumber} has been received.</Notice>
      <section className="card" aria-label="Your request">
        <DetailList
          items={[
            ['Reference number', <CopyValue key="ref" value={receipt.referenceNumber} label="Reference number" />],
            ['Status', <StatusBadge key="status" status={receipt.status} />],
            ['Status link', statusUrl ? <CopyValue key="url" value={statusUrl} label="Status link" /> : ''],
          ]}
        />
        <h2>What happens next</h2>
        {receipt.status === 'Requested' ? (
          <p>
            An administrator of {organization} will confirm who you are and approve the request; you will get an email with a
            link to follow its status and download the certificate.
          </p>
        ) : (
          <p>
            The request is {receipt.status.toLowerCase()}. You will get an email with a link to follow its status and download
            the certificate.
          </p>
        )}
        {statusUrl && (
          <p>
            <a href={statusUrl}>Follow the status of your request</a> — keep this link: it is the only way back to the request.
          </p>
        )}
      </section>
    </>
  );
}
