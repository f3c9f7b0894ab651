// GET /api/ssl/v1/collect/{id}/{format}: the usual file at one click, every other format
// certkeep serves from one list (as SCM's "Select" beside "Download the certificate").

import { useState } from 'react';
import type { ApiError } from '../../api/errors';
import { collectSsl, kCollectFormats, type CollectFormat } from '../../api/ssl';
import { ErrorBanner } from '../../components/Banner';
import { toApiError } from '../../hooks/useApi';
import { saveBlob } from '../../lib/download';
import { useApiClient } from '../../session/SessionProvider';

const kUsual: CollectFormat = 'x509';

export function DownloadPanel({ id, status }: { id: number; status: string }) {
  const collectable = status === 'Issued';
  const api = useApiClient();
  const [busy, setBusy] = useState<CollectFormat>();
  const [error, setError] = useState<ApiError>();
  const [format, setFormat] = useState<CollectFormat>('x509CO');
  const download = async (f: CollectFormat) => {
    setBusy(f);
    setError(undefined);
    try {
      const file = await collectSsl(api, id, f);
      saveBlob(file.blob, file.fileName);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(undefined);
    }
  };
  const usual = kCollectFormats.find((f) => f.format === kUsual)!;
  const chosen = kCollectFormats.find((f) => f.format === format)!;
  return (
    <section className="card" aria-label="Download">
      <h2>Download</h2>
      {!collectable ? (
        <p>
          {['Requested', 'Approved', 'Applied'].includes(status)
            ? 'The certificate can be downloaded once it is issued.'
            : `A certificate that is ${status.toLowerCase()} is no longer offered for download.`}
        </p>
      ) : (
        <>
          <ErrorBanner error={error} />
          <button type="button" className="primary" onClick={() => void download(kUsual)} disabled={busy !== undefined}>
            {busy === kUsual ? 'Downloading…' : `Download ${usual.label}`}
          </button>
          <p className="hint">What most web servers want: the certificate, then the CAs that issued it.</p>
          <div className="download-other">
            <label htmlFor="collect-format">Other formats</label>
            <div className="inline">
              <select id="collect-format" value={format} onChange={(e) => setFormat(e.target.value as CollectFormat)}>
                {kCollectFormats
                  .filter((f) => f.format !== kUsual)
                  .map((f) => (
                    <option key={f.format} value={f.format}>
                      {f.label}
                    </option>
                  ))}
              </select>
              <button type="button" onClick={() => void download(format)} disabled={busy !== undefined}>
                {busy === format ? 'Downloading…' : 'Download'}
              </button>
            </div>
            <p className="hint">
              <code>{chosen.format}</code>: {chosen.hint} (L = the certificate, I = the issuing CAs, R = the root)
            </p>
          </div>
        </>
      )}
    </section>
  );
}
