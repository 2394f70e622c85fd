import { useCallback, useState } from 'react';

/**
 * State that belongs to a key: it starts over at initial whenever the key
 * changes (a list's page goes back to 1 when its filter changes), in the
 * same render, without an effect.
 */
export function useKeyedState<T>(initial: T, key: string): [T, (value: T) => void] {
  const [s, setS] = useState({ key, value: initial });
  const set = useCallback((value: T) => setS({ key, value }), [key]);
  return [s.key === key ? s.value : initial, set];
}
