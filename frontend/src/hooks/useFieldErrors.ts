import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, parseError } from '../lib/errors';

/**
 * The one way a form shows a rejected call: the error goes to the field it
 * names (and the focus to that field, when ref(field) is attached), or to
 * the whole form (formError) when it names none.
 *
 * fallbackField puts an error that names no field at that field instead (a
 * form whose fields each save on their own shows it at the one just
 * saved). clear(...fields) hides the error once the user changes the field
 * it is at; the next error shows again.
 */
export function useFieldErrors(error: unknown, opts: { fallbackField?: string | null } = {}) {
  const { t } = useTranslation();
  const refs = useRef<Record<string, HTMLElement | null>>({});
  const [hidden, setHidden] = useState<{ error: unknown; fields: string[] }>({ error: null, fields: [] });
  const pe = error ? parseError(error) : null;
  const field = pe ? pe.field || opts.fallbackField || '' : '';
  const hiddenNow = hidden.error === error ? hidden.fields : [];
  useEffect(() => {
    if (!error) return;
    const f = parseError(error).field;
    if (f) refs.current[f]?.focus();
  }, [error]);
  return {
    at: (f: string) => (field === f && !hiddenNow.includes(f) ? errorText(error, t) : undefined),
    formError: pe && !field ? errorText(error, t) : null,
    ref: (f: string) => (el: HTMLElement | null) => {
      refs.current[f] = el;
    },
    clear: (...fields: string[]) => {
      if (field && fields.includes(field) && !hiddenNow.includes(field)) setHidden({ error, fields: [...hiddenNow, field] });
    },
  };
}
