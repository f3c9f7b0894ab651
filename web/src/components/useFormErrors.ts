// Where an API error goes in a form: beside the field its description names, else in
// the form's banner.

import { useCallback, useState } from 'react';
import { fieldOfError, type ApiError } from '../api/errors';
import { toApiError } from '../hooks/useApi';

export interface FormErrors {
  /** Error text per field name. */
  fields: Record<string, string>;
  banner: ApiError | undefined;
  /** Files `error` under its field or in the banner. */
  report(error: unknown): void;
  /** An error of the console's own checks, under `field`. */
  setField(field: string, message: string): void;
  clear(): void;
}

export function useFormErrors(fieldNames: readonly string[]): FormErrors {
  const [fields, setFields] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<ApiError>();
  const key = fieldNames.join(',');
  const report = useCallback(
    (e: unknown) => {
      const error = toApiError(e);
      const field = fieldOfError(error, key.split(','));
      if (field) {
        setFields({ [field]: error.description });
        setBanner(undefined);
      } else {
        setFields({});
        setBanner(error);
      }
    },
    [key],
  );
  const setField = useCallback((field: string, message: string) => setFields((f) => ({ ...f, [field]: message })), []);
  const clear = useCallback(() => {
    setFields({});
    setBanner(undefined);
  }, []);
  return { fields, banner, report, setField, clear };
}
