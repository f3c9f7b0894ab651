// The issued certificate and the CAs above it, as GET /api/ssl/v1/collect/{id}/x509 gives
// them (certificate first, root last), read in the browser (lib/x509).

import { useEffect, useState } from 'react';
import { collectSsl } from '../../api/ssl';
import { ErrorBanner } from '../../components/Banner';
import { DetailList } from '../../components/DetailList';
import { Loading } from '../../components/Loading';
import { useApi } from '../../hooks/useApi';
import { isoDay } from '../../lib/dates';
import { commonNameOf, parsePemBundle, sha256Fingerprint, type CertificateSummary } from '../../lib/x509';

function roleOf(index: number, count: number, cert: CertificateSummary): string {
  if (index === 0) return 'The certificate';
  if (index === count - 1 && cert.selfIssued) return 'Root CA';
  return 'Issuing CA';
}

function Fingerprint({ der }: { der: Uint8Array }) {
  const [value, setValue] = useState('');
  useEffect(() => {
    let live = true;
    sha256Fingerprint(der).then((v) => live && setValue(v), () => live && setValue('(not available)'));
    return () => {
      live = false;
    };
  }, [der]);
  return <code className="fingerprint">{value}</code>;
}

export function ChainPanel({ id }: { id: number }) {
  const chain = useApi(async (api) => parsePemBundle(await (await collectSsl(api, id, 'x509')).blob.text()), [id]);
  const certs = chain.data ?? [];
  return (
    <section className="card" aria-label="Chain">
      <h2>Chain</h2>
      <ErrorBanner error={chain.error} />
      {chain.loading && !chain.data && <Loading />}
      <ol className="chain">
        {certs.map((c, i) => (
          <li key={c.serial + c.subject}>
            <h3>
              {roleOf(i, certs.length, c)}: {commonNameOf(c.subject)}
            </h3>
            <DetailList
              items={[
                ['Subject', c.subject],
                ['Issued by', c.issuer],
                ['Valid', `${isoDay(c.notBefore)} to ${isoDay(c.notAfter)}`],
                ['Serial number', <code key="s">{c.serial}</code>],
                ['SHA-256 fingerprint', <Fingerprint key="f" der={c.der} />],
              ]}
            />
          </li>
        ))}
      </ol>
    </section>
  );
}
