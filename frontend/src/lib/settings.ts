import { useQuery } from '@tanstack/react-query';
import { Go, type app, type portal } from './bridge';
import type { FormatPrefs } from './format';

// What every screen reads: the start-up data (vendor profile, version) and
// the user's settings (language, formats). Changing settings is the
// settings feature's (features/settings/api).

export const settingsKeys = {
  bootstrap: ['bootstrap'] as const,
  settings: ['settings'] as const,
};

export function useBootstrap() {
  return useQuery<app.Bootstrap>({ queryKey: settingsKeys.bootstrap, queryFn: () => Go.Bootstrap(), staleTime: Infinity });
}

/** Current settings: seeded from the bootstrap, then kept by mutations. */
export function useSettings(): portal.Settings | undefined {
  const boot = useBootstrap();
  const q = useQuery<portal.Settings>({
    queryKey: settingsKeys.settings,
    queryFn: () => Go.GetSettings(),
    enabled: !!boot.data && !boot.data.startupError,
    initialData: boot.data && !boot.data.startupError ? boot.data.settings : undefined,
    staleTime: Infinity,
  });
  return q.data ?? boot.data?.settings;
}

export function useFormatPrefs(): FormatPrefs {
  const s = useSettings();
  return { locale: s?.locale ?? '', timeZone: s?.timeZone ?? '' };
}
