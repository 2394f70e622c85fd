import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, parseError } from './errors';

/**
 * Puts a Go error at the field it names (and the focus there), or returns
 * it as a message for the whole form when it names none.
 */
export function useFieldErrors(error: unknown) {
  const { t } = useTranslation();
  const refs = useRef<Record<string, HTMLElement | null>>({});
  const pe = error ? parseError(error) : null;
  useEffect(() => {
    if (pe?.field) refs.current[pe.field]?.focus();
  }, [error]); // eslint-disable-line react-hooks/exhaustive-deps
  return {
    at: (field: string) => (pe?.field === field ? errorText(error, t) : undefined),
    formError: pe && !pe.field ? errorText(error, t) : null,
    ref: (field: string) => (el: HTMLElement | null) => {
      refs.current[field] = el;
    },
  };
}
