// GET /api/ssl/v1/collect/{id}/{format}, in each format certkeep serves.

import { useState } from 'react';
import type { ApiError } from '../../api/errors';
import { collectSsl, kCollectFormats, type CollectFormat } from '../../api/ssl';
import { ErrorBanner } from '../../components/Banner';
import { toApiError } from '../../hooks/useApi';
import { saveBlob } from '../../lib/download';
import { useApiClient } from '../../session/SessionProvider';

export function DownloadPanel({ id, collectable }: { id: number; collectable: boolean }) {
  const api = useApiClient();
  const [busy, setBusy] = useState<CollectFormat>();
  const [error, setError] = useState<ApiError>();
  const download = async (format: CollectFormat) => {
    setBusy(format);
    setError(undefined);
    try {
      const file = await collectSsl(api, id, format);
      saveBlob(file.blob, file.fileName);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <section className="card" aria-label="Download">
      <h2>Download</h2>
      {!collectable ? (
        <p>The certificate can be downloaded once it is issued.</p>
      ) : (
        <>
          <p className="hint">L = the certificate, I = the issuing CA(s), R = the root. Most web servers want “Certificate and chain”.</p>
          <ErrorBanner error={error} />
          <ul className="download-list">
            {kCollectFormats.map((f) => (
              <li key={f.format}>
                <button type="button" onClick={() => void download(f.format)} disabled={busy !== undefined}>
                  {busy === f.format ? 'Downloading…' : `Download ${f.label}`}
                </button>
                <span className="hint">
                  {' '}
                  <code>{f.format}</code>: {f.hint}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
