import type { TFunction } from 'i18next';
import type { Reason } from './reasons';

// The Go side rejects a call with a JSON-encoded portal.Error (see
// app/app.go fail). This decodes it so the UI can show the message in the
// user's language and attach it to the right field.
export interface AppError {
  code: string;
  reason?: Reason;
  field?: string;
  params?: Record<string, string>;
  message: string;
}

export function parseError(err: unknown): AppError {
  const raw = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
  try {
    const v = JSON.parse(raw);
    if (v && typeof v === 'object' && typeof v.code === 'string') {
      return v as AppError;
    }
  } catch {
    // not JSON: an unexpected failure (e.g. the bridge went away)
  }
  return { code: 'internal', message: raw || String(err) };
}

/** The error in the user's language; falls back to the English message. */
export function errorText(err: unknown, t: TFunction): string {
  const e = parseError(err);
  const key = `errors.${e.reason || e.code}`;
  return t(key, { ...e.params, defaultValue: t('errors.internal', { defaultValue: e.message }) });
}
