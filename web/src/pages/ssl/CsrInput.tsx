// The CSR, pasted or read from a file, and what the server reads from it so the requester
// sees the names before submitting: POST /api/ssl/v1/csr/parse in the console, the
// enrollment session's csr/parse on the self-enrollment page (the caller says which).

import { useEffect, useState } from 'react';
import { ApiError } from '../../api/errors';
import type { CsrInfo } from '../../api/ssl';
import { Field } from '../../components/Field';
import { toApiError } from '../../hooks/useApi';

export type CsrCheck =
  | { state: 'empty' }
  | { state: 'checking' }
  | { state: 'ok'; info: CsrInfo }
  | { state: 'bad'; error: ApiError }
  /** The server could not check it (no parse endpoint, or unreachable): enroll will. */
  | { state: 'unchecked'; error: ApiError };

const kPemEnd = /-----END (NEW )?CERTIFICATE REQUEST-----/;

interface Props {
  value: string;
  onChange(csr: string): void;
  check: CsrCheck;
  onCheck(check: CsrCheck): void;
  /** Asks the server what the CSR holds; a new function (useCallback) checks again. */
  parse(csr: string): Promise<CsrInfo>;
  /** An error of enroll about the CSR. */
  error?: string;
}

export function CsrInput({ value, onChange, check, onCheck, parse, error }: Props) {
  const [fileError, setFileError] = useState('');

  // Ask the server once the PEM looks complete, after typing stops.
  useEffect(() => {
    if (!value.trim()) {
      onCheck({ state: 'empty' });
      return;
    }
    if (!kPemEnd.test(value)) return;
    let live = true;
    const timer = setTimeout(() => {
      onCheck({ state: 'checking' });
      parse(value.trim())
        .then((info) => live && onCheck({ state: 'ok', info }))
        .catch((e: unknown) => {
          if (!live) return;
          const err = toApiError(e);
          const unchecked = err.status === 0 || err.status === 404 || err.status === 405 || err.status >= 500;
          onCheck(unchecked ? { state: 'unchecked', error: err } : { state: 'bad', error: err });
        });
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [parse, value]); // onCheck: a state setter of the parent

  const readFile = async (file: File | undefined) => {
    setFileError('');
    if (!file) return;
    if (file.size > 64 * 1024) {
      setFileError('That file is too large to be a CSR.');
      return;
    }
    const text = await file.text();
    if (!text.includes('-----BEGIN')) {
      setFileError('That file is not a PEM CSR (it has no “-----BEGIN CERTIFICATE REQUEST-----” line).');
      return;
    }
    onChange(text);
  };

  const shownError = error ?? (check.state === 'bad' ? check.error.description : undefined) ?? (fileError || undefined);
  return (
    <div className="csr-input">
      <Field
        label="Certificate signing request (CSR)"
        hint="Paste the PEM text, from -----BEGIN CERTIFICATE REQUEST----- to its END line, or choose the .csr file below."
        error={shownError}
        required
      >
        <textarea
          name="csr"
          rows={8}
          spellCheck={false}
          className="mono"
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      </Field>
      <Field label="…or upload the CSR file">
        <input type="file" accept=".csr,.pem,.req,.txt,application/pkcs10" onChange={(e) => void readFile(e.target.files?.[0])} />
      </Field>
      <CsrSummary check={check} />
    </div>
  );
}

function CsrSummary({ check }: { check: CsrCheck }) {
  switch (check.state) {
    case 'checking':
      return (
        <p className="csr-summary" role="status">
          Reading the CSR…
        </p>
      );
    case 'ok':
      return (
        <section className="csr-summary ok" aria-label="Names read from the CSR" role="status">
          <p>
            The CSR asks for <strong>{check.info.commonName || '(no common name)'}</strong>
            {check.info.keyType && <> with a {check.info.keyType} key</>}.
          </p>
          {check.info.subjectAlternativeNames.length > 0 && (
            <p>Names in the CSR: {check.info.subjectAlternativeNames.join(', ')}</p>
          )}
        </section>
      );
    case 'unchecked':
      return (
        <p className="csr-summary warn" role="status">
          The server could not check the CSR now ({check.error.description}); it will be checked when you submit.
        </p>
      );
    default:
      return null;
  }
}
