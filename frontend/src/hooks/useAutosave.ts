import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

export interface AutosaveState {
  saving: boolean;
  /** When the last save went through, as the Go side stamped it. */
  savedAt?: string;
  /** Why the last save failed; its value is saved again with the next change. */
  error?: unknown;
}

/**
 * Saves what the user types, with no Save button: schedule(value) saves
 * value once typing pauses for delayMs. Saves are chained so they reach the
 * store in order. A failed save keeps its value, which goes again with the
 * next flush unless a newer value replaced it. flush() saves what waits now
 * (leaving the screen does too) and resolves when every save so far is done;
 * cancel() drops what waits (it went another way, as a sent comment does).
 * save returns when the value was saved, or nothing.
 */
export function useAutosave<T>(save: (value: T) => Promise<string | void>, delayMs: number) {
  const saveRef = useRef(save);
  useLayoutEffect(() => {
    saveRef.current = save;
  });
  const chain = useRef<Promise<void>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<{ value: T } | null>(null);
  const [state, setState] = useState<AutosaveState>({ saving: false });

  const flush = useCallback((): Promise<void> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const p = pending.current;
    pending.current = null;
    if (!p) return chain.current;
    setState((s) => ({ ...s, saving: true }));
    chain.current = chain.current.then(async () => {
      try {
        const savedAt = await saveRef.current(p.value);
        setState({ saving: false, savedAt: savedAt || undefined });
      } catch (e) {
        // Keep what was typed: it is still on screen and is saved again
        // with the next change.
        pending.current = pending.current ?? p;
        setState({ saving: false, error: e });
      }
    });
    return chain.current;
  }, []);

  const schedule = useCallback(
    (value: T) => {
      pending.current = { value };
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), delayMs);
    },
    [flush, delayMs],
  );

  const cancel = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    pending.current = null;
  }, []);

  // Leaving the screen saves what is pending.
  useEffect(() => () => void flush(), [flush]);

  return { state, schedule, flush, cancel };
}
